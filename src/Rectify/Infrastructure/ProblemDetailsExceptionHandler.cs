using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;

namespace Rectify.Infrastructure;

/// <summary>One place that turns refusals into ProblemDetails with a message that says why.</summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        var (status, title) = exception switch
        {
            DomainException => (StatusCodes.Status422UnprocessableEntity, "操作不符合整改规则"),
            NotFoundException => (StatusCodes.Status404NotFound, "未找到"),
            DbUpdateConcurrencyException => (StatusCodes.Status409Conflict, "数据已被他人修改"),
            BadHttpRequestException b => (b.StatusCode, "请求格式错误"),
            _ => (0, ""),
        };
        if (status == 0) return false;
        var detail = exception switch
        {
            DbUpdateConcurrencyException => "您提交时数据已被他人修改,请刷新后重试;本次修改未保存。",
            BadHttpRequestException b => BadRequestDetail(b),
            _ => exception.Message,
        };
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }

    /// <summary>
    /// Answers that carry only a status (a 404 of the API, the framework's 415, the status-code pages)
    /// get a Chinese title and sentence instead of the English reason phrase; titles and details set
    /// by the app are kept.
    /// </summary>
    public static void InChinese(ProblemDetailsContext ctx)
    {
        var p = ctx.ProblemDetails;
        var (title, detail) = p.Status switch
        {
            StatusCodes.Status400BadRequest => ("请求格式错误", "请求格式错误,无法读取"),
            StatusCodes.Status401Unauthorized => ("未登录", "请先登录,或提供有效的 API 令牌(Authorization: Bearer)"),
            StatusCodes.Status403Forbidden => ("没有权限", "您的角色或单位无权进行此操作"),
            StatusCodes.Status404NotFound => ("未找到", "所请求的内容不存在,或不在您的查看范围内"),
            StatusCodes.Status405MethodNotAllowed => ("不支持的请求方法", "该地址不支持此请求方法"),
            StatusCodes.Status413PayloadTooLarge => ("请求过大", "请求正文超过了允许的大小"),
            StatusCodes.Status415UnsupportedMediaType => ("格式不受支持", "请求正文的格式不受支持:请以 JSON 提交(Content-Type: application/json)"),
            _ => ((string?)null, (string?)null),
        };
        if (title is null) return;
        if (p.Title is null || p.Title == Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(p.Status!.Value)) p.Title = title;
        p.Detail ??= detail;
    }

    /// <summary>
    /// The framework's own words name parameter types and .NET types ("Failed to bind parameter
    /// \"int id\"…", "could not be converted to System.Int32"): said here in Chinese, naming only the
    /// parameter and, for JSON, the place in the document.
    /// </summary>
    public static string BadRequestDetail(BadHttpRequestException e)
    {
        if (e.StatusCode == StatusCodes.Status415UnsupportedMediaType)
            return "请求正文的格式不受支持:请以 JSON 提交(Content-Type: application/json)";
        if (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            return "请求正文超过了允许的大小";
        if (e.InnerException is System.Text.Json.JsonException json)
            return json.Path is { Length: > 1 } path
                ? $"请求正文的 JSON 在 {path} 处有误:格式错误或值的类型不对(如应为数字、日期)"
                : "请求正文不是有效的 JSON";
        var parameter = ParameterName().Match(e.Message);
        var name = parameter.Success ? $"“{parameter.Groups[1].Value}”" : "";
        if (e.Message.StartsWith("Required parameter", StringComparison.Ordinal))
            return parameter.Success && e.Message.Contains("from body", StringComparison.Ordinal) ? "缺少请求正文(JSON)" : $"缺少参数{name}";
        if (e.Message.StartsWith("Failed to bind parameter", StringComparison.Ordinal))
            return $"参数{name}的值格式不正确(如应为数字或 2024-03-01 这样的日期)";
        if (e.Message.Contains("anti-forgery", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("antiforgery", StringComparison.OrdinalIgnoreCase))
            return "防伪令牌无效或缺失,请刷新页面后重试";
        return "请求格式错误,无法读取";
    }

    /// <summary>The parameter's name in "… parameter \"Type name\" …" (the last word inside the quotes).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("parameter \"(?:[^\"]* )?([A-Za-z_][A-Za-z0-9_]*)\"")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();
}
