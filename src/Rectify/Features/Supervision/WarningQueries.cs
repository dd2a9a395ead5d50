using System.Linq.Expressions;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;

namespace Rectify.Features.Supervision;

/// <summary>
/// The light as a database filter, for `?warning=` on lists. It gives the same answer as
/// <see cref="Warnings.For(Problem, DateOnly, DeadlineSettings)"/> but compares plain columns
/// (the deadline, and the "YYYY-MM" text of the expected month), so SQLite and PostgreSQL both translate it.
/// </summary>
public static class WarningQueries
{
    public static IQueryable<Problem> WhereLight(this IQueryable<Problem> q, WarningLight light, DateOnly today, DeadlineSettings s) =>
        q.Where(Light(light, today, s));

    /// <summary>The same rule as a predicate, for counting inside a GROUP BY (the overview's tallies).</summary>
    public static Expression<Func<Problem, bool>> Light(WarningLight light, DateOnly today, DeadlineSettings s)
    {
        var yellowEnd = today.AddDays(s.YellowDays);
        var greenEnd = today.AddDays(s.GreenDays);
        var thisMonth = YearMonth.Of(today);
        // The last month whose last day falls on or before the limit.
        var yellowMonth = LastMonthEndingBy(yellowEnd);
        var greenMonth = LastMonthEndingBy(greenEnd);
        // Open: neither completed nor closed. The dates written as "deadline if set, else expected
        // month" (a CASE in SQL) rather than an OR of the two: SQLite answers an OR of indexed
        // columns by merging two index scans over the whole district, where the CASE lets it seek
        // the inspections in scope first (or walk the deadline index in order), several times
        // faster at 100,000 problems (bench/Rectify.Benchmarks/LEDGER-LIST.md).
        return light switch
        {
            WarningLight.Red => p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained
                && p.Closure.State != ClosureState.Approved
                && (p.Deadline != null
                    ? p.Deadline < today
                    : p.ExpectedCompletion != null && p.ExpectedCompletion < thisMonth),
            WarningLight.Yellow => p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained
                && p.Closure.State != ClosureState.Approved
                && (p.Deadline != null
                    ? p.Deadline >= today && p.Deadline <= yellowEnd
                    : p.ExpectedCompletion != null && p.ExpectedCompletion >= thisMonth && p.ExpectedCompletion <= yellowMonth),
            WarningLight.Green => p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained
                && p.Closure.State != ClosureState.Approved
                && (p.Deadline != null
                    ? p.Deadline > yellowEnd && p.Deadline <= greenEnd
                    : p.ExpectedCompletion != null && p.ExpectedCompletion > yellowMonth && p.ExpectedCompletion <= greenMonth),
            _ => p => p.Status == RectificationStatus.Completed || p.Status == RectificationStatus.CompletedSustained
                || p.Closure.State == ClosureState.Approved
                || (p.Deadline == null && p.ExpectedCompletion == null)
                || (p.Deadline != null && p.Deadline > greenEnd)
                || (p.Deadline == null && p.ExpectedCompletion > greenMonth),
        };
    }

    static YearMonth LastMonthEndingBy(DateOnly limit)
    {
        var m = YearMonth.Of(limit);
        return limit == m.LastDay ? m : m.AddMonths(-1);
    }
}
