using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;

namespace Rectify.Features.Supervision;

/// <summary>
/// The light thresholds in force for a set of inspections (each inspection's round settings: GreenDays,
/// YellowDays), read once per request. Rows ask <see cref="Light"/>, which is <see cref="Warnings.Light"/>
/// with the row's own thresholds; database filters ask <see cref="Where"/>, the same rule as SQL.
/// </summary>
public sealed class LightThresholds
{
    /// <summary>The thresholds most inspections use: every inspection not listed in <see cref="others"/>.</summary>
    readonly DeadlineSettings commonest;
    /// <summary>The inspections whose thresholds differ from the commonest (usually none or a few).</summary>
    readonly Dictionary<int, DeadlineSettings> others;
    /// <summary>The distinct thresholds and the inspections that use each; the commonest first (its inspections are "all others").</summary>
    readonly List<(DeadlineSettings Settings, int[] Inspections)> groups;

    LightThresholds(DeadlineSettings commonest, Dictionary<int, DeadlineSettings> others)
    {
        this.commonest = commonest;
        this.others = others;
        groups = [(commonest, []), .. others.GroupBy(kv => (kv.Value.GreenDays, kv.Value.YellowDays))
            .OrderByDescending(g => g.Count())
            .Select(g => (g.First().Value, g.Select(kv => kv.Key).Order().ToArray()))];
    }

    /// <summary>The thresholds of every inspection, or of one (a ledger page): the one loader of them.</summary>
    /// <remarks>
    /// Counted by the database, one row per distinct pair of thresholds, instead of one row per
    /// inspection: the ledger list asks on every request, and a province has 30,000 inspections.
    /// Only the inspections that differ from the commonest pair are read one by one.
    /// </remarks>
    public static async Task<LightThresholds> LoadAsync(RectifyDb db, CancellationToken ct, int? inspectionId = null)
    {
        var q = db.Inspections.AsNoTracking();
        if (inspectionId is { } id) q = q.Where(i => i.Id == id);
        // The round's, with the inspection's own where it has them (the rule of DeadlineSettings.WithLights, in SQL).
        var inForce = q.Select(i => new { i.Id, Green = i.GreenDays ?? i.Round!.Deadlines.GreenDays, Yellow = i.YellowDays ?? i.Round!.Deadlines.YellowDays });
        var pairs = await inForce.GroupBy(i => new { i.Green, i.Yellow }).Select(g => new { g.Key.Green, g.Key.Yellow, Count = g.Count() }).ToListAsync(ct);
        var top = pairs.OrderByDescending(p => p.Count).ThenBy(p => p.Green).ThenBy(p => p.Yellow).FirstOrDefault();
        var commonest = top is null ? new DeadlineSettings() : new DeadlineSettings().WithLights(top.Green, top.Yellow);
        var others = pairs.Count <= 1 ? [] : (await inForce.Where(i => i.Green != top!.Green || i.Yellow != top.Yellow).ToListAsync(ct))
            .ToDictionary(i => i.Id, i => new DeadlineSettings().WithLights(i.Green, i.Yellow));
        return new(commonest, others);
    }

    /// <summary>The thresholds of one inspection.</summary>
    public DeadlineSettings Of(int inspectionId) => others.GetValueOrDefault(inspectionId) ?? commonest;

    /// <summary>A problem's light by the one rule and its inspection's thresholds.</summary>
    public WarningLight Light(int inspectionId, DateOnly? deadline, YearMonth? expected, RectificationStatus status, ClosureState closure, DateOnly today) =>
        Warnings.For(deadline, expected, status, closure, today, Of(inspectionId));

    /// <summary>The same light as a page shows it: in words, with the rule of the inspection's thresholds as its tooltip.</summary>
    public LightBadge Badge(int inspectionId, DateOnly? deadline, YearMonth? expected, RectificationStatus status, ClosureState closure, DateOnly today) =>
        LightBadge.Of(Light(inspectionId, deadline, expected, status, closure, today), deadline ?? expected?.LastDay, today, Of(inspectionId));

    /// <summary>
    /// The problems with this light, as SQL. With one setting everywhere (the usual case) it is a plain
    /// comparison of columns; otherwise each group of inspections gets its own, by inspection id.
    /// </summary>
    public Expression<Func<Problem, bool>> Where(WarningLight light, DateOnly today)
    {
        if (groups.Count <= 1) return WarningQueries.Light(light, today, commonest);
        var p = Expression.Parameter(typeof(Problem), "p");
        var inspection = Expression.Property(p, nameof(Problem.InspectionId));
        Expression? body = null;
        for (var k = 0; k < groups.Count; k++)
        {
            var rule = WarningQueries.Light(light, today, groups[k].Settings);
            var test = new Rebind(rule.Parameters[0], p).Visit(rule.Body);
            // The commonest settings take every inspection the others do not (so a problem of an
            // inspection created since is judged by them too); the others list their inspections.
            Expression member = k == 0
                ? Expression.Not(Contains(groups.Skip(1).SelectMany(g => g.Inspections).ToArray(), inspection))
                : Contains(groups[k].Inspections, inspection);
            var part = Expression.AndAlso(member, test);
            body = body is null ? part : Expression.OrElse(body, part);
        }
        return Expression.Lambda<Func<Problem, bool>>(body!, p);
    }

