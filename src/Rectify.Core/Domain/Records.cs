namespace Rectify.Core.Domain;

/// <summary>整改工作领导小组: headed by the Party secretary.</summary>
public class LeadingGroupMember
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public required string Name { get; set; }
    /// <summary>组长, 副组长, 成员, 办公室主任…</summary>
    public required string Role { get; set; }
    public string? Title { get; set; }
}

/// <summary>专题民主生活会, 党委会 and other meetings held for the rectification.</summary>
public class Meeting
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public DateOnly? Date { get; set; }
    /// <summary>"党委会议", "专题民主生活会", "党政联席会议"…</summary>
    public required string Kind { get; set; }
    public string? Title { get; set; }
    public string? Notes { get; set; }
    public List<int> ProblemIds { get; set; } = [];
}

public enum PolicyKind { Rule, WorkPlan, Scheme }

public static class PolicyKinds
{
    public static string Chinese(this PolicyKind k) => k switch
    {
        PolicyKind.Rule => "规章制度",
        PolicyKind.WorkPlan => "工作计划",
        _ => "方案",
    };
}

/// <summary>建章立制: rules, plans and schemes adopted during rectification.</summary>
public class PolicyDocument
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public PolicyKind Kind { get; set; }
    public required string Title { get; set; }
    public DateOnly? AdoptedOn { get; set; }
    public List<int> ProblemIds { get; set; } = [];
}

/// <summary>What a rectification produced, counted as notices count it.</summary>
public enum OutcomeKind
{
    /// <summary>政务处分 (persons).</summary>
    AdministrativeSanction,
    /// <summary>党纪处分 (persons).</summary>
    PartySanction,
    /// <summary>组织处理 (persons).</summary>
    OrganizationalHandling,
    /// <summary>诫勉 (persons).</summary>
    Admonishment,
    /// <summary>交由纪委调查 (persons).</summary>
    ReferredToCommission,
    /// <summary>批评帮助 (persons).</summary>
    CriticismHelp,
    /// <summary>责令检查 (persons).</summary>
    OrderedSelfExamination,
    /// <summary>批评教育 (persons).</summary>
    CriticismEducation,
    /// <summary>提醒谈话 (persons).</summary>
    ReminderTalk,
    /// <summary>追缴资金 / 挽回损失 (yuan).</summary>
    FundsRecovered,
}

public static class OutcomeKinds
{
    public static readonly IReadOnlyList<(OutcomeKind Kind, string Chinese, string Code)> All =
    [
        (OutcomeKind.AdministrativeSanction, "政务处分", "administrativeSanction"),
        (OutcomeKind.PartySanction, "党纪处分", "partySanction"),
        (OutcomeKind.OrganizationalHandling, "组织处理", "organizationalHandling"),
        (OutcomeKind.Admonishment, "诫勉", "admonishment"),
        (OutcomeKind.ReferredToCommission, "交由纪委调查", "referredToCommission"),
        (OutcomeKind.CriticismHelp, "批评帮助", "criticismHelp"),
        (OutcomeKind.OrderedSelfExamination, "责令检查", "orderedSelfExamination"),
        (OutcomeKind.CriticismEducation, "批评教育", "criticismEducation"),
        (OutcomeKind.ReminderTalk, "提醒谈话", "reminderTalk"),
        (OutcomeKind.FundsRecovered, "追缴资金", "fundsRecovered"),
    ];

    public static string Chinese(this OutcomeKind k) => All.First(a => a.Kind == k).Chinese;
    public static string Code(this OutcomeKind k) => All.First(a => a.Kind == k).Code;
}

/// <summary>An accountability action by kind and person count, or funds recovered in yuan.</summary>
public class OutcomeRecord
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public OutcomeKind Kind { get; set; }
    public int Persons { get; set; }
    public decimal? AmountYuan { get; set; }
    public string? Notes { get; set; }
}

public enum SupervisionKind { SpecialInspection, UnannouncedVisit, OrderToRectify, Summons, ReminderTalk }

public static class SupervisionKinds
{
    public static string Chinese(this SupervisionKind k) => k switch
    {
        SupervisionKind.SpecialInspection => "专项督查",
        SupervisionKind.UnannouncedVisit => "明察暗访",
        SupervisionKind.OrderToRectify => "责令限期整改",
        SupervisionKind.Summons => "约谈",
        _ => "提醒谈话",
    };
}

