using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// Who a request is and what it may see is asked on every request but changes rarely; reading it
/// from the database each time (token, user, roles, claims, the organisation tree of a district) was
/// most of a request's work. It is kept here, per app instance, under an access stamp: a row of
/// Settings that every save changing users, roles, claims, API tokens or organisations rewrites in
/// its own transaction (<see cref="RectifyDb.SaveChangesAsync(bool, CancellationToken)"/>). Each
/// request reads the stamp once (one indexed one-row read); a different stamp drops everything
/// held. So a revoked token, a disabled user, a changed role or a moved unit takes effect on the
/// next request on every instance over the same database, not after some expiry.
/// </summary>
public sealed class AccessCache
{
    public const string StampKey = "access-stamp";

    /// <summary>What was read under one stamp.</summary>
    sealed class Generation(string stamp)
    {
        public string Stamp { get; } = stamp;
        public ConcurrentDictionary<string, CachedToken> Tokens { get; } = new(StringComparer.Ordinal);
        public ConcurrentDictionary<string, CachedScope?> Users { get; } = new(StringComparer.Ordinal);
        public IReadOnlyList<(int Id, int? ParentId, string Name)>? Tree { get; set; }
        /// <summary>The administrators' 责任部门 links (Departments.ChoicesAsync): saving one rewrites the stamp (<see cref="Governs"/>).</summary>
        public IReadOnlyDictionary<string, string?>? DepartmentChoices { get; set; }
    }

    public sealed record CachedToken(string UserId, DateTimeOffset? ExpiresAt, IReadOnlyList<Claim> Claims, string? AuthenticationType, string NameType, string RoleType);
    public sealed record CachedScope(AppUser User, IReadOnlyList<string> Roles, IReadOnlySet<int>? Organizations, IReadOnlyDictionary<string, int> Departments);

    Generation? _current;

    /// <summary>The generation of this request's stamp; null (nothing cached) on a database that has no stamp yet.</summary>
    async Task<Generation?> GenerationAsync(RectifyDb db, CancellationToken ct)
    {
        if (db.AccessStampRead is not { } stamp)
        {
            stamp = await db.Settings.AsNoTracking().Where(s => s.Key == StampKey).Select(s => s.Value ?? "").FirstOrDefaultAsync(ct) ?? "";
            db.AccessStampRead = stamp;
        }
        if (stamp.Length == 0) return null;
        var current = Volatile.Read(ref _current);
        if (current?.Stamp == stamp) return current;
        // A new stamp: start empty. (Two requests racing here may each start one; the loser's reads are simply not kept.)
        var fresh = new Generation(stamp);
        Interlocked.Exchange(ref _current, fresh);
        return fresh;
    }

    /// <summary>The user of a valid API token with their claims, or null (unknown, revoked, expired, user disabled).</summary>
    public async Task<ClaimsPrincipal?> TokenAsync(RectifyDb db, string hash, IUserClaimsPrincipalFactory<AppUser> principals, DateTimeOffset now, CancellationToken ct)
    {
        // The stamp is read before the rows, so rows cached under it are never older than it.
        var generation = await GenerationAsync(db, ct);
        if (generation is null || !generation.Tokens.TryGetValue(hash, out var cached))
        {
            var token = await db.ApiTokens.AsNoTracking().Include(t => t.User).FirstOrDefaultAsync(t => t.Hash == hash, ct);
            // Only usable tokens are kept: a wrong guess always costs its own query and fills nothing.
            if (token?.User is null || token.RevokedAt is not null || token.User.Disabled) return null;
            var made = await principals.CreateAsync(token.User);
            var identity = (ClaimsIdentity)made.Identity!;
            var claims = identity.Claims.ToList();
            if (token.ReadOnly) claims.Add(new Claim(ApiTokenService.ReadOnlyClaim, "true"));
            cached = new CachedToken(token.UserId, token.ExpiresAt, claims, identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType);
            generation?.Tokens.TryAdd(hash, cached);
        }
        // Time passes without a stamp change: expiry is checked on every use.
        if (cached.ExpiresAt < now) return null;
        return new ClaimsPrincipal(new ClaimsIdentity(cached.Claims, cached.AuthenticationType, cached.NameType, cached.RoleType));
    }

    /// <summary>The signed-in user's account, roles and visible organisations; null when missing or disabled.</summary>
    public async Task<CachedScope?> ScopeAsync(RectifyDb db, string userId, CancellationToken ct)
    {
        var generation = await GenerationAsync(db, ct);
        if (generation is not null && generation.Users.TryGetValue(userId, out var cached)) return cached;
        cached = await LoadScopeAsync(db, userId, generation, ct);
        generation?.Users.TryAdd(userId, cached);
        return cached;
    }

