using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>消息: the signed-in user's reminders, newest first.</summary>
public class InboxModel(RectifyDb db, TimeProvider clock, Rectify.Core.OfficeClock office) : PageModel
{
    public List<NotificationView> Items { get; private set; } = [];
    /// <summary>The filters, from the query string so that a filtered list can be linked and reloaded.</summary>
    [BindProperty(SupportsGet = true)] public bool Unread { get; set; }
    [BindProperty(SupportsGet = true)] public string? Kind { get; set; }
    public int UnreadCount { get; private set; }
    /// <summary>The light today of each problem a deadline reminder is about, as the ledger shows it (none once it is done).</summary>
    public Dictionary<int, Supervision.LightBadge> Lights { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return Challenge();
        Items = await NotificationsApi.ListAsync(db, me, Unread, ct, Kind);
        UnreadCount = await db.Notifications.CountAsync(n => n.UserId == me && n.ReadAt == null, ct);
        var warned = Items.Where(n => n.Kind.StartsWith("warning-", StringComparison.Ordinal) && n.ProblemId is not null).Select(n => n.ProblemId!.Value).Distinct().ToList();
        if (warned.Count > 0)
            Lights = (await Supervision.SupervisionWork.ProblemLightsAsync(db, db.Problems.Where(p => warned.Contains(p.Id)), office.Today, ct))
                .ToDictionary(l => l.Id, l => new Supervision.LightBadge(l.Light, l.LightName, l.LightRule));
        return Page();
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return Challenge();
        var n = await NotificationsApi.MarkReadAsync(db, me, id, clock, ct);
        // Only the app's own paths are stored as links; anything else stays on the inbox.
        return n.Href is { } href && href.StartsWith('/') && !href.StartsWith("//") ? Redirect(href) : RedirectToPage();
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        if (User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } me) return Challenge();
        var now = clock.GetUtcNow();
        await db.Notifications.Where(n => n.UserId == me && n.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(n => n.ReadAt, now), ct);
        return RedirectToPage();
    }
}
