using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Infrastructure;

namespace Rectify.Data.Interceptors;

/// <summary>A save that can change what someone may do rewrites the access stamp in its transaction (<see cref="AccessCache"/>).</summary>
sealed class AccessStampInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        db.Saving.AccessChanged = db.ChangeTracker.Entries()
            .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && AccessCache.Governs(e));
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        if (db.Saving.AccessChanged) await AccessCache.BumpAsync(db, cancellationToken);
        return result;
    }
}
