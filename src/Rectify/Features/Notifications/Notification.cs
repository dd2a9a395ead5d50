using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>
/// An in-app message to one user. <see cref="EventKey"/> names the event and the recipient and is
/// unique, so the same reminder is never delivered twice, whatever restarts in between.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    public required string UserId { get; set; }
    /// <summary>"warning-green", "warning-yellow", "warning-red", …</summary>
    public required string Kind { get; set; }
    public int? ProblemId { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public required string EventKey { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
}

public static class Inbox
{
    /// <summary>The header's badge: unread messages of the signed-in user.</summary>
    public static async Task<int> UnreadCountAsync(RectifyDb db, ClaimsPrincipal user)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return 0;
        return await db.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null);
    }
}
