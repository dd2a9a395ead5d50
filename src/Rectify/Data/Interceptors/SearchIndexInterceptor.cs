using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rectify.Data.Interceptors;

/// <summary>The search index (<see cref="SearchIndex"/>) follows the text in the same transaction: a match is never stale.</summary>
sealed class SearchIndexInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        db.Saving.Searched = SearchIndex.Capture(db);
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        if (db.Saving.Searched.Count > 0) await SearchIndex.WriteAsync(db, db.Saving.Searched, cancellationToken);
        return result;
    }
}
