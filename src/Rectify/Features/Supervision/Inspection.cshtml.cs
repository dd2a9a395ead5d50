using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

/// <summary>One row of the evaluation form.</summary>
public sealed class CriterionRow
{
    public string Name { get; set; } = "";
    public decimal Weight { get; set; }
    public decimal? Score { get; set; }
}

/// <summary>整改督办 of one inspection: milestones and lights, look-back, evaluation, the upward reports.</summary>
public class InspectionSupervisionModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, Microsoft.Extensions.Options.IOptions<GradeThresholds> thresholds, Documents.PdfConverter pdf) : PageModel
{
    public InspectionSupervision Data { get; private set; } = null!;
    public string Heading { get; private set; } = "";
    public string? FeedbackDate { get; private set; }
    public List<Review> Reviews { get; private set; } = [];
    public Dictionary<int, (int Ordinal, string Title, string Status, bool Candidate)> ProblemInfo { get; private set; } = [];
    public bool IsOffice { get; private set; }
    public bool CanVerify { get; private set; }
    public bool CanEditUnit { get; private set; }
    public bool CanApproveUnit { get; private set; }
    public bool CanSignUnit { get; private set; }
    public List<(UpwardReportKind Kind, UpwardReport? Report)> Reports { get; private set; } = [];
    /// <summary>The people the reports' sign-off and the 回头看 keep by user name, as the page names them.</summary>
    public Rectify.Features.Problems.UserNames UserNames { get; private set; } = Rectify.Features.Problems.UserNames.None;
    public GradeThresholds Thresholds => thresholds.Value;
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }

    [BindProperty] public DeadlineSettings Deadlines { get; set; } = new();
    [BindProperty] public List<CriterionRow> Criteria { get; set; } = [];
    [BindProperty] public string? Remarks { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        await LoadAsync(scope, id, ct);
        Deadlines = Data.RoundDeadlines;
        Criteria = Evaluations.DefaultCriteria.Select(c => new CriterionRow { Name = c.Name, Weight = c.Weight }).ToList();
        return Page();
    }

    /// <summary>
    /// An upward report as the browser downloads it (.docx or PDF; the draft, or the signed one): a refusal (no
    /// LibreOffice, an element missing) shows on this page in Chinese, as the notice page's downloads do, never
    /// as the API's problem+json.
    /// </summary>
    public async Task<IActionResult> OnGetReportFileAsync(int id, string kind, string format, bool signed, CancellationToken ct)
    {
        if (format is not ("docx" or "pdf")) return NotFound();
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try
        {
            var doc = signed ? await UpwardReportSignOff.SignedAsync(db, scope, id, UpwardReportSignOff.ParseKind(kind), ct)
                : await SupervisionApi.DraftAsync(db, scope, id, kind, clock, ct);
            var name = signed ? doc.Content.Title : $"{doc.Content.Title}（草稿）";
            if (format == "docx") return File(Core.Notices.NoticeDocxWriter.ToBytes(doc), Notices.NoticesApi.DocxType, name + ".docx");
            var (bytes, type) = await pdf.FileAsync(doc, ct);
            return File(bytes, type, name + ".pdf");
        }
        catch (NotFoundException) { return NotFound(); }
        catch (Exception e) when (e is DomainException or ForbiddenException or Problems.ProblemRefusedException)
        {
            Error = e.Message;
            Response.StatusCode = Refusals.StatusOf(e);
            await LoadAsync(scope, id, ct);
            return Page();
        }
    }

    async Task LoadAsync(Scope scope, int id, CancellationToken ct)
    {
        Data = await SupervisionApi.InspectionAsync(db, scope, id, clock.Today, ct);
        var insp = await db.Inspections.AsNoTracking().Where(i => i.Id == id)
            // Scalar subqueries: a two-column one is translated with ROW_NUMBER() over every target of the district.
            .Select(i => new
            {
                i.FeedbackDate, Round = i.Round!.Body + i.Round.Name,
                OrgId = i.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(),
                OrgName = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
            })
            .FirstAsync(ct);
        Heading = $"{insp.OrgName} 整改督办";
        FeedbackDate = insp.FeedbackDate?.ToChinese();
        IsOffice = scope.IsOffice;
        CanVerify = scope.CanVerify(insp.OrgId);
        CanEditUnit = scope.CanEdit(insp.OrgId);
        CanApproveUnit = scope.CanApprove(insp.OrgId);
        CanSignUnit = scope.CanSign(insp.OrgId);
        var signOffs = await db.UpwardReports.AsNoTracking().Where(r => r.InspectionId == id).ToListAsync(ct);
        Reports = [.. new[] { UpwardReportKind.Rectification, UpwardReportKind.PrincipalLeader }.Select(k => (k, signOffs.FirstOrDefault(r => r.Kind == k)))];
        Reviews = await db.Reviews.AsNoTracking().Where(r => db.Problems.Any(p => p.Id == r.ProblemId && p.InspectionId == id)).OrderBy(r => r.ScheduledOn).ToListAsync(ct);
        UserNames = await Rectify.Features.Problems.PeopleLinks.NamesByUserNameAsync(db,
            [.. signOffs.SelectMany(r => new[] { r.SubmittedBy, r.ApprovedBy }), .. Reviews.Select(r => r.ReviewedBy)], ct);
        ProblemInfo = (await db.Problems.AsNoTracking().Where(p => p.InspectionId == id).ToListAsync(ct))
            .ToDictionary(p => p.Id, p => (p.Ordinal, p.Title, p.Status.Chinese(), LookBack.IsCandidate(p)));
        if (Criteria.Count == 0) Criteria = Evaluations.DefaultCriteria.Select(c => new CriterionRow { Name = c.Name, Weight = c.Weight }).ToList();
    }

    async Task<IActionResult> Act(int id, Func<Scope, Task<string>> work, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try
        {
            Done = await work(scope);
            return RedirectToPage(new { id });
        }
        catch (Exception e) when (e is DomainException or ForbiddenException)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            Response.StatusCode = Refusals.StatusOf(e);
            await LoadAsync(scope, id, ct);
            return Page();
        }
    }

    public Task<IActionResult> OnPostDeadlinesAsync(int id, CancellationToken ct) => Act(id, async scope =>
    {
        await SupervisionWork.SetDeadlinesAsync(db, scope, id, Deadlines, ct);
        return "已保存本轮巡察的整改时限和预警设置";
    }, ct);

    public Task<IActionResult> OnPostEvaluateAsync(int id, CancellationToken ct) => Act(id, async scope =>
    {
        var missing = Criteria.FirstOrDefault(c => c.Score is null);
        if (missing is not null) throw new DomainException($"请填写“{missing.Name}”的得分");
        var e = await SupervisionWork.EvaluateAsync(db, scope, id, Criteria.Select(c => new CriterionInput(c.Name, c.Weight, c.Score!.Value)).ToList(), Remarks, Thresholds, clock, ct);
        return $"评估得分 {e.Total:0.#}，等次“{e.Grade.Chinese()}”" + (Evaluations.CallsForFollowUp(e.Grade) ? "；已建议约谈主要负责人并安排回头看，请在监督检查页确认" : "");
    }, ct);

    public Task<IActionResult> OnPostScheduleAsync(int id, int problemId, DateOnly? on, CancellationToken ct) => Act(id, async scope =>
    {
        if (on is null) throw new DomainException("请填写回头看日期");
        await SupervisionWork.ScheduleReviewAsync(db, scope, problemId, on.Value, clock, ct);
        return $"已安排回头看（{on:yyyy-MM-dd}），已通知责任人和单位准备整改成效材料";
    }, ct);

    public Task<IActionResult> OnPostReviewAsync(int id, int reviewId, string decision, string? reason, CancellationToken ct) => Act(id, async scope =>
    {
        var r = await SupervisionWork.DecideReviewAsync(db, scope, reviewId, decision == "reopen", reason, clock, ct);
        return r.Result == ReviewResult.Reopened ? "回头看发现反弹，问题已重新打开，回到“正在推进”；已通知责任人和单位重新整改" : "回头看确认整改成效";
    }, ct);

    public Task<IActionResult> OnPostSubmitReportAsync(int id, string kind, bool secrecyReviewed, int? serial, CancellationToken ct) => Act(id, async scope =>
    {
        var k = UpwardReportSignOff.ParseKind(kind);
        await UpwardReportSignOff.SubmitAsync(db, scope, id, k, secrecyReviewed, clock, ct, serial);
        return $"{k.Chinese()}已提交审核，文本已冻结；等待单位主要负责人或巡察办审批签发";
    }, ct);

    public Task<IActionResult> OnPostApproveReportAsync(int id, string kind, CancellationToken ct) => Act(id, async scope =>
    {
        var k = UpwardReportSignOff.ParseKind(kind);
        await UpwardReportSignOff.ApproveAsync(db, scope, id, k, clock, ct);
        return $"{k.Chinese()}已审批签发，可下载签发稿报送；已通知提交人和单位";
    }, ct);

    public Task<IActionResult> OnPostReturnReportAsync(int id, string kind, CancellationToken ct) => Act(id, async scope =>
    {
        var k = UpwardReportSignOff.ParseKind(kind);
        await UpwardReportSignOff.ReturnAsync(db, scope, id, k, ct);
        return $"{k.Chinese()}已退回修改，须重新提交审核";
    }, ct);
}
