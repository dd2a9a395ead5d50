using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;

namespace Rectify.Features.Problems;

public sealed record ClosureDto(string State, string StateText, string? RequestedBy, DateTimeOffset? RequestedAt, string? DecidedBy, DateTimeOffset? DecidedAt, string? Reason);
/// <summary><c>ownerAccountId</c>: the account the owner is linked to; null with an owner: free text, “未关联账号”.</summary>
public sealed record MeasureDto(int Id, int Ordinal, string Text, string? Owner, DateOnly? Deadline, DateOnly? DoneOn, string? OwnerAccountId = null);
public sealed record EvidenceDto(int Id, string FileName, string ContentType, long Size, string Sha256, string UploadedBy, DateTimeOffset UploadedAt, string Url);
public sealed record ProgressDto(int Id, DateOnly Date, string Text, string Author, IReadOnlyList<EvidenceDto> Evidence);
public sealed record ExtensionDto(int Id, DateOnly? OldDeadline, DateOnly NewDeadline, string Reason, string RequestedBy, DateTimeOffset RequestedAt, string State, string StateText, string? DecidedBy, DateTimeOffset? DecidedAt, string? DecisionReason);
/// <summary>Report: 填报整改进展, which the linked 责任部门 may do without editing the rest (<see cref="ProblemWork.CanReport"/>).</summary>
public sealed record RightsDto(bool Edit, bool Claim, bool Approve, bool Verify, bool Report);
public sealed record ChangeDto(long Id, DateTimeOffset At, string By, string Field, string FieldText, string? Before, string? After);

/// <summary>GET /api/problems/{id}: the whole problem as the page shows it.</summary>
public sealed record ProblemDto(
    int Id, int InspectionId, int Ordinal, int CategoryId, string? Category, string Title, string? Detail, IReadOnlyList<string> Items, string? Goal,
    string Kind, string KindText, string? Leader, DateTimeOffset? ClaimedAt, string? Department, string? Person, DateOnly? Deadline,
    string Status, string StatusText, string? ExpectedCompletion, string? NotFeasibleReason, string? CompletionReason,
    decimal? AmountInvolved, decimal? AmountRectified, string? Remarks, bool Withheld, string? WithheldReason,
    ClosureDto Closure, IReadOnlyList<MeasureDto> Measures, IReadOnlyList<ProgressDto> Progress, IReadOnlyList<ExtensionDto> Extensions,
    int Version, IReadOnlyList<string> AllowedMoves, RightsDto Rights,
    string Bucket, string BucketText, DateOnly? DueDate, int? DaysLeft, string Light, string? LeaderAccountId = null, string? PersonAccountId = null)
{
    public static ProblemDto Of(ProblemWork w)
    {
        var p = w.Problem;
        return new ProblemDto(
            p.Id, p.InspectionId, p.Ordinal, p.CategoryId, p.Category?.Title, p.Title, p.Detail, p.SpecificItems, p.Goal,
            p.Kind.Code(), p.Kind.Chinese(), p.ResponsibleLeader, p.ClaimedAt, p.ResponsibleDepartment, p.ResponsiblePerson, p.Deadline,
            p.Status.Code(), p.StatusText ?? p.Status.Chinese(), p.ExpectedCompletion?.ToString(), p.NotFeasibleReason, w.CompletionReason,
            p.AmountInvolved, p.AmountRectified, p.Remarks, p.Withheld, p.WithheldReason,
            new ClosureDto(ProblemText.Code(p.Closure.State), ProblemText.Chinese(p.Closure.State), p.Closure.RequestedBy, p.Closure.RequestedAt, p.Closure.DecidedBy, p.Closure.DecidedAt, p.Closure.Reason),
            p.Measures.OrderBy(m => m.Ordinal).Select(m => new MeasureDto(m.Id, m.Ordinal, m.Text, m.Owner, m.Deadline, m.DoneOn, m.OwnerId)).ToList(),
            p.Progress.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => new ProgressDto(e.Id, e.Date, e.Text, e.Author,
                e.Evidence.Select(x => new EvidenceDto(x.Id, x.FileName, x.ContentType, x.Size, x.Sha256, x.UploadedBy, x.UploadedAt, $"/api/evidence/{x.Id}")).ToList())).ToList(),
            p.Extensions.OrderBy(e => e.RequestedAt).ThenBy(e => e.Id).Select(e => new ExtensionDto(e.Id, e.OldDeadline, e.NewDeadline, e.Reason, e.RequestedBy, e.RequestedAt,
                ProblemText.Code(e.State), ProblemText.Chinese(e.State), e.DecidedBy, e.DecidedAt, e.DecisionReason)).ToList(),
            p.Version, p.AllowedMoves().Select(s => s.Code()).ToList(),
            new RightsDto(w.CanEdit, w.CanClaim, w.CanApprove, w.CanVerify, w.CanReport),
            p.Status.Bucket().Code(), p.Status.Bucket().Chinese(), p.DueDate, w.DaysLeft, w.Light.Code(), p.ResponsibleLeaderId, p.ResponsiblePersonId);
    }
}

