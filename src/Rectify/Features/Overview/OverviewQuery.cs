using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Overview;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

public sealed record StatusCount(string Code, string Name, int Count);
public sealed record CategoryRow(string Title, int Total, int Completed);
public sealed record OrganizationRow(int Id, string Name, int Total, int Completed, int Red)
{
    public decimal? Rate => Total == 0 ? null : Math.Round(100m * Completed / Total, 1);
}
public sealed record RoundRow(int Id, string Name, int Total, int Completed)
{
    public decimal? Rate => Total == 0 ? null : Math.Round(100m * Completed / Total, 1);
}
public sealed record TrendPoint(string Month, int Completed);

/// <summary>What the dashboard shows, computed from the ledger (and, for a past date, its history).</summary>
public sealed class OverviewFigures
{
    public DateOnly Today { get; init; }
    public DateOnly? AsOf { get; init; }
    public int Problems { get; init; }
    public int Completed { get; init; }
    public decimal? Rate => Problems == 0 ? null : Math.Round(100m * Completed / Problems, 1);
    public List<StatusCount> ByStatus { get; init; } = [];
    public List<CategoryRow> ByCategory { get; init; } = [];
    public List<OrganizationRow> Organizations { get; init; } = [];
    public List<RoundRow> Rounds { get; init; } = [];
    public int Red { get; init; }
    public int Yellow { get; init; }
    public int ClosuresWaiting { get; init; }
    public List<TrendPoint> Trend { get; init; } = [];
}

public static class OverviewQuery
{
    static readonly RectificationStatus[] Done = [RectificationStatus.Completed, RectificationStatus.CompletedSustained];

    /// <summary>Problems in scope, narrowed to one round when asked.</summary>
    public static IQueryable<Problem> Problems(RectifyDb db, Scope scope, int? roundId) =>
        roundId is { } r ? scope.Problems(db).Where(p => p.Inspection!.RoundId == r) : scope.Problems(db);

