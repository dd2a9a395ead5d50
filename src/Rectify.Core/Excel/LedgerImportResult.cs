using Rectify.Core.Interchange;

namespace Rectify.Core.Excel;

/// <summary>One reason an imported sheet was refused, placed by Excel row number and header text when it has a place.</summary>
public sealed record LedgerImportError(int? Row, string? Column, string Message)
{
    public override string ToString() =>
        (Row is { } r ? $"第{r}行" : "") + (Column is { } c ? $"“{c}”" : "") + (Row is null && Column is null ? "" : "：") + Message;
}

/// <summary>All or nothing: either a ledger and no errors, or errors and no ledger.</summary>
public sealed class LedgerImportResult
{
    public LedgerDocument? Ledger { get; }
    public IReadOnlyList<LedgerImportError> Errors { get; }
    /// <summary>From the title row "{organisation}巡察整改台账(截至…)", when the sheet has one.</summary>
    public string? Organisation { get; }
    public DateOnly? AsOf { get; }
    /// <summary>The inspection the workbook was exported from (<see cref="LedgerWorkbook.InspectionName"/>), when it says.</summary>
    public int? InspectionId { get; internal set; }

    public bool Succeeded => Ledger is not null;

    LedgerImportResult(LedgerDocument? ledger, IReadOnlyList<LedgerImportError> errors, string? organisation, DateOnly? asOf)
    {
        Ledger = ledger;
        Errors = errors;
        Organisation = organisation;
        AsOf = asOf;
    }

    public static LedgerImportResult Success(LedgerDocument ledger, string? organisation, DateOnly? asOf) =>
        new(ledger, [], organisation, asOf);

    public static LedgerImportResult Failure(IReadOnlyList<LedgerImportError> errors)
    {
        if (errors.Count == 0) throw new ArgumentException("a failed import needs at least one error", nameof(errors));
        return new(null, errors, null, null);
    }

    public static LedgerImportResult Failure(string message) => Failure([new LedgerImportError(null, null, message)]);
}
