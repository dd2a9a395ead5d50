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

    // Declared before the table, which holds it: static fields are set in the order they are written.
    /// <summary>
    /// The database out of reach: a 503 of its own type, since a client retries it (and the work was not saved),
    /// while the table's first 503 (a missing tool, a conversion too slow) is what a bare 503 status means.
    /// </summary>
    public static readonly Kind DatabaseUnavailable = new(503, "urn:rectify:database-unavailable", "数据库暂时无法连接", "数据库暂时无法连接，请稍后重试；您的操作未保存");

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
        DatabaseUnavailable,
        new(507, "urn:rectify:storage-full", "存储空间已满", "服务器的存储空间已满，您的操作未保存；请联系管理员清理空间后重试"),
    ];

    /// <summary>How long a client waits before it tries again after a 503 (the Retry-After header).</summary>
    public const int RetryAfterSeconds = 5;

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
        _ when Fault.IsStorageFull(e) => (For(507), For(507).Detail),
        _ when Fault.IsDatabaseUnavailable(e) => (DatabaseUnavailable, DatabaseUnavailable.Detail),
        _ => null,
    };

    /// <summary>The status an exception answers with (a fault: 500).</summary>
    public static int StatusOf(Exception e) => Of(e)?.Kind.Status ?? StatusCodes.Status500InternalServerError;

    /// <summary>
    /// A browser gets a page (in the site layout) rather than ProblemDetails: any request outside
    /// /api that accepts HTML. Programs, and everything under /api, get ProblemDetails.
    /// </summary>
    public static bool WantsPage(HttpContext http) => WantsPage(http, http.Request.Path);

    /// <summary>The same for a request whose path is <paramref name="path"/> (its own, where an error path took its place).</summary>
    public static bool WantsPage(HttpContext http, PathString path) =>
        !path.StartsWithSegments("/api")
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

/// <summary>
/// Faults that are not the app's: the database cannot be reached (503, try again) or the disk is full
/// (507, nothing saved). Told from the exception and its inner ones, as each driver and the file
/// system say it.
/// </summary>
public static class Fault
{
    /// <summary>ENOSPC (no space, or no inode left) and EDQUOT on Linux; SQLite's SQLITE_FULL, or its journal not made or written; PostgreSQL's disk_full (53100).</summary>
    public static bool IsStorageFull(Exception e) => Chain(e).Any(x => x switch
    {
        // SQLITE_FULL; SQLITE_CANTOPEN and SQLITE_IOERR: its journal cannot be made (no inode left) or written.
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode is 13 or 14 or 10,
        Npgsql.PostgresException p => p.SqlState == "53100",
        IOException io => io.HResult is 28 or 122 || io.HResult == unchecked((int)0x80070070) /* Windows: disk full */
                          || io.Message.Contains("No space left on device", StringComparison.Ordinal),
        _ => false,
    });

    /// <summary>
    /// PostgreSQL not there or going away (refused connection, a restart, too many connections), or
    /// retries spent on such an error; SQLite's file busy or locked past its timeout.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception e) => Chain(e).Any(x => x switch
    {
        Npgsql.PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState.StartsWith("57P", StringComparison.Ordinal) || p.SqlState == "53300",
        Npgsql.NpgsqlException n => n.IsTransient,
        Microsoft.Data.Sqlite.SqliteException s => s.SqliteErrorCode is 5 or 6,
        Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException => true,
        _ => false,
    });

    static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException) yield return x;
    }
}