/// <summary>Proposed: suggested by an evaluation, waiting for the supervisor to confirm it.</summary>
public enum SupervisionState { Open, ReportedFixed, Accepted, Proposed }

/// <summary>督查, 明察暗访, 责令限期整改, 约谈, 提醒谈话 by the discipline commission.</summary>
public class SupervisionAction
{
    public int Id { get; set; }
    public int? InspectionId { get; set; }
    public SupervisionKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public required string ActedBy { get; set; }
    public int? TargetOrganizationId { get; set; }
    public string? TargetDepartment { get; set; }
    public string? TargetPerson { get; set; }
    public List<int> ProblemIds { get; set; } = [];
    public string? Findings { get; set; }
    public string? Outcome { get; set; }
    /// <summary>Only for 责令限期整改.</summary>
    public DateOnly? Deadline { get; set; }
    public SupervisionState State { get; set; }
    /// <summary>For 约谈: 整改不力, 措施不实 or 推进缓慢.</summary>
    public string? SummonsReason { get; set; }
    /// <summary>An order's life: reported fixed by the unit, then accepted by another supervisor.</summary>
    public string? ReportedFixedBy { get; set; }
    public DateTimeOffset? ReportedFixedAt { get; set; }
    public string? AcceptedBy { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
}

/// <summary>整改进展情况公告: drafted from the ledger, signed off (<see cref="SignedDocument"/>), frozen when published.</summary>
public class Notice : SignedDocument
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public required string Title { get; set; }
    public DateOnly AsOf { get; set; }
    /// <summary>Free sections edited with the draft.</summary>
    public string? LeadershipText { get; set; }
    public string? NextStepsText { get; set; }
    /// <summary>Title template with placeholders (see NoticeInput.DefaultTitleTemplate); null: the default.</summary>
    public string? TitleTemplate { get; set; }
    /// <summary>公告 or 通报.</summary>
    public Notices.NoticeDocumentKind DocumentKind { get; set; }
    /// <summary>SHA-256 of the text as submitted for review: what is approved is what gets published.</summary>
    public string? SubmittedSha256 { get; set; }
    /// <summary>The frozen text and its hash once published.</summary>
    public string? PublishedText { get; set; }
    public string? PublishedSha256 { get; set; }
    public string? PublishedJson { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public bool SecrecyReviewed { get; set; }
    public string? PublishedBy { get; set; }

    protected override string DocumentName => "公告";
    protected override string SecrecyWord => "公告";

    /// <summary>发布 of the approved notice with its frozen text, hash and blocks.</summary>
    public void Publish(string by, DateTimeOffset at, string text, string sha256, string json, Documents.OfficialDocument document)
    {
        Publish(document);
        PublishedText = text;
        PublishedSha256 = sha256;
        PublishedJson = json;
        PublishedAt = at;
        PublishedBy = by;
    }

    protected override void Submitted() => SecrecyReviewed = true;

    protected override void Returned()
    {
        SubmittedSha256 = null;
        SecrecyReviewed = false;
    }
}

public enum FeedbackState { Received, Accepted, Forwarded, Answered, Refused }

/// <summary>监督意见: a comment from the public on a notice or one of its problems.</summary>
public class PublicFeedback
{
    public int Id { get; set; }
    public int NoticeId { get; set; }
    public int? ProblemId { get; set; }
    public string? WriterName { get; set; }
    public string? WriterContact { get; set; }
    /// <summary>The writer asked to be answered (and so left a contact).</summary>
    public bool ReplyWanted { get; set; }
    public required string Content { get; set; }
    public required string TrackingCode { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public FeedbackState State { get; set; }
    public string? StateReason { get; set; }
    public string? AssignedTo { get; set; }
    public string? Reply { get; set; }
    public bool ReplyPublished { get; set; }
    public DateTimeOffset? RepliedAt { get; set; }
}

/// <summary>
/// 共性问题清单: a named group of similar problems across units ("举一反三"), turned into a
/// district-wide rectification list.
/// </summary>
public class CommonProblemList
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public string? Keywords { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public List<int> ProblemIds { get; set; } = [];
    public string? Notes { get; set; }
}
