using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>
/// A message to one recipient about one event: an inbox entry of an account, and the e-mail that goes
/// with it when there is an address (<see cref="MailOutbox"/> sends it, with retries). <see cref="EventKey"/>
/// names the event and the recipient and is unique, so the same event is never delivered twice,
/// whatever restarts or instances there are. Written in the same save as the action that raised it.
/// </summary>
public class Notification
{
    public long Id { get; set; }
    /// <summary>The account told; null for someone without one (a member of the public who left an e-mail address).</summary>
    public string? UserId { get; set; }
    /// <summary>"warning-green", "warning-yellow", "warning-red", "closure-requested", … (<see cref="Events"/>).</summary>
    public required string Kind { get; set; }
    public int? ProblemId { get; set; }
    /// <summary>Where the entry leads when it is not a problem: a notice, a report, the supervision records.</summary>
    public string? Link { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ReadAt { get; set; }
    public required string EventKey { get; set; }
    /// <summary>The address the e-mail goes to, as the account had it when the event happened; null: inbox only.</summary>
    public string? EmailTo { get; set; }
    public DateTimeOffset? EmailedAt { get; set; }
    /// <summary>Failed attempts so far.</summary>
    public int EmailAttempts { get; set; }
    /// <summary>
    /// When the next attempt is due (the back-off), or, while an instance sends it, until when that
    /// instance holds it; null when sent or given up. Set by one UPDATE per claim, so not followed by the audit replay.
    /// </summary>
    public DateTimeOffset? EmailDueAt { get; set; }
    /// <summary>The last failure, for the administrators (/admin/mail).</summary>
    public string? EmailError { get; set; }
    /// <summary>
    /// Null: an inbox entry and its e-mail. Otherwise the row is only a message on another channel
    /// (<see cref="Channels"/>: "sms" to the phone in <see cref="EmailTo"/>, "robot" to the group robot named there),
    /// sent and retried by the same outbox, and never in an inbox (no <see cref="UserId"/>).
    /// </summary>
    public string? Channel { get; set; }
    /// <summary>The e-mail waits for the account's daily digest (one message a day with all its news) instead of going at once.</summary>
    public bool Digest { get; set; }

    /// <summary>Where the entry leads: its problem, else its link.</summary>
    public string? Href => ProblemId is { } p ? $"/problems/{p}" : Link;
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
