using System.Linq.Expressions;
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
/// <summary>
/// A unit of the overview: its own problems (of inspections whose first target it is) and its subtree's
/// (its own and every unit below it in the organisation tree, as far as the viewer's scope reaches).
/// Both are bucket counts (<see cref="StatusCounts"/>); the subtree's is the sum of its parts'.
/// </summary>
public sealed record OrganizationRow(int Id, string Name, int Total, int Completed, int Red)
{
    /// <summary>The parent among the rows (null: a root of this view, even when the unit has a parent outside the viewer's scope).</summary>
    public int? ParentId { get; init; }
    public int SubtreeTotal { get; init; }
    public int SubtreeCompleted { get; init; }
    public int SubtreeRed { get; init; }
    public decimal? Rate => Total == 0 ? null : Math.Round(100m * Completed / Total, 1);
    public decimal? SubtreeRate => SubtreeTotal == 0 ? null : Math.Round(100m * SubtreeCompleted / SubtreeTotal, 1);
    /// <summary>The unit's own problems by bucket.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public StatusCounts Buckets { get; init; } = StatusCounts.Of(Array.Empty<RectificationStatus>());
    /// <summary>Its subtree's problems by bucket: the sum of its own and its children's subtrees'.</summary>
    [System.Text.Json.Serialization.JsonIgnore] public StatusCounts SubtreeBuckets { get; init; } = StatusCounts.Of(Array.Empty<RectificationStatus>());

    public static OrganizationRow Of(int id, string name, int? parentId, StatusCounts own, int ownRed, StatusCounts subtree, int subtreeRed) =>
        new(id, name, own.Total, own.Done, ownRed)
        {
            ParentId = parentId, Buckets = own, SubtreeBuckets = subtree,
            SubtreeTotal = subtree.Total, SubtreeCompleted = subtree.Done, SubtreeRed = subtreeRed,
        };
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
    /// <summary>The problems per bucket, by the one counting function (docs/lights-and-buckets.md).</summary>
    public StatusCounts Buckets { get; init; } = StatusCounts.Of(Array.Empty<RectificationStatus>());
    public int Problems => Buckets.Total;
    /// <summary>已完成 and 长期坚持.</summary>
    public int Completed => Buckets.Done;
    public decimal? Rate => Buckets.CompletionRate;
    /// <summary>The buckets with problems, in the order of the work (the status chart).</summary>
    public List<StatusCount> ByStatus => StatusBuckets.All.Select(b => new StatusCount(b.Code(), b.Chinese(), Buckets[b])).Where(s => s.Count > 0).ToList();
    public List<CategoryRow> ByCategory { get; init; } = [];
    public List<OrganizationRow> Organizations { get; init; } = [];

    /// <summary>The units below <paramref name="parentId"/> (null: the roots of this view), laggards first by their subtree's rate.</summary>
    public IEnumerable<OrganizationRow> Children(int? parentId) => (_children ??= Organizations.ToLookup(o => o.ParentId))[parentId]
        .OrderBy(o => o.SubtreeRate ?? 101).ThenByDescending(o => o.SubtreeRed).ThenBy(o => o.Name, StringComparer.Ordinal);
    ILookup<int?, OrganizationRow>? _children;

    /// <summary>The unit rows in tree order, depth first, with each one's depth: the exports' order.</summary>
    public List<(OrganizationRow Row, int Depth)> TreeOrder()
    {
        var rows = new List<(OrganizationRow, int)>();
        void Walk(int? parent, int depth)
        {
            foreach (var o in Children(parent)) { rows.Add((o, depth)); Walk(o.Id, depth + 1); }
        }
        Walk(null, 0);
        return rows;
    }
    public List<RoundRow> Rounds { get; init; } = [];
    public int Red { get; init; }
    public int Yellow { get; init; }
    public int ClosuresWaiting { get; init; }
    public List<TrendPoint> Trend { get; init; } = [];
}

/// <summary>
/// The counts of one status in one aspect (方面) of one inspection: the grain the dashboard's figures
/// are summed from, read in one GROUP BY over the covering index IX_Problems_Overview (whose order is
/// inspection, aspect, status: no sort). Statuses are folded into buckets by StatusCounts, here in C#.
/// </summary>
public sealed class Tally
{
    public int InspectionId { get; init; }
    public int CategoryId { get; init; }
    public RectificationStatus Status { get; init; }
    public int Total { get; init; }
    public int Done => Status.IsCompleted() ? Total : 0;
    public int Red { get; init; }
    public int Yellow { get; init; }
    public int ClosuresWaiting { get; init; }
}

