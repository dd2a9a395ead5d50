using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Excel;

/// <summary>
/// Which columns of a sheet row differ from the problem as the ledger has it. Both sides are compared as the
/// sheet shows them (each cell's text through <see cref="LedgerCellText"/>), so that what one cell cannot tell
/// apart (an empty list and none, a status's written form) is no change. 销号情况 and 佐证材料 are only for
/// reference and never compared: an import does not change them.
/// </summary>
public static class LedgerComparison
{
    public static IReadOnlyList<LedgerColumn> Changes(string categoryBefore, ProblemItem before, string categoryAfter, ProblemItem after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var changes = new List<LedgerColumn>();
        void Check(LedgerColumn column, bool same) { if (!same) changes.Add(column); }

        Check(LedgerColumn.Category, categoryBefore.Trim() == categoryAfter.Trim());
        Check(LedgerColumn.Description, LedgerCellText.Description(before.Title, before.Detail, before.Items) == LedgerCellText.Description(after.Title, after.Detail, after.Items));
        Check(LedgerColumn.Goal, Text(before.Goal) == Text(after.Goal));
        Check(LedgerColumn.Measures, LedgerCellText.Measures(before.Measures, before.MeasureDetails) == LedgerCellText.Measures(after.Measures, after.MeasureDetails));
        Check(LedgerColumn.Leader, Text(before.ResponsibleLeader) == Text(after.ResponsibleLeader));
        Check(LedgerColumn.Department, Text(before.ResponsibleDepartment) == Text(after.ResponsibleDepartment));
        Check(LedgerColumn.Person, Text(before.ResponsiblePerson) == Text(after.ResponsiblePerson));
        Check(LedgerColumn.Deadline, before.Deadline == after.Deadline);
        Check(LedgerColumn.Kind, RectificationKinds.FromText(before.Kind) == RectificationKinds.FromText(after.Kind));
        Check(LedgerColumn.Progress, Text(before.Progress) == Text(after.Progress));
        // The status is its code: the counts are made of it; the words it is written in are not a change.
        Check(LedgerColumn.Status, Statuses.ParseCode(before.Status) == Statuses.ParseCode(after.Status) && Text(before.NotFeasibleReason) == Text(after.NotFeasibleReason));
        Check(LedgerColumn.Expected, before.ExpectedCompletion == after.ExpectedCompletion);
        Check(LedgerColumn.Remarks, Text(before.Remarks) == Text(after.Remarks));
        Check(LedgerColumn.AmountInvolved, before.AmountInvolved == after.AmountInvolved);
        Check(LedgerColumn.AmountRectified, before.AmountRectified == after.AmountRectified);
        return changes;
    }

    /// <summary>Blank is absent; a line break typed in Excel is "\n".</summary>
    static string Text(string? s) => string.IsNullOrWhiteSpace(s) ? "" : s.Replace("\r\n", "\n").Trim();
}
