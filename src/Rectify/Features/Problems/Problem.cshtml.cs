using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

public sealed class FieldsForm
{
    public string? Title { get; set; }
    public string? Detail { get; set; }
    /// <summary>具体表现, one a line.</summary>
    public string? Items { get; set; }
    public string? Goal { get; set; }
    public string? Kind { get; set; }
    public string? Leader { get; set; }
    public string? Department { get; set; }
    public string? Person { get; set; }
    public DateOnly? Deadline { get; set; }
    public decimal? AmountInvolved { get; set; }
    public decimal? AmountRectified { get; set; }
    public string? Remarks { get; set; }
    public bool Withheld { get; set; }
    public string? WithheldReason { get; set; }
}

public sealed class MeasureForm
{
    public string? Text { get; set; }
    public string? Owner { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? DoneOn { get; set; }
}

public sealed class ProgressForm
{
    public DateOnly? Date { get; set; }
    public string? Text { get; set; }
    public List<IFormFile> Files { get; set; } = [];
}

public sealed class StatusForm
{
    public string? Status { get; set; }
    /// <summary>"2024-03", as &lt;input type=month&gt; sends it.</summary>
    public string? ExpectedCompletion { get; set; }
    public string? Reason { get; set; }
}

public sealed class DecisionForm
{
    public string? Reason { get; set; }
}

public sealed class ExtensionForm
{
    public DateOnly? NewDeadline { get; set; }
    public string? Reason { get; set; }
}

/// <summary>
/// 问题页: fields, measures, claim, progress with evidence, status, closure, extensions and history.
/// Every post carries the version the user saw; a refusal re-shows the page with the reason in the
/// section it concerns and writes nothing.
/// </summary>
public class ProblemModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, EvidenceStore store) : PageModel
{
    [BindProperty] public FieldsForm Fields { get; set; } = new();
    [BindProperty] public MeasureForm NewMeasure { get; set; } = new();
    [BindProperty] public MeasureForm EditMeasure { get; set; } = new();
    [BindProperty] public ProgressForm NewProgress { get; set; } = new();
    [BindProperty] public StatusForm StatusChange { get; set; } = new();
    [BindProperty] public DecisionForm Decision { get; set; } = new();
    [BindProperty] public ExtensionForm NewExtension { get; set; } = new();
    [BindProperty] public int? Version { get; set; }

    public ProblemWork W { get; private set; } = null!;
    public Problem P => W.Problem;
    public List<ProblemChange> History { get; private set; } = [];
    /// <summary>The linked accounts' names (PeopleLinks).</summary>
    public Dictionary<string, string> AccountNames { get; private set; } = [];
    /// <summary>The names of the accounts the closure and the extensions record by user name (PeopleLinks.NamesByUserNameAsync).</summary>
    public UserNames UserNames { get; private set; } = UserNames.None;
    /// <summary>A person the closure, an extension or the history records by user name, as a page shows them.</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Who(string? userName) => UserNames.Html(userName);
    async Task<Dictionary<string, string>> NamesAsync(CancellationToken ct)
    {
        DepartmentId = await Departments.OfAsync(db, P, ct);
        UserNames = await PeopleLinks.NamesByUserNameAsync(db,
            [P.Closure.RequestedBy, P.Closure.DecidedBy, .. P.Extensions.SelectMany(e => new[] { e.RequestedBy, e.DecidedBy }), .. History.Select(h => h.By)], ct);
        return await PeopleLinks.NamesAsync(db, [P.ResponsibleLeaderId, P.ResponsiblePersonId, .. P.Measures.Select(m => m.OwnerId)], ct);
    }
    /// <summary>The 责任部门 as a unit of the tree, or null (shown “未关联”).</summary>
    public int? DepartmentId { get; private set; }
    public long MaxBytes => store.MaxBytes;

    public string? Error { get; private set; }
    /// <summary>The section whose form was refused (its anchor id).</summary>
    public string? ErrorSection { get; private set; }
    /// <summary>The measure row whose edit was refused, re-shown with what was typed.</summary>
    public int? ErrorMeasureId { get; private set; }
    public int? ErrorExtensionId { get; private set; }
    [TempData] public string? Done { get; set; }

    /// <summary>The refused form keeps the version it was posted with, so a stale form stays stale until reloaded.</summary>
    public int VersionFor(string section) => ErrorSection == section && Version is { } v ? v : P.Version;