public static class OverviewQuery
{
    /// <summary>
    /// Problems in scope, narrowed to one round when asked. The same set as <see cref="Scope.Problems"/>,
    /// written as "InspectionId IN (…)" so that SQLite reads it from an index instead of a subquery per row.
    /// </summary>
    public static IQueryable<Problem> Problems(RectifyDb db, Scope scope, int? roundId) =>
        Inspections(db, scope, roundId) is { } ids ? db.Problems.Where(p => ids.Contains(p.InspectionId)) : db.Problems;

    /// <summary>The ids of the inspections in scope and round; null when that is all of them.</summary>
    static IQueryable<int>? Inspections(RectifyDb db, Scope scope, int? roundId)
    {
        if (scope.Organizations is null && roundId is null) return null;
        IQueryable<int>? inScope = null;
        if (scope.Organizations is { } visible)
        {
            // One parameter (a JSON array), not one per organisation: a district's subtree holds
            // thousands. Uncorrelated, so the database reads it once, not once per problem.
            var orgs = visible.ToList();
            inScope = db.InspectionTargets.Where(t => EF.Parameter(orgs).Contains(t.OrganizationId)).Select(t => t.InspectionId);
        }
        if (roundId is not { } r) return inScope;
        // (A new variable: a lambda capturing the one it is assigned to would contain itself.)
        return inScope is null
            ? db.Inspections.Where(i => i.RoundId == r).Select(i => i.Id)
            : db.Inspections.Where(i => i.RoundId == r && inScope.Contains(i.Id)).Select(i => i.Id);
    }

    /// <summary>The ledger of an organisation: problems of inspections whose first target it is.</summary>
    public static IQueryable<Problem> OfOrganization(this IQueryable<Problem> q, RectifyDb db, int organizationId) =>
        q.Where(p => db.InspectionTargets.Where(t => t.OrganizationId == organizationId && t.Ordinal == 1).Select(t => t.InspectionId).Contains(p.InspectionId));

