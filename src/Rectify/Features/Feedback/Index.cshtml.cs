using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Feedback;
using Rectify.Data;
using Rectify.Features.Public;
using Rectify.Infrastructure;

namespace Rectify.Features.Feedback;

/// <summary>/feedback: the comments from the public that this user's organisation (or the office) must answer.</summary>
public class FeedbackInboxModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, IOptions<PublicOptions> options) : PageModel
{
    public sealed record Row(InboxItem Item, int? ProblemOrdinal, DateOnly Due, bool Overdue);

    public List<Row> Rows { get; private set; } = [];
    public string Show { get; private set; } = "open";
    public int Open { get; private set; }
    public int Late { get; private set; }
    public int WorkingDays => options.Value.ReplyWorkingDays;
    public bool CanSetContacts { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? show, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        Show = show is "all" or "answered" or "refused" ? show : "open";
        CanSetContacts = scope.IsOffice || scope.Is(Roles.UnitEditor);

        var items = await Inbox.LoadAsync(db, scope, null, ct);
        var problemIds = items.Where(i => i.Feedback.ProblemId is not null).Select(i => i.Feedback.ProblemId!.Value).Distinct().ToList();
        var ordinals = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Ordinal, ct);
        var today = clock.Today;
        var all = items.Select(i => new Row(i,
                i.Feedback.ProblemId is { } pid && ordinals.TryGetValue(pid, out var o) ? o : null,
                FeedbackRules.ReplyDue(clock.DateOf(i.Feedback.CreatedAt), WorkingDays),
                FeedbackRules.IsOverdue(i.Feedback, clock.DateOf(i.Feedback.CreatedAt), today, WorkingDays)))
            .ToList();
        Open = all.Count(r => r.Item.Feedback.State.IsOpen());
        Late = all.Count(r => r.Overdue);
        Rows = all.Where(r => Show switch
            {
                "open" => r.Item.Feedback.State.IsOpen(),
                "answered" => r.Item.Feedback.State == FeedbackState.Answered,
                "refused" => r.Item.Feedback.State == FeedbackState.Refused,
                _ => true,
            })
            // Oldest open first: they are the ones running out of time.
            .OrderByDescending(r => r.Overdue).ThenBy(r => r.Item.Feedback.State.IsOpen() ? 0 : 1).ThenBy(r => r.Item.Feedback.CreatedAt)
            .ToList();
        return Page();
    }

    public static string Excerpt(string s, int n = 60) => s.Length <= n ? s : s[..n] + "…";
}
