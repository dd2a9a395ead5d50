using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>One inbox entry: <c>link</c> is where it leads (its problem, notice, report or the supervision records); <c>emailedAt</c> when its e-mail went.</summary>
public sealed record NotificationView(long Id, string Kind, string KindName, int? ProblemId, string? Link, string Title, string Body, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, DateTimeOffset? EmailedAt);

/// <summary>/api/notifications: the signed-in user's own inbox; other users' messages answer 404.</summary>
public static class NotificationsApi
{
    public static RouteGroupBuilder MapNotificationsApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/notifications").RequireAuthorization().WithTags("Notifications");

        g.MapGet("/", async Task<Results<Ok<List<NotificationView>>, UnauthorizedHttpResult>> (bool? unread, string? kind, HttpContext http, RectifyDb db, CancellationToken ct) =>
        {
            if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return TypedResults.Unauthorized();
            return TypedResults.Ok(await ListAsync(db, me, unread == true, ct, kind));
        });

        g.MapPost("/{id:long}/read", async Task<Results<Ok<NotificationView>, UnauthorizedHttpResult>> (long id, HttpContext http, RectifyDb db, TimeProvider clock, CancellationToken ct) =>
        {
            if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return TypedResults.Unauthorized();
            var n = await MarkReadAsync(db, me, id, clock, ct);
            return TypedResults.Ok(View(n));
        });

        g.MapPost("/read-all", async Task<Results<Ok<int>, UnauthorizedHttpResult>> (HttpContext http, RectifyDb db, TimeProvider clock, CancellationToken ct) =>
        {
            if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return TypedResults.Unauthorized();
            var now = clock.GetUtcNow();
            return TypedResults.Ok(await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct));
        });
        return g;
    }

    /// <param name="kind">One kind (<see cref="Events"/>), or "warning" for the three deadline lights; null: all.</param>
    public static async Task<List<NotificationView>> ListAsync(RectifyDb db, string userId, bool unreadOnly, CancellationToken ct, string? kind = null)
    {
        var q = db.Notifications.AsNoTracking().Where(n => n.UserId == userId);
        if (unreadOnly) q = q.Where(n => n.ReadAt == null);
        if (kind == DeliveryPrefs.Warning) q = q.Where(n => n.Kind.StartsWith("warning-"));
        else if (!string.IsNullOrWhiteSpace(kind)) q = q.Where(n => n.Kind == kind);
        var list = await q.OrderByDescending(n => n.Id).Take(500).ToListAsync(ct);
        return list.Select(View).ToList();
    }

    public static async Task<Notification> MarkReadAsync(RectifyDb db, string userId, long id, TimeProvider clock, CancellationToken ct)
    {
        var n = await db.Notifications.FirstOrDefaultAsync(x => x.Id == id && x.UserId == userId, ct) ?? throw new NotFoundException($"没有编号为 {id} 的消息");
        n.ReadAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return n;
    }

    static NotificationView View(Notification n) => new(n.Id, n.Kind, KindName(n.Kind), n.ProblemId, n.Href, n.Title, n.Body, n.CreatedAt, n.ReadAt, n.EmailedAt);

    static string KindName(string kind) => kind.StartsWith("warning-", StringComparison.Ordinal)
        ? Rectify.Core.Supervision.WarningLights.FromCode(kind["warning-".Length..]) is { } l ? Rectify.Core.Supervision.WarningLights.Chinese(l) : "预警"
        : Events.Chinese(kind);
}
