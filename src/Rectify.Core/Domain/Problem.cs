namespace Rectify.Core.Domain;

/// <summary>整改类型: fixed at once, fixed by a deadline, or solved over the long term.</summary>
public enum RectificationKind { Immediate, Deadline, LongTerm }

public static class RectificationKinds
{
    public static string Chinese(this RectificationKind k) => k switch
    {
        RectificationKind.Immediate => "立行立改",
        RectificationKind.Deadline => "限期整改",
        _ => "长期坚持",
    };

    public static string Code(this RectificationKind k) => k switch
    {
        RectificationKind.Immediate => "immediate",
        RectificationKind.Deadline => "deadline",
        _ => "long-term",
    };

    public static RectificationKind? FromText(string? s) => s?.Trim() switch
    {
        null or "" => null,
        "立行立改" or "immediate" => RectificationKind.Immediate,
        "限期整改" or "deadline" => RectificationKind.Deadline,
        "长期坚持" or "长期解决" or "长期" or "long-term" => RectificationKind.LongTerm,
        _ => null,
    };
}

/// <summary>
/// 问题: one problem fed back. Its status and closure change only through the methods below,
/// which refuse illegal moves with a <see cref="DomainException"/> that says why
/// (DOMAIN.md "Which status moves are legal").
/// </summary>
public class Problem
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public Inspection? Inspection { get; set; }
    public int CategoryId { get; set; }
    public Category? Category { get; set; }

    /// <summary>序号, numbered across categories.</summary>
    public int Ordinal { get; set; }
    public required string Title { get; set; }
    /// <summary>问题描述 beyond the title.</summary>
    public string? Detail { get; set; }
    /// <summary>具体表现, the "(1)…" items under a problem.</summary>
    public List<string> SpecificItems { get; set; } = [];
    /// <summary>整改目标.</summary>
    public string? Goal { get; set; }
    public RectificationKind Kind { get; set; } = RectificationKind.Deadline;

    public string? ResponsibleLeader { get; set; }
    /// <summary>
    /// The account of the 责任领导 when the name is linked to one (the reminders and events reach it);
    /// null: the name is free text only, shown as “未关联账号”.
    /// </summary>
    public string? ResponsibleLeaderId { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public string? ResponsibleDepartment { get; set; }
    public string? ResponsiblePerson { get; set; }
    /// <summary>The account of the 责任人, as <see cref="ResponsibleLeaderId"/>.</summary>
    public string? ResponsiblePersonId { get; set; }
    /// <summary>
    /// 整改时限: given when the problem is recorded or imported, set once where it had none
    /// (<see cref="SetDeadline"/>), and after that changed only by an approved extension
    /// (<see cref="DecideExtension"/>). An extension is requested, never silently taken.
    /// </summary>
    public DateOnly? Deadline { get => _deadline; init => _deadline = value; }
    DateOnly? _deadline;
    public YearMonth? ExpectedCompletion { get; private set; }
    public RectificationStatus Status { get; private set; } = RectificationStatus.NotStarted;
    /// <summary>The status as written in an imported notice, kept verbatim.</summary>
    public string? StatusText { get; private set; }
    public string? NotFeasibleReason { get; private set; }
    /// <summary>问题资金 and 整改到位资金, in yuan.</summary>
    public decimal? AmountInvolved { get; set; }
    public decimal? AmountRectified { get; set; }
    /// <summary>The money as the office broke it down (追回资金, 归还原渠道, 规范管理…), in the order stated; null when none was.</summary>
    public List<ProblemAmount>? Amounts { get; set; }
    public string? Remarks { get; set; }

    /// <summary>Kept out of the public notice, with a reason; still counted. Changed only by <see cref="SetWithheld"/>.</summary>
    public bool Withheld { get => _withheld; init => _withheld = value; }
    public string? WithheldReason { get => _withheldReason; init => _withheldReason = value; }
    bool _withheld;
    string? _withheldReason;

    public Closure Closure { get; private set; } = new();

    /// <summary>
    /// When the problem exists from: the moment it was recorded (stamped by the store when not
    /// set), or for an imported ledger the feedback date. A ledger as of an earlier date does not have it.
    /// </summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The day (Beijing time) the problem became completed, null while it is not: kept by the
    /// store when the status changes (imported as completed: the day the notice dates it), so
    /// the completion trend is one GROUP BY instead of a read of the whole history.
    /// </summary>
    public DateOnly? CompletedOn { get; private set; }

    /// <summary>Optimistic concurrency: every write bumps it; a stale one is refused.</summary>
    public int Version { get; set; }

    public List<Measure> Measures { get; set; } = [];
    public List<ProgressEntry> Progress { get; set; } = [];
    public List<Extension> Extensions { get; set; } = [];
    public List<Review> Reviews { get; set; } = [];

    public bool IsClosed => Closure.State == ClosureState.Approved;
    public bool HasEvidence => Progress.Any(p => p.Evidence.Count > 0);

    /// <summary>The date a warning counts to: the deadline, else the end of the expected month.</summary>
    public DateOnly? DueDate => Deadline ?? ExpectedCompletion?.LastDay;

    /// <summary>Sets the status as an imported ledger states it, without the rules of a live change.</summary>
    public void SetImportedStatus(RectificationStatus status, string? statusText, YearMonth? expected, string? reason = null)
    {
        Status = status;
        StatusText = string.IsNullOrWhiteSpace(statusText) ? null : statusText;
        ExpectedCompletion = expected;
        NotFeasibleReason = status == RectificationStatus.NotFeasible ? reason : null;
    }

    static readonly Dictionary<RectificationStatus, RectificationStatus[]> Moves = new()
    {
        [RectificationStatus.NotStarted] = [RectificationStatus.InProgress, RectificationStatus.Phased, RectificationStatus.NotFeasible, RectificationStatus.Completed, RectificationStatus.CompletedSustained],
        [RectificationStatus.InProgress] = [RectificationStatus.Phased, RectificationStatus.NotFeasible, RectificationStatus.Completed, RectificationStatus.CompletedSustained],
        [RectificationStatus.Phased] = [RectificationStatus.InProgress, RectificationStatus.Phased, RectificationStatus.Completed, RectificationStatus.CompletedSustained],
        [RectificationStatus.NotFeasible] = [RectificationStatus.InProgress],
        [RectificationStatus.Completed] = [RectificationStatus.CompletedSustained],
        [RectificationStatus.CompletedSustained] = [],
        [RectificationStatus.NotStated] = [RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.Phased, RectificationStatus.NotFeasible, RectificationStatus.Completed, RectificationStatus.CompletedSustained],
    };

    /// <summary>The statuses this problem may move to now, for pickers.</summary>
    public IEnumerable<RectificationStatus> AllowedMoves() => IsClosed || Closure.State == ClosureState.Requested ? [] : Moves[Status];

    /// <summary>A live status change, by the rules.</summary>
    public void ChangeStatus(RectificationStatus to, YearMonth? expected = null, string? reason = null)
    {
        EnsureWritable();
        if (to == RectificationStatus.NotStated)
            throw new DomainException("不能把状态改为“未说明”：它只用于导入时原文没有写明状态的问题");
        if (!Moves[Status].Contains(to))
        {
            if (Status.IsCompleted() && to == RectificationStatus.InProgress)
                throw new DomainException($"问题已是“{Status.Chinese()}”，只能通过驳回销号或回头看重新打开，并说明理由");
            throw new DomainException($"不能从“{Status.Chinese()}”改为“{to.Chinese()}”");
        }
        switch (to)
        {
            case RectificationStatus.Phased:
                if (expected is null)
                    throw new DomainException("“取得阶段性成效”须填写预计完成月份");
                if (Status == RectificationStatus.Phased && expected == ExpectedCompletion)
                    throw new DomainException($"已是“取得阶段性成效，预计{expected.Value.ToChinese()}完成”，没有变化");
                if (Deadline is { } d && expected.Value.FirstDay > d)
                    throw new DomainException($"预计完成月份 {expected.Value.ToChinese()} 晚于整改时限 {d:yyyy-MM-dd}，须先申请延期并获批准");
                break;
            case RectificationStatus.NotFeasible:
                if (string.IsNullOrWhiteSpace(reason))
                    throw new DomainException("“暂不具备整改条件”须说明理由");
                break;
            case RectificationStatus.Completed or RectificationStatus.CompletedSustained:
                if (!HasEvidence)
                    throw new DomainException($"改为“{to.Chinese()}”前，须至少有一条附有佐证材料的整改进展");
                var open = Measures.Where(m => m.DoneOn is null).OrderBy(m => m.Ordinal).ToList();
                if (Measures.Count == 0 && string.IsNullOrWhiteSpace(reason))
                    throw new DomainException($"改为“{to.Chinese()}”前，须先录入整改措施并全部完成，或说明理由");
                if (open.Count > 0 && string.IsNullOrWhiteSpace(reason))
                    throw new DomainException($"改为“{to.Chinese()}”前，须完成全部整改措施（第{string.Join("、", open.Select(m => m.Ordinal))}项尚未完成），或说明未全部完成即认定完成的理由");
                break;
        }
        // The reason for a completion with measures still open is kept for the history (the store writes it; see CompletionReason).
        _completionReason = to.IsCompleted() && !string.IsNullOrWhiteSpace(reason) ? reason.Trim() : null;
        Status = to;
        StatusText = null;
        ExpectedCompletion = to == RectificationStatus.Phased ? expected : to.IsCompleted() ? ExpectedCompletion : expected ?? ExpectedCompletion;
        NotFeasibleReason = to == RectificationStatus.NotFeasible ? reason!.Trim() : null;
    }

    /// <summary>
    /// The reason given by the last <see cref="ChangeStatus"/> to a completed status (measures not all
    /// done, or none recorded), until saved: not a column; the store writes it to the problem's history
    /// as the field <see cref="CompletionReasonField"/>, where the page and the API read it back.
    /// </summary>
    public string? CompletionReason => _completionReason;
    string? _completionReason;

    /// <summary>The history field under which a completion's reason is recorded.</summary>
    public const string CompletionReasonField = "CompletionReason";

    /// <summary>认领: a leader takes the problem.</summary>
    public void Claim(string leader, DateTimeOffset at)
    {
        EnsureWritable();
        if (string.IsNullOrWhiteSpace(leader)) throw new DomainException("认领须写明责任领导");
        ResponsibleLeader = leader.Trim();
        ClaimedAt = at;
    }

    public ProgressEntry AddProgress(DateOnly date, string text, string author)
    {
        EnsureWritable();
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("整改进展内容不能为空");
        var entry = new ProgressEntry { Date = date, Text = text.Trim(), Author = author };
        Progress.Add(entry);
        return entry;
    }

    /// <summary>销号申请: only a completed problem may ask to be closed.</summary>
    public void RequestClosure(string by, DateTimeOffset at)
    {
        EnsureWritable();
        if (!Status.IsCompleted())
            throw new DomainException($"只有“已完成整改”的问题才能申请销号，当前为“{Status.Chinese()}”");
        if (Closure.State == ClosureState.Requested)
            throw new DomainException("已提交销号申请，正在审核");
        if (!HasEvidence)
            throw new DomainException("申请销号须有佐证材料");
        Closure = Closure with { State = ClosureState.Requested, RequestedBy = by, RequestedAt = at, DecidedBy = null, DecidedAt = null, Reason = null };
    }

    /// <summary>
    /// Verified by someone outside the unit (巡察办 or 纪委), then closed: 已销号. <paramref name="verifierOfTheUnit"/>
    /// says whether the verifier works for the problem's unit (holds one of its roles): such a person may
    /// not verify, whatever else they are.
    /// </summary>
    public void ApproveClosure(string verifiedBy, bool verifierOfTheUnit, DateTimeOffset at)
    {
        EnsureVerifiable(verifiedBy, verifierOfTheUnit);
        Closure = Closure with { State = ClosureState.Approved, DecidedBy = verifiedBy, DecidedAt = at, Reason = null };
    }

    /// <summary>Rejected by the verifier: back to in progress, with the reason.</summary>
    public void RejectClosure(string by, bool verifierOfTheUnit, string reason, DateTimeOffset at)
    {
        EnsureVerifiable(by, verifierOfTheUnit);
        if (string.IsNullOrWhiteSpace(reason))
            throw new DomainException("驳回销号须说明理由");
        Closure = Closure with { State = ClosureState.Rejected, DecidedBy = by, DecidedAt = at, Reason = reason.Trim() };
        Status = RectificationStatus.InProgress;
        StatusText = null;
    }

    void EnsureVerifiable(string by, bool verifierOfTheUnit)
    {
        if (Closure.State != ClosureState.Requested)
            throw new DomainException(IsClosed ? "问题已销号，没有待审核的销号申请" : "没有待审核的销号申请");
        if (string.Equals(by, Closure.RequestedBy, StringComparison.Ordinal))
            throw new DomainException("申请人不能审核自己的销号申请");
        if (verifierOfTheUnit)
            throw new DomainException("销号须由被巡察单位以外的人员（巡察办或纪委）核验，本单位人员不能审核");
    }

    /// <summary>
    /// 回头看 that finds the fix did not hold: the problem goes back to in progress, the closure is
    /// undone, and the look-back is recorded as reopened with the reason. <paramref name="scheduled"/> is
    /// the planned look-back being decided; null for one prompted by a public comment, which is
    /// recorded as done today and needs a completed problem. A planned look-back of a problem not
    /// completed (a long-term one) is recorded without a status change: there is nothing to reopen.
    /// </summary>
    public Review ReopenByLookBack(string reason, string by, DateOnly today, Review? scheduled = null)
    {
        if (scheduled is not null && scheduled.Result != ReviewResult.Scheduled) throw new DomainException("该回头看已经完成");
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("回头看重新打开问题须说明理由");
        if (scheduled is null && !Status.IsCompleted())
            throw new DomainException($"只有已完成整改的问题才需要重新打开，问题{Ordinal}当前为“{Status.Chinese()}”");
        reason = reason.Trim();
        if (Status.IsCompleted())
        {
            Status = RectificationStatus.InProgress;
            StatusText = null;
            Closure = new Closure { Reason = "重新打开：回头看：" + reason };
        }
        var r = scheduled ?? new Review { ProblemId = Id, ScheduledOn = today };
        if (scheduled is null) Reviews.Add(r);
        r.Result = ReviewResult.Reopened;
        r.DoneOn = today;
        r.ReviewedBy = by;
        r.Reason = reason;
        return r;
    }

    /// <summary>
    /// 不予公开: kept out of the public notice (still counted) with a reason of at most 100 characters,
    /// or published again. Not while a notice of the inspection is under review: the reviewed text would change.
    /// </summary>
    public void SetWithheld(bool withheld, string? reason, bool noticeUnderReview)
    {
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (withheld == Withheld && (withheld ? reason : null) == WithheldReason) return;
        if (noticeUnderReview)
            throw new DomainException("公告正在审核中，不能更改不予公开的问题；如需更改，请先退回修改");
        if (withheld && reason is null)
            throw new DomainException($"问题{Ordinal}不予公开须写明理由（如“涉及个人隐私”）");
        if (reason is { Length: > 100 }) throw new DomainException("不予公开的理由不能超过100个字");
        _withheld = withheld;
        _withheldReason = withheld ? reason : null;
    }

    /// <summary>
    /// Sets the deadline of a problem that has none (the form, the API). The same date again changes
    /// nothing; another date for a deadline already set is refused: that is an extension's work.
    /// </summary>
    public void SetDeadline(DateOnly? deadline)
    {
        if (deadline is null || deadline == _deadline) return;
        if (_deadline is { } current)
            throw new DomainException($"整改时限已定为 {current:yyyy-MM-dd}，只能通过申请延期并获批准来变更");
        EnsureWritable();
        _deadline = deadline;
    }

    /// <summary>申请延期: never silently taken; one request at a time.</summary>
    public Extension RequestExtension(DateOnly newDeadline, string reason, string by, DateTimeOffset at, DateOnly today)
    {
        EnsureWritable();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("申请延期须说明理由");
        if (newDeadline < today) throw new DomainException($"延期后的时限 {newDeadline:yyyy-MM-dd} 已经过去");
        if (Extensions.Any(e => e.State == ExtensionState.Requested)) throw new DomainException("已有待审批的延期申请");
        if (Deadline is { } d && newDeadline <= d)
            throw new DomainException($"延期后的时限 {newDeadline:yyyy-MM-dd} 须晚于现在的时限 {d:yyyy-MM-dd}");
        var e = new Extension { OldDeadline = Deadline, NewDeadline = newDeadline, Reason = reason.Trim(), RequestedBy = by, RequestedAt = at };
        Extensions.Add(e);
        return e;
    }

    public void DecideExtension(Extension e, bool approve, string by, string? reason, DateTimeOffset at)
    {
        if (e.State != ExtensionState.Requested) throw new DomainException("该延期申请已经处理");
        if (string.Equals(by, e.RequestedBy, StringComparison.Ordinal)) throw new DomainException("申请人不能审批自己的延期申请");
        if (!approve && string.IsNullOrWhiteSpace(reason)) throw new DomainException("不同意延期须说明理由");
        e.State = approve ? ExtensionState.Approved : ExtensionState.Refused;
        e.DecidedBy = by; e.DecidedAt = at; e.DecisionReason = reason?.Trim();
        if (approve) _deadline = e.NewDeadline;
    }

    /// <summary>Refuses any change while closed or while a closure request is under review.</summary>
    public void EnsureWritable()
    {
        if (IsClosed) throw new DomainException("问题已销号，只读；如需修改须经回头看重新打开");
        if (Closure.State == ClosureState.Requested) throw new DomainException("销号申请正在审核，审核完成前不能修改");
    }
}

