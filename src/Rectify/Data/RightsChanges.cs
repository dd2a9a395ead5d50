using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Rectify.Data;

/// <summary>
/// Rights end at once (issue 20, 等保 level 3): when what an account may do changes — it is disabled,
/// its roles or organisation change, its password is set, reset or changed — the save gives it a
/// new security stamp and revokes its API tokens. Every session's cookie carries the stamp it was
/// issued under and is checked against the current one on each request (Infrastructure/Sessions.cs),
/// so every session of that account, on every instance, ends at its next request. Kept here, on
/// save, so that no path that changes an account (web pages, the command line, Identity's own
/// methods) can forget it.
/// </summary>
static class RightsChanges
{
    public static async Task ApplyAsync(RectifyDb db, DateTimeOffset now, CancellationToken ct)
    {
        var changed = new HashSet<AppUser>();
        foreach (var e in db.ChangeTracker.Entries<AppUser>())
        {
            if (e.State == EntityState.Added && e.Entity.PasswordHash is not null) e.Entity.PasswordChangedAt ??= now;
            if (e.State != EntityState.Modified) continue;
            if (Differs(e, nameof(AppUser.Disabled)) || Differs(e, nameof(AppUser.OrganizationId)) || Differs(e, nameof(AppUser.PasswordHash)))
                changed.Add(e.Entity);
            if (Differs(e, nameof(AppUser.PasswordHash))) e.Entity.PasswordChangedAt = now;
        }
        var roleChanges = db.ChangeTracker.Entries<IdentityUserRole<string>>()
            .Where(e => e.State is EntityState.Added or EntityState.Deleted).Select(e => e.Entity.UserId).Distinct().ToList();
        foreach (var userId in roleChanges)
        {
            var tracked = db.ChangeTracker.Entries<AppUser>().FirstOrDefault(e => e.Entity.Id == userId);
            // A new account's first role is not a change of rights: it has no session yet.
            if (tracked?.State == EntityState.Added) continue;
            var user = tracked?.Entity ?? await db.Users.FirstOrDefaultAsync(u => u.Id == userId, ct);
            if (user is not null) changed.Add(user);
        }
        foreach (var user in changed)
        {
            var entry = db.Entry(user);
            if (!Differs(entry, nameof(AppUser.SecurityStamp))) user.SecurityStamp = NewStamp();
        }
        // A new stamp, for whatever reason (also Identity's own: logout, sign-out everywhere,
        // authenticator reset), ends the account's API tokens as well as its sessions.
        var stamped = db.ChangeTracker.Entries<AppUser>()
            .Where(e => e.State == EntityState.Modified && Differs(e, nameof(AppUser.SecurityStamp))).Select(e => e.Entity.Id).ToList();
        if (stamped.Count == 0) return;
        var tokens = await db.ApiTokens.Where(t => stamped.Contains(t.UserId) && t.RevokedAt == null).ToListAsync(ct);
        foreach (var t in tokens) t.RevokedAt = now;
    }

    static bool Differs(Microsoft.EntityFrameworkCore.ChangeTracking.EntityEntry<AppUser> e, string property)
    {
        var p = e.Property(property);
        return !Equals(p.OriginalValue, p.CurrentValue);
    }

    /// <summary>As Identity makes its stamps (32 hex-like characters).</summary>
    public static string NewStamp() => Guid.NewGuid().ToString("N").ToUpperInvariant();
}
