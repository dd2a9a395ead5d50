using Rectify.Core.Domain;

namespace Rectify.Core.Overview;

/// <summary>A recorded change of one field of one problem (the problem's history).</summary>
public sealed record FieldChange(int ProblemId, DateTimeOffset At, string Field, string? Before, string? After);

/// <summary>
/// The state of a ledger on a past date ("截至X月X日"), rebuilt from the history: a problem's
/// value on that date is the "before" of its first change after the date, else its value now.
/// A problem exists from its <c>ExistsFrom</c> (the moment it was recorded; for an imported ledger
/// the feedback date); before that it did not exist. An imported notice's statuses are in the
/// history as changes dated by the notice (<see cref="Interchange.ImportedDates"/>), so they hold
/// from the notice's date, not from the import.
/// </summary>
public static class LedgerAsOf
{
    /// <summary>What the light and the counts of a problem depend on, at one instant.</summary>
    public sealed record ProblemState(int ProblemId, RectificationStatus Status, DateOnly? Deadline, YearMonth? Expected, ClosureState Closure)
    {
        /// <summary>As <see cref="Problem.DueDate"/>: the deadline, else the end of the expected month.</summary>
        public DateOnly? DueDate => Deadline ?? Expected?.LastDay;
        /// <summary>The one "done" rule of the lights: completed or closed.</summary>
        public bool Done => Supervision.Warnings.IsDone(Status, Closure);
    }

    /// <summary>The fields of the history <see cref="Rebuild"/> reads (the names the store writes).</summary>
    public static readonly string[] Fields = ["Status", "Deadline", "ExpectedCompletion", "Closure.State"];

    public static List<ProblemState> Rebuild(IEnumerable<(ProblemState Now, DateTimeOffset ExistsFrom)> now, IEnumerable<FieldChange> history, DateTimeOffset asOf)
    {
        var later = history.Where(h => h.At > asOf)
            .GroupBy(h => (h.ProblemId, h.Field))
            .ToDictionary(g => g.Key, g => g.OrderBy(h => h.At).First().Before);
        var result = new List<ProblemState>();
        foreach (var (p, existsFrom) in now)
        {
            if (existsFrom > asOf) continue;
            bool Then(string field, out string? before) => later.TryGetValue((p.ProblemId, field), out before);
            result.Add(p with
            {
                Status = Then("Status", out var s) && s is not null ? Statuses.ParseCode(s) : p.Status,
                Deadline = Then("Deadline", out var d) ? (d is null ? null : DateOnly.ParseExact(d, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) : p.Deadline,
                Expected = Then("ExpectedCompletion", out var e) ? (YearMonth.TryParse(e, out var m) ? m : null) : p.Expected,
                Closure = Then("Closure.State", out var c) ? (Enum.TryParse<ClosureState>(c, out var cs) ? cs : ClosureState.None) : p.Closure,
            });
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
