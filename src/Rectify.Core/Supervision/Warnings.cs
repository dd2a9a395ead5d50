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
/// The light of anything with a due date. Thresholds come from the round's
/// <see cref="DeadlineSettings"/> (GreenDays, YellowDays), so places can differ.
/// </summary>
public static class Warnings
{
    /// <summary>Red when overdue and not done; yellow at ≤ YellowDays left; green at ≤ GreenDays; otherwise none.</summary>
    public static WarningLight Light(DateOnly? due, DateOnly today, bool done, DeadlineSettings s)
    {
        if (done || due is not { } d) return WarningLight.None;
        var left = d.DayNumber - today.DayNumber;
        if (left < 0) return WarningLight.Red;
        if (left <= s.YellowDays) return WarningLight.Yellow;
        if (left <= s.GreenDays) return WarningLight.Green;
        return WarningLight.None;
    }

    /// <summary>A problem counts to its deadline, else to the end of its expected month; completed ones have no light.</summary>
    public static WarningLight For(Problem p, DateOnly today, DeadlineSettings s) =>
        Light(p.DueDate, today, IsDone(p), s);

    public static bool IsDone(Problem p) => p.Status.IsCompleted() || p.IsClosed;

    /// <summary>A measure counts to its own deadline until it is done.</summary>
    public static WarningLight For(Measure m, DateOnly today, DeadlineSettings s) =>
        Light(m.Deadline, today, m.DoneOn is not null, s);

    /// <summary>Days left (negative: overdue), or null without a due date.</summary>
    public static int? DaysLeft(DateOnly? due, DateOnly today) => due is { } d ? d.DayNumber - today.DayNumber : null;
}
