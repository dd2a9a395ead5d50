using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>
/// Imports a ledger .xlsx as a NEW inspection of a chosen organisation and round. All or nothing:
/// every error is listed by row and column and nothing is written unless every row is valid.
/// </summary>
public class ImportXlsxModel(RectifyDb db, CurrentScope currentScope, Rectify.Core.OfficeClock clock, UploadLimits limits) : PageModel
{
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public int? RoundId { get; set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public IFormFile? Upload { get; set; }

    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<(int Id, string Name)> Rounds { get; private set; } = [];
    public IReadOnlyList<LedgerImportError> Errors { get; private set; } = [];
    public string? Error { get; private set; }

    async Task<Scope?> LoadAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return null;
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.ParentId == null ? 0 : 1).ThenBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Organizations = orgs.Where(o => scope.CanEdit(o.Id)).Select(o => (o.Id, o.Name)).ToList();
        Rounds = (await db.Rounds.AsNoTracking().OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Body, r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Body + r.Name)).ToList();
        return scope;
    }

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
        if (OrganizationId is not { } orgId || !Organizations.Any(o => o.Id == orgId)) { Error = "请选择被巡察单位"; return Page(); }
        var round = RoundId is { } rid ? await db.Rounds.AsNoTracking().FirstOrDefaultAsync(r => r.Id == rid, ct) : null;
        if (round is null) { Error = "请选择巡察轮次(没有时请先在“管理 › 轮次与巡察”中新建)"; return Page(); }
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

        var doc = result.Ledger!;
        var org = Organizations.First(o => o.Id == orgId);
        doc.Inspection.Body = round.Body;
        doc.Inspection.Round = round.Name;
        doc.Inspection.Kind = round.Kind.Code();
        doc.Inspection.Group = string.IsNullOrWhiteSpace(Group) ? null : Group.Trim();
        doc.Inspection.Target ??= org.Name;
        try
        {
            var inspection = await LedgerTransfer.LoadAsync(db, doc, clock, orgId, ct, mayCreateRound: scope.IsOffice);
            return Redirect($"/inspections/{inspection.Id}");
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return Page();
        }
    }
}
