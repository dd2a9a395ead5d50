using Microsoft.EntityFrameworkCore;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;

namespace Rectify.Features.Import;

/// <summary>What makes an import repeat a saved inspection.</summary>
public enum DuplicateBy
{
    /// <summary>The notice's text is that of the saved one.</summary>
    Text,
    /// <summary>Its issuer, date and round are.</summary>
    Notice,
    /// <summary>A ledger (a workbook) for the unit and round of a saved one.</summary>
    UnitAndRound,
}

/// <summary>A saved inspection that an imported notice or ledger repeats.</summary>
public sealed record DuplicateNotice(int InspectionId, string? Title, int? OrganizationId, DuplicateBy By)
{
    /// <summary>What makes it a duplicate, in a user's words.</summary>
    public string Reason => By switch
    {
        DuplicateBy.Text => "全文相同",
        DuplicateBy.Notice => "发布单位、日期和巡察轮次相同",
        _ => "被巡察单位和巡察轮次相同",
    };

    /// <summary>Why a save is refused: the saved inspection is named only to a user who may see it.</summary>
    /// <param name="overrideBy">How the user saves it anyway (the CLI's option, the API's field).</param>
    /// <param name="withId">The command line names the inspection's id too, which its other commands take (--inspection ID); a page never shows it.</param>
    public string Refusal(bool maySee, string overrideBy, bool withId = false) =>
        $"未保存：该{(By == DuplicateBy.UnitAndRound ? "台账" : "公告")}与已保存的{(maySee ? $"巡察{(withId ? $" {InspectionId}" : "")}{(string.IsNullOrEmpty(Title) ? "" : $"“{Title}”")}" : "台账")}重复（{Reason}）；确需再存一份请加 {overrideBy}";
}

/// <summary>
/// One rule for the import page and `rectify import --save`: a notice is a duplicate of a saved inspection
/// when its text is the same (<see cref="Core.Import.NoticeImporter.SourceHash"/>), or when its issuer, date
/// and round are (the same notice in another format, or copied from another site).
/// </summary>
public static class NoticeDuplicates
{
    /// <param name="sourceHash">Null when the text is not known (a ledger posted without its preview's fingerprint).</param>
    public static async Task<DuplicateNotice?> FindAsync(RectifyDb db, LedgerDocument doc, string? sourceHash, CancellationToken ct = default)
    {
        var inspections = db.Inspections.AsNoTracking().OrderBy(i => i.Id);
        var same = sourceHash is null ? null : await inspections.Where(i => i.SourceHash == sourceHash)
            .Select(i => new DuplicateNotice(i.Id, i.Title, i.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(), DuplicateBy.Text))
            .FirstOrDefaultAsync(ct);
        if (same is not null || doc.Issuer is not { } issuer || doc.Date is not { } date) return same;
        var (body, round) = LedgerTransfer.RoundOf(doc);
        return await inspections.Where(i => i.Issuer == issuer && i.NoticeDate == date && i.Round!.Body == body && i.Round.Name == round)
            .Select(i => new DuplicateNotice(i.Id, i.Title, i.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(), DuplicateBy.Notice))
            .FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A ledger imported as a new inspection (a workbook made by hand, or one chosen to go in as new) repeats the saved
    /// inspection of the same unit in the same round: the office keeps one ledger per unit and round, so a second is
    /// made only when the user says so.
    /// </summary>
    public static Task<DuplicateNotice?> FindLedgerAsync(RectifyDb db, int organizationId, int roundId, CancellationToken ct = default) =>
        db.Inspections.AsNoTracking().OrderBy(i => i.Id)
            .Where(i => i.RoundId == roundId && i.Targets.Any(t => t.OrganizationId == organizationId))
            .Select(i => new DuplicateNotice(i.Id, i.Title, organizationId, DuplicateBy.UnitAndRound))
            .FirstOrDefaultAsync(ct);

    /// <summary>
    /// The same rule for a ledger loaded whole as a new inspection (the JSON import API, `rectify load` and
    /// `rectify import --save`): its unit is the one given, else the saved one the ledger names, and its round the saved
    /// one it names; a unit or round that loading would add has no ledger yet.
    /// </summary>
    public static async Task<DuplicateNotice?> FindLedgerAsync(RectifyDb db, LedgerDocument doc, int? organizationId, CancellationToken ct = default)
    {
        if (await LedgerTransfer.FindRoundAsync(db, doc, ct) is not { } round) return null;
        var unit = organizationId ?? (await LedgerTransfer.FindOrganizationAsync(db, doc, ct))?.Id;
        return unit is { } id ? await FindLedgerAsync(db, id, round.Id, ct) : null;
    }
}