    public string? ErrorIn(string section) => ErrorSection == section ? Error : null;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try { W = await ProblemWork.LoadAsync(db, scope, clock, id, ct); }
        catch (NotFoundException) { return NotFound(); }
        Fields = FieldsOf(P);
        History = await ProblemWork.HistoryAsync(db, id, ct);
        AccountNames = await NamesAsync(ct);
        return Page();
    }

    public Task<IActionResult> OnPostFieldsAsync(int id, CancellationToken ct) => Run(id, "fields", w => "问题信息已保存" + (w.Told > 0 ? $"；已通知新确定的责任人（{w.Told} 人）" : ""), w => w.UpdateFieldsAsync(new ProblemFields
    {
        Title = Fields.Title, Detail = Fields.Detail,
        Items = (Fields.Items ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList(),
        Goal = Fields.Goal, Kind = Fields.Kind, Leader = Fields.Leader, Department = Fields.Department, Person = Fields.Person,
        Deadline = Fields.Deadline, AmountInvolved = Fields.AmountInvolved, AmountRectified = Fields.AmountRectified,
        Remarks = Fields.Remarks, Withheld = Fields.Withheld, WithheldReason = Fields.WithheldReason, Version = Version,
    }, ct), ct);

    public Task<IActionResult> OnPostClaimAsync(int id, CancellationToken ct) =>
        Run(id, "people", w => $"已认领，责任领导为 {w.Problem.ResponsibleLeader}；下一步：制定整改措施并推进" + Told(w), w => w.ClaimAsync(Version, ct), ct);

    public Task<IActionResult> OnPostMeasureAddAsync(int id, CancellationToken ct)
    {
        Measure? added = null;
        return Run(id, "measures", w => "已添加整改措施；" + MeasuresNext(w.Problem, added) + Told(w), async w => added = await w.AddMeasureAsync(MeasureOf(NewMeasure, null), ct), ct);
    }

    public Task<IActionResult> OnPostMeasureEditAsync(int id, int measureId, CancellationToken ct)
    {
        ErrorMeasureId = measureId;
        return Run(id, "measures", w => "整改措施已保存；" + MeasuresNext(w.Problem, w.Problem.Measures.FirstOrDefault(m => m.Id == measureId)) + Told(w), w => w.UpdateMeasureAsync(measureId, MeasureOf(EditMeasure, null), ct), ct);
    }

    public Task<IActionResult> OnPostMeasureMoveAsync(int id, int measureId, int to, CancellationToken ct) =>
        Run(id, "measures", _ => "已调整措施顺序", w =>
        {
            var m = w.Problem.Measures.FirstOrDefault(x => x.Id == measureId);
            return w.UpdateMeasureAsync(measureId, new MeasureFields { Text = m?.Text, Owner = m?.Owner, Deadline = m?.Deadline, DoneOn = m?.DoneOn, Ordinal = to, Version = Version }, ct);
        }, ct);

    public Task<IActionResult> OnPostMeasureDeleteAsync(int id, int measureId, CancellationToken ct) =>
        Run(id, "measures", w => "已删除整改措施；" + MeasuresNext(w.Problem, null) + Told(w), w => w.DeleteMeasureAsync(measureId, Version, ct), ct);

    public Task<IActionResult> OnPostProgressAsync(int id, CancellationToken ct) =>
        Run(id, "progress", _ => "已添加整改进展；整改完成后改为“已完成整改”，再申请销号", w => w.AddProgressAsync(NewProgress.Date, NewProgress.Text, NewProgress.Files, Version, store, ct), ct);

    public Task<IActionResult> OnPostStatusAsync(int id, CancellationToken ct) =>
        Run(id, "status", w => $"整改状态已改为“{w.Problem.Status.Chinese()}”" + (w.Problem.Status.IsCompleted() ? "；下一步：申请销号，由巡察办或纪委核验" : ""), w => w.ChangeStatusAsync(StatusChange.Status, StatusChange.ExpectedCompletion, StatusChange.Reason, Version, ct), ct);

    public Task<IActionResult> OnPostClosureRequestAsync(int id, CancellationToken ct) =>
        Run(id, "closure", w => "已提交销号申请，等待巡察办或纪委核验" + Told(w), w => w.RequestClosureAsync(Version, ct), ct);

    public Task<IActionResult> OnPostClosureApproveAsync(int id, CancellationToken ct) =>
        Run(id, "closure", w => "已审核通过，问题已销号" + Told(w), w => w.DecideClosureAsync(true, Decision.Reason, Version, ct), ct);

    public Task<IActionResult> OnPostClosureRejectAsync(int id, CancellationToken ct) =>
        Run(id, "closure", w => "已驳回销号申请，问题退回“正在推进”，由单位继续整改后重新申请" + Told(w), w => w.DecideClosureAsync(false, Decision.Reason, Version, ct), ct);

    public Task<IActionResult> OnPostExtensionRequestAsync(int id, CancellationToken ct) =>
        Run(id, "extensions", w => "已提交延期申请，等待单位领导或巡察办审批" + Told(w), w => w.RequestExtensionAsync(NewExtension.NewDeadline, NewExtension.Reason, Version, ct), ct);

    public Task<IActionResult> OnPostExtensionDecideAsync(int id, int extensionId, bool approve, CancellationToken ct)
    {
        ErrorExtensionId = extensionId;
        return Run(id, "extensions", w => (approve ? $"已批准延期，整改时限改为 {w.Problem.Deadline:yyyy-MM-dd}" : "已答复不同意延期，整改时限不变") + Told(w), w => w.DecideExtensionAsync(extensionId, approve, Decision.Reason, Version, ct), ct);
    }

    MeasureFields MeasureOf(MeasureForm f, int? ordinal) =>
        new() { Text = f.Text, Owner = f.Owner, Deadline = f.Deadline, DoneOn = f.DoneOn, Ordinal = ordinal, Version = Version };

    /// <summary>Who heard of it, after what happened and what comes next.</summary>
    static string Told(ProblemWork w) => w.Told > 0 ? $"（已通知 {w.Told} 人）" : "";

    /// <summary>
    /// What the unit does next after a change of the measures: fill in the measure just written if it lacks its owner or
    /// time limit (the deadline warnings need both), once every measure is done move on to closure, otherwise work and report.
    /// </summary>
    static string MeasuresNext(Problem p, Measure? written) =>
        written is { DoneOn: null } && (written.Owner is null || written.Deadline is null)
            ? "下一步：补填这项措施的责任人和时限，以便按时限提醒"
        : p.Measures.Count == 0 ? "这个问题已没有整改措施，下一步：重新制定整改措施"
        : p.Measures.All(m => m.DoneOn is not null)
            ? p.Status.IsCompleted() ? "各项措施均已完成，下一步：申请销号，由巡察办或纪委核验"
                : "各项措施均已完成，下一步：将整改状态改为“已完成整改”，再申请销号"
        : "下一步：按措施推进整改，并在“整改进展与佐证材料”中填报进展";

    /// <summary>Loads, checks, applies and saves once; on refusal re-shows the page with the reason and nothing written.</summary>
    async Task<IActionResult> Run(int id, string section, Func<ProblemWork, string> done, Func<ProblemWork, Task> act, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try { W = await ProblemWork.LoadAsync(db, scope, clock, id, ct); }
        catch (NotFoundException) { return NotFound(); }

        int status;
        try
        {
            var bad = ModelState.Where(e => e.Value?.Errors.Count > 0).Select(e => e.Key).FirstOrDefault();
            if (bad is not null)
                throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"“{Label(bad)}”的值“{ModelState[bad]!.AttemptedValue}”无效");
            await act(W);
            Done = done(W);
            return Redirect($"/problems/{id}#{section}");
        }
        // Shown on the form, with the status of the one mapping.
        catch (Exception e) when (Refusals.Of(e) is { } refusal) { Error = refusal.Detail; status = refusal.Kind.Status; }

        // Nothing was saved: forget whatever the attempt changed in memory and show the stored state.
        ErrorSection = section;
        db.ChangeTracker.Clear();
        W = await ProblemWork.LoadAsync(db, scope, clock, id, ct);
        if (section != "fields") Fields = FieldsOf(P);
        History = await ProblemWork.HistoryAsync(db, id, ct);
        AccountNames = await NamesAsync(ct);
        Response.StatusCode = status;
        return Page();
    }

    static string Label(string key) => key.Split('.').Last() switch
    {
        "Deadline" => "时限",
        "NewDeadline" => "延期后的时限",
        "DoneOn" => "完成日期",
        "Date" => "进展日期",
        "AmountInvolved" => "问题资金",
        "AmountRectified" => "整改到位资金",
        "Version" => "版本号",
        "Withheld" => "不予公开",
        var k => k,
    };

    static FieldsForm FieldsOf(Problem p) => new()
    {
        Title = p.Title, Detail = p.Detail, Items = string.Join("\n", p.SpecificItems), Goal = p.Goal, Kind = p.Kind.Code(),
        Leader = p.ResponsibleLeader, Department = p.ResponsibleDepartment, Person = p.ResponsiblePerson, Deadline = p.Deadline,
        AmountInvolved = p.AmountInvolved, AmountRectified = p.AmountRectified, Remarks = p.Remarks, Withheld = p.Withheld, WithheldReason = p.WithheldReason,
    };
}
