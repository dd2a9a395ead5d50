using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Feedback;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>/public/feedback/{code}: the comment's status and, once published, the reply. Anyone with the code may look.</summary>
public class PublicTrackModel(RectifyDb db) : PageModel
{
    public PublicFeedback Feedback { get; private set; } = null!;
    public Notice Notice { get; private set; } = null!;
    public PublishedProblem? Problem { get; private set; }
    public bool JustSent { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, bool sent, CancellationToken ct)
    {
        var normal = FeedbackRules.NormalizeCode(code);
        var found = normal is null ? null : await db.PublicFeedback.AsNoTracking().FirstOrDefaultAsync(f => f.TrackingCode == normal, ct);
        var notice = found is null ? null : await PublicQueries.Published(db).FirstOrDefaultAsync(n => n.Id == found.NoticeId, ct);
        if (found is null || notice is null) return PublicNotFound.Code(this);
        Feedback = found;
        Notice = notice;
        if (found.ProblemId is { } pid)
            Problem = await db.PublishedProblems.AsNoTracking().FirstOrDefaultAsync(p => p.NoticeId == notice.Id && p.ProblemId == pid, ct);
        JustSent = sent;
        return Page();
    }
}