    public static async Task<OverviewFigures> ComputeAsync(RectifyDb db, Scope scope, DateOnly today, int? roundId, DateOnly? asOf, CancellationToken ct)
    {
        var problems = Problems(db, scope, roundId).AsNoTracking();
        var settings = new DeadlineSettings();

        Dictionary<RectificationStatus, int> statusCounts;
        Dictionary<int, RectificationStatus>? pastStatus = null;
        if (asOf is { } date)
        {
            // The state on a past date, rebuilt from the history of status changes.
            var end = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.FromHours(8));
            var now = await problems.Select(p => new { p.Id, p.CreatedAt, p.Status, p.Closure.State }).ToListAsync(ct);
            var ids = problems.Select(p => p.Id);
            var changes = await db.ProblemChanges.AsNoTracking()
                .Where(c => (c.Field == "Status" || c.Field == "Closure.State") && ids.Contains(c.ProblemId))
                .Select(c => new { c.ProblemId, c.At, c.Field, c.Before, c.After }).ToListAsync(ct);
            var states = LedgerAsOf.Rebuild(
                now.Select(p => (p.Id, p.CreatedAt, p.Status, p.State == ClosureState.Approved)),
                changes.Select(c => new FieldChange(c.ProblemId, c.At, c.Field, c.Before, c.After)), end);
            pastStatus = states.ToDictionary(s => s.ProblemId, s => s.Status);
            statusCounts = states.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());
        }
        else
        {
            statusCounts = await problems.GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() })
                .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        }

        var total = statusCounts.Values.Sum();
        var completed = statusCounts.Where(kv => kv.Key.IsCompleted()).Sum(kv => kv.Value);

        // The per-group figures below are of today's ledger, or rebuilt for the past date.
        List<CategoryRow> byCategory;
        List<OrganizationRow> orgs;
        List<RoundRow> rounds;
        var orgNames = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var roundNames = await db.Rounds.AsNoTracking().Select(r => new { r.Id, Name = r.Body + r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var red = await problems.WhereLight(WarningLight.Red, today, settings).Select(p => p.Id).ToListAsync(ct);
        if (pastStatus is null)
        {
            byCategory = (await problems.GroupBy(p => p.Category!.Title)
                .Select(g => new { g.Key, Total = g.Count(), Completed = g.Count(p => Done.Contains(p.Status)) })
                .OrderByDescending(x => x.Total).Take(12).ToListAsync(ct))
                .Select(x => new CategoryRow(x.Key, x.Total, x.Completed)).ToList();
            var perOrg = await problems
                .SelectMany(p => p.Inspection!.Targets.Where(t => t.Ordinal == 1), (p, t) => new { t.OrganizationId, p.Status })
                .GroupBy(x => x.OrganizationId)
                .Select(g => new { g.Key, Total = g.Count(), Completed = g.Count(x => Done.Contains(x.Status)) })
                .ToListAsync(ct);
            var redByOrg = await problems.WhereLight(WarningLight.Red, today, settings)
                .SelectMany(p => p.Inspection!.Targets.Where(t => t.Ordinal == 1), (p, t) => t.OrganizationId)
                .GroupBy(x => x).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            orgs = perOrg.Select(x => new OrganizationRow(x.Key, orgNames.GetValueOrDefault(x.Key, "?"), x.Total, x.Completed, redByOrg.GetValueOrDefault(x.Key))).ToList();
            rounds = (await problems.GroupBy(p => p.Inspection!.RoundId)
                .Select(g => new { g.Key, Total = g.Count(), Completed = g.Count(p => Done.Contains(p.Status)) }).ToListAsync(ct))
                .Select(x => new RoundRow(x.Key, roundNames.GetValueOrDefault(x.Key, "?"), x.Total, x.Completed)).ToList();
        }
        else
        {
            var rows = await problems.SelectMany(p => p.Inspection!.Targets.Where(t => t.Ordinal == 1),
                (p, t) => new { p.Id, Category = p.Category!.Title, t.OrganizationId, p.Inspection!.RoundId }).ToListAsync(ct);
            var existing = rows.Where(r => pastStatus.ContainsKey(r.Id)).ToList();
            bool IsDone(int id) => pastStatus[id].IsCompleted();
            byCategory = existing.GroupBy(r => r.Category).Select(g => new CategoryRow(g.Key, g.Count(), g.Count(r => IsDone(r.Id))))
                .OrderByDescending(c => c.Total).Take(12).ToList();
            orgs = existing.GroupBy(r => r.OrganizationId)
                .Select(g => new OrganizationRow(g.Key, orgNames.GetValueOrDefault(g.Key, "?"), g.Count(), g.Count(r => IsDone(r.Id)), 0)).ToList();
            rounds = existing.GroupBy(r => r.RoundId)
                .Select(g => new RoundRow(g.Key, roundNames.GetValueOrDefault(g.Key, "?"), g.Count(), g.Count(r => IsDone(r.Id)))).ToList();
        }

        return new OverviewFigures
        {
            Today = today,
            AsOf = asOf,
            Problems = total,
            Completed = completed,
            ByStatus = Statuses.All.Select(s => new StatusCount(s.Code(), s.Chinese(), statusCounts.GetValueOrDefault(s))).Where(s => s.Count > 0).ToList(),
            ByCategory = byCategory,
            // Laggards first: the lowest completion rate, then the most red.
            Organizations = orgs.OrderBy(o => o.Rate ?? 101).ThenByDescending(o => o.Red).ThenBy(o => o.Name, StringComparer.Ordinal).ToList(),
            Rounds = rounds.OrderBy(r => r.Id).ToList(),
            Red = asOf is null ? red.Count : 0,
            Yellow = asOf is null ? await problems.WhereLight(WarningLight.Yellow, today, settings).CountAsync(ct) : 0,
            ClosuresWaiting = asOf is null ? await problems.CountAsync(p => p.Closure.State == ClosureState.Requested, ct) : 0,
            Trend = await TrendAsync(db, problems, asOf, ct),
        };
    }

    /// <summary>Problems completed by the end of each of the last 12 months (from the status history).</summary>
    static async Task<List<TrendPoint>> TrendAsync(RectifyDb db, IQueryable<Problem> problems, DateOnly? asOf, CancellationToken ct)
    {
        var ids = problems.Select(p => p.Id);
        var doneCodes = Done.Select(s => s.Code()).ToArray();
        // When each problem last became completed; problems imported as completed count from their creation.
        // (SQLite cannot aggregate DateTimeOffset, so the latest move per problem is taken here.)
        var moves = (await db.ProblemChanges.AsNoTracking()
            .Where(c => c.Field == "Status" && c.After != null && doneCodes.Contains(c.After) && ids.Contains(c.ProblemId))
            .Select(c => new { c.ProblemId, c.At }).ToListAsync(ct))
            .GroupBy(c => c.ProblemId).Select(g => g.Max(c => c.At)).ToList();
        var imported = await problems.Where(p => Done.Contains(p.Status) && !db.ProblemChanges.Any(c => c.ProblemId == p.Id && c.Field == "Status"))
            .Select(p => p.CreatedAt).ToListAsync(ct);
        var months = moves.Concat(imported).Select(t => YearMonth.Of(DateOnly.FromDateTime(t.ToOffset(TimeSpan.FromHours(8)).DateTime))).ToList();
        var last = asOf is { } d ? YearMonth.Of(d) : YearMonth.Of(DateOnly.FromDateTime(DateTime.UtcNow));
        var points = new List<TrendPoint>();
        for (var m = last.AddMonths(-11); m <= last; m = m.AddMonths(1))
            points.Add(new TrendPoint(m.ToString(), months.Count(x => x <= m)));
        return points;
    }
}
