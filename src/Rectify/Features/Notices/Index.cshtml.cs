using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Notices;

/// <summary>整改进展情况公告 of one inspection: preview, free sections, withheld problems, and the publication flow.</summary>
public class NoticePageModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, Rectify.Features.Documents.PdfConverter pdf) : PageModel
{
    public sealed class DraftInput
    {
        public string? LeadershipText { get; set; }
        public string? NextStepsText { get; set; }
        public string? TitleTemplate { get; set; }
        public NoticeDocumentKind DocumentKind { get; set; }
        public string? AsOf { get; set; }
    }

    [BindProperty] public DraftInput Draft { get; set; } = new();

    public Inspection Inspection { get; private set; } = null!;
    public string Organization { get; private set; } = "";
    public Notice? Current { get; private set; }
    /// <summary>Who submitted, approved and published it, kept by user name, as the page names them.</summary>
    public Rectify.Features.Problems.UserNames UserNames { get; private set; } = Rectify.Features.Problems.UserNames.None;
    public ComposedNotice? Preview { get; private set; }
    public string? PreviewHtml { get; private set; }
    /// <summary>Why the notice cannot be composed now (no problems, no contacts…).</summary>
    public string? PreviewError { get; private set; }
    /// <summary>Why the last action was refused.</summary>
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }
    public List<Problem> Problems { get; private set; } = [];
    public List<Notice> Published { get; private set; } = [];
    public bool CanEdit { get; private set; }
    public bool CanApprove { get; private set; }
    public bool CanSign { get; private set; }
    public string? UserName { get; private set; }

    public bool IsDraft => Current is null or { State: SignOffState.Draft or SignOffState.Published };
    public string StateText => NoticesApi.StateText(Current);

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        if (!await LoadAsync(id, keepForm: false, ct)) return NotFound();
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(int id, CancellationToken ct) =>
        ActAsync(id, "草稿已保存；下一步：核对预览无误后，完成保密审查并提交审核", s => NoticePublication.SaveDraftAsync(db, s, id,
            new NoticeDraftForm(Draft.LeadershipText, Draft.NextStepsText, Draft.TitleTemplate, Draft.DocumentKind, Draft.AsOf), clock, ct), keepForm: true, ct);

    public Task<IActionResult> OnPostSubmitAsync(int id, bool secrecyReviewed, int? serial, CancellationToken ct) =>
        ActAsync(id, "已提交审核，等待单位主要负责人或巡察办审批", s => NoticePublication.SubmitAsync(db, s, id, secrecyReviewed, clock, ct, serial), keepForm: false, ct);

    public Task<IActionResult> OnPostApproveAsync(int id, CancellationToken ct) =>
        ActAsync(id, "已审批，下一步：由单位领导或巡察办发布", s => NoticePublication.ApproveAsync(db, s, id, clock, ct), keepForm: false, ct);

    public Task<IActionResult> OnPostPublishAsync(int id, CancellationToken ct) =>
        ActAsync(id, "已发布，公告文本已固定；群众可在公开页查看并提出意见，意见须在时限内答复", s => NoticePublication.PublishAsync(db, s, id, clock, ct), keepForm: false, ct);

    public Task<IActionResult> OnPostReturnAsync(int id, CancellationToken ct) =>
        ActAsync(id, "已退回修改，公告回到草稿；下一步：由本单位填报员修改后重新提交审核", s => NoticePublication.ReturnAsync(db, s, id, ct), keepForm: false, ct);

    public Task<IActionResult> OnPostWithholdAsync(int id, int problemId, bool withheld, string? reason, CancellationToken ct) =>
        ActAsync(id, withheld ? "已设为不予公开" : "已恢复公开", s => NoticePublication.SetWithheldAsync(db, s, id, problemId, withheld, reason, clock, ct), keepForm: false, ct);

    /// <summary>The current notice (or a published one by id) as .docx/.txt/.md; a published one from its frozen blocks.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(int id, string format, int? noticeId, CancellationToken ct)
    {
        if (format is not ("docx" or "txt" or "md" or "html" or "pdf")) return NotFound();
        var scope = await currentScope.GetAsync(ct);
        if (scope is null || !await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return NotFound();
        var notice = noticeId is { } nid
            ? await db.Notices.AsNoTracking().FirstOrDefaultAsync(n => n.Id == nid && n.InspectionId == id, ct)
            : await NoticePublication.CurrentAsync(db, id, ct);
        if (noticeId is not null && notice is null) return NotFound();
        try
        {
            var composed = await NoticePublication.RenderAsync(db, id, notice, clock, ct, n => Public.PublicPortal.NoticeUrl(HttpContext, n));
            var document = await Documents.DocumentFrames.NoticeAsync(db, id, notice, composed, ct);
            var (bytes, type) = format == "pdf" ? await pdf.FileAsync(document, ct) : NoticesApi.Write(document, format);
            return File(bytes, type, NoticesApi.FileName(composed, format));
        }
        catch (DomainException e)
        {
            Error = e.Message;
            await LoadAsync(id, keepForm: false, ct);
            return Page();
        }
    }

    async Task<IActionResult> ActAsync(int id, string done, Func<Scope, Task> action, bool keepForm, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return NotFound();
        try
        {
            await action(scope);
        }
        catch (NotFoundException) { return NotFound(); }
        catch (Exception e) when (e is DomainException or ForbiddenException or DbUpdateConcurrencyException)
        {
            // Nothing was saved; the page shows why, with what was typed, under the mapping's status.
            db.ChangeTracker.Clear();
            Error = e is DbUpdateConcurrencyException ? "公告已被他人同时处理，本次操作未保存；请查看最新状态后重试。" : e.Message;
            Response.StatusCode = Refusals.StatusOf(e);
            if (!await LoadAsync(id, keepForm, ct)) return NotFound();
            return Page();
        }
        Done = done;
        return RedirectToPage(new { id });
    }

    async Task<bool> LoadAsync(int id, bool keepForm, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return false;
        var inspection = await scope.Inspections(db).AsNoTracking().Include(i => i.Round).Include(i => i.Targets).ThenInclude(t => t.Organization)
            .FirstOrDefaultAsync(i => i.Id == id, ct);
        if (inspection is null) return false;
        Inspection = inspection;
        Organization = inspection.Targets.OrderBy(t => t.Ordinal).FirstOrDefault()?.Organization?.Name ?? inspection.TargetName ?? "";
        CanEdit = scope.CanEdit(inspection.PrimaryOrganizationId);
        CanApprove = scope.CanApprove(inspection.PrimaryOrganizationId);
        CanSign = scope.CanSign(inspection.PrimaryOrganizationId);
        UserName = scope.User.UserName;
        Current = await db.Notices.AsNoTracking().Where(n => n.InspectionId == id).OrderByDescending(n => n.Id).FirstOrDefaultAsync(ct);
        Published = await NoticePublication.PublishedAsync(db, id, ct);
        UserNames = await Rectify.Features.Problems.PeopleLinks.NamesByUserNameAsync(db, [Current?.SubmittedBy, Current?.ApprovedBy, Current?.PublishedBy], ct);
        Problems = await db.Problems.AsNoTracking().Where(p => p.InspectionId == id).OrderBy(p => p.Ordinal).ToListAsync(ct);

        if (!keepForm)
        {
            // A new draft after publication starts from the last notice's free sections, as of today.
            Draft = new DraftInput
            {
                LeadershipText = Current?.LeadershipText,
                NextStepsText = Current?.NextStepsText,
                TitleTemplate = Current?.TitleTemplate ?? NoticeSource.DefaultTitle(inspection),
                DocumentKind = Current?.DocumentKind ?? NoticeSource.DefaultKind(inspection),
                AsOf = (Current is { State: not SignOffState.Published } c ? c.AsOf : clock.Today).ToString("yyyy-MM-dd"),
            };
        }
        try
        {
            if (Current is { State: SignOffState.Published })
                Preview = await NoticePublication.RenderAsync(db, id, Current, clock, ct);
            else
            {
                var input = await NoticeSource.LoadAsync(db, id, Current?.AsOf ?? clock.Today, Current, ct);
                if (!keepForm)
                {
                    // Nothing saved yet: the office's own text (or one drafted from the records) to start from.
                    var (leadership, nextSteps) = NoticeComposer.StartingDraft(input);
                    if (string.IsNullOrWhiteSpace(Draft.LeadershipText)) Draft.LeadershipText = leadership;
                    if (string.IsNullOrWhiteSpace(Draft.NextStepsText)) Draft.NextStepsText = nextSteps;
                }
                Preview = NoticeComposer.Compose(input);
            }
            PreviewHtml = NoticeHtmlWriter.Write(Preview);
        }
        catch (DomainException e)
        {
            PreviewError = e.Message;
        }
        return true;
    }
}
