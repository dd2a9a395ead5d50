using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Mvc;

namespace Rectify.Infrastructure;

/// <summary>
/// Cross-site request forgery on the API (OWASP ASVS 4.2.2): a write to /api/… made with the
/// session cookie must come from our own pages — the browser says so (Sec-Fetch-Site: same-origin,
/// or an Origin equal to this site) — or carry the antiforgery token in X-CSRF-TOKEN. The
/// cookie's SameSite=Lax alone lets a sibling site on the same registrable domain through, and
/// JSON endpoints are not covered by the framework's form antiforgery. Bearer-token callers send
/// no cookie and cannot be forged. Runs before any endpoint, so nothing is read or written.
/// </summary>
public static class ApiWriteOrigin
{
    /// <summary>Stable, so that clients can tell this refusal from a role refusal.</summary>
    public const string ProblemType = "urn:rectify:problem:cross-site-api-write";

    /// <summary>A write made with a read-only API token.</summary>
    public const string ReadOnlyTokenType = "urn:rectify:problem:read-only-token";

    public static async Task CheckAsync(HttpContext http, Func<Task> next)
    {
        // A read-only token reads, wherever it is used: any other method is refused before anything is read.
        if (http.User.HasClaim(ApiTokenService.ReadOnlyClaim, "true") && !IsRead(http.Request.Method))
        {
            await RefuseAsync(http, ReadOnlyTokenType, "只读令牌不能修改数据",
                "此 API 令牌只有读取权限，不能新增、修改或删除数据；请在“API 令牌”页新建一个“读写”令牌。本次请求未执行。");
            return;
        }
        if (!http.Request.Path.StartsWithSegments("/api")
            || HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || http.User.Identity?.IsAuthenticated != true // anonymous: the endpoint answers 401
            || IsBearer(http.Request)
            || IsSameOrigin(http.Request)
            || await HasValidTokenAsync(http))
        {
            await next();
            return;
        }
        await RefuseAsync(http, ProblemType, "拒绝跨站请求",
            "以登录会话修改数据的接口请求须来自本系统页面（同源）或携带 X-CSRF-TOKEN 防伪令牌；程序调用请使用 API 令牌（Authorization: Bearer）。本次请求未执行。");
    }

    static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    static async Task RefuseAsync(HttpContext http, string type, string title, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        await ProblemDetailsExceptionHandler.WriteAsync(http.RequestServices.GetRequiredService<IProblemDetailsService>(), new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status403Forbidden, Type = type, Title = title, Detail = detail },
        });
    }

    static bool IsBearer(HttpRequest request) =>
        request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);

    static bool IsSameOrigin(HttpRequest request)
    {
        // Browsers send Sec-Fetch-Site on every request (and scripts cannot set it); older ones send Origin on writes.
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0) return site == "same-origin";
        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && string.Equals(origin, $"{request.Scheme}://{request.Host.Value}", StringComparison.OrdinalIgnoreCase);
    }

    static async Task<bool> HasValidTokenAsync(HttpContext http)
    {
        // Only the header: without it the framework would read the whole form (an upload) to look for the token.
        if (string.IsNullOrEmpty(http.Request.Headers["X-CSRF-TOKEN"])) return false;
        return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http);
    }
}
