using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

/// <summary>The new-record form of the queue page.</summary>
public sealed class RecordForm
{
    public string Kind { get; set; } = "专项督查";
    public DateOnly? Date { get; set; }
    public int? InspectionId { get; set; }
    public int? TargetOrganizationId { get; set; }
    public string? TargetDepartment { get; set; }
    public string? TargetPerson { get; set; }
    /// <summary>Problem ordinals of the chosen inspection, "1,3,5".</summary>
    public string? Problems { get; set; }
    public string? Findings { get; set; }
    public string? Outcome { get; set; }
    public DateOnly? Deadline { get; set; }
    public string? SummonsReason { get; set; }
}

/// <summary>监督检查: the supervisor's queue — closures to verify, red and yellow problems, supervision records.</summary>
public class QueueModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, Documents.PdfConverter pdf) : PageModel
{
    public SupervisionQueue Queue { get; private set; } = new([], [], []);
    /// <summary>The linked accounts' names for the warnings' 责任领导 and 责任人 (PeopleLinks).</summary>
    public Dictionary<string, string> AccountNames { get; private set; } = [];
    public List<(int Id, string Name)> Inspections { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    /// <summary>The problems the records name, by id: shown by their number and title, never by the id.</summary>
    public Dictionary<int, (int Ordinal, string Title)> ProblemRefs { get; private set; } = [];
    public bool CanRecord { get; private set; }
    /// <summary>The unit's editors and leaders report orders fixed; supervisors accept them.</summary>
    public bool CanReportFixed { get; private set; }
    public string? Error { get; private set; }
    [TempData] public string? Done { get; set; }
    [BindProperty] public RecordForm Form { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        Form.Date = clock.Today;
        await LoadAsync(scope, ct);
        return Page();
    }

    /// <summary>
    /// An order's 责令限期整改通知 as the browser downloads it (.docx or PDF): a refusal (no LibreOffice, the
    /// commission's frame incomplete) shows on this page in Chinese, as the notice page's downloads do.
    /// </summary>
    public async Task<IActionResult> OnGetOrderFileAsync(int recordId, string format, CancellationToken ct)
    {
        if (format is not ("docx" or "pdf")) return NotFound();
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try
        {
            var doc = await SupervisionApi.OrderAsync(db, scope, recordId, ct);
            if (format == "docx") return File(Core.Notices.NoticeDocxWriter.ToBytes(doc), Notices.NoticesApi.DocxType, $"{doc.Content.Title}.docx");
            var (bytes, type) = await pdf.FileAsync(doc, ct);
            return File(bytes, type, $"{doc.Content.Title}.pdf");
        }
        catch (NotFoundException) { return NotFound(); }
        catch (Exception e) when (e is DomainException or ForbiddenException or ProblemRefusedException)
        {
            Error = e.Message;
            Response.StatusCode = Refusals.StatusOf(e);
            Form.Date = clock.Today;
            await LoadAsync(scope, ct);
            return Page();
        }
    }

    async Task LoadAsync(Scope scope, CancellationToken ct)
    {
        CanRecord = scope.CanRecordSupervision;
        CanReportFixed = scope.IsOffice || scope.Is(Roles.UnitEditor) || scope.Is(Roles.UnitLeader);
        Queue = await SupervisionWork.QueueAsync(db, scope, clock.Today, ct);
        AccountNames = await Problems.PeopleLinks.NamesAsync(db, Queue.Warnings.SelectMany(w => new[] { w.ResponsibleLeaderId, w.ResponsiblePersonId }), ct);
        var named = Queue.Records.SelectMany(r => r.ProblemIds).Distinct().ToList();
        ProblemRefs = await scope.Problems(db).AsNoTracking().Where(p => named.Contains(p.Id))
            .ToDictionaryAsync(p => p.Id, p => (p.Ordinal, p.Title), ct);
        Inspections = (await scope.Inspections(db).AsNoTracking().OrderByDescending(i => i.Id)
            .Select(i => new { i.Id, Org = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(), Round = i.Round!.Body + i.Round.Name })
            .ToListAsync(ct)).Select(i => (i.Id, $"{i.Org} · {i.Round}")).ToList();
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.Id).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Organizations = orgs.Where(o => scope.Sees(o.Id)).Select(o => (o.Id, o.Name)).ToList();
    }

