using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>Who a reminder goes to, climbing the organisation chart as the light worsens.</summary>
/// <remarks>
/// <see cref="ParentLeaders"/>: the leaders (单位领导 accounts) of the units above the problem's unit in the tree (the town
/// above a village, the district above a town), who see its problems and answer for their subtree.
/// <see cref="Office"/>: 巡察办 (its administrator and staff in scope), told once the problem is overdue by the configured days.
/// </remarks>
public enum Addressee { ResponsiblePerson, ResponsibleLeader, PrincipalLeader, Commission, ParentLeaders, Office }

/// <summary>
/// The days past the deadline after which an overdue problem climbs to the inspection office and then to the discipline
/// commission (0: on the first overdue day). The owner and the leaders hear earlier, by the round's light thresholds.
/// </summary>
public sealed record EscalationDays(int Office = 0, int Commission = 0);

public static class Escalation
{
    public static string Chinese(this Addressee a) => a switch
    {
        Addressee.ResponsiblePerson => "责任人",
        Addressee.ResponsibleLeader => "责任领导",
        Addressee.PrincipalLeader => "主要负责人",
        Addressee.ParentLeaders => "上级单位领导",
        Addressee.Office => "巡察办",
        _ => "纪委监督",
    };

    /// <summary>
    /// The steps of the climb (owner → unit leader → inspection office → discipline commission): green → the responsible
    /// person; yellow → also the responsible leader; red (overdue) → also the principal leader and the leaders of the units
    /// above it, then, once <paramref name="overdueDays"/> reaches each step's days (<see cref="EscalationDays"/>), 巡察办
    /// and the commission.
    /// </summary>
    public static IReadOnlyList<Addressee> Addressees(WarningLight light, int overdueDays = 0, EscalationDays? days = null)
    {
        days ??= new EscalationDays();
        return light switch
        {
            WarningLight.Green => [Addressee.ResponsiblePerson],
            WarningLight.Yellow => [Addressee.ResponsiblePerson, Addressee.ResponsibleLeader],
            WarningLight.Red =>
            [
                Addressee.ResponsiblePerson, Addressee.ResponsibleLeader, Addressee.PrincipalLeader, Addressee.ParentLeaders,
                .. overdueDays >= days.Office ? [Addressee.Office] : Array.Empty<Addressee>(),
                .. overdueDays >= days.Commission ? [Addressee.Commission] : Array.Empty<Addressee>(),
            ],
            _ => [],
        };
    }

    /// <summary>
    /// The event a reminder is about. It names the light, the due date and the recipient, so a
    /// reassignment or a new deadline is a new event, and the same event is never sent twice.
    /// </summary>
    public static string EventKey(int problemId, WarningLight light, DateOnly due, string recipientUserId) =>
        $"problem:{problemId}:{light.Code()}:{due:yyyy-MM-dd}:{recipientUserId}";

    public static string Title(Problem p, WarningLight light, DateOnly due, DateOnly today)
    {
        var left = Warnings.DaysLeft(due, today)!.Value;
        var when = left < 0 ? $"已超期 {-left} 天" : $"距整改时限还有 {left} 天";
        return $"【{light.Chinese()}】问题{p.Ordinal}“{p.Title}”{when}";
    }

    public static string Body(Problem p, WarningLight light, DateOnly due, IEnumerable<Addressee> why, string? organization, IReadOnlyList<Addressee>? reached = null)
    {
        var lines = new List<string>
        {
            $"{organization} 问题{p.Ordinal}：{p.Title}",
            $"整改时限：{due:yyyy年M月d日}（{(p.Deadline is null ? "按预计完成月份月底计" : "整改时限")}）；当前状态：{p.Status.Chinese()}",
            $"责任领导：{p.ResponsibleLeader ?? "未明确"}；责任部门：{p.ResponsibleDepartment ?? "未明确"}；责任人：{p.ResponsiblePerson ?? "未明确"}",
            $"收到本提醒是因为您是该问题的{string.Join("、", why.Select(a => a.Chinese()))}。",
        };
        if (light == WarningLight.Red)
        {
            // The steps reached so far, in the order of the climb.
            var above = (reached ?? Addressees(light)).Where(a => a is Addressee.PrincipalLeader or Addressee.ParentLeaders or Addressee.Office or Addressee.Commission);
            lines.Add($"问题已超期未完成整改，已逐级提醒至{string.Join("、", above.Select(a => a == Addressee.PrincipalLeader ? "单位主要负责人" : a.Chinese()))}。");
        }
        return string.Join("\n", lines);
    }
}