    static async Task<CachedScope?> LoadScopeAsync(RectifyDb db, string id, Generation? generation, CancellationToken ct)
    {
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        if (user is null || user.Disabled) return null;
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == id select r.Name!).ToListAsync(ct);
        // The whole tree is read once per stamp, not once per request of every unit user, and only when needed.
        var tree = generation?.Tree;
        if (tree is null && user.OrganizationId is not null && !roles.Any(Infrastructure.Roles.Separated.Contains))
        {
            tree = await Features.Problems.Departments.TreeAsync(db, ct);
            if (generation is not null) generation.Tree = tree;
        }
        var visible = Visible(user, roles, (tree ?? []).Select(o => (o.Id, o.ParentId)).ToList());
        if (visible is not { Count: > 0 } || tree is null) return new CachedScope(user, roles, visible, new Dictionary<string, int>());
        // The problems it sees as a linked 责任部门 of a unit above it, worked out once per stamp.
        var choices = generation?.DepartmentChoices;
        if (choices is null)
        {
            choices = await Features.Problems.Departments.ChoicesAsync(db, ct);
            if (generation is not null) generation.DepartmentChoices = choices;
        }
        return new CachedScope(user, roles, visible, Features.Problems.Departments.Seen(visible, tree, choices));
    }

    /// <summary>
    /// The one rule of what an account sees (null: everything), from its roles and the organisation tree:
    /// for the signed-in user's scope, and for working out which accounts hear of an event (<see cref="Features.Notifications.Events"/>).
    /// </summary>
    public static IReadOnlySet<int>? Visible(AppUser user, IReadOnlyCollection<string> roles, IReadOnlyList<(int Id, int? ParentId)> tree)
    {
        // The system, security and audit administrators see no ledger, whatever organisation the account has.
        if (roles.Any(Infrastructure.Roles.Separated.Contains)) return new HashSet<int>();
        var wide = roles.Any(Infrastructure.Roles.DistrictWide.Contains);
        if (user.OrganizationId is null) return wide ? null : new HashSet<int>();
        return Scope.Subtree(user.OrganizationId.Value, tree);
    }

    /// <summary>
    /// Whether a saved row can change what someone may do: then the save rewrites the stamp in the
    /// same transaction. A user row counts unless only its sign-in bookkeeping changed (the record
    /// shown at sign-in, Identity's failure count and lockout, and the concurrency stamp every update
    /// rewrites): otherwise every sign-in would drop the cache of every instance. A lockout needs no
    /// stamp: it stops the next sign-in, not a session already open.
    /// </summary>
    public static bool Governs(EntityEntry entry)
    {
        var entity = entry.Metadata.ClrType;
        if (entity == typeof(AppUser))
            // Compared by value: Identity's UpdateAsync marks every property modified.
            return entry.State != EntityState.Modified
                || entry.Properties.Any(p => !SignInBookkeeping.Contains(p.Metadata.Name) && !Equals(p.OriginalValue, p.CurrentValue));
        return entity == typeof(IdentityRole) || entity == typeof(IdentityUserRole<string>)
            || entity == typeof(IdentityUserClaim<string>) || entity == typeof(IdentityRoleClaim<string>)
            || entity == typeof(ApiToken) || entity == typeof(Rectify.Core.Domain.Organization)
            // An administrator's link of a 责任部门 name to a unit: its accounts now see those problems.
            || (entry.Entity is AppSetting setting && setting.Key.StartsWith(Features.Problems.Departments.ChoicePrefix, StringComparison.Ordinal));
    }

    static readonly HashSet<string> SignInBookkeeping =
    [
        nameof(AppUser.LastSignInAt), nameof(AppUser.LastSignInAddress), nameof(AppUser.FailedSignInsSinceLast),
        nameof(AppUser.AccessFailedCount), nameof(AppUser.LockoutEnd), nameof(AppUser.ConcurrencyStamp),
    ];

    /// <summary>At start-up: a database that has no stamp yet gets one, so that caching starts (without a stamp nothing is cached).</summary>
    public static Task EnsureStampAsync(RectifyDb db, CancellationToken ct = default) =>
        db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Settings\" (\"Key\", \"Value\") VALUES ({0}, {1}) ON CONFLICT (\"Key\") DO NOTHING",
            [StampKey, Guid.NewGuid().ToString("N")], ct);

    /// <summary>Rewrites the stamp (inside the caller's transaction); every instance drops what it holds on its next request.</summary>
    public static Task BumpAsync(RectifyDb db, CancellationToken ct)
    {
        db.AccessStampRead = null;
        return db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Settings\" (\"Key\", \"Value\") VALUES ({0}, {1}) ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            [StampKey, Guid.NewGuid().ToString("N")], ct);
    }
}
