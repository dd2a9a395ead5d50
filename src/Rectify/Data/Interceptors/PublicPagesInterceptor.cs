using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Core.Domain;

namespace Rectify.Data.Interceptors;

/// <summary>
/// After the commit of a save that changed what the public pages show (published notices, their
/// frozen problems, the organisation with its contacts), so that what they cache next is what was just saved.
/// </summary>
sealed class PublicPagesInterceptor : SaveChangesInterceptor
{
    static readonly HashSet<Type> Shown = [typeof(Notice), typeof(PublishedProblem), typeof(Organization), typeof(InspectionTarget)];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        db.Saving.ShownInPublic = db.ChangeTracker.Entries()
            .Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && Shown.Contains(e.Metadata.ClrType));
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        if (db.Saving.ShownInPublic) db.PublicChanged?.Invoke();
        return ValueTask.FromResult(result);
    }
}
