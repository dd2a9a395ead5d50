using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Import;

/// <summary>
/// 导入公告: a notice file or pasted text is parsed, shown beside its source with the findings, corrected,
/// and stored only on confirmation. Between the steps the parsed ledger travels in the form itself
/// (a hidden JSON field, validated again on confirm), so the server keeps no state.
/// </summary>
public class ImportModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, UploadLimits limits) : PageModel
{
    [BindProperty] public IFormFile? Upload { get; set; }
    [BindProperty] public string? Pasted { get; set; }

    /// <summary>The parsed ledger as interchange JSON, carried between preview and confirm.</summary>
    [BindProperty] public string? DocumentJson { get; set; }
    [BindProperty] public string? SourceText { get; set; }
    [BindProperty] public HeaderEdit Header { get; set; } = new();
    [BindProperty] public List<ProblemEdit> Problems { get; set; } = [];
    [BindProperty] public int? OrganizationId { get; set; }

    public string? Error { get; private set; }
    public LedgerDocument? Document { get; private set; }
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<SourceLine> Lines { get; private set; } = [];
    /// <summary>The pages a scan was read from by OCR, shown beside the text.</summary>
    public IReadOnlyList<PageImage> ScannedPages { get; private set; } = [];
    /// <summary>A saved inspection this notice repeats (<see cref="NoticeDuplicates"/>), shown in the preview.</summary>
    public DuplicateNotice? Duplicate { get; private set; }
    /// <summary>Whether the duplicate is in the user's scope, so that its title and link may be shown.</summary>
    public bool MaySeeDuplicate { get; private set; }

    public sealed class HeaderEdit
    {
        public string? Title { get; set; }
        public string? Body { get; set; }
        public string? Round { get; set; }
        public string? Group { get; set; }
        public string? Target { get; set; }
        public string? FeedbackDate { get; set; }
        public string? OnSiteFrom { get; set; }
        public string? OnSiteTo { get; set; }
        public string? Issuer { get; set; }
        public string? Date { get; set; }
    }

    public sealed class ProblemEdit
    {
        public string? Title { get; set; }
        public string? Status { get; set; }
        public string? Expected { get; set; }
        public string? Measures { get; set; }
    }

