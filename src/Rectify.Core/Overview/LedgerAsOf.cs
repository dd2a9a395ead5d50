using Rectify.Core.Domain;

namespace Rectify.Core.Overview;

/// <summary>A recorded change of one field of one problem (the problem's history).</summary>
public sealed record FieldChange(int ProblemId, DateTimeOffset At, string Field, string? Before, string? After);

/// <summary>
/// The state of a ledger on a past date ("截至X月X日"), rebuilt from the history: a problem's
/// value on that date is the "before" of its first change after the date, else its value now.
/// Problems created after the date did not exist then.
/// </summary>
public static class LedgerAsOf
{
    public sealed record ProblemState(int ProblemId, RectificationStatus Status, bool Closed);

    public static List<ProblemState> Rebuild(
        IEnumerable<(int ProblemId, DateTimeOffset CreatedAt, RectificationStatus Status, bool Closed)> now,
        IEnumerable<FieldChange> history, DateTimeOffset asOf)
    {
        var later = history.Where(h => h.At > asOf)
            .GroupBy(h => (h.ProblemId, h.Field))
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.At).First().Before);
        var result = new List<ProblemState>();
        foreach (var p in now)
        {
            if (p.CreatedAt > asOf) continue;
            var status = later.TryGetValue((p.ProblemId, "Status"), out var s) && s is not null ? Statuses.ParseCode(s) : p.Status;
            var closed = later.TryGetValue((p.ProblemId, "Closure.State"), out var c) ? c == nameof(ClosureState.Approved) : p.Closed;
            result.Add(new ProblemState(p.ProblemId, status, closed));
        }
        return result;
    }
}
