namespace Rectify.Core.Supervision;

/// <summary>Where an upward report is in its sign-off; no row means a draft composed on demand.</summary>
public enum UpwardReportState
{
    Draft,
    /// <summary>提交审核: the text is frozen.</summary>
    Submitted,
    /// <summary>Signed off by the unit's principal leader; the frozen text is what goes upward.</summary>
    Approved,
}

/// <summary>
/// The sign-off of one upward report of an inspection (one per kind). The composed report is frozen
/// at submission, so what the principal leader approves and what is downloaded afterwards is that
/// text, whatever the ledger says later.
/// </summary>
public class UpwardReport
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public UpwardReportKind Kind { get; set; }
    public UpwardReportState State { get; set; }
    public string? SubmittedBy { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>The composed report (title, blocks, counts, issuer, date) as JSON at submission.</summary>
    public string? FrozenJson { get; set; }
    /// <summary>SHA-256 of the frozen report's plain text.</summary>
    public string? Sha256 { get; set; }
}
