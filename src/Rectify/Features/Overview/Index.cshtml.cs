using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

/// <summary>The district's (or a unit's subtree's) rectification at a glance, today or on a past date.</summary>
public class OverviewModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock, OverviewCache cache) : PageModel
{
    /// <summary>Units listed per page of the unit table: the laggards first, every unit a page or "all" away.</summary>
    public const int UnitsPerPage = 50;

    [BindProperty(SupportsGet = true)] public int? Round { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOf { get; set; }
    /// <summary>The page of the unit table, or "all".</summary>
    [BindProperty(SupportsGet = true)] public string? Units { get; set; }
    /// <summary>Part of a unit's name, to find it among thousands.</summary>
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    public OverviewFigures Figures { get; private set; } = new();
    public List<(int Id, string Name)> RoundChoices { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";
    public string? Error { get; private set; }
    /// <summary>The units matching <see cref="Unit"/>, laggards first.</summary>
    public List<OrganizationRow> MatchingUnits { get; private set; } = [];
    public List<OrganizationRow> UnitRows { get; private set; } = [];
    public bool AllUnits => Units == "all";
    public int UnitPage { get; private set; } = 1;
    public int UnitPages => Math.Max(1, (MatchingUnits.Count + UnitsPerPage - 1) / UnitsPerPage);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        var today = clock.Today;
        if (AsOf > today)
        {
            Error = "截至日期不能晚于今天";
            AsOf = null;
        }
        RoundChoices = (await db.Rounds.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, Name = r.Body + r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();
        (Figures, var reused) = await cache.GetAsync(db, scope, today, Round, AsOf, ct);
        OverviewCache.Report(HttpContext, reused, started);

        Unit = string.IsNullOrWhiteSpace(Unit) ? null : Unit.Trim();
        MatchingUnits = Unit is null ? Figures.Organizations : Figures.Organizations.Where(o => o.Name.Contains(Unit, StringComparison.Ordinal)).ToList();
        UnitPage = int.TryParse(Units, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? Math.Clamp(p, 1, UnitPages) : 1;
        UnitRows = AllUnits ? MatchingUnits : MatchingUnits.Skip((UnitPage - 1) * UnitsPerPage).Take(UnitsPerPage).ToList();

        ChartJson = JsonSerializer.Serialize(new
        {
            status = Figures.ByStatus.Select(s => new { name = s.Name, value = s.Count, link = Drill(bucket: s.Code) }),
            category = Figures.ByCategory.Select(c => new { name = c.Title, total = c.Total, completed = c.Completed, link = Drill(category: c.Title) }),
            rounds = Figures.Rounds.Select(r => new { name = r.Name, rate = r.Rate, total = r.Total, link = Drill(round: r.Id) }),
            trend = Figures.Trend.Select(t => new { month = t.Month, completed = t.Completed, link = Drill(completedBy: t.Month) }),
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        return Page();
    }

    /// <summary>The filtered list behind a figure, on the same date.</summary>
    public string Drill(string? status = null, string? bucket = null, string? light = null, string? closure = null, int? org = null, string? category = null, int? round = null, string? completedBy = null, bool subtree = false)
    {
        var q = new Dictionary<string, string?>
        {
            ["round"] = (round ?? Round)?.ToString(CultureInfo.InvariantCulture),
            ["asOf"] = DateParameter,
            ["status"] = status, ["bucket"] = bucket, ["light"] = light, ["closure"] = closure,
            ["org"] = org?.ToString(CultureInfo.InvariantCulture), ["subtree"] = subtree ? "true" : null, ["category"] = category, ["completedBy"] = completedBy,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/overview/problems", q.Where(kv => kv.Value is not null)!);
    }

    /// <summary>The date of a past day's view as every link and export carries it (?asOf=2023-09-08); null for today.</summary>
    public string? DateParameter => Figures.AsOf?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>An export or document of these figures, for the same round and date.</summary>
    public string Export(string path) => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path,
        new Dictionary<string, string?> { ["round"] = Round?.ToString(CultureInfo.InvariantCulture), ["asOf"] = DateParameter }.Where(kv => kv.Value is not null)!);

    /// <summary>This dashboard with another page of the unit table (or all of it).</summary>
    public string UnitsLink(string units, bool keepUnit = true)
    {
        var q = new Dictionary<string, string?>
        {
            ["round"] = Round?.ToString(CultureInfo.InvariantCulture), ["asOf"] = DateParameter,
            ["unit"] = keepUnit ? Unit : null, ["units"] = units,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/overview", q.Where(kv => kv.Value is not null)!) + "#units";
    }
}
