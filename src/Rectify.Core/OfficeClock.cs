namespace Rectify.Core;

/// <summary>
/// The office's one "today" and the one way an instant is shown: instants are kept in UTC, dates
/// and times are those of the office's time zone (Rectify:TimeZone, Asia/Shanghai by default).
/// </summary>
public sealed class OfficeClock(TimeProvider clock, TimeZoneInfo zone)
{
    public const string DefaultZone = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;
    public TimeProvider Time { get; } = clock;

    public DateTimeOffset Now => Local(Time.GetUtcNow());
    public DateOnly Today => DateOnly.FromDateTime(Now.DateTime);
    public DateTimeOffset Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone);
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(Local(instant).DateTime);
}
