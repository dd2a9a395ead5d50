using Rectify.Core.Domain;

namespace Rectify.Core.Supervision;

/// <summary>三色预警: green when few days are left, yellow when fewer, red when overdue and not done.</summary>
public enum WarningLight { None, Green, Yellow, Red }

public static class WarningLights
{
    public static string Chinese(this WarningLight l) => l switch
    {
        WarningLight.Green => "绿灯",
        WarningLight.Yellow => "黄灯",
        WarningLight.Red => "红灯",
        _ => "",
    };

    public static string Code(this WarningLight l) => l switch
    {
        WarningLight.Green => "green",
        WarningLight.Yellow => "yellow",
        WarningLight.Red => "red",
        _ => "none",
    };

    public static WarningLight? FromCode(string? s) => s?.Trim().ToLowerInvariant() switch
    {
        "green" or "绿" or "绿灯" => WarningLight.Green,
        "yellow" or "黄" or "黄灯" => WarningLight.Yellow,
        "red" or "红" or "红灯" => WarningLight.Red,
        "none" => WarningLight.None,
        _ => null,
    };
}

/// <summary>
/// 三色预警, the one light rule (docs/lights-and-buckets.md). Every screen, export and reminder asks
/// <see cref="Light"/> (or <see cref="For(Problem, DateOnly, DeadlineSettings)"/>); a database filter
/// that must find the lights in SQL is derived from the same thresholds in Rectify's WarningQueries.
/// The thresholds are the inspection's (its round's <see cref="DeadlineSettings"/>: GreenDays, YellowDays,
/// defaults 20 and 10), so places can differ; "today" is the office's (OfficeClock).
/// </summary>
public static class Warnings
{
    /// <summary>
    /// Red when the due date has passed and it is not done; yellow from YellowDays days left down to
    /// the due date itself; green from GreenDays down to YellowDays + 1; otherwise none. Days are whole
    /// calendar days: due tomorrow is 1 day left, due today 0 (still yellow), due yesterday red.
    /// </summary>
    public static WarningLight Light(DateOnly? due, DateOnly today, bool done, DeadlineSettings s)
    {
        if (done || DaysLeft(due, today) is not { } left) return WarningLight.None;
        if (left < 0) return WarningLight.Red;
        if (left <= s.YellowDays) return WarningLight.Yellow;
        if (left <= s.GreenDays) return WarningLight.Green;
        return WarningLight.None;
    }

    /// <summary>A problem counts to its deadline, else to the end of its expected month; completed ones have no light.</summary>
    public static WarningLight For(Problem p, DateOnly today, DeadlineSettings s) =>
        Light(p.DueDate, today, IsDone(p), s);

    /// <summary>The same for a problem read as columns (a list's row): deadline, expected month, status and closure.</summary>
    public static WarningLight For(DateOnly? deadline, YearMonth? expected, RectificationStatus status, ClosureState closure, DateOnly today, DeadlineSettings s) =>
        Light(deadline ?? expected?.LastDay, today, IsDone(status, closure), s);

    public static bool IsDone(Problem p) => IsDone(p.Status, p.Closure.State);

    /// <summary>A problem is done for the lights when its status is done or its closure (销号) was approved.</summary>
    public static bool IsDone(RectificationStatus status, ClosureState closure) => status.IsCompleted() || closure == ClosureState.Approved;

    /// <summary>A measure counts to its own deadline until it is done.</summary>
    public static WarningLight For(Measure m, DateOnly today, DeadlineSettings s) =>
        Light(m.Deadline, today, m.DoneOn is not null, s);

    /// <summary>Days left (negative: overdue), or null without a due date.</summary>
    public static int? DaysLeft(DateOnly? due, DateOnly today) => due is { } d ? d.DayNumber - today.DayNumber : null;

    /// <summary>
    /// The light in words, as every page shows it ("红灯 逾期3天", "黄灯 距期限5天", "黄灯 今天到期", "绿灯 距期限15天"),
    /// so colour is never the only signal; empty when the rule lights nothing.
    /// </summary>
    public static string Label(DateOnly? due, DateOnly today, bool done, DeadlineSettings s) =>
        Label(Light(due, today, done, s), DaysLeft(due, today));

    /// <summary>The label of a problem on a date: its due date, its done state and its round's thresholds.</summary>
    public static string Label(Problem p, DateOnly today, DeadlineSettings s) => Label(p.DueDate, today, IsDone(p), s);

    /// <summary>The label of a light already found by <see cref="Light"/> with the days left it was found from.</summary>
    public static string Label(WarningLight light, int? daysLeft) => light == WarningLight.None || daysLeft is not { } left ? ""
        : light.Chinese() + " " + (left < 0 ? $"逾期{-left}天" : left == 0 ? "今天到期" : $"距期限{left}天");

    /// <summary>The rule in one sentence with the round's thresholds: the tooltip of every light.</summary>
    public static string Rule(DeadlineSettings s) =>
        $"三色预警：距整改时限（未定时限的按预计完成月份最后一天）不超过{s.GreenDays}天亮绿灯，不超过{s.YellowDays}天（含到期当天）亮黄灯，超过时限仍未完成亮红灯；已完成整改或已销号的不亮灯。";

    /// <summary>"超期 3 天", "5 天", "今天到期": the days-left figure as every list writes it.</summary>
    public static string DaysLeftText(int left) => left < 0 ? $"超期 {-left} 天" : left == 0 ? "今天到期" : $"{left} 天";
}
