using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// A browser session holds only as long as the account's rights (issue 20). On every request the
/// cookie's security stamp is compared with the account's current one, read through the
/// <see cref="AccessCache"/> (one indexed read of the access stamp per request; the account row
/// only after a change): a disabled, demoted, moved or signed-out account, or one whose password
/// changed, loses every session at its next request on every instance (see Data/RightsChanges.cs
/// for what changes the stamp). A session also ends after <see cref="SecurityOptions.IdleMinutes"/>
/// unused and <see cref="SecurityOptions.SessionHours"/> after sign-in, whatever its use.
/// </summary>
public static class Sessions
{
    /// <summary>The sign-in instant, kept in the cookie's properties (renewals do not move it).</summary>
    const string SignedInKey = "rectify.signed-in";

    public static void Configure(CookieAuthenticationOptions o, SecurityOptions security)
    {
        o.ExpireTimeSpan = TimeSpan.FromMinutes(security.IdleMinutes);
        o.SlidingExpiration = true;
        o.Events.OnSigningIn = ctx =>
        {
            var now = ctx.HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
            ctx.Properties.Items[SignedInKey] = now.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        };
        o.Events.OnValidatePrincipal = ValidateAsync;
    }

    const string DatabaseFaultKey = "rectify.database-fault";

    /// <summary>After authentication: a session that could not be checked because the database is out of reach is a 503, not an anonymous request.</summary>
    public static Task DatabaseFault(HttpContext http, Func<Task> next)
    {
        if (http.Items[DatabaseFaultKey] is System.Runtime.ExceptionServices.ExceptionDispatchInfo fault && !http.Request.Path.StartsWithSegments("/error"))
            fault.Throw();
        return next();
    }

    static async Task ValidateAsync(CookieValidatePrincipalContext ctx)
    {
        var http = ctx.HttpContext;
        var services = http.RequestServices;
        var security = services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        var stampType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        var id = ctx.Principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        var stamp = ctx.Principal?.FindFirstValue(stampType);
        // The first lookup of the request's scope: the gate and the handlers get the same one.
        Scope? account;
        try
        {
            account = id is null ? null : await services.GetRequiredService<CurrentScope>().ForAsync(ctx.Principal!, http.RequestAborted);
        }
        // The database out of reach: the request is answered 503 right after authentication (<see cref="DatabaseFault"/>).
        // The result of authentication is kept for the request, also for the error page it is re-executed to, which so
        // is shown as if nobody were signed in (this once; the cookie is kept) and does not ask the database again.
        catch (Exception e) when (Fault.IsDatabaseUnavailable(e))
        {
            http.Items[DatabaseFaultKey] = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            ctx.RejectPrincipal();
            return;
        }
        var signedIn = ctx.Properties.Items.TryGetValue(SignedInKey, out var text) && long.TryParse(text, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds) : (DateTimeOffset?)null;

        var valid = account is not null && stamp is not null && account.User.SecurityStamp == stamp
            && signedIn is { } at && now - at < TimeSpan.FromHours(security.SessionHours);
        if (!valid)
        {
            ctx.RejectPrincipal();
            await http.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        // Idle time counts from the last request: renew the cookie's expiry on use (at most once a minute).
        if (ctx.Properties.IssuedUtc is { } issued && now - issued > TimeSpan.FromMinutes(1)) ctx.ShouldRenew = true;
    }
}