public enum ClosureState { None, Requested, Approved, Rejected }

/// <summary>销号: requested by the unit, then approved (closed) or rejected by a verifier outside it.</summary>
public sealed record Closure
{
    public ClosureState State { get; init; } = ClosureState.None;
    public string? RequestedBy { get; init; }
    public DateTimeOffset? RequestedAt { get; init; }
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? Reason { get; init; }
}

/// <summary>整改措施, in order ("一是…二是…").</summary>
public class Measure
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public int Ordinal { get; set; }
    public required string Text { get; set; }
    public string? Owner { get; set; }
    /// <summary>The owner's account when linked (as <see cref="Problem.ResponsibleLeaderId"/>).</summary>
    public string? OwnerId { get; set; }
    public DateOnly? Deadline { get; set; }
    public DateOnly? DoneOn { get; set; }
}

/// <summary>整改进展: a dated entry with its evidence.</summary>
public class ProgressEntry
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public DateOnly Date { get; set; }
    public required string Text { get; set; }
    public required string Author { get; set; }
    public List<Evidence> Evidence { get; set; } = [];
}

/// <summary>佐证材料: a stored file, identified by its SHA-256.</summary>
public class Evidence
{
    public int Id { get; set; }
    public int ProgressEntryId { get; set; }
    public required string FileName { get; set; }
    public required string ContentType { get; set; }
    public long Size { get; set; }
    public required string Sha256 { get; set; }
    /// <summary>Path relative to the evidence folder, outside the web root.</summary>
    public required string StoredPath { get; set; }
    public required string UploadedBy { get; set; }
    public DateTimeOffset UploadedAt { get; set; }
}

public enum ExtensionState { Requested, Approved, Refused }

/// <summary>申请延期, and so the history of a problem's deadlines.</summary>
public class Extension
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public DateOnly? OldDeadline { get; set; }
    public DateOnly NewDeadline { get; set; }
    public required string Reason { get; set; }
    public required string RequestedBy { get; set; }
    public DateTimeOffset RequestedAt { get; set; }
    public ExtensionState State { get; set; }
    public string? DecidedBy { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
}

public enum ReviewResult { Scheduled, Confirmed, Reopened }

/// <summary>回头看: a re-check of a completed or long-term problem.</summary>
public class Review
{
    public int Id { get; set; }
    public int ProblemId { get; set; }
    public DateOnly ScheduledOn { get; set; }
    public DateOnly? DoneOn { get; set; }
    public ReviewResult Result { get; set; }
    public string? Reason { get; set; }
    public string? ReviewedBy { get; set; }
}

/// <summary>One change to a problem, for its history: who, when, what, before and after.</summary>
public class ProblemChange
{
    public long Id { get; set; }
    public int ProblemId { get; set; }
    public DateTimeOffset At { get; set; }
    public required string By { get; set; }
    public required string Field { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
}