    /// <summary>The ledger of an organisation's subtree (it and every unit below it): the problems its "含下级" figures count.</summary>
    public static async Task<IQueryable<Problem>> OfSubtreeAsync(this IQueryable<Problem> q, RectifyDb db, int organizationId, CancellationToken ct)
    {
        var tree = (await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.ParentId }).ToListAsync(ct)).Select(o => (o.Id, o.ParentId));
        var ids = Scope.Subtree(organizationId, tree).ToList();
        return q.Where(p => db.InspectionTargets.Where(t => EF.Parameter(ids).Contains(t.OrganizationId) && t.Ordinal == 1).Select(t => t.InspectionId).Contains(p.InspectionId));
    }

    public static async Task<OverviewFigures> ComputeAsync(RectifyDb db, Scope scope, DateOnly today, int? roundId, DateOnly? asOf, CancellationToken ct)
    {
        var problems = Problems(db, scope, roundId).AsNoTracking();
        List<Tally> tallies;
        List<TrendPoint> trend;
        if (asOf is { } date)
            (tallies, trend) = await AsOfAsync(db, problems, date, ct);
        else
        {
            tallies = await TalliesAsync(problems, today, await LightThresholds.LoadAsync(db, ct), ct);
            trend = await TrendAsync(problems, today, ct);
        }

        // Names, aspects and the inspection → organisation/round map: small tables, read whole.
        var rounds = await db.Inspections.AsNoTracking().Select(i => new { i.Id, i.RoundId }).ToDictionaryAsync(i => i.Id, i => i.RoundId, ct);
        var owners = await db.InspectionTargets.AsNoTracking().Where(t => t.Ordinal == 1).Select(t => new { t.InspectionId, t.OrganizationId })
            .ToDictionaryAsync(t => t.InspectionId, t => t.OrganizationId, ct);
        var orgs = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name, o.ParentId }).ToListAsync(ct);
        var orgNames = orgs.ToDictionary(o => o.Id, o => o.Name);
        var parents = orgs.ToDictionary(o => o.Id, o => o.ParentId);
        var roundNames = await db.Rounds.AsNoTracking().Select(r => new { r.Id, Name = r.Body + r.Name }).ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var categories = Inspections(db, scope, roundId) is { } ids ? db.Categories.Where(c => ids.Contains(c.InspectionId)) : db.Categories;
        var titles = await categories.AsNoTracking().Select(c => new { c.Id, c.Title }).ToDictionaryAsync(c => c.Id, c => c.Title, ct);
       

        var byCategory = new Dictionary<string, (int Total, int Done)>();
        var byOrg = new Dictionary<int, (List<KeyValuePair<RectificationStatus, int>> Statuses, int Red)>();
        var byRound = new Dictionary<int, (int Total, int Done)>();
        foreach (var t in tallies)
        {
            var title = titles.GetValueOrDefault(t.CategoryId, "?");
            var c = byCategory.GetValueOrDefault(title);
            byCategory[title] = (c.Total + t.Total, c.Done + t.Done);
            if (owners.TryGetValue(t.InspectionId, out var org))
            {
                var o = byOrg.GetValueOrDefault(org, ([], 0));
                o.Statuses.Add(KeyValuePair.Create(t.Status, t.Total));
                byOrg[org] = (o.Statuses, o.Red + t.Red);
            }
            if (rounds.TryGetValue(t.InspectionId, out var round))
            {
                var r = byRound.GetValueOrDefault(round);
                byRound[round] = (r.Total + t.Total, r.Done + t.Done);
            }
        }
       

        return new OverviewFigures
        {
            Today = today,
            AsOf = asOf,
            Buckets = StatusCounts.Of(tallies.Select(t => KeyValuePair.Create(t.Status, t.Total))),
            ByCategory = byCategory.Select(kv => new CategoryRow(kv.Key, kv.Value.Total, kv.Value.Done))
                .OrderByDescending(c => c.Total).ThenBy(c => c.Title, StringComparer.Ordinal).Take(12).ToList(),
            // Laggards first: the lowest completion rate, then the most red; units with problems only below them last.
            Organizations = RollUp(byOrg.ToDictionary(kv => kv.Key, kv => (StatusCounts.Of(kv.Value.Statuses), kv.Value.Red)), parents, orgNames, scope)
                .OrderBy(o => o.Rate ?? 101).ThenByDescending(o => o.Red).ThenByDescending(o => o.SubtreeTotal).ThenBy(o => o.Name, StringComparer.Ordinal).ToList(),
            Rounds = byRound.Select(kv => new RoundRow(kv.Key, roundNames.GetValueOrDefault(kv.Key, "?"), kv.Value.Total, kv.Value.Done)).OrderBy(r => r.Id).ToList(),
            Red = tallies.Sum(t => t.Red),
            Yellow = tallies.Sum(t => t.Yellow),
            ClosuresWaiting = tallies.Sum(t => t.ClosuresWaiting),
            Trend = trend,
        };
    }

    /// <summary>
    /// The unit rows with subtotals along the organisation tree: each unit with problems of its own, and every
    /// unit above it that the viewer sees (a town above its villages, the district above its towns), each with
    /// its own counts and its subtree's, summed from its parts' bucket counts.
    /// </summary>
    public static List<OrganizationRow> RollUp(IReadOnlyDictionary<int, (StatusCounts Own, int Red)> own, IReadOnlyDictionary<int, int?> parents,
        IReadOnlyDictionary<int, string> names, Scope scope)
    {
        var parts = new Dictionary<int, List<(StatusCounts Counts, int Red)>>();
        foreach (var (org, counts) in own)
        {
            // Up the tree as far as the viewer sees (a cycle, impossible through the pages, ends the climb).
            var seen = new HashSet<int>();
            for (int? at = org; at is { } id && seen.Add(id) && (id == org || scope.Sees(id)); at = parents.GetValueOrDefault(id))
            {
                if (!parts.TryGetValue(id, out var list)) parts[id] = list = [];
                list.Add(counts);
            }
        }
        var none = StatusCounts.Of(Array.Empty<RectificationStatus>());
        return parts.Select(kv =>
        {
            var (mine, red) = own.TryGetValue(kv.Key, out var o) ? o : (none, 0);
            var parent = parents.GetValueOrDefault(kv.Key) is { } p && parts.ContainsKey(p) ? p : (int?)null;
            return OrganizationRow.Of(kv.Key, names.GetValueOrDefault(kv.Key, "?"), parent, mine, red,
                StatusCounts.Sum(kv.Value.Select(x => x.Counts)), kv.Value.Sum(x => x.Red));
        }).ToList();
    }

    // The tally of one group; red and yellow are stand-ins for the one light rule as SQL
    // (LightThresholds.Where, each inspection's thresholds), put in place below so the counts and the drill-down lists agree.
    static readonly Expression<Func<IGrouping<TallyKey, Problem>, Func<Problem, bool>, Func<Problem, bool>, Tally>> TallyShape = (g, red, yellow) => new Tally
    {
        InspectionId = g.Key.InspectionId,
        CategoryId = g.Key.CategoryId,
        Status = g.Key.Status,
        Total = g.Count(),
        Red = g.Count(red),
        Yellow = g.Count(yellow),
        ClosuresWaiting = g.Count(p => p.Closure.State == ClosureState.Requested),
    };

    sealed class TallyKey
    {
        public int InspectionId { get; init; }
        public int CategoryId { get; init; }
        public RectificationStatus Status { get; init; }
    }

    /// <summary>Today's counts per status of each aspect of each inspection, in one query.</summary>
    static Task<List<Tally>> TalliesAsync(IQueryable<Problem> problems, DateOnly today, LightThresholds lights, CancellationToken ct)
    {
        var shape = TallyShape;
        var body = new Substitute(new()
        {
            [shape.Parameters[1]] = lights.Where(WarningLight.Red, today),
            [shape.Parameters[2]] = lights.Where(WarningLight.Yellow, today),
        }).Visit(shape.Body);
        var select = Expression.Lambda<Func<IGrouping<TallyKey, Problem>, Tally>>(body, shape.Parameters[0]);
        // Grouping by inspection, aspect and status follows the index order: no sort.
        return problems.GroupBy(p => new TallyKey { InspectionId = p.InspectionId, CategoryId = p.CategoryId, Status = p.Status }).Select(select).ToListAsync(ct);
    }

    sealed class Substitute(Dictionary<ParameterExpression, Expression> map) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => map.GetValueOrDefault(node) ?? node;
    }

    /// <summary>
    /// Problems completed by the end of each of the last 12 months: today's completed problems
    /// by the day they became completed (a problem reopened since leaves the trend until it is
    /// completed again). The last point is today's completed count.
    /// </summary>
    static async Task<List<TrendPoint>> TrendAsync(IQueryable<Problem> problems, DateOnly today, CancellationToken ct)
    {
        var first = YearMonth.Of(today).AddMonths(-11);
        var days = await problems.Where(p => p.CompletedOn != null).GroupBy(p => p.CompletedOn)
            .Select(g => new { Day = g.Key!.Value, Count = g.Count() }).ToListAsync(ct);
        var points = new List<TrendPoint>();
        for (var m = first; m <= YearMonth.Of(today); m = m.AddMonths(1))
            points.Add(new TrendPoint(m.ToString(), days.Where(d => d.Day <= m.LastDay).Sum(d => d.Count)));
        return points;
    }

    /// <summary>A problem on a past date: where it belongs, its state then (from the history) and its light on that date.</summary>
    public sealed record ProblemThen(int Id, int InspectionId, int CategoryId, int Ordinal, LedgerAsOf.ProblemState State, WarningLight Light);

    /// <summary>The problems of a query as they are now and the history of the fields their state is made of.</summary>
    public sealed class History
    {
        internal List<(LedgerAsOf.ProblemState Now, DateTimeOffset ExistsFrom, int InspectionId, int CategoryId, int Ordinal)> Problems { get; init; } = [];
        internal List<FieldChange> Changes { get; init; } = [];
        /// <summary>The light's thresholds of each inspection, from their one loader.</summary>
        internal LightThresholds Lights { get; init; } = null!;
    }

    public static async Task<History> ReadHistoryAsync(RectifyDb db, IQueryable<Problem> problems, CancellationToken ct)
    {
        // SQLite cannot compare DateTimeOffset in SQL: the problems and their changes are read
        // whole (only the columns needed) and the dates compared here.
        var now = await problems.Select(p => new { p.Id, p.InspectionId, p.CategoryId, p.Ordinal, p.CreatedAt, p.Status, p.Deadline, p.ExpectedCompletion, p.Closure.State }).ToListAsync(ct);
        var ids = problems.Select(p => p.Id);
        var fields = LedgerAsOf.Fields;
        var changes = await db.ProblemChanges.AsNoTracking().Where(c => fields.Contains(c.Field) && ids.Contains(c.ProblemId))
            .Select(c => new { c.ProblemId, c.At, c.Field, c.Before }).ToListAsync(ct);

        return new History
        {
            Problems = now.Select(p => (new LedgerAsOf.ProblemState(p.Id, p.Status, p.Deadline, p.ExpectedCompletion, p.State), p.CreatedAt, p.InspectionId, p.CategoryId, p.Ordinal)).ToList(),
            Changes = changes.Select(c => new FieldChange(c.ProblemId, c.At, c.Field, c.Before, null)).ToList(),
            Lights = await LightThresholds.LoadAsync(db, ct),
        };
    }

    /// <summary>
    /// The problems that existed at the end of the office's day <paramref name="date"/> (or at
    /// <paramref name="instant"/> when given), in the state they were in then, each with the light
    /// of the one light rule (<see cref="Warnings.Light"/>) on that date.
    /// </summary>
    public static List<ProblemThen> At(History h, OfficeClock office, DateOnly date, DateTimeOffset? instant = null)
    {
        var where = h.Problems.ToDictionary(p => p.Now.ProblemId);
        var then = LedgerAsOf.Rebuild(h.Problems.Select(p => (p.Now, p.ExistsFrom)), h.Changes, instant ?? office.EndOf(date));
        return then.Select(s =>
        {
            var p = where[s.ProblemId];
            var light = h.Lights.Light(p.InspectionId, s.Deadline, s.Expected, s.Status, s.Closure, date);
            return new ProblemThen(s.ProblemId, p.InspectionId, p.CategoryId, p.Ordinal, s, light);
        }).ToList();
    }

    /// <summary>
    /// The ledger on a past date, rebuilt from the history: the tallies (lights and closures
    /// waiting as they were on that date) and the trend up to that date.
    /// </summary>
    static async Task<(List<Tally>, List<TrendPoint>)> AsOfAsync(RectifyDb db, IQueryable<Problem> problems, DateOnly date, CancellationToken ct)
    {
        var office = db.Office;
        var history = await ReadHistoryAsync(db, problems, ct);
        var then = At(history, office, date);

        // Keyed by status too: the buckets are folded from statuses by StatusCounts, as for today.
        var tallies = new Dictionary<(int, int, RectificationStatus), Tally>();
        foreach (var p in then)
        {
            var key = (p.InspectionId, p.CategoryId, p.State.Status);
            var t = tallies.GetValueOrDefault(key) ?? new Tally { InspectionId = p.InspectionId, CategoryId = p.CategoryId, Status = p.State.Status };
            tallies[key] = new Tally
            {
                InspectionId = p.InspectionId, CategoryId = p.CategoryId, Status = p.State.Status,
                Total = t.Total + 1,
                Red = t.Red + (p.Light == WarningLight.Red ? 1 : 0),
                Yellow = t.Yellow + (p.Light == WarningLight.Yellow ? 1 : 0),
                ClosuresWaiting = t.ClosuresWaiting + (p.State.Closure == ClosureState.Requested ? 1 : 0),
            };
        }

        // The trend's points at the end of each month, the last at the end of the chosen day.
        var months = TrendMonths(date);
        var instants = months.Select(m => TrendInstant(office, m, date)).ToList();
        var statuses = LedgerAsOf.StatusesAt(history.Problems.Select(p => (p.Now.ProblemId, p.ExistsFrom, p.Now.Status)).ToList(),
            history.Changes.Where(c => c.Field == "Status").Select(c => (c.ProblemId, c.At, c.Before)), instants);
        var trend = months.Select((m, i) => new TrendPoint(m.ToString(), statuses[i].Count(s => s is { } x && x.IsCompleted()))).ToList();
        return (tallies.Values.ToList(), trend);
    }

    /// <summary>The twelve months of the trend of a past date, the last the date's own.</summary>
    static List<YearMonth> TrendMonths(DateOnly date) => Enumerable.Range(0, 12).Select(i => YearMonth.Of(date).AddMonths(i - 11)).ToList();

    /// <summary>The instant a point of a past date's trend counts at: the end of its month, or of the date in the date's own month.</summary>
    public static DateTimeOffset TrendInstant(OfficeClock office, YearMonth month, DateOnly asOf) =>
        month >= YearMonth.Of(asOf) ? office.EndOf(asOf) : office.EndOf(month.LastDay);
}
