namespace Rectify.Core.Domain;

/// <summary>
/// The source of findings; audit and supervision findings, and the problems a unit finds in itself
/// during a 主题教育 (检视问题), follow the same cycle as 巡察.
/// </summary>
public enum InspectionKind { Xuncha, Xunshi, Audit, SpecialSupervision, LookBack, ThemeEducation }

public static class InspectionKinds
{
    public static string Chinese(this InspectionKind k) => k switch
    {
        InspectionKind.Xuncha => "巡察",
        InspectionKind.Xunshi => "巡视",
        InspectionKind.Audit => "审计",
        InspectionKind.SpecialSupervision => "专项督查",
        InspectionKind.LookBack => "回头看",
        InspectionKind.ThemeEducation => "主题教育检视问题",
        _ => k.ToString(),
    };

    public static string Code(this InspectionKind k) => k switch
    {
        InspectionKind.Xuncha => "xuncha",
        InspectionKind.Xunshi => "xunshi",
        InspectionKind.Audit => "audit",
        InspectionKind.SpecialSupervision => "special-supervision",
        InspectionKind.LookBack => "look-back",
        InspectionKind.ThemeEducation => "theme-education",
        _ => k.ToString(),
    };

    public static InspectionKind? FromText(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        foreach (var k in Enum.GetValues<InspectionKind>())
            if (s == k.Code() || s == k.Chinese()) return k;
        if (s.Contains("回头看")) return InspectionKind.LookBack;
        // "主题教育检视问题整改": problems the unit found itself, whatever inspections the text also names.
        if (s.Contains("检视问题") || s.Contains("主题教育")) return InspectionKind.ThemeEducation;
        if (s.Contains("巡视")) return InspectionKind.Xunshi;
        if (s.Contains("审计")) return InspectionKind.Audit;
        if (s.Contains("督查")) return InspectionKind.SpecialSupervision;
        if (s.Contains("巡察")) return InspectionKind.Xuncha;
        return null;
    }
}

/// <summary>
/// Deadlines counted from the feedback date. They differ by place, so they are settings of a
/// round (DOMAIN.md "Workflow, deadlines and sign-off"). GreenDays and YellowDays are the warning
/// lights' thresholds of every inspection of the round (Warnings.Light; docs/lights-and-buckets.md),
/// unless an inspection sets its own (<see cref="Inspection.GreenDays"/>, <see cref="WithLights"/>).
/// </summary>
public class DeadlineSettings
{
    public int PlanDays { get; set; } = 30;
    public int ReportDays { get; set; } = 60;
    public int CentralisedMonths { get; set; } = 3;
    public int GreenDays { get; set; } = 20;
    public int YellowDays { get; set; } = 10;

    /// <summary>These settings with an inspection's own light thresholds, where it has them (null keeps these).</summary>
    public DeadlineSettings WithLights(int? greenDays, int? yellowDays) => new()
    {
        PlanDays = PlanDays, ReportDays = ReportDays, CentralisedMonths = CentralisedMonths,
        GreenDays = greenDays ?? GreenDays, YellowDays = yellowDays ?? YellowDays,
    };
}

/// <summary>巡察轮次, e.g. 九届区委第二轮巡察.</summary>
public class InspectionRound
{
    public int Id { get; set; }
    /// <summary>The inspecting body ("九届区委").</summary>
    public required string Body { get; set; }
    /// <summary>"第二轮巡察".</summary>
    public required string Name { get; set; }
    public InspectionKind Kind { get; set; } = InspectionKind.Xuncha;
    public DeadlineSettings Deadlines { get; set; } = new();
    /// <summary>主送机关 of the upward reports of this round ("区委巡察工作领导小组"); empty: the organisation's setting.</summary>
    public string? ReportRecipient { get; set; }
    public List<Inspection> Inspections { get; set; } = [];

    public string DisplayName => Body + Name;
}

/// <summary>One inspection group's inspection of one or more organisations, and its feedback.</summary>
public class Inspection
{
    public int Id { get; set; }
    public int RoundId { get; set; }
    public InspectionRound? Round { get; set; }
    public InspectionKind Kind { get; set; } = InspectionKind.Xuncha;
    /// <summary>巡察组 ("第一组").</summary>
    public string? Group { get; set; }
    /// <summary>被巡察党组织 as the notice names it ("城北镇党委").</summary>
    public string? TargetName { get; set; }
    public List<InspectionTarget> Targets { get; set; } = [];
    public PartialDate? OnSiteFrom { get; set; }
    public PartialDate? OnSiteTo { get; set; }
    public PartialDate? FeedbackDate { get; set; }

    // As the notice it was imported from gave them.
    public string? Title { get; set; }
    public string? Issuer { get; set; }
    public DateOnly? NoticeDate { get; set; }
    public string? SummaryClaimText { get; set; }
    /// <summary>SHA-256 of the imported notice's text (NoticeImporter.SourceHash): the same notice imported again is a duplicate.</summary>
    public string? SourceHash { get; set; }
    /// <summary>
    /// The notice's own words outside the problems (interchange <c>narrative</c>, as JSON): a notice
    /// written from this ledger keeps them verbatim and restates only the figures.
    /// </summary>
    public string? NarrativeJson { get; set; }

    public List<Category> Categories { get; set; } = [];
    public List<Problem> Problems { get; set; } = [];
    public List<LeadingGroupMember> LeadingGroup { get; set; } = [];
    public List<Meeting> Meetings { get; set; } = [];
    public List<PolicyDocument> PolicyDocuments { get; set; } = [];
    public List<OutcomeRecord> Outcomes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// The warning lights' thresholds of this inspection alone (days before the deadline for green and
    /// yellow); null: its round's (<see cref="InspectionRound.Deadlines"/>, default 20 and 10).
    /// </summary>
    public int? GreenDays { get; set; }
    public int? YellowDays { get; set; }

    /// <summary>The settings this inspection uses: its round's (Round loaded), with its own light thresholds.</summary>
    public DeadlineSettings Settings => (Round?.Deadlines ?? new DeadlineSettings()).WithLights(GreenDays, YellowDays);

    /// <summary>The organisation whose ledger this is: the first target.</summary>
    public int? PrimaryOrganizationId => Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault();

    /// <summary>The milestone dates of the round's settings, counted from the feedback date.</summary>
    public (DateOnly Plan, DateOnly Report, DateOnly CentralisedEnd)? Milestones(DeadlineSettings s) =>
        FeedbackDate is { } f ? (f.Start.AddDays(s.PlanDays), f.Start.AddDays(s.ReportDays), f.Start.AddMonths(s.CentralisedMonths)) : null;
}

public class InspectionTarget
{
    public int InspectionId { get; set; }
    public int OrganizationId { get; set; }
    public Organization? Organization { get; set; }
    public int Ordinal { get; set; }
}

/// <summary>方面: a group of problems, "(一)…方面".</summary>
public class Category
{
    public int Id { get; set; }
    public int InspectionId { get; set; }
    public int Ordinal { get; set; }
    public required string Title { get; set; }
    public List<Problem> Problems { get; set; } = [];
}
