using Rectify.Core;

namespace Rectify.Infrastructure;

/// <summary>The office's time zone: "today" everywhere, and the zone stored instants are shown in (<see cref="OfficeClock"/>).</summary>
public sealed class TimeZoneOptions : ICheckedSettings
{
    public const string Section = "Rectify";

    /// <summary>An IANA name.</summary>
    public string TimeZone { get; set; } = OfficeClock.DefaultZone;

    public TimeZoneInfo Zone => OfficeClock.FindZone(TimeZone);

    public IEnumerable<string> Problems()
    {
        string? problem = null;
        try
        {
            _ = Zone;
        }
        catch (InvalidOperationException e)
        {
            problem = e.Message;
        }
        if (problem is not null) yield return problem;
    }
}
