using System.Security.Claims;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// The signed-in user's <see cref="Scope"/> for this request, resolved once: the first asker (the
/// cookie's check in Sessions, the AccountGate, or a handler) reads it through the AccessCache and
/// the rest of the request gets the same object. Handlers take it by injection instead of looking
/// the user up again.
/// </summary>
public sealed class CurrentScope(IHttpContextAccessor http, RectifyDb db)
{
    string? _userId;
    Scope? _scope;

    /// <summary>The scope of the request's signed-in user; null when nobody (or a disabled account) is signed in.</summary>
    public Task<Scope?> GetAsync(CancellationToken ct = default) =>
        ForAsync(http.HttpContext?.User ?? new ClaimsPrincipal(), ct);

    /// <summary>
    /// The scope of a user taking part in this request, kept for it. The cookie's check asks with the
    /// principal it is validating, before it becomes the request's user.
    /// </summary>
    public async Task<Scope?> ForAsync(ClaimsPrincipal principal, CancellationToken ct = default)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        if (id == _userId) return _scope;
        var scope = await Scope.ForAsync(principal, db, ct);
        (_userId, _scope) = (id, scope);
        return scope;
    }

    /// <summary>
    /// For handlers behind RequireAuthorization: the scope, or 401 when the account went away
    /// (disabled or deleted) since the request was authenticated.
    /// </summary>
    public async Task<Scope> RequiredAsync(CancellationToken ct = default) =>
        await GetAsync(ct) ?? throw new NotSignedInException("账户不存在或已停用，请重新登录");
}

/// <summary>Nobody usable is signed in (401): the account is missing or disabled.</summary>
public sealed class NotSignedInException(string message) : Exception(message);
