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

    /// <summary>"超期 3 天", "5 天", "今天到期": the days-left figure as every list writes it.</summary>
    public static string DaysLeftText(int left) => left < 0 ? $"超期 {-left} 天" : left == 0 ? "今天到期" : $"{left} 天";
}
