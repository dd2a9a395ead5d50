using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>The inspection above its ledger: who, which round, when, and the counts computed from the ledger.</summary>
public sealed record LedgerHeader(int Id, string Organization, string Round, string Kind, string? Group, PartialDate? OnSiteFrom, PartialDate? OnSiteTo,
    PartialDate? FeedbackDate, LedgerCounts Counts, IReadOnlyList<(int Id, int Ordinal, string Title)> Categories,
    IReadOnlyList<string> Leaders, IReadOnlyList<string> Departments, int? OrganizationId, int UnlinkedPeople = 0)
{
    /// <summary>The account sees the whole ledger; false: only its 责任部门's problems (its counts are theirs).</summary>
    public bool Whole { get; init; } = true;

    public static async Task<LedgerHeader?> LoadAsync(RectifyDb db, Scope scope, int id, CancellationToken ct)
    {
        // One inspection by its key: its targets are checked against the scope here, rather than sending
        // every unit of a district-wide scope to the database.
        var whole = scope.SeesWhole(await db.InspectionTargets.Where(t => t.InspectionId == id).Select(t => t.OrganizationId).ToListAsync(ct));
        // A 责任部门's account sees the part of the ledger that is its own, counted as listed (Scope.Problems).
        var seen = whole ? db.Problems : scope.Problems(db);
        if (!whole && (scope.Departments.Count == 0 || !await seen.AnyAsync(p => p.InspectionId == id, ct)))
            return null;
        var i = await db.Inspections.AsNoTracking().Where(x => x.Id == id).Select(x => new
        {
            x.Id, x.TargetName, Round = x.Round!.Body + x.Round.Name, x.Kind, x.Group, x.OnSiteFrom, x.OnSiteTo, x.FeedbackDate,
            // Two scalar subqueries, not one row of two columns: that one EF translates with ROW_NUMBER() over every
            // target of the district, on each request.
            OrgId = x.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(),
            OrgName = x.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (i is null) return null;
        // Counts, leaders and departments from one read of the inspection's problems (three columns of
        // tens of rows), not three queries; the names in ordinal order, the same on both providers.
        var problems = await seen.Where(p => p.InspectionId == id)
            .Select(p => new
            {
                p.Status, p.ResponsibleLeader, p.ResponsibleDepartment, p.CategoryId,
                // Names of the ledger not linked to an account (PeopleLinks): the banner sends the office to /admin/people.
                Unlinked = (p.ResponsibleLeader != null && p.ResponsibleLeaderId == null ? 1 : 0) + (p.ResponsiblePerson != null && p.ResponsiblePersonId == null ? 1 : 0)
                    + p.Measures.Count(m => m.Owner != null && m.OwnerId == null),
            }).ToListAsync(ct);
        var categories = await db.Categories.Where(c => c.InspectionId == id).OrderBy(c => c.Ordinal)
            .Select(c => new { c.Id, c.Ordinal, c.Title }).ToListAsync(ct);
        var leaders = problems.Select(p => p.ResponsibleLeader).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        var departments = problems.Select(p => p.ResponsibleDepartment).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        // A 责任部门's part counts the aspects its problems are under.
        var counts = LedgerCounts.Of(whole ? categories.Count : problems.Select(p => p.CategoryId).Distinct().Count(), problems.Select(p => p.Status));
        return new LedgerHeader(i.Id, i.OrgName ?? i.TargetName ?? "", i.Round, i.Kind.Chinese(), i.Group, i.OnSiteFrom, i.OnSiteTo, i.FeedbackDate,
            counts, categories.Select(c => (c.Id, c.Ordinal, c.Title)).ToList(), leaders, departments, i.OrgId, problems.Sum(p => p.Unlinked)) { Whole = whole };
    }
}

/// <summary>整改台账 of one inspection: filters, sorting and paging in the query string, so links and Back work.</summary>
public class LedgerModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock) : PageModel
{
    public LedgerHeader Header { get; private set; } = null!;
    public LedgerFilter Filter { get; private set; } = new();
    public LedgerPage Rows { get; private set; } = new([], 0, 1, LedgerFilter.DefaultPageSize);
    /// <summary>The names of the accounts linked as the rows' 责任领导 and 责任人 (PeopleLinks).</summary>
    public Dictionary<string, string> AccountNames { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public bool CanEdit { get; private set; }
    public bool IsOffice { get; private set; }
    public string Heading => $"{Header.Organization} 整改台账";

    /// <summary>The print view shows every matching row instead of a page.</summary>
    protected virtual bool Paged => true;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var paged = Paged;
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        var header = await LedgerHeader.LoadAsync(db, scope, id, ct);
        if (header is null) return NotFound();
        Header = header;
        CanEdit = scope.CanEdit(header.OrganizationId);
        IsOffice = scope.IsOffice;
        var (filter, errors) = LedgerFilter.Parse(Request.Query.Where(kv => !kv.Key.Equals("inspection", StringComparison.OrdinalIgnoreCase)));
        Errors.AddRange(errors.Values.SelectMany(v => v));
        Filter = filter with { Inspection = id };
        var today = clock.Today;
        if (paged)
            Rows = await LedgerQuery.PageAsync(db, scope, Filter, today, ct, Filter.IsWholeInspection ? header.Counts.Problems : null);
        else
        {
            // The print view: every row that matches, on as many sheets as it takes.
            var lights = await Supervision.LightThresholds.LoadAsync(db, ct, id);
            var all = await LedgerQuery.Project(LedgerQuery.Filtered(db, scope, Filter, today, lights)).ToListAsync(ct);
            Rows = new LedgerPage(all.Select(r => r.ToRow(today, lights)).ToList(), all.Count, 1, Math.Max(1, all.Count));
        }
        Today = today;
        AccountNames = await PeopleLinks.NamesAsync(db, Rows.Items.SelectMany(r => new[] { r.LeaderId, r.PersonId }), ct);
        await LoadedAsync(ct);
        return Page();
    }

    /// <summary>批量处理's answer: one row per problem chosen; null before a bulk change.</summary>
    public BulkResult? BulkDone { get; private set; }
    public string? BulkError { get; private set; }
    /// <summary>What the user chose in the bulk form, kept when it is shown again (after a result or a refusal).</summary>
    public BulkInput BulkChoice { get; private set; } = new();

    /// <summary>批量处理: each chosen problem through the single edit's rules; the page again, with the outcome of each.</summary>
    public async Task<IActionResult> OnPostBulkAsync(int id, List<int> ids, bool all, string? filter, string? change, string? value,
        DateOnly? deadline, string? reason, bool extendWhereSet, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return NotFound();
        BulkChoice = new BulkInput { Ids = ids, All = all, Filter = filter, Action = change, Value = value, Deadline = deadline, Reason = reason, ExtendWhereSet = extendWhereSet };
        var status = StatusCodes.Status200OK;
        if (ModelState[nameof(deadline)]?.Errors.Count > 0) { BulkError = $"整改时限“{ModelState[nameof(deadline)]!.AttemptedValue}”无效，应为 2024-03-01 这样的日期"; status = 400; }
        else
        {
            try { BulkDone = await BulkWork.RunAsync(db, scope, clock, id, BulkChoice, ct); }
            catch (Exception e) when (Refusals.Of(e) is { } r && e is ProblemRefusedException or DomainException)
            { BulkError = r.Detail; status = r.Kind.Status; }
        }
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = status;
        return page;
    }

    /// <summary>导出所选: the chosen problems (or all matching the filter) as the ledger's workbook.</summary>
    public async Task<IActionResult> OnPostExportAsync(int id, List<int> ids, bool all, string? filter, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return NotFound();
        BulkChoice = new BulkInput { Ids = ids, All = all, Filter = filter };
        try
        {
            var chosen = await BulkWork.IdsAsync(db, scope, clock, id, BulkChoice, ct);
            // Ids from the form are bound by the workbook's own query to this inspection: another's never shows.
            if (chosen.Count == 0) throw new ProblemRefusedException(StatusCodes.Status400BadRequest, "请先勾选要导出的问题");
            if (await LedgerApi.WorkbookAsync(db, clock, id, chosen, ct) is { } file) return File(file.File, LedgerApi.XlsxType, file.Name);
            return NotFound();
        }
        catch (ProblemRefusedException e) { BulkError = e.Message; }
        var page = await OnGetAsync(id, ct);
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }

    /// <summary>After the rows are read: the print view adds each problem's measures and progress.</summary>
    protected virtual Task LoadedAsync(CancellationToken ct) => Task.CompletedTask;
    protected RectifyDb Db => db;

    public DateOnly Today { get; private set; }

    /// <summary>The link of a column header: sorts by it, and a second click reverses.</summary>
    public string SortLink(string key) => Filter.With(sort: Filter.SortKey == key && !Filter.Descending ? "-" + key : key, page: 1);

    public string SortMark(string key) => Filter.SortKey != key ? "" : Filter.Descending ? " ▼" : " ▲";

    public static string ChineseNumber(int n) => n switch
    {
        >= 1 and <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        > 10 and < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string Month(string? ym) => YearMonth.TryParse(ym, out var m) ? m.ToChinese() : "";
}
