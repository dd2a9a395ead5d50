using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;

namespace Rectify.Infrastructure;

/// <summary>One place that turns refusals into ProblemDetails with a message that says why.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
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
        var detail = exception is DbUpdateConcurrencyException
            ? "您提交时数据已被他人修改,请刷新后重试;本次修改未保存。"
            : exception.Message;
        http.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
