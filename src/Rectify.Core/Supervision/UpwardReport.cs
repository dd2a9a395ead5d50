using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>
/// The sign-off of one upward report of an inspection (one per kind). The composed report is frozen
/// at submission, so what the principal leader approves and what is downloaded afterwards is that
/// text, whatever the ledger says later.
/// </summary>
public class UpwardReport : SignedDocument
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public UpwardReportKind Kind { get; set; }
    /// <summary>The composed report (title, blocks, counts, issuer, date) as JSON at submission.</summary>
    public string? FrozenJson { get; set; }
    /// <summary>SHA-256 of the frozen report's plain text.</summary>
    public string? Sha256 { get; set; }

    protected override string DocumentName => Kind.Chinese();
    protected override string SecrecyWord => "报告";

    /// <summary>Returned to draft: the frozen text goes, the next submission freezes it again.</summary>
    protected override void Returned()
    {
        FrozenJson = null;
        Sha256 = null;
    }
}
