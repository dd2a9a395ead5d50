using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Rectify.Infrastructure;

namespace Rectify.Features.Public;

/// <summary>Settings of the public portal (section Rectify:Public).</summary>
public sealed class PublicOptions
{
    public const string Section = "Rectify:Public";

    /// <summary>Comments one client (IP address) may send in a minute.</summary>
    [Range(1, 1_000_000)]
    public int CommentsPerMinute { get; set; } = 5;
    /// <summary>Working days (Mon–Fri) within which a comment must be answered before it turns red.</summary>
    [Range(1, 365)]
    public int ReplyWorkingDays { get; set; } = 15;
    /// <summary>
    /// The address the public reaches this site at ("https://xc.example.gov.cn"), for the QR code (码上监督)
    /// on a published notice's .docx; empty: the address the request came in on.
    /// </summary>
    [Url]
    public string? BaseUrl { get; set; }
}

/// <summary>Services of the public portal: its settings and the rate limit on comments.</summary>
public static class PublicPortal
{
    public const string CommentPath = "/public/feedback";
    /// <summary>The output cache policy of the public list (see <see cref="PublicCache"/>).</summary>
    public const string ListCache = "public-list";

    public static IServiceCollection AddPublicPortal(this IServiceCollection services)
    {
        services.AddSettings<PublicOptions>(PublicOptions.Section);
        services.AddMemoryCache();
        services.AddSingleton<PublicCache>();
        // The list's whole page, for readers who are not signed in (the default policy: GET, 200, no cookie set),
        // per query string and per public version of this instance.
        services.AddOutputCache(o => o.AddPolicy(ListCache, b => b.Expire(PublicCache.Lifetime).VaryByValue(http =>
            new KeyValuePair<string, string>("public-version",
                http.RequestServices.GetRequiredService<Rectify.Data.Storage>().PublicVersion.ToString(System.Globalization.CultureInfo.InvariantCulture)))));
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            // Only sending a comment is limited, per client address; reading stays free.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                HttpMethods.IsPost(ctx.Request.Method) && ctx.Request.Path.Equals(CommentPath, StringComparison.OrdinalIgnoreCase)
                    ? RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = Math.Max(1, Limit(ctx)),
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                        AutoReplenishment = true,
                    })
                    : RateLimitPartition.GetNoLimiter(""));
            o.OnRejected = async (context, ct) =>
            {
                var response = context.HttpContext.Response;
                if (!context.HttpContext.Request.Path.Equals(CommentPath, StringComparison.OrdinalIgnoreCase))
                {
                    // The other limits (sign-in) answer in a line of text.
                    response.ContentType = "text/plain; charset=utf-8";
                    await response.WriteAsync("请求过于频繁，请稍后再试。", ct);
                    return;
                }
                response.ContentType = "text/html; charset=utf-8";
                response.Headers.RetryAfter = "60";
                var limit = Limit(context.HttpContext);
                await response.WriteAsync($"""
                    <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
                    <title>提交过于频繁</title><link rel="stylesheet" href="/css/public.css"></head>
                    <body><main class="pub"><h1>提交过于频繁</h1>
                    <p class="error" role="alert">同一网络地址每分钟最多提交 {limit} 条意见，您的这条意见没有保存。请一分钟后返回上一页重新提交。</p>
                    <p><a href="/public">返回整改公开</a></p></main></body></html>
                    """, ct);
            };
        });
        return services;
    }

    /// <summary>The public page of a published notice, for its QR code: under <see cref="PublicOptions.BaseUrl"/>, else this request's site.</summary>
    public static string NoticeUrl(HttpContext ctx, int noticeId)
    {
        var configured = ctx.RequestServices.GetRequiredService<IOptions<PublicOptions>>().Value.BaseUrl;
        var site = string.IsNullOrWhiteSpace(configured) ? $"{ctx.Request.Scheme}://{ctx.Request.Host}{ctx.Request.PathBase}" : configured;
        return Rectify.Core.Notices.QrCode.NoticeUrl(site, noticeId);
    }

    static int Limit(HttpContext ctx) => ctx.RequestServices.GetRequiredService<IOptions<PublicOptions>>().Value.CommentsPerMinute;
}
