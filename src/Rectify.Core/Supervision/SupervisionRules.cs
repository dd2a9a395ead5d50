using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>The rules of a supervision record (监督检查) and of an order's life until it is accepted.</summary>
public static class SupervisionRules
{
    /// <summary>约谈 reasons as the practice names them.</summary>
    public static readonly IReadOnlyList<string> SummonsReasons = ["整改不力", "措施不实", "推进缓慢"];

    public static SupervisionKind? KindFromText(string? s) => s?.Trim() switch
    {
        "专项督查" or "special-inspection" => SupervisionKind.SpecialInspection,
        "明察暗访" or "unannounced-visit" => SupervisionKind.UnannouncedVisit,
        "责令限期整改" or "order-to-rectify" => SupervisionKind.OrderToRectify,
        "约谈" or "summons" => SupervisionKind.Summons,
        "提醒谈话" or "reminder-talk" => SupervisionKind.ReminderTalk,
        _ => null,
    };

    public static string Code(this SupervisionKind k) => k switch
    {
        SupervisionKind.SpecialInspection => "special-inspection",
        SupervisionKind.UnannouncedVisit => "unannounced-visit",
        SupervisionKind.OrderToRectify => "order-to-rectify",
        SupervisionKind.Summons => "summons",
        _ => "reminder-talk",
    };

    public static string Chinese(this SupervisionState s) => s switch
    {
        SupervisionState.Proposed => "待确认（评估建议）",
        SupervisionState.Open => "进行中",
        SupervisionState.ReportedFixed => "单位已报整改完成，待验收",
        _ => "已验收",
    };

    /// <summary>Checks a new record before it is saved; every refusal says what is missing.</summary>
    public static void Validate(SupervisionAction a, PartialDate? feedback)
    {
        if (string.IsNullOrWhiteSpace(a.ActedBy)) throw new DomainException("须写明实施人");
        var hasTarget = a.TargetOrganizationId is not null || !string.IsNullOrWhiteSpace(a.TargetDepartment) || !string.IsNullOrWhiteSpace(a.TargetPerson);
        switch (a.Kind)
        {
            case SupervisionKind.OrderToRectify:
                if (!hasTarget) throw new DomainException("责令限期整改须写明对象（单位、部门或个人）");
                if (a.Deadline is not { } d) throw new DomainException("责令限期整改须写明整改期限");
                if (d < a.Date) throw new DomainException($"整改期限 {d:yyyy-MM-dd} 早于责令日期 {a.Date:yyyy-MM-dd}");
                Milestones.EnsureAfterFeedback(d, feedback, "整改期限");
                break;
            case SupervisionKind.Summons:
                if (string.IsNullOrWhiteSpace(a.TargetPerson)) throw new DomainException("约谈须写明被约谈人");
                if (string.IsNullOrWhiteSpace(a.SummonsReason) || !SummonsReasons.Contains(a.SummonsReason.Trim()))
                    throw new DomainException("约谈须写明原因：整改不力、措施不实或推进缓慢");
                break;
            case SupervisionKind.ReminderTalk:
                if (string.IsNullOrWhiteSpace(a.TargetPerson)) throw new DomainException("提醒谈话须写明谈话对象");
                break;
            default:
                if (!hasTarget) throw new DomainException($"{a.Kind.Chinese()}须写明对象（单位、部门或个人）");
                break;
        }
        if (a.Kind != SupervisionKind.OrderToRectify && a.Deadline is not null)
            throw new DomainException("只有责令限期整改才有整改期限");
        if (a.Kind != SupervisionKind.Summons) a.SummonsReason = null;
        else a.SummonsReason = a.SummonsReason!.Trim();
    }

    /// <summary>The unit reports an order fixed (its editor or leader).</summary>
    public static void ReportFixed(SupervisionAction a, string by, string? note, DateTimeOffset at)
    {
        if (a.Kind != SupervisionKind.OrderToRectify) throw new DomainException("只有责令限期整改需要报告整改完成");
        if (a.State != SupervisionState.Open) throw new DomainException($"该责令当前为“{a.State.Chinese()}”，不能再报整改完成");
        a.State = SupervisionState.ReportedFixed;
        a.ReportedFixedBy = by;
        a.ReportedFixedAt = at;
        if (!string.IsNullOrWhiteSpace(note)) a.Outcome = string.IsNullOrWhiteSpace(a.Outcome) ? "单位报告：" + note.Trim() : a.Outcome + "\n单位报告：" + note.Trim();
    }

    /// <summary>The supervisor accepts the fix; nobody accepts their own order.</summary>
    public static void Accept(SupervisionAction a, string by, DateTimeOffset at)
    {
        if (a.Kind != SupervisionKind.OrderToRectify) throw new DomainException("只有责令限期整改需要验收");
        if (a.State != SupervisionState.ReportedFixed) throw new DomainException("单位尚未报告整改完成，不能验收");
        if (string.Equals(a.ActedBy.Trim(), by.Trim(), StringComparison.Ordinal))
            throw new DomainException("不能验收自己下达的责令整改，须由另一名监督人员验收");
        a.State = SupervisionState.Accepted;
        a.AcceptedBy = by;
        a.AcceptedAt = at;
    }

    /// <summary>A record proposed by an evaluation becomes a real one when the supervisor confirms it.</summary>
    public static void Confirm(SupervisionAction a, string by, DateOnly today)
    {
        if (a.State != SupervisionState.Proposed) throw new DomainException("该记录不是待确认的建议");
        a.State = SupervisionState.Open;
        a.ActedBy = by;
        a.Date = today;
    }
}
