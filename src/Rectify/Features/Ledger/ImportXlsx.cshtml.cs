using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Import;
using Rectify.Features.Inspections;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>
/// Imports a ledger .xlsx, all or nothing as to the sheet: every error is listed by row and column and nothing is
/// written unless every row is valid. A workbook is imported as a NEW inspection of a chosen organisation and round,
/// or back into an inspection of the ledger (the one it was exported from, which the workbook names, or one the user
/// picks): then a preview compares each row with the problem of its number (<see cref="LedgerMerge"/>) and the user
/// chooses, per row or for all, to update or skip it.
/// </summary>
public class ImportXlsxModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, UploadLimits limits, EvidenceStore store, MergeComparisons comparisons) : PageModel
{
    /// <summary>The target select: "" by the file (the inspection it was exported from, else new), "new", or an inspection's id.</summary>
    public const string NewInspection = "new";

    [BindProperty] public string? Target { get; set; }
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public int? RoundId { get; set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }
    /// <summary>The sheet as read, carried from the preview to the import (checked again there), so the file is chosen once.</summary>
    [BindProperty] public string? Ledger { get; set; }
    /// <summary>Each row's choice by its number: update or skip.</summary>
    [BindProperty] public Dictionary<int, string> Choice { get; set; } = [];
    /// <summary>The version the preview showed of each problem it offers to update, by number.</summary>
    [BindProperty] public Dictionary<int, int> Versions { get; set; } = [];

    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<(int Id, string Name)> Rounds { get; private set; } = [];
    public List<(int Id, string Name)> Inspections { get; private set; } = [];
    public IReadOnlyList<LedgerImportError> Errors { get; private set; } = [];
    public string? Error { get; private set; }
    public MergePreview? Preview { get; private set; }
    /// <summary>Where the workbook says it comes from, when that is the preview's inspection.</summary>
    public bool FromThisLedger { get; private set; }
    public List<BulkRow>? Results { get; private set; }
    /// <summary>The saved ledger of the unit and round a new import would repeat (<see cref="NoticeDuplicates.FindLedgerAsync"/>); nothing is written until the user chooses.</summary>
    public DuplicateNotice? Duplicate { get; private set; }
    /// <summary>The duplicate's name when the user may compare the file with it, else null.</summary>
    public string? DuplicateName => Duplicate is { } d ? Inspections.FirstOrDefault(i => i.Id == d.InspectionId).Name : null;

