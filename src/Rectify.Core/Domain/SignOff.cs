using Rectify.Core.Documents;

namespace Rectify.Core.Domain;

/// <summary>Where a document is in its sign-off. An upward report has no publication: its approval is the signature.</summary>
public enum SignOffState
{
    Draft,
    /// <summary>提交审核, with the 保密审查 confirmed; the text under review is fixed.</summary>
    Submitted,
    /// <summary>审批 (签发) by the unit's principal leader or the office, never by the submitter.</summary>
    Approved,
    /// <summary>发布: a notice only, once approved.</summary>
    Published,
}

/// <summary>
/// The one sign-off workflow of the documents a unit sends out, used by the progress notice (公告)
/// and the upward reports: submit (保密审查 confirmed) → approve/sign (not by the submitter) →
/// publish, or return to draft from review. The state changes only through these methods, which
/// refuse an illegal move with a <see cref="DomainException"/> in Chinese. Who may act (the unit's
/// editors submit, its leaders approve) is the caller's check of the user's roles, made first.
/// Each move forward is also given the document as it would go out, and refuses it while an element
/// is missing or a marker unfilled (<see cref="EnsureComplete"/>): no placeholder leaves the building.
/// </summary>
public abstract class SignedDocument
{
    SignOffState _state;
    string? _submittedBy, _approvedBy;
    DateTimeOffset? _submittedAt, _approvedAt;

    // init: a stored or test-built document is created in any state; afterwards only the methods move it.
    public SignOffState State { get => _state; init => _state = value; }
    public string? SubmittedBy { get => _submittedBy; init => _submittedBy = value; }
    public DateTimeOffset? SubmittedAt { get => _submittedAt; init => _submittedAt = value; }
    public string? ApprovedBy { get => _approvedBy; init => _approvedBy = value; }
    public DateTimeOffset? ApprovedAt { get => _approvedAt; init => _approvedAt = value; }

    /// <summary>发文顺序号 of the 发文字号, given by the unit's registry when the document is submitted.</summary>
    public int? Serial { get; set; }

    /// <summary>What refusals call the document: 公告, 整改情况报告….</summary>
    protected abstract string DocumentName { get; }

    /// <summary>The word of the 保密审查 sentence: 公告 or 报告.</summary>
    protected abstract string SecrecyWord { get; }

    public void Submit(string by, DateTimeOffset at, bool secrecyReviewed, OfficialDocument document)
    {
        switch (_state)
        {
            case SignOffState.Submitted: throw new DomainException($"{DocumentName}已提交审核，不能重复提交");
            case SignOffState.Approved: throw new DomainException($"{DocumentName}已审批，不能重新提交；如需修改，请先退回修改");
            case SignOffState.Published: throw new DomainException($"{DocumentName}已发布，不能再提交审核");
        }
        if (!secrecyReviewed)
            throw new DomainException($"提交审核前须完成保密审查：请确认{SecrecyWord}不含涉密内容和个人隐私");
        EnsureComplete(document, "提交审核");
        _state = SignOffState.Submitted;
        _submittedBy = by;
        _submittedAt = at;
        _approvedBy = null;
        _approvedAt = null;
        Submitted();
    }

    /// <summary>审批 (for a report: 签发).</summary>
    public void Approve(string by, DateTimeOffset at, OfficialDocument document)
    {
        if (_state != SignOffState.Submitted)
            throw new DomainException(_state is SignOffState.Approved or SignOffState.Published
                ? $"{DocumentName}已审批，不能重复审批" : $"只有已提交审核的{DocumentName}才能审批");
        if (string.Equals(_submittedBy, by, StringComparison.Ordinal))
            throw new DomainException("审批人不能是提交人本人：请由单位主要负责人审批");
        EnsureComplete(document, "审批签发");
        _state = SignOffState.Approved;
        _approvedBy = by;
        _approvedAt = at;
    }

    /// <summary>发布 is for what was approved and is complete.</summary>
    public void EnsurePublishable(OfficialDocument document)
    {
        EnsureApproved();
        EnsureComplete(document, "发布");
    }

    void EnsureApproved()
    {
        if (_state == SignOffState.Published) throw new DomainException($"该{DocumentName}已发布，不能重复发布");
        if (_state != SignOffState.Approved) throw new DomainException($"{DocumentName}须经单位主要负责人审批后才能发布");
    }

    protected void Publish(OfficialDocument document)
    {
        EnsurePublishable(document);
        _state = SignOffState.Published;
    }

    /// <summary>
    /// The document as it would go out has every required element of GB/T 9704 and no unfilled
    /// marker; otherwise the refusal names each one ("缺少：发文字号、签发人；标题的“××”").
    /// </summary>
    public void EnsureComplete(OfficialDocument document, string move) => document.EnsureComplete(DocumentName, move);

    /// <summary>退回修改: a document under review or approved (not yet published) goes back to draft and must be reviewed again.</summary>
    public void Return()
    {
        if (_state is not (SignOffState.Submitted or SignOffState.Approved))
            throw new DomainException($"只有审核中或已审批未发布的{DocumentName}可以退回修改");
        _state = SignOffState.Draft;
        _submittedBy = null; _submittedAt = null;
        _approvedBy = null; _approvedAt = null;
        Returned();
    }

    /// <summary>What the document records of a submission beyond who and when (the 保密审查 flag).</summary>
    protected virtual void Submitted() { }

    /// <summary>What the document forgets of its review when returned (its frozen text, its hash).</summary>
    protected virtual void Returned() { }
}
