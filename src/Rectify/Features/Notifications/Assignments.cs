using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>
/// Who answers for a problem: the accounts linked as its 责任领导, 责任人 and measures' owners (<see cref="Problems.PeopleLinks"/>),
/// and its 责任部门 when that is a unit of the tree (<see cref="Problems.Departments"/>).
/// </summary>
public sealed record Responsibility(IReadOnlySet<string> Accounts, int? Department)
{
    public static readonly Responsibility Nobody = new(new HashSet<string>(), null);

    public static Responsibility Of(Problem p, int? department) =>
        new(new[] { p.ResponsibleLeaderId, p.ResponsiblePersonId }.Concat(p.Measures.Select(m => m.OwnerId)).OfType<string>().ToHashSet(StringComparer.Ordinal), department);

    public bool Same(Responsibility other) => Department == other.Department && Accounts.SetEquals(other.Accounts);
}

/// <summary>
/// A problem whose responsibility changed in an action: as it was before it, and as it is after; <see cref="Why"/> says what
/// happened when it was not a change of names (a measure deleted), and is told to those who no longer answer for it instead of who took over.
/// </summary>
public sealed record Reassignment(Problem Problem, Responsibility Before, Responsibility After, string? Why = null);

/// <summary>
/// The one path of 分派 and 改派 (issue 18 item 4): every action that sets or changes who answers for problems (an edit of
/// the problem, a measure added, edited or deleted, a claim, a ledger imported or merged, a name linked or a department chosen on
/// /admin/people) notes here what each problem's responsibility was and is, and then tells it once
/// (<see cref="Events.AssignedAsync"/>): each account hears once per action, however many problems it gained or lost,
/// so an import of 50 problems for one person gives that person one entry and one e-mail.
/// </summary>
public sealed class Assignments
{
    readonly List<Reassignment> _changes = [];

    public IReadOnlyList<Reassignment> Changes => _changes;

    /// <summary>Notes a problem's change; several changes of one problem in one action count as one, from the first before to the last after.</summary>
    public void Note(Problem p, Responsibility before, Responsibility after, string? why = null)
    {
        var i = _changes.FindIndex(c => ReferenceEquals(c.Problem, p) || (p.Id != 0 && c.Problem.Id == p.Id));
        if (i >= 0) before = _changes[i].Before;
        if (i >= 0) _changes.RemoveAt(i);
        if (!before.Same(after)) _changes.Add(new Reassignment(p, before, after, why));
    }

    /// <summary>Takes the changes of another action part that was saved (a ledger row committed).</summary>
    public void Add(Assignments saved)
    {
        foreach (var c in saved._changes) Note(c.Problem, c.Before, c.After, c.Why);
    }

    /// <summary>Tells the accounts concerned (into the context, saved with the caller's next save); returns how many accounts were told.</summary>
    public async Task<int> TellAsync(RectifyDb db, string? actorId, CancellationToken ct)
    {
        if (_changes.Count == 0) return 0;
        var told = await Events.AssignedAsync(db, _changes, actorId, ct);
        _changes.Clear();
        return told;
    }
}
