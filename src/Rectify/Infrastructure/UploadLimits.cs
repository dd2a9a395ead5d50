using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Rectify.Core.Import;

namespace Rectify.Infrastructure;

/// <summary>
/// Rectify:Uploads — how large an upload may be: one file, one request, and what an uploaded .docx or
/// .xlsx may expand to (a zip bomb is refused while it is read).
/// </summary>
public sealed class UploadOptions
{
    public const string Section = "Rectify:Uploads";

    [Range(0.01, 100_000)]
    public double MaxFileMB { get; set; } = 20;

    [Range(0.01, 100_000)]
    public double MaxRequestMB { get; set; } = 50;

    [Range(0.01, 100_000)]
    public double MaxUncompressedMB { get; set; } = ArchiveLimits.Default.MaxUncompressedBytes / ArchiveLimits.Megabyte;

    [Range(1, 10_000_000)]
    public int MaxArchiveEntries { get; set; } = ArchiveLimits.Default.MaxEntries;

    /// <summary>Compressed to uncompressed, checked once an entry passed 1 MB.</summary>
    [Range(1, 100_000)]
    public int MaxCompressionRatio { get; set; } = ArchiveLimits.Default.MaxCompressionRatio;
}

/// <summary>
/// The one place for upload limits (<see cref="UploadOptions"/>). Over the file or request limit the answer
/// is 413 with a Chinese message that says the limit: ProblemDetails under /api, a page for a browser's form.
/// </summary>
public sealed class UploadLimits(IOptions<UploadOptions> options)
{
    public long MaxFileBytes { get; } = Bytes(options.Value.MaxFileMB);
    public long MaxRequestBytes { get; } = Bytes(options.Value.MaxRequestMB);

    public ArchiveLimits Archive { get; } = new(Bytes(options.Value.MaxUncompressedMB), options.Value.MaxArchiveEntries,
        options.Value.MaxCompressionRatio, ArchiveLimits.Default.RatioGraceBytes);

    public string FileMessage => $"上传的文件超过单个文件 {ArchiveGuard.Megabytes(MaxFileBytes)} 的上限，未保存任何内容";
    public string RequestMessage => $"上传的内容超过单次请求 {ArchiveGuard.Megabytes(MaxRequestBytes)} 的上限，未保存任何内容";

    static long Bytes(double megabytes) => (long)(megabytes * ArchiveLimits.Megabyte);

    /// <summary>Kestrel stops a body past the request limit; the form reader stops a file (a multipart section) past the file limit.</summary>
    public static void AddUploadLimits(IServiceCollection services)
    {
        services.AddSettings<UploadOptions>(UploadOptions.Section);
        services.AddSingleton<UploadLimits>();
        services.AddOptions<KestrelServerOptions>().Configure<UploadLimits>((k, l) => k.Limits.MaxRequestBodySize = l.MaxRequestBytes);
        services.AddOptions<FormOptions>().Configure<UploadLimits>((f, l) =>
        {
            f.MultipartBodyLengthLimit = l.MaxFileBytes;
            // A form field (a pasted notice, the import preview's ledger JSON) is held to the same limit.
            f.ValueLengthLimit = (int)Math.Min(int.MaxValue, l.MaxFileBytes);
            // The import preview posts a choice and a version per changed row: a ledger of thousands of rows is more
            // than the reader's default 1,024 fields. The body stays bounded by the request limit.
            f.ValueCountLimit = 20_000;
        });
    }

    /// <summary>
    /// After authorization, so that nobody unknown makes the server read a body. A declared length over
    /// the request limit is refused before a byte is read (also where no Kestrel enforces it). A form is
    /// read here, once: a body or file found too large while reading is refused the same way, rather
    /// than as the antiforgery check's bare 400 or a model binding error; the handlers get the read form.
    /// </summary>
    public static async Task Enforce(HttpContext http, RequestDelegate next)
    {
        var limits = http.RequestServices.GetRequiredService<UploadLimits>();
        if (http.Request.ContentLength > limits.MaxRequestBytes)
        {
            await RefuseAsync(http, limits.RequestMessage);
            return;
        }
        // The JSON reader throws a fault on a charset it cannot name (a made-up one, or gb18030 without the code
        // pages); a form's reader falls back to UTF-8 on its own.
        if (!http.Request.HasFormContentType && UnknownCharset(http.Request.ContentType))
        {
            await RefuseAsync(http, "请求正文的字符编码不受支持，未保存任何内容；请以 UTF-8 编码提交（Content-Type: application/json; charset=utf-8）",
                StatusCodes.Status415UnsupportedMediaType, Refusals.For(StatusCodes.Status415UnsupportedMediaType).Title);
            return;
        }
        if (http.Request.HasFormContentType)
        {
            try
            {
                await http.Request.ReadFormAsync(http.RequestAborted);
            }
            // A form cut short or malformed (no closing boundary…); a client that went away is not answered.
            catch (Exception e) when (e is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
            {
                if (Overflow(e, limits) is { } message) await RefuseAsync(http, message);
                else await RefuseAsync(http, "提交的表单格式错误，无法读取", StatusCodes.Status400BadRequest, "请求格式错误");
                return;
            }
        }
        // A body that is not a form (JSON) and goes past the limit while it is read: a minimal API answers
        // a bare 413, other readers throw.
        try
        {
            await next(http);
        }
        catch (Exception e) when (!http.Response.HasStarted && Overflow(e, limits) is { } message)
        {
            await RefuseAsync(http, message);
            return;
        }
        if (http.Response is { HasStarted: false, StatusCode: StatusCodes.Status413PayloadTooLarge })
            await RefuseAsync(http, limits.RequestMessage);
    }

    /// <summary>A body's declared charset that no encoding of this runtime reads.</summary>
    static bool UnknownCharset(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var type) || !type.Charset.HasValue) return false;
        var charset = type.Charset.Value!.Trim('"');
        try { System.Text.Encoding.GetEncoding(charset); return false; }
        catch (ArgumentException) { return true; }
    }

    /// <summary>The message for a limit the form reader or Kestrel hit, perhaps wrapped (a minimal API's body binding).</summary>
    static string? Overflow(Exception? e, UploadLimits limits)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is Microsoft.AspNetCore.Http.BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }) return limits.RequestMessage;
            // The form reader's own words (MultipartReader, FormReader): a file or a field past its limit.
            if (e is InvalidDataException && (e.Message.StartsWith("Multipart body length limit", StringComparison.Ordinal)
                                              || e.Message.StartsWith("Form value length limit", StringComparison.Ordinal)))
                return limits.FileMessage;
        }
        return null;
    }

    static async Task RefuseAsync(HttpContext http, string message, int status = StatusCodes.Status413PayloadTooLarge, string title = "文件过大")
    {
        http.Response.Clear();
        http.Response.StatusCode = status;
        // The rest of the body is not read: the connection closes after the answer instead of draining it.
        http.Response.Headers.Connection = "close";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            await ProblemDetailsExceptionHandler.WriteAsync(http.RequestServices.GetRequiredService<IProblemDetailsService>(), new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = message },
            });
            return;
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="zh-CN">
            <head><meta charset="utf-8" /><title>{title} - 巡察整改</title><link rel="stylesheet" href="/css/site.css" /></head>
            <body><main>
            <h1>{title}</h1>
            <p class="error" role="alert">{WebUtility.HtmlEncode(message)}。</p>
            <p>{(status == StatusCodes.Status413PayloadTooLarge ? "请返回上一页，换用较小的文件或分次上传。" : "请返回上一页重新提交。")}</p>
            </main></body>
            </html>
            """);
    }
}