    async Task<Scope?> LoadAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return null;
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.ParentId == null ? 0 : 1).ThenBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Organizations = orgs.Where(o => scope.CanEdit(o.Id)).Select(o => (o.Id, o.Name)).ToList();
        Rounds = (await db.Rounds.AsNoTracking().OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Body, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Body + r.Name)).ToList();
        Inspections = await LedgerMerge.TargetsAsync(db, scope, ct);
        return scope;
    }

    /// <summary>The row's choice as the form shows it: the user's, else update.</summary>
    public string ChoiceOf(int ordinal) => Choice.TryGetValue(ordinal, out var c) && c == LedgerMerge.Skip ? LedgerMerge.Skip : LedgerMerge.Update;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (Organizations.Count == 0) return Forbid();
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (Organizations.Count == 0) return Forbid();
        var target = Target?.Trim() ?? "";
        int? into = int.TryParse(target, out var tid) ? tid : null;
        if (into is { } chosen && !Inspections.Any(i => i.Id == chosen)) { Error = "所选的巡察不存在，或您不能修改它的台账"; return Page(); }
        var asNew = target == NewInspection;
        if (asNew) { if (NewInspectionFieldsMissing() is { } why) { Error = why; return Page(); } }
        if (Upload is null || Upload.Length == 0) { Error = "请选择要导入的 .xlsx 文件"; return Page(); }
        if (!Upload.FileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)) { Error = $"“{Upload.FileName}”不是 .xlsx 文件"; return Page(); }

        LedgerImportResult result;
        await using (var stream = Upload.OpenReadStream())
        {
            // The reader needs a seekable stream; the upload is bounded by the file limit, its expansion by the archive limits.
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, ct);
            buffer.Position = 0;
            result = LedgerWorkbook.Read(buffer, limits.Archive);
        }
        if (!result.Succeeded) { Errors = result.Errors; return Page(); }

        // By the file: back into the ledger it was exported from, when the user may change that ledger.
        if (!asNew && into is null && result.InspectionId is { } from && Inspections.Any(i => i.Id == from)) into = from;
        if (into is { } id)
        {
            Target = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Ledger = LedgerJson.Write(result.Ledger!);
            FromThisLedger = result.InspectionId == id;
            await PreviewAsync(id, result.Ledger!, ct);
            return Page();
        }
        if (NewInspectionFieldsMissing() is { } missing) { Error = missing; return Page(); }
        Ledger = LedgerJson.Write(result.Ledger!);
        return await ImportAsNewAsync(scope, result.Ledger!, confirmed: false, ct);
    }

    /// <summary>The user saw that the unit already has a ledger in the round and still imports the file as a new inspection.</summary>
    public async Task<IActionResult> OnPostNewAsync(CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (Organizations.Count == 0) return Forbid();
        if (ReadCarried() is not { } doc) return Page();
        if (NewInspectionFieldsMissing() is { } missing) { Error = missing; return Page(); }
        return await ImportAsNewAsync(scope, doc, confirmed: true, ct);
    }

    async Task<IActionResult> ImportAsNewAsync(Scope scope, LedgerDocument doc, bool confirmed, CancellationToken ct)
    {
        var round = await db.Rounds.AsNoTracking().FirstAsync(r => r.Id == RoundId, ct);
        var org = Organizations.First(o => o.Id == OrganizationId);
        if (!confirmed && await NoticeDuplicates.FindLedgerAsync(db, org.Id, round.Id, ct) is { } dup)
        {
            Duplicate = dup;
            return Page();
        }
        doc.Inspection.Body = round.Body;
        doc.Inspection.Round = round.Name;
        doc.Inspection.Kind = round.Kind.Code();
        doc.Inspection.Group = string.IsNullOrWhiteSpace(Group) ? null : Group.Trim();
        doc.Inspection.Target ??= org.Name;
        try
        {
            var inspection = await LedgerTransfer.LoadAsync(db, doc, clock, org.Id, ct, mayCreateRound: scope.IsOffice, actorId: scope.User.Id);
            return Redirect($"/inspections/{inspection.Id}");
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }

    string? NewInspectionFieldsMissing()
    {
        if (OrganizationId is not { } orgId || !Organizations.Any(o => o.Id == orgId)) return "请选择被巡察单位";
        if (RoundId is not { } rid || !Rounds.Any(r => r.Id == rid)) return "请选择巡察轮次（没有时请先在“管理 › 轮次与巡察”中新建）";
        return null;
    }

    /// <summary>Compares again, e.g. after another inspection was picked in the preview; the choices made stay.</summary>
    public async Task<IActionResult> OnPostCompareAsync(CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (Organizations.Count == 0) return Forbid();
        if (ReadCarried() is not { } doc || TargetOf() is not { } id) return Page();
        await PreviewAsync(id, doc, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostApplyAsync(CancellationToken ct)
    {
        var scope = await LoadAsync(ct);
        if (scope is null) return Challenge();
        if (Organizations.Count == 0) return Forbid();
        if (ReadCarried() is not { } doc || TargetOf() is not { } id) return Page();
        var name = Inspections.First(i => i.Id == id).Name;
        // The preview's comparison when the ledger has not moved since, else a fresh one. The ledger changed since the
        // preview (someone saved a problem of a row, or added its number): nothing is written; the fresh comparison is
        // shown with every choice kept, for the user to look at again.
        var fresh = await comparisons.CompareAsync(db, id, name, doc, Ledger!, ct);
        var moved = fresh.Rows.Where(r => r.Outcome != LedgerMerge.Unchanged && (Versions.TryGetValue(r.Ordinal, out var v) ? r.Version != v : r.Version is not null))
            .Select(r => r.Ordinal).ToList();
        if (moved.Count > 0)
        {
            Error = $"比对之后，台账中的问题 {string.Join("、", moved)} 已被修改或新增，本次未导入任何内容；已按台账现状重新比对，您的选择都已保留，请核对后再导入";
            SetPreview(fresh);
            return Page();
        }
        Results = await LedgerMerge.ApplyAsync(db, scope, clock, store, fresh, doc, fresh.Rows.ToDictionary(r => r.Ordinal, r => ChoiceOf(r.Ordinal)), Versions, ct);
        Target = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Page();
    }

    LedgerDocument? ReadCarried()
    {
        try
        {
            return LedgerJson.Read(Ledger ?? "");
        }
        catch (DomainException)
        {
            Error = "预览的内容已失效，请重新选择文件导入";
            return null;
        }
    }

    int? TargetOf()
    {
        if (int.TryParse(Target, out var id) && Inspections.Any(i => i.Id == id)) return id;
        Error = "请选择要并入的巡察（或重新选择文件，作为新的一次巡察导入）";
        return null;
    }

    async Task PreviewAsync(int id, LedgerDocument doc, CancellationToken ct) =>
        SetPreview(await comparisons.CompareAsync(db, id, Inspections.First(i => i.Id == id).Name, doc, Ledger!, ct));

    void SetPreview(MergePreview preview)
    {
        Preview = preview;
        // The versions the user now looks at, of the rows an import may write; the import checks against these (an
        // unchanged row is not written, and one changed since the preview is told apart by having none).
        Versions = preview.Rows.Where(r => r.Version is not null && r.Outcome != LedgerMerge.Unchanged).ToDictionary(r => r.Ordinal, r => r.Version!.Value);
        ModelState.Clear();
    }
}
