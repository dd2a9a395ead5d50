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
    public static IQueryable<Problem> WhereLight(this IQueryable<Problem> q, WarningLight light, DateOnly today, DeadlineSettings s)
    {
        var yellowEnd = today.AddDays(s.YellowDays);
        var greenEnd = today.AddDays(s.GreenDays);
        var thisMonth = YearMonth.Of(today);
        // The last month whose last day falls on or before the limit.
        var yellowMonth = LastMonthEndingBy(yellowEnd);
        var greenMonth = LastMonthEndingBy(greenEnd);
        var open = q.Where(p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained
                                && p.Closure.State != ClosureState.Approved);
        // Written as "deadline if set, else expected month" (a CASE in SQL) rather than an OR of the
        // two: SQLite answers an OR of indexed columns by merging two index scans over the whole
        // district, where the CASE lets it seek the inspections in scope first (or walk the
        // deadline index in order), several times faster at 100,000 problems.
        return light switch
        {
            WarningLight.Red => open.Where(p => p.Deadline != null
                ? p.Deadline < today
                : p.ExpectedCompletion != null && p.ExpectedCompletion < thisMonth),
            WarningLight.Yellow => open.Where(p => p.Deadline != null
                ? p.Deadline >= today && p.Deadline <= yellowEnd
                : p.ExpectedCompletion != null && p.ExpectedCompletion >= thisMonth && p.ExpectedCompletion <= yellowMonth),
            WarningLight.Green => open.Where(p => p.Deadline != null
                ? p.Deadline > yellowEnd && p.Deadline <= greenEnd
                : p.ExpectedCompletion != null && p.ExpectedCompletion > yellowMonth && p.ExpectedCompletion <= greenMonth),
            _ => q.Where(p => p.Status == RectificationStatus.Completed || p.Status == RectificationStatus.CompletedSustained
                || p.Closure.State == ClosureState.Approved
                || (p.Deadline == null && p.ExpectedCompletion == null)
                || (p.Deadline != null && p.Deadline > greenEnd)
                || (p.Deadline == null && p.ExpectedCompletion > greenMonth)),
        };
    }

    static YearMonth LastMonthEndingBy(DateOnly limit)
    {
        var m = YearMonth.Of(limit);
        return limit == m.LastDay ? m : m.AddMonths(-1);
    }
}