/// <summary>Chinese names for states and history fields.</summary>
public static class ProblemText
{
    public static string Code(ClosureState s) => s switch
    {
        ClosureState.None => "none",
        ClosureState.Requested => "requested",
        ClosureState.Approved => "approved",
        _ => "rejected",
    };

    public static string Chinese(ClosureState s) => s switch
    {
        ClosureState.None => "未申请销号",
        ClosureState.Requested => "待销号（审核中）",
        ClosureState.Approved => "已销号",
        _ => "销号已驳回",
    };

    public static string Code(ExtensionState s) => s switch
    {
        ExtensionState.Requested => "requested",
        ExtensionState.Approved => "approved",
        _ => "refused",
    };

    public static string Chinese(ExtensionState s) => s switch
    {
        ExtensionState.Requested => "待审批",
        ExtensionState.Approved => "已批准",
        _ => "不同意",
    };

    static readonly Dictionary<string, string> Fields = new()
    {
        ["Title"] = "问题", ["Detail"] = "问题描述", ["SpecificItems"] = "具体表现", ["Goal"] = "整改目标",
        ["Kind"] = "整改类型", ["ResponsibleLeader"] = "责任领导", ["ClaimedAt"] = "认领时间",
        ["ResponsibleDepartment"] = "责任部门", ["ResponsiblePerson"] = "责任人", ["Deadline"] = "整改时限",
        ["ExpectedCompletion"] = "预计完成", ["Status"] = "整改状态", ["StatusText"] = "状态原文",
        ["NotFeasibleReason"] = "暂不具备条件的理由", [Problem.CompletionReasonField] = "措施未全部完成即认定完成的理由", ["AmountInvolved"] = "问题资金（元）", ["AmountRectified"] = "整改到位资金（元）",
        ["Remarks"] = "备注", ["Withheld"] = "不予公开", ["WithheldReason"] = "不予公开理由",
        ["Closure.State"] = "销号状态", ["Closure.RequestedBy"] = "销号申请人", ["Closure.RequestedAt"] = "销号申请时间",
        ["Closure.DecidedBy"] = "销号审核人", ["Closure.DecidedAt"] = "销号审核时间", ["Closure.Reason"] = "销号意见",
        ["Measures"] = "整改措施", ["Progress"] = "整改进展", ["Extensions"] = "延期申请",
        ["Ordinal"] = "序号", ["CategoryId"] = "方面",
    };

    public static string Field(string field) => Fields.GetValueOrDefault(field, field);

    /// <summary>
    /// A stored before/after value in the words of the page (status codes, enum names, booleans). An
    /// instant is shown in the office's time on the page (<paramref name="clock"/> given); the API keeps it
    /// ISO 8601 with its offset, as stored.
    /// </summary>
    public static string? Value(string field, string? value, OfficeClock? clock = null)
    {
        if (value is null) return null;
        switch (field)
        {
            case "Status":
                return Statuses.TryParseCode(value, out var s) ? s.Chinese() : value;
            case "Kind":
                return Enum.TryParse<RectificationKind>(value, out var k) ? k.Chinese() : value;
            case "Closure.State":
                return Enum.TryParse<ClosureState>(value, out var c) ? Chinese(c) : value;
            case "Withheld":
                return value == "True" ? "是" : value == "False" ? "否" : value;
        }
        if (clock is not null && field.EndsWith("At", StringComparison.Ordinal) && DateTimeOffset.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t))
            return clock.Show(t);
        return value;
    }

    public static ChangeDto Dto(ProblemChange c) => new(c.Id, c.At, c.By, c.Field, Field(c.Field), Value(c.Field, c.Before), Value(c.Field, c.After));
}