    /// <summary>Runs one action; a refusal re-shows the page with its reason and the form as typed.</summary>
    async Task<IActionResult> Act(Func<Scope, Task<string>> work, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try
        {
            Done = await work(scope);
            return RedirectToPage();
        }
        catch (Exception e) when (e is DomainException or ForbiddenException or ProblemRefusedException)
        {
            db.ChangeTracker.Clear();
            Error = e.Message;
            Response.StatusCode = Refusals.StatusOf(e);
            await LoadAsync(scope, ct);
            return Page();
        }
    }

    public Task<IActionResult> OnPostRecordAsync(CancellationToken ct) => Act(async scope =>
    {
        var ids = new List<int>();
        if (!string.IsNullOrWhiteSpace(Form.Problems))
        {
            if (Form.InspectionId is null) throw new DomainException("填写所涉问题序号时须先选择巡察");
            var ordinals = new List<int>();
            foreach (var part in Form.Problems.Split([',', ',', '、', ' '], StringSplitOptions.RemoveEmptyEntries))
                ordinals.Add(int.TryParse(part, out var n) ? n : throw new DomainException($"所涉问题序号“{part}”不是数字"));
            var found = await db.Problems.Where(p => p.InspectionId == Form.InspectionId && ordinals.Contains(p.Ordinal)).Select(p => new { p.Id, p.Ordinal }).ToListAsync(ct);
            var missing = ordinals.Except(found.Select(f => f.Ordinal)).ToList();
            if (missing.Count > 0) throw new DomainException($"该巡察没有序号为 {string.Join("、", missing)} 的问题");
            ids = found.Select(f => f.Id).ToList();
        }
        var a = await SupervisionWork.CreateAsync(db, scope, new RecordInput(Form.Kind, Form.Date, Form.InspectionId, Form.TargetOrganizationId, Form.TargetDepartment,
            Form.TargetPerson, ids, Form.Findings, Form.Outcome, Form.Deadline, Form.SummonsReason), clock, ct);
        return $"已记录{a.Kind.Chinese()}（{a.Date:yyyy-MM-dd}）" + (a.Kind == SupervisionKind.OrderToRectify ? $"；已通知被责令单位，须于 {a.Deadline:yyyy-MM-dd} 前整改并报告" : "");
    }, ct);

    public Task<IActionResult> OnPostApproveAsync(int problemId, CancellationToken ct) => Act(async scope =>
    {
        var p = await SupervisionWork.DecideClosureAsync(db, scope, problemId, true, null, clock, ct);
        return $"问题{p.Ordinal}已核验销号，已通知责任人和单位";
    }, ct);

    public Task<IActionResult> OnPostRejectAsync(int problemId, string? reason, CancellationToken ct) => Act(async scope =>
    {
        var p = await SupervisionWork.DecideClosureAsync(db, scope, problemId, false, reason, clock, ct);
        return $"问题{p.Ordinal}的销号申请已驳回，退回整改；已通知责任人和单位，整改后重新申请";
    }, ct);

    public Task<IActionResult> OnPostReportFixedAsync(int id, string? note, CancellationToken ct) => Act(async scope =>
    {
        await SupervisionWork.ReportFixedAsync(db, scope, id, note, clock, ct);
        return "已报告整改完成，等待纪委监督员或巡察办验收";
    }, ct);

    public Task<IActionResult> OnPostAcceptAsync(int id, CancellationToken ct) => Act(async scope =>
    {
        await SupervisionWork.AcceptAsync(db, scope, id, clock, ct);
        return "已验收";
    }, ct);

    public Task<IActionResult> OnPostConfirmAsync(int id, CancellationToken ct) => Act(async scope =>
    {
        var a = await SupervisionWork.ConfirmAsync(db, scope, id, clock, ct);
        return $"已确认{a.Kind.Chinese()}";
    }, ct);
}
