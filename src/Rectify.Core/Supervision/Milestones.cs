using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>One deadline of a round counted from the feedback date (整改方案, 整改情况报告, 集中整改).</summary>
public sealed record Milestone(string Code, string Name, DateOnly Due, bool Done, WarningLight Light);

public static class Milestones
{
    /// <summary>
    /// The milestones of an inspection with their lights. Done flags come from what Rectify knows:
    /// centralised rectification counts as done once an evaluation of it exists.
    /// </summary>
    public static IReadOnlyList<Milestone> Of(Inspection inspection, DeadlineSettings s, DateOnly today, bool evaluated = false)
    {
        if (inspection.Milestones(s) is not { } m) return [];
        return
        [
            new("plan", "报送整改方案", m.Plan, false, Warnings.Light(m.Plan, today, false, s)),
            new("report", "报送整改情况报告和主要负责人组织落实情况报告", m.Report, false, Warnings.Light(m.Report, today, false, s)),
            new("centralised", "集中整改结束", m.CentralisedEnd, evaluated, Warnings.Light(m.CentralisedEnd, today, evaluated, s)),
        ];
    }

    /// <summary>Refuses settings that would put a deadline on or before the feedback date, or thresholds out of order.</summary>
    public static void Validate(DeadlineSettings s)
    {
        if (s.PlanDays <= 0) throw new DomainException($"整改方案时限须在反馈之后：天数须大于 0，而不是 {s.PlanDays}");
        if (s.ReportDays <= 0) throw new DomainException($"整改情况报告时限须在反馈之后：天数须大于 0，而不是 {s.ReportDays}");
        if (s.CentralisedMonths <= 0) throw new DomainException($"集中整改期须在反馈之后：月数须大于 0，而不是 {s.CentralisedMonths}");
        if (s.YellowDays < 0 || s.GreenDays < 0) throw new DomainException("预警天数不能为负数");
        if (s.YellowDays > s.GreenDays) throw new DomainException($"黄灯天数（{s.YellowDays}）不能多于绿灯天数（{s.GreenDays}）");
    }

    /// <summary>A deadline given against an inspection must come after its feedback.</summary>
    public static void EnsureAfterFeedback(DateOnly deadline, PartialDate? feedback, string what)
    {
        if (feedback is { } f && deadline < f.Start)
            throw new DomainException($"{what} {deadline:yyyy-MM-dd} 早于反馈日期 {f.ToChinese()}，不能接受");
    }
}
