using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>回头看: re-checks of completed and long-term problems, confirming the fix or reopening it.</summary>
public static class LookBack
{
    /// <summary>Problems worth a re-check: completed ones and long-term ones.</summary>
    public static bool IsCandidate(Problem p) => p.Status.IsCompleted() || p.Kind == RectificationKind.LongTerm;

    public static Review Schedule(Problem p, DateOnly on, DateOnly today)
    {
        if (!IsCandidate(p)) throw new DomainException($"回头看针对已完成整改或长期坚持的问题，问题{p.Ordinal}当前为“{p.Status.Chinese()}”");
        if (on < today) throw new DomainException($"回头看日期 {on:yyyy-MM-dd} 早于今天");
        if (p.Reviews.Any(r => r.Result == ReviewResult.Scheduled)) throw new DomainException($"问题{p.Ordinal}已安排回头看，尚未完成");
        var r = new Review { ProblemId = p.Id, ScheduledOn = on, Result = ReviewResult.Scheduled };
        p.Reviews.Add(r);
        return r;
    }

    /// <summary>The fix held.</summary>
    public static void Confirm(Review r, string by, DateOnly today, string? note)
    {
        EnsureOpen(r);
        r.Result = ReviewResult.Confirmed;
        r.DoneOn = today;
        r.ReviewedBy = by;
        r.Reason = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
    }

    // The fix did not hold: Problem.ReopenByLookBack, the one path that reopens a problem.

    static void EnsureOpen(Review r)
    {
        if (r.Result != ReviewResult.Scheduled) throw new DomainException("该回头看已经完成");
    }
}
