using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Rectify.Infrastructure;

/// <summary>
/// Turns a refusal thrown by the app's code into ProblemDetails, as the one mapping says
/// (<see cref="Refusals"/>, docs/refusals.md); a fault becomes a 500 without a stack trace. A
/// browser's request is left to the error page (/error, in the site layout).
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> log) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var refusal = Refusals.Of(exception);
        if (refusal is null) log.LogError(exception, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
        // A fault of the surroundings is not a refusal of the user, but it is logged too: someone must put it right.
        else if (refusal.Value.Kind.Status >= 500) log.LogError(exception, "{Status} on {Method} {Path}", refusal.Value.Kind.Status, http.Request.Method, http.Request.Path);
        // For pages and the API alike (the error page is re-executed after this): when to try again.
        if (refusal?.Kind.Status == StatusCodes.Status503ServiceUnavailable)
            http.Response.Headers.RetryAfter = Refusals.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // The middleware has put its error path (/error) in the request's place by now: the page is for the request's own.
        if (Refusals.WantsPage(http, http.Features.Get<IExceptionHandlerPathFeature>()?.Path ?? http.Request.Path)) return false;
        var (kind, detail) = refusal ?? (Refusals.For(StatusCodes.Status500InternalServerError), Refusals.For(StatusCodes.Status500InternalServerError).Detail);
        http.Response.StatusCode = kind.Status;
        var context = new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = kind.Status, Type = kind.Type, Title = kind.Title, Detail = detail },
        };
        return await WriteAsync(problems, context);
    }

    /// <summary>
    /// Writes a refusal as ProblemDetails, also to a program that accepts no JSON (Accept: text/html or
    /// application/xml under /api): it gets the API's one kind of answer rather than a writer's failure (a 500).
    /// Every refusal the app writes itself goes through here.
    /// </summary>
    public static async Task<bool> WriteAsync(IProblemDetailsService problems, ProblemDetailsContext context)
    {
        if (await problems.TryWriteAsync(context)) return true;
        context.HttpContext.Request.Headers.Accept = "application/problem+json";
        return await problems.TryWriteAsync(context);
    }

    /// <summary>
    /// Every ProblemDetails the app writes (status-code pages, the framework's own 400/401/403/404/
    /// 405/415, TypedResults.Problem) gets the mapping's stable type and a Chinese title and
    /// sentence instead of the English reason phrase; titles, details and types set by the app are kept.
    /// </summary>
    public static void InChinese(ProblemDetailsContext ctx)
    {
        var p = ctx.ProblemDetails;
        if (p.Status is not { } status) return;
        var kind = Refusals.For(status);
        if (p.Title is null || p.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status)) p.Title = kind.Title;
        p.Detail ??= kind.Detail;
        // The framework's default type is a link to the HTTP standard; ours is a code a client can rely on.
        if (p.Type is null || p.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal)
            || p.Type.StartsWith("https://datatracker.ietf.org/", StringComparison.Ordinal)) p.Type = kind.Type;
    }

    /// <summary>
    /// The framework's own words name parameter types and .NET types ("Failed to bind parameter
    /// \"int id\"…", "could not be converted to System.Int32"): said here in Chinese, naming only the
    /// parameter and, for JSON, the place in the document.
    /// </summary>
    public static string BadRequestDetail(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return "请求正文的格式不受支持：请以 JSON 提交（Content-Type: application/json）";
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return "请求正文超过了允许的大小";
        if (e.InnerException is System.Text.Json.JsonException json)
            return json.Path is { Length: > 1 } path
                ? $"请求正文的 JSON 在 {path} 处有误：格式错误或值的类型不对（如应为数字、日期）"
                : "请求正文不是有效的 JSON";
        var parameter = ParameterName().Match(e.Message);
        var name = parameter.Success ? $"“{parameter.Groups[1].Value}”" : "";
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal))
            return parameter.Success && e.Message.Contains("from body", StringComparison.Ordinal) ? "缺少请求正文（JSON）" : $"缺少参数{name}";
        if (e.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal))
            return $"参数{name}的值格式不正确（如应为数字或 2024-03-01 这样的日期）";
        if (e.Message.Contains("anti-forgery", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("antiforgery", StringComparison.OrdinalIgnoreCase))
            return "防伪令牌无效或缺失，请刷新页面后重试";
        return "请求格式错误，无法读取";
    }

    /// <summary>The parameter's name in "… parameter \"Type name\" …" (the last word inside the quotes).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();
}
