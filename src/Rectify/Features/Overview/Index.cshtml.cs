using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

/// <summary>The district's (or a unit's subtree's) rectification at a glance, today or on a past date.</summary>
public class OverviewModel(RectifyDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Round { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? AsOf { get; set; }
    public OverviewFigures Figures { get; private set; } = new();
    public List<(int Id, string Name)> RoundChoices { get; private set; } = [];
    public string ChartJson { get; private set; } = "{}";
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await Scope.ForAsync(User, db, ct);
        if (scope is null) return Challenge();
        var today = Today(clock);
        if (AsOf > today)
        {
            Error = "截至日期不能晚于今天";
            AsOf = null;
        }
        RoundChoices = (await db.Rounds.AsNoTracking().OrderBy(r => r.Id).Select(r => new { r.Id, Name = r.Body + r.Name }).ToListAsync(ct))
            .Select(r => (r.Id, r.Name)).ToList();
        Figures = await OverviewQuery.ComputeAsync(db, scope, today, Round, AsOf, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            status = Figures.ByStatus.Select(s => new { name = s.Name, value = s.Count, link = Drill(status: s.Code) }),
            category = Figures.ByCategory.Select(c => new { name = c.Title, total = c.Total, completed = c.Completed, link = Drill(category: c.Title) }),
            rounds = Figures.Rounds.Select(r => new { name = r.Name, rate = r.Rate, total = r.Total, link = Drill(round: r.Id) }),
            trend = Figures.Trend.Select(t => new { month = t.Month, completed = t.Completed }),
        }, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Default });
        return Page();
    }

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(8)).DateTime);

    /// <summary>The filtered list behind a figure.</summary>
    public string Drill(string? status = null, string? bucket = null, string? light = null, string? closure = null, int? org = null, string? category = null, int? round = null)
    {
        var q = new Dictionary<string, string?>
        {
            ["round"] = (round ?? Round)?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = status, ["bucket"] = bucket, ["light"] = light, ["closure"] = closure,
            ["org"] = org?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["category"] = category,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/overview/problems", q.Where(kv => kv.Value is not null)!);
    }
}
