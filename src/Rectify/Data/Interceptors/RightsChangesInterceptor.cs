using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Core.Domain;

namespace Rectify.Data.Interceptors;

/// <summary>
/// Changes of an account's rights (<see cref="RightsChanges"/>) and 三员分立 (<see cref="Infrastructure.Roles.Conflict"/>)
/// for every save that gives an account a role, whichever path made it (pages, command line, Identity's API).
/// </summary>
sealed class RightsChangesInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        await RightsChanges.ApplyAsync(db, db.Clock.GetUtcNow(), cancellationToken);
        await RefuseConflictingRolesAsync(db, cancellationToken);
        return result;
    }

    /// <summary>The roles the account would hold after the save.</summary>
    static async Task RefuseConflictingRolesAsync(RectifyDb db, CancellationToken ct)
    {
        var entries = db.ChangeTracker.Entries<IdentityUserRole<string>>().Where(e => e.State is EntityState.Added or EntityState.Deleted).ToList();
        foreach (var userId in entries.Where(e => e.State == EntityState.Added).Select(e => e.Entity.UserId).Distinct())
        {
            var removed = entries.Where(e => e.State == EntityState.Deleted && e.Entity.UserId == userId).Select(e => e.Entity.RoleId).ToHashSet();
            var added = entries.Where(e => e.State == EntityState.Added && e.Entity.UserId == userId).Select(e => e.Entity.RoleId);
            var stored = await db.UserRoles.AsNoTracking().Where(ur => ur.UserId == userId).Select(ur => ur.RoleId).ToListAsync(ct);
            var ids = stored.Where(id => !removed.Contains(id)).Concat(added).ToHashSet();
            var names = await db.Roles.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => r.Name!).ToListAsync(ct);
            if (Infrastructure.Roles.Conflict(names) is { } refusal) throw new DomainException(refusal);
        }
    }
}