    // A constant array: written into the SQL as IN (…), the ids of the few inspections with their own settings.
    static MethodCallExpression Contains(int[] ids, Expression value) =>
        Expression.Call(typeof(Enumerable), nameof(Enumerable.Contains), [typeof(int)], Expression.Constant(ids), value);

    sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>
/// The light rule as a database filter, for `?warning=` on lists and the overview's counts. It is
/// <see cref="Warnings.Light"/> rewritten over plain columns (the deadline, and the "YYYY-MM" text of
/// the expected month), so SQLite and PostgreSQL both translate it: "left ≤ YellowDays" becomes "due ≤
/// today + YellowDays", and for an expected month (due at its last day) "month ≤ the last month that
/// ends by today + YellowDays". Done is <see cref="Warnings.IsDone(RectificationStatus, ClosureState)"/>
/// over <see cref="Statuses.Done"/>. WarningRuleTests checks the two give the same answer at every edge.
/// </summary>
public static class WarningQueries
{
    public static IQueryable<Problem> WhereLight(this IQueryable<Problem> q, WarningLight light, DateOnly today, LightThresholds thresholds) =>
        q.Where(thresholds.Where(light, today));

    /// <summary>Done in SQL, from the one status table: "Status IN (done statuses) OR closure approved".</summary>
    public static Expression<Func<Problem, bool>> Done() => DoneOrOpen(done: true);

    /// <summary>Not done, written as "Status &lt;&gt; each done status AND closure not approved" (what the indexes serve).</summary>
    public static Expression<Func<Problem, bool>> Open() => DoneOrOpen(done: false);

    static Expression<Func<Problem, bool>> DoneOrOpen(bool done)
    {
        var p = Expression.Parameter(typeof(Problem), "p");
        var status = Expression.Property(p, nameof(Problem.Status));
        var closure = Expression.Property(Expression.Property(p, nameof(Problem.Closure)), nameof(Closure.State));
        Expression Compare(Expression left, object value) =>
            done ? Expression.Equal(left, Expression.Constant(value)) : Expression.NotEqual(left, Expression.Constant(value));
        var body = Compare(closure, ClosureState.Approved);
        foreach (var s in Statuses.Done.Reverse())
            body = done ? Expression.OrElse(Compare(status, s), body) : Expression.AndAlso(Compare(status, s), body);
        return Expression.Lambda<Func<Problem, bool>>(body, p);
    }

    /// <summary>The rule with one setting, as a predicate (also for counting inside a GROUP BY: the overview's tallies).</summary>
    public static Expression<Func<Problem, bool>> Light(WarningLight light, DateOnly today, DeadlineSettings s)
    {
        var yellowEnd = today.AddDays(s.YellowDays);
        var greenEnd = today.AddDays(s.GreenDays);
        var thisMonth = YearMonth.Of(today);
        // The last month whose last day falls on or before the limit.
        var yellowMonth = LastMonthEndingBy(yellowEnd);
        var greenMonth = LastMonthEndingBy(greenEnd);
        // The dates written as "deadline if set, else expected month" (a CASE in SQL) rather than an OR
        // of the two: SQLite answers an OR of indexed columns by merging two index scans over the whole
        // district, where the CASE lets it seek the inspections in scope first (or walk the deadline
        // index in order), several times faster at 100,000 problems (bench/Rectify.Benchmarks/LEDGER-LIST.md).
        Expression<Func<Problem, bool>> due = light switch
        {
            WarningLight.Red => p => p.Deadline != null
                ? p.Deadline < today
                : p.ExpectedCompletion != null && p.ExpectedCompletion < thisMonth,
            WarningLight.Yellow => p => p.Deadline != null
                ? p.Deadline >= today && p.Deadline <= yellowEnd
                : p.ExpectedCompletion != null && p.ExpectedCompletion >= thisMonth && p.ExpectedCompletion <= yellowMonth,
            WarningLight.Green => p => p.Deadline != null
                ? p.Deadline > yellowEnd && p.Deadline <= greenEnd
                : p.ExpectedCompletion != null && p.ExpectedCompletion > yellowMonth && p.ExpectedCompletion <= greenMonth,
            _ => p => (p.Deadline == null && p.ExpectedCompletion == null)
                || (p.Deadline != null && p.Deadline > greenEnd)
                || (p.Deadline == null && p.ExpectedCompletion > greenMonth),
        };
        var q = due.Parameters[0];
        // Open and due so (lit), or, for "no light", done or not due soon.
        var state = light == WarningLight.None ? Done() : Open();
        var test = new Rebind(state.Parameters[0], q).Visit(state.Body);
        var body = light == WarningLight.None ? Expression.OrElse(test, due.Body) : Expression.AndAlso(test, due.Body);
        return Expression.Lambda<Func<Problem, bool>>(body, q);
    }

    static YearMonth LastMonthEndingBy(DateOnly limit)
    {
        var m = YearMonth.Of(limit);
        return limit == m.LastDay ? m : m.AddMonths(-1);
    }

    sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
