using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Features.Problems;

namespace Rectify.Infrastructure;

/// <summary>
/// The one refusal mapping (docs/refusals.md): which status, stable `type`, Chinese title and
/// default sentence each kind of refusal gets, and which exception is which kind. The API's
/// ProblemDetails (ProblemDetailsExceptionHandler, the status-code pages, TypedResults.Problem)
/// and the browser's error page (Features/Error.cshtml) both read it, so the same refusal has
/// the same status everywhere.
/// </summary>
public static class Refusals
{
    public sealed record Kind(int Status, string Type, string Title, string Detail);

    static readonly Kind[] Table =
    [
        new(400, "urn:rectify:bad-request", "请求格式错误", "请求格式错误，无法读取"),
        new(401, "urn:rectify:not-signed-in", "未登录", "请先登录，或提供有效的 API 令牌（Authorization: Bearer）"),
        new(403, "urn:rectify:forbidden", "没有权限", "您的角色不能进行这项操作"),
        new(404, "urn:rectify:not-found", "未找到", "所请求的内容不存在，或不在您的查看范围内"),
        new(405, "urn:rectify:method-not-allowed", "不支持的请求方法", "该地址不支持此请求方法"),
        new(409, "urn:rectify:stale-version", "数据已被他人修改", "您提交时数据已被他人修改，请刷新后重试；本次修改未保存。"),
        new(413, "urn:rectify:too-large", "文件过大", "请求正文超过了允许的大小，未保存任何内容"),
        new(415, "urn:rectify:unsupported-media-type", "格式不受支持", "请求正文的格式不受支持：请以 JSON 提交（Content-Type: application/json）"),
        new(422, "urn:rectify:domain-rule", "操作不符合整改规则", "操作不符合整改规则"),
        new(429, "urn:rectify:too-many-requests", "请求过于频繁", "请求过于频繁，请稍后再试。"),
        new(503, "urn:rectify:unavailable", "暂时无法提供", "服务器暂时无法完成这项操作，请稍后重试"),
        new(500, "urn:rectify:server-error", "系统出错", "系统处理请求时出错，本次操作未完成；请稍后重试，如仍出错请联系管理员。"),
    ];

    /// <summary>The kind of a status; a status not in the table still gets a stable type and Chinese words.</summary>
    public static Kind For(int status) =>
        Array.Find(Table, k => k.Status == status)
        ?? new(status, $"urn:rectify:http-{status}", status >= 500 ? "系统出错" : "请求未能完成", status >= 500 ? "系统暂时无法处理请求，请稍后重试" : "请求未能完成");

    /// <summary>A refusal the app's code threw: its kind and the sentence for the user; null for a fault (500).</summary>
    public static (Kind Kind, string Detail)? Of(Exception e) => e switch
    {
        DomainException => (For(422), e.Message),
        NotFoundException => (For(404), e.Message),
        NotSignedInException => (For(401), e.Message),
        ForbiddenException => (For(403), e.Message),
        StaleVersionException => (For(409), e.Message),
        DbUpdateConcurrencyException => (For(409), For(409).Detail),
        ProblemRefusedException r => (For(r.Status), r.Message),
        BadHttpRequestException b => (For(b.StatusCode), ProblemDetailsExceptionHandler.BadRequestDetail(b)),
        _ => null,
    };

    /// <summary>The status an exception answers with (a fault: 500).</summary>
    public static int StatusOf(Exception e) => Of(e)?.Kind.Status ?? StatusCodes.Status500InternalServerError;

    /// <summary>
    /// A browser gets a page (in the site layout) rather than ProblemDetails: any request outside
    /// /api that accepts HTML. Programs, and everything under /api, get ProblemDetails.
    /// </summary>
    public static bool WantsPage(HttpContext http) =>
        !http.Request.Path.StartsWithSegments("/api")
        && http.Request.Headers.Accept.Any(a => a is not null && a.Contains("text/html", StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// A page posted (or put, deleted…) without a handler for it answers 405, like an API route,
/// instead of rendering the page as if it had been asked for — with a model never loaded.
/// </summary>
public sealed class PageWithoutHandler : Microsoft.AspNetCore.Mvc.Filters.IAsyncPageFilter
{
    public Task OnPageHandlerSelectionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerSelectedContext context) => Task.CompletedTask;

    public Task OnPageHandlerExecutionAsync(Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutingContext context, Microsoft.AspNetCore.Mvc.Filters.PageHandlerExecutionDelegate next)
    {
        var method = context.HttpContext.Request.Method;
        if (context.HandlerMethod is null && !HttpMethods.IsGet(method) && !HttpMethods.IsHead(method))
        {
            context.Result = new Microsoft.AspNetCore.Mvc.StatusCodeResult(StatusCodes.Status405MethodNotAllowed);
            return Task.CompletedTask;
        }
        return next();
    }
}
