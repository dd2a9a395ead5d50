using System.Globalization;

namespace Rectify.Core;

/// <summary>
/// The office's one "today" and the one way an instant is shown: instants are kept in UTC, dates
/// and times are those of the office's time zone (Rectify:TimeZone, Asia/Shanghai by default).
/// Every date shown, compared against a deadline, written into a document or an export, or stamped
/// on a publication comes from here; code in Rectify.Core that needs "today" is given the date.
/// </summary>
public sealed class OfficeClock(TimeProvider clock, TimeZoneInfo zone)
{
    public const string DefaultZone = "Asia/Shanghai";

    /// <summary>The zone named by Rectify:TimeZone (an IANA name such as Asia/Shanghai), the default when not set.</summary>
    public static TimeZoneInfo FindZone(string? id)
    {
        var name = string.IsNullOrWhiteSpace(id) ? DefaultZone : id.Trim();
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(name);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException($"设置 Rectify:TimeZone 的值“{name}”不是已知的时区，应为 IANA 时区名，如 Asia/Shanghai", e);
        }
    }

    public TimeZoneInfo Zone { get; } = zone;
    public TimeProvider Time { get; } = clock;

    /// <summary>Now, as an instant to store (UTC).</summary>
    public DateTimeOffset UtcNow => Time.GetUtcNow();

    /// <summary>Now, in the office's zone.</summary>
    public DateTimeOffset Now => Local(Time.GetUtcNow());

    /// <summary>The office's date now: the date compared against deadlines and written on documents.</summary>
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);

    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);

    /// <summary>The office's date of an instant (a change, a completion, a publication).</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);

    /// <summary>An instant as people read it: the office's date and time, e.g. 2023-03-10 14:05.</summary>
    public string Show(DateTimeOffset instant) => Local(instant).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    /// <summary>An instant's office date as people read it, e.g. 2023-03-10.</summary>
    public string ShowDate(DateTimeOffset instant) => DateOf(instant).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The instant the office's day begins.</summary>
    public DateTimeOffset StartOf(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }

    /// <summary>The last instant of the office's day: what happened up to it happened on or before that day.</summary>
    public DateTimeOffset EndOf(DateOnly day) => StartOf(day.AddDays(1)).AddTicks(-1);
}
