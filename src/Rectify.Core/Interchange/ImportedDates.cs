using Rectify.Core.Domain;
using Rectify.Core.Import;

namespace Rectify.Core.Interchange;

/// <summary>
/// When the facts of an imported ledger held, as the document says (never the moment of the
/// import): its problems exist from the feedback date, and the status of each holds from the day
/// the document dates it. The ledger keeps these as the problem's start and as a status change in
/// its history, so the overview of a past date and the completion trend follow the notice.
/// </summary>
public static class ImportedDates
{
    /// <summary>The day the problems existed from: the (first day of the) feedback date; null when not given.</summary>
    public static DateOnly? ExistsFrom(LedgerDocument doc) => doc.Inspection.FeedbackDate?.Start;

    /// <summary>
    /// The day a problem's stated status held from: for a completed one, a completion date its
    /// status text states ("已于2023年6月完成整改": the last day it can mean, 2023-06-30), when it
    /// falls on or before the notice's date; otherwise the notice's date. Null without a notice date.
    /// </summary>
    public static DateOnly? StatusFrom(ProblemItem p, DateOnly? noticeDate)
    {
        if (noticeDate is not { } notice) return null;
        if (!Statuses.TryParseCode(p.Status, out var status) || !status.IsCompleted() || string.IsNullOrWhiteSpace(p.StatusText)) return notice;
        // A completed problem's text names no plan, so a date in it is when it was done; the last one counts.
        var stated = NoticeDates.Scan(p.StatusText, new PartialDate(notice.Year)).LastOrDefault();
        return stated is not null && stated.Date.End <= notice ? stated.Date.End : notice;
    }
}
