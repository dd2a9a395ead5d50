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

/// <summary>
/// /feedback/{id}: one comment, and what staff do with it: assign it, decide on it, answer it
/// (publishing the answer or not), and reopen a problem through a look-back when the comment
/// shows the fix did not hold.
/// </summary>
public class FeedbackDetailModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, IOptions<PublicOptions> options) : PageModel
{
    public InboxItem Item { get; private set; } = null!;
    public PublicFeedback Feedback => Item.Feedback;
    public List<Problem> Problems { get; private set; } = [];
    public List<string> People { get; private set; } = [];
    public DateOnly Due { get; private set; }
    public bool Overdue { get; private set; }
    /// <summary>The unit's editors and leaders, and the office, handle comments.</summary>
    public bool CanHandle { get; private set; }
    /// <summary>A look-back is the office's or the discipline commission's, outside the unit.</summary>
    public bool CanReopen { get; private set; }
    public string? Error { get; private set; }
    public string? Form { get; private set; }
    [TempData] public string? Done { get; set; }

    Scope _scope = null!;

    async Task<bool> LoadAsync(int id, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return false;
        _scope = scope;
        // The DbContext is built during sign-in validation, before the user is known: name the actor here.
        db.Actor = User.Identity?.Name ?? db.Actor;
        var item = (await Inbox.LoadAsync(db, scope, id, ct)).FirstOrDefault();
        if (item is null) return false;
        Item = item;
        CanHandle = scope.CanEdit(item.OrganizationId) || scope.CanApprove(item.OrganizationId);
        CanReopen = scope.CanVerify(item.OrganizationId);
        Problems = await db.Problems.AsNoTracking().Where(p => p.InspectionId == item.Notice.InspectionId).OrderBy(p => p.Ordinal).ToListAsync(ct);
        People = await db.Users.AsNoTracking()
            .Where(u => !u.Disabled && (u.OrganizationId == null || u.OrganizationId == item.OrganizationId))
            .Select(u => u.DisplayName ?? u.UserName!).OrderBy(n => n).ToListAsync(ct);
        var received = clock.DateOf(Feedback.CreatedAt);
        Due = FeedbackRules.ReplyDue(received, options.Value.ReplyWorkingDays);
        Overdue = FeedbackRules.IsOverdue(Feedback, received, clock.Today, options.Value.ReplyWorkingDays);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct) =>
        await LoadAsync(id, ct) ? Page() : NotFound();

    public Task<IActionResult> OnPostAssignAsync(int id, int? problemId, string? assignedTo, CancellationToken ct) =>
        Handle(id, "assign", ct, (f, _) =>
        {
            if (problemId is { } pid && !Problems.Any(p => p.Id == pid))
                throw new DomainException("所选问题不属于这次巡察");
            if (problemId is null && string.IsNullOrWhiteSpace(assignedTo))
                throw new DomainException("请选择问题或填写承办人");
            f.ProblemId = problemId;
            f.AssignedTo = string.IsNullOrWhiteSpace(assignedTo) ? null : assignedTo.Trim();
            return "已分派";
        });

    public Task<IActionResult> OnPostStateAsync(int id, FeedbackState? state, string? reason, CancellationToken ct) =>
        Handle(id, "state", ct, (f, _) =>
        {
            if (state is null) throw new DomainException("请选择办理状态");
            FeedbackRules.ChangeState(f, state.Value, reason);
            return $"已标记为“{state.Value.Chinese()}”";
        });

    public Task<IActionResult> OnPostReplyAsync(int id, string? reply, bool publish, CancellationToken ct) =>
        Handle(id, "reply", ct, (f, now) =>
        {
            FeedbackRules.Answer(f, reply, publish, now);
            // This page is the one path of an answer: the writer hears by e-mail when the contact is an address.
            var mailed = Notifications.Events.CommentAnsweredByEmail(db, f, FeedbackRules.Display(f.TrackingCode));
            return (publish ? "已答复，并在查询页公开" : "已答复（未公开）")
                + (mailed ? $"；答复已发往留言人邮箱 {f.WriterContact}" : f.ReplyWanted ? "；留言人未留邮箱，请按其联系方式直接告知" : "");
        });

    public async Task<IActionResult> OnPostReopenAsync(int id, int? problemId, string? reason, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanReopen) return Forbid();
        Form = "reopen";
        try
        {
            if (problemId is null) throw new DomainException("请选择要重新打开的问题");
            var problem = await db.Problems.FirstOrDefaultAsync(p => p.Id == problemId && p.InspectionId == Item.Notice.InspectionId, ct)
                ?? throw new DomainException("所选问题不属于这次巡察");
            if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("重新打开问题须说明理由");
            // The look-back's own path: the same rule as a planned 回头看 decided on the supervision page.
            problem.ReopenByLookBack($"监督意见 {FeedbackRules.Display(Feedback.TrackingCode)} 反映：{reason.Trim()}", _scope.User.Name, clock.Today);
            var f = await db.PublicFeedback.FirstAsync(x => x.Id == id, ct);
            f.ProblemId ??= problem.Id;
            if (f.State == FeedbackState.Received) f.State = FeedbackState.Accepted;
            await Notifications.Events.ReopenedAsync(db, problem, reason.Trim(), _scope.User.Id, ct);
            await db.SaveChangesAsync(ct);
            Done = $"问题 {problem.Ordinal} 已通过回头看重新打开，状态改为“正在推进”";
            return RedirectToPage(new { id });
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    async Task<IActionResult> Handle(int id, string form, CancellationToken ct, Func<PublicFeedback, DateTimeOffset, string> change)
    {
        if (!await LoadAsync(id, ct)) return NotFound();
        if (!CanHandle) return Forbid();
        Form = form;
        var f = await db.PublicFeedback.FirstAsync(x => x.Id == id, ct);
        try
        {
            Done = change(f, clock.UtcNow);
            await db.SaveChangesAsync(ct);
            return RedirectToPage(new { id });
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