    /// <summary>A line of the source text; <see cref="Findings"/> are indexes into the document's findings that quote it.</summary>
    public sealed record SourceLine(int Number, string Text, List<int> Findings);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (!ImportLimits.MayImport(scope)) return Forbid();
        return Page();
    }

    public async Task<IActionResult> OnPostPreviewAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (!ImportLimits.MayImport(scope)) return Forbid();
        try
        {
            ExtractedNotice read;
            if (Upload is { Length: > 0 })
            {
                using var buffer = new MemoryStream();
                await Upload.CopyToAsync(buffer, ct);
                read = NoticeImporter.Read(buffer.ToArray(), Path.GetFileName(Upload.FileName), limits.Archive);
            }
            else if (!string.IsNullOrWhiteSpace(Pasted)) read = new(Pasted.Replace("\r\n", "\n").Replace('\r', '\n'), NoticeFormat.Text);
            else if (Upload is not null) throw new ImportRefusedException($"“{Path.GetFileName(Upload.FileName)}”是空文件");
            else throw new ImportRefusedException("请选择一个文件，或粘贴公告全文");
            var text = read.Text;
            var doc = NoticeImporter.Parse(read);
            if (NoticeParser.RefusalToSave(doc) is { } refusal) throw new ImportRefusedException(refusal);
            SourceText = text;
            // Shown beside the text it was read into; not carried to the confirm step (only the ledger is stored).
            ScannedPages = read.Ocr?.Pages ?? [];
            await ShowAsync(scope, doc, ct);
            FillForm(doc);
            OrganizationId = GuessOrganization(doc);
        }
        catch (ImportRefusedException e)
        {
            Error = e.Message;
        }
        return Page();
    }

    public async Task<IActionResult> OnPostConfirmAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (!ImportLimits.MayImport(scope)) return Forbid();
        LedgerDocument doc;
        try
        {
            // The hidden field came back from the browser: read and validate it like any uploaded ledger.
            doc = LedgerJson.Read(DocumentJson ?? "");
        }
        catch (DomainException e)
        {
            Error = "预览数据无效，请重新上传：" + e.Message;
            return Page();
        }
        var errors = Apply(doc);
        if (NoticeParser.RefusalToSave(doc) is { } refusal) errors.Add(refusal);
        // A select offers only organisations in scope; any other id was typed in by hand.
        if (OrganizationId is not { } orgId || !scope.CanEdit(orgId) || !await db.Organizations.AnyAsync(o => o.Id == orgId, ct))
            return NotFound();
        if (errors.Count == 0)
        {
            try
            {
                LedgerJson.Validate(doc);
                var inspection = await LedgerTransfer.LoadAsync(db, doc.WithComputedCounts(), clock, orgId, ct, mayCreateRound: scope.IsOffice,
                    sourceHash: string.IsNullOrWhiteSpace(SourceText) ? null : NoticeImporter.SourceHash(SourceText), actorId: scope.User.Id);
                return Redirect($"/inspections/{inspection.Id}");
            }
            catch (DomainException e) { errors.Add(e.Message); }
        }
        Error = string.Join("；", errors);
        // Keep what was typed: re-show the corrected ledger, the user's edits included.
        await ShowAsync(scope, doc, ct);
        return Page();
    }

    /// <summary>Writes the form's corrections into the document; returns what could not be read.</summary>
    List<string> Apply(LedgerDocument doc)
    {
        var errors = new List<string>();
        var h = Header;
        string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
        PartialDate? Date(string? s, string what)
        {
            if (Clean(s) is not { } v) return null;
            if (PartialDate.TryParse(v, out var d)) return d;
            errors.Add($"{what}“{v}”无效，应为 2023-03-10、2023-03 或 2023-01-上旬");
            return null;
        }
        doc.Title = Clean(h.Title);
        doc.Issuer = Clean(h.Issuer);
        var i = doc.Inspection;
        i.Body = Clean(h.Body); i.Round = Clean(h.Round); i.Group = Clean(h.Group); i.Target = Clean(h.Target);
        i.FeedbackDate = Date(h.FeedbackDate, "反馈日期");
        var from = Date(h.OnSiteFrom, "进驻日期");
        var to = Date(h.OnSiteTo, "结束日期");
        i.OnSite = from is null && to is null ? null : new DateRange { From = from, To = to };
        if (Clean(h.Date) is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", out var d)) doc.Date = d;
            else errors.Add($"公告日期“{date}”无效，应为 2023-09-08 这样的形式");
        }
        else doc.Date = null;

        var problems = doc.AllProblems.ToList();
        if (Problems.Count != problems.Count)
        {
            errors.Add($"表单中的问题数（{Problems.Count}）与预览（{problems.Count}）不一致，请重新上传");
            return errors;
        }
        for (var k = 0; k < problems.Count; k++)
        {
            var (p, e) = (problems[k], Problems[k]);
            p.Title = Clean(e.Title) ?? "";
            if (Clean(e.Status) is { } code && code != p.Status)
            {
                p.Status = code;
                // The status text quoted the notice; once corrected it would contradict the code.
                p.StatusText = Statuses.TryParseCode(code, out var s) ? s.Chinese() : null;
            }
            if (Clean(e.Expected) is { } ym)
            {
                if (YearMonth.TryParse(ym, out var month)) p.ExpectedCompletion = month;
                else errors.Add($"问题 {p.Ordinal}：预计完成“{ym}”无效，应为 2024-03 这样的形式");
            }
            else p.ExpectedCompletion = null;
            p.Measures = (e.Measures ?? "").Split('\n').Select(m => m.Trim()).Where(m => m.Length > 0).ToList();
        }
        return errors;
    }

    void FillForm(LedgerDocument doc)
    {
        var i = doc.Inspection;
        Header = new HeaderEdit
        {
            Title = doc.Title, Body = i.Body, Round = i.Round, Group = i.Group, Target = i.Target,
            FeedbackDate = i.FeedbackDate?.ToString(), OnSiteFrom = i.OnSite?.From?.ToString(), OnSiteTo = i.OnSite?.To?.ToString(),
            Issuer = doc.Issuer, Date = doc.Date?.ToString("yyyy-MM-dd"),
        };
        Problems = doc.AllProblems.Select(p => new ProblemEdit
        {
            Title = p.Title, Status = p.Status, Expected = p.ExpectedCompletion?.ToString(), Measures = string.Join("\n", p.Measures),
        }).ToList();
        ModelState.Clear(); // the inputs show the parsed values, not the (empty) posted ones
    }

    async Task ShowAsync(Scope scope, LedgerDocument doc, CancellationToken ct)
    {
        Document = doc.WithComputedCounts();
        DocumentJson = LedgerJson.Write(doc);
        var orgs = await db.Organizations.AsNoTracking().OrderBy(o => o.ParentId != null).ThenBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct);
        Organizations = orgs.Where(o => scope.CanEdit(o.Id)).Select(o => (o.Id, o.Name)).ToList();
        Lines = MarkSource(SourceText ?? "", doc.Findings);
        if (!string.IsNullOrWhiteSpace(SourceText))
        {
            // The same notice, or another notice of a unit and round that already have their ledger (the API's and CLI's rule too).
            Duplicate = await NoticeDuplicates.FindAsync(db, doc, NoticeImporter.SourceHash(SourceText), ct)
                ?? await NoticeDuplicates.FindLedgerAsync(db, doc, OrganizationId ?? GuessOrganization(doc), ct);
            MaySeeDuplicate = Duplicate is { } d && scope.Sees(d.OrganizationId);
        }
    }

    int? GuessOrganization(LedgerDocument doc)
    {
        var target = doc.Inspection.Target is { } t ? LedgerTransfer.ShortName(t) : null;
        return Organizations.FirstOrDefault(o => o.Name == target || (target != null && target.EndsWith(o.Name, StringComparison.Ordinal))).Id is var id and > 0
            ? id
            : Organizations.Count == 1 ? Organizations[0].Id : null;
    }

    /// <summary>
    /// Lines of the source with the findings that quote them. Findings quote text in “…”, shortened
    /// with an ellipsis; each part of four characters or more is looked for.
    /// </summary>
    public static List<SourceLine> MarkSource(string source, IReadOnlyList<Finding> findings)
    {
        var quotes = findings.Select(f => QuotedParts(f.Message).ToList()).ToList();
        var lines = new List<SourceLine>();
        var n = 0;
        foreach (var text in source.Split('\n'))
        {
            n++;
            var marks = new List<int>();
            for (var k = 0; k < quotes.Count; k++)
                if (quotes[k].Any(q => text.Contains(q, StringComparison.Ordinal))) marks.Add(k);
            lines.Add(new SourceLine(n, text, marks));
        }
        return lines;
    }

    static IEnumerable<string> QuotedParts(string message)
    {
        var start = 0;
        while ((start = message.IndexOf('“', start)) >= 0)
        {
            var end = message.IndexOf('”', start + 1);
            if (end < 0) yield break;
            foreach (var part in message[(start + 1)..end].Split('…', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
                if (part.Length >= 4) yield return part;
            start = end + 1;
        }
    }
}

public static class ImportLimits
{
    /// <summary>The office and unit editors take notices in.</summary>
    public static bool MayImport(Scope scope) => scope.IsOffice || scope.Is(Roles.UnitEditor);
}
