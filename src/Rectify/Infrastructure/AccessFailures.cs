using System.Collections.Concurrent;
using System.Security.Claims;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// Access control failures are security events (ASVS 7.2.2; 等保 安全审计 a): a signed-in user
/// refused (403, or a page sent to /account/denied) or answered 404 — which is also what a request for
/// something outside the user's scope gets, so that it does not tell the thing exists — is written to
/// the audit log, where the audit administrator sees who tried what. Bounded so that a flood (a script
/// walking ids) cannot fill the database: at most one event per account and route per minute on each
/// instance, the route being the endpoint's pattern (/api/problems/{id}), not the id tried.
/// </summary>
public sealed class AccessFailures(TimeProvider clock)
{
    public const string Entity = "Access";
    public const string Action = "denied";
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    readonly ConcurrentDictionary<(string User, string Route), DateTimeOffset> _last = new();

    public async Task InvokeAsync(HttpContext http, Func<Task> next)
    {
        try
        {
            await next();
        }
        // Outside the scope, many endpoints throw (the exception handler, outside this, answers 404).
        catch (NotFoundException)
        {
            await RecordAsync(http, StatusCodes.Status404NotFound);
            throw;
        }
        var status = http.Response.StatusCode;
        if (status is StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound)
            await RecordAsync(http, status);
        else if (status == StatusCodes.Status302Found && IsAccessDenied(http.Response.Headers.Location.ToString()))
            await RecordAsync(http, StatusCodes.Status403Forbidden); // a page refused by its policy
    }

    async Task RecordAsync(HttpContext http, int status)
    {
        if (http.User.Identity?.IsAuthenticated != true) return;
        var user = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.Identity.Name ?? "?";
        var route = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "（无此地址）";
        var now = clock.GetUtcNow();
        var key = (user, route);
        if (_last.TryGetValue(key, out var last) && now - last < Interval) return;
        _last[key] = now;
        // A database of its own: the request's may hold changes it did not save.
        using var scope = http.RequestServices.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        db.RecordEvent(Entity, Action, AuditLog.Details(new Dictionary<string, string?>
        {
            ["method"] = http.Request.Method,
            ["path"] = Shorten(http.Request.Path.Value),
            ["route"] = route,
            ["status"] = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["address"] = http.Connection.RemoteIpAddress?.ToString(),
        }));
        await db.SaveChangesAsync(CancellationToken.None);
    }

    /// <summary>The cookie handler's redirect of a refused page (AppHost: AccessDeniedPath), absolute or not.</summary>
    static bool IsAccessDenied(string location)
    {
        var path = Uri.TryCreate(location, UriKind.Absolute, out var uri) ? uri.AbsolutePath : location.Split('?')[0];
        return path == "/account/denied";
    }

    static string? Shorten(string? path) => path is { Length: > 200 } ? path[..200] + "…" : path;
}
