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

    /// <summary>
    /// How many problems existed and were completed at each of the given instants (the trend of
    /// a past date), by the same rule as <see cref="Rebuild"/>. <paramref name="statusHistory"/>
    /// holds the changes of the field "Status"; other fields are ignored.
    /// </summary>
    public static int[] CompletedCounts(
        IEnumerable<(int ProblemId, DateTimeOffset CreatedAt, RectificationStatus Status)> now,
        IEnumerable<FieldChange> statusHistory, IReadOnlyList<DateTimeOffset> at)
    {
        var changes = statusHistory.Where(h => h.Field == "Status").ToLookup(h => h.ProblemId);
        var counts = new int[at.Count];
        foreach (var p in now)
        {
            var mine = changes[p.ProblemId].OrderBy(h => h.At).ToList();
            for (var i = 0; i < at.Count; i++)
            {
                if (p.CreatedAt > at[i]) continue;
                var next = mine.FirstOrDefault(h => h.At > at[i]);
                var status = next is { Before: { } before } ? Statuses.ParseCode(before) : p.Status;
                if (status.IsCompleted()) counts[i]++;
            }
        }
        return counts;
    }
}
