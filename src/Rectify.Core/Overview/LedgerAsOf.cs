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
    /// Each problem's status at each of the given instants (ascending), by the same rule as
    /// <see cref="Rebuild"/>: null where the problem did not exist yet. One pass over the history,
    /// for the dashboard of a past date and its trend (a district holds ~10⁵ problems and changes).
    /// </summary>
    public static RectificationStatus?[][] StatusesAt(
        IReadOnlyList<(int ProblemId, DateTimeOffset CreatedAt, RectificationStatus Status)> now,
        IEnumerable<(int ProblemId, DateTimeOffset At, string? Before)> statusHistory, IReadOnlyList<DateTimeOffset> instants)
    {
        var changes = new Dictionary<int, List<(DateTimeOffset At, RectificationStatus? Before)>>();
        foreach (var (id, at, before) in statusHistory)
        {
            if (!changes.TryGetValue(id, out var list)) changes[id] = list = [];
            list.Add((at, before is null ? null : Statuses.ParseCode(before)));
        }
        foreach (var list in changes.Values) list.Sort((x, y) => x.At.CompareTo(y.At));
        var result = new RectificationStatus?[instants.Count][];
        for (var i = 0; i < instants.Count; i++) result[i] = new RectificationStatus?[now.Count];
        for (var k = 0; k < now.Count; k++)
        {
            var p = now[k];
            var mine = changes.GetValueOrDefault(p.ProblemId);
            var next = 0; // the first change after the instant; instants ascend, so it only moves on
            for (var i = 0; i < instants.Count; i++)
            {
                if (p.CreatedAt > instants[i]) continue;
                while (mine is not null && next < mine.Count && mine[next].At <= instants[i]) next++;
                result[i][k] = mine is not null && next < mine.Count && mine[next].Before is { } before ? before : p.Status;
            }
        }
        return result;
    }
}
