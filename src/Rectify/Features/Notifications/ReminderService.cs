using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Rectify.Features.Notifications;

/// <summary>Rectify:Reminders — how often the reminder scan runs, and when an overdue problem climbs to the office and the commission.</summary>
public sealed class ReminderOptions : Rectify.Core.ICheckedSettings
{
    public const string Section = "Rectify:Reminders";

    /// <summary>Seconds between two scans; 0 turns the scan off.</summary>
    [Range(0, 7 * 24 * 3600)]
    public int IntervalSeconds { get; set; } = 300;

    public const int DefaultDigestHour = 8;

    /// <summary>The office's hour (0–23) after which the first scan of the day releases the daily digests.</summary>
    [Range(0, 23)]
    public int DigestHour { get; set; } = DefaultDigestHour;

    /// <summary>Days past the deadline after which 巡察办 hears of an overdue problem (0: on the first overdue day).</summary>
    [Range(0, 365)]
    public int OfficeAfterDays { get; set; }

    /// <summary>Days past the deadline after which the discipline commission hears (0: on the first overdue day); never before the office.</summary>
    [Range(0, 365)]
    public int CommissionAfterDays { get; set; }

    public Rectify.Core.Supervision.EscalationDays Escalation => new(OfficeAfterDays, CommissionAfterDays);

    public IEnumerable<string> Problems()
    {
        // The climb goes owner → unit leader → inspection office → discipline commission, never skipping the office.
        if (CommissionAfterDays < OfficeAfterDays)
            yield return $"Rectify:Reminders:CommissionAfterDays（{CommissionAfterDays}）不能小于 Rectify:Reminders:OfficeAfterDays（{OfficeAfterDays}）：超期问题先提醒巡察办，再提醒纪委监督";
    }
}

/// <summary>
/// Runs <see cref="ReminderScan"/> every Rectify:Reminders:IntervalSeconds (<see cref="ReminderOptions"/>).
/// Restarts repeat nothing: delivered events are remembered by their unique key in the database.
/// </summary>
public sealed class ReminderService(IServiceProvider services, TimeProvider clock, Rectify.Core.OfficeClock office, IOptions<ReminderOptions> options, ILogger<ReminderService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.IntervalSeconds;
        if (seconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    using var scope = services.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<Data.RectifyDb>();
                    db.Actor = "system";
                    var result = await ReminderScan.RunAsync(db, office, scope.ServiceProvider.GetRequiredService<Mailer>(), stoppingToken, options.Value.DigestHour);
                    if (result.Delivered + result.Withdrawn > 0)
                        log.LogInformation("预警提醒：新发 {Delivered} 条，撤回 {Withdrawn} 条，邮件 {Emailed} 封", result.Delivered, result.Withdrawn, result.Emailed);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "预警扫描失败，下一轮重试");
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
