using Microsoft.EntityFrameworkCore;
using Rectify.Data;

namespace Rectify.Features.Notifications;

/// <summary>
/// The e-mails of the notifications (<see cref="Notification.EmailTo"/>), sent after the action's save:
/// the inbox entry is there whatever the mail server does. Each e-mail is claimed by one UPDATE before it
/// is sent, so with several instances on one database each goes once; a failure is recorded on the row
/// (attempts, reason, shown on /admin/mail) and retried with a growing delay until it is
/// <see cref="GiveUpAfter"/> old.
/// </summary>
public static class MailOutbox
{
    /// <summary>The wait before each retry; after the last, the e-mail is retried every 12 hours until given up.</summary>
    static readonly TimeSpan[] Backoff = [TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30), TimeSpan.FromHours(2), TimeSpan.FromHours(6)];

    /// <summary>An e-mail not sent within two days is given up: by then the news is old; the inbox entry stays.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(2);

    /// <summary>How long an instance holds an e-mail it is sending; one that dies meanwhile leaves it to another after that.</summary>
    static readonly TimeSpan Lease = TimeSpan.FromMinutes(10);

    public static TimeSpan DelayAfter(int attempts) => attempts <= Backoff.Length ? Backoff[Math.Max(attempts, 1) - 1] : TimeSpan.FromHours(12);

    /// <summary>
    /// One pass: sends the messages due now — e-mails (a daily digest as one e-mail per address), and with
    /// <paramref name="channels"/> the SMS and robot messages — and returns how many went.
    /// </summary>
    public static async Task<int> SendDueAsync(RectifyDb db, Mailer mailer, CancellationToken ct = default, ChannelSender? channels = null)
    {
        var mail = mailer.IsConfigured;
        var other = channels?.IsConfigured == true;
        if (!mail && !other) return 0;
        var now = db.Clock.GetUtcNow();
        // Pending messages are few (sent ones and given-up ones have no due time); the times are compared here,
        // not in SQL, where SQLite cannot order DateTimeOffset. A channel not configured leaves its messages waiting.
        var pending = await db.Notifications.AsNoTracking()
            .Where(n => n.EmailDueAt != null && n.EmailedAt == null && (mail || n.Channel != null) && (other || n.Channel == null))
            .Select(n => new { n.Id, n.EmailDueAt }).ToListAsync(ct);
        var mine = new List<long>();
        foreach (var d in pending.Where(d => d.EmailDueAt <= now).OrderBy(d => d.EmailDueAt).Take(200))
        {
            // The claim, compare-and-set on the due time seen: only the instance whose UPDATE changed the row sends it.
            var leaseUntil = now + Lease;
            var claimed = await db.Notifications
                .Where(n => n.Id == d.Id && n.EmailedAt == null && n.EmailDueAt == d.EmailDueAt)
                .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailDueAt, leaseUntil), ct);
            if (claimed == 1) mine.Add(d.Id);
        }
        if (mine.Count == 0) return 0;
        // Read here, written below by id: the record of what went is its own unit.
        var rows = await db.Notifications.AsNoTracking().Where(n => mine.Contains(n.Id)).ToListAsync(ct);
        var expired = rows.Where(n => now - n.CreatedAt > GiveUpAfter).ToList();
        var live = rows.Except(expired).ToList();
        // A digest's e-mails go as one message per address; every other e-mail alone.
        var mails = live.Where(n => n.Channel == null).GroupBy(n => n.Digest ? "digest:" + n.EmailTo : "one:" + n.Id).Select(g => g.ToList())
            .Select(g => (Item: g, To: g[0].EmailTo!, Subject: g[0].Digest ? $"整改系统每日消息摘要（{g.Count} 条）" : g[0].Title,
                Body: g[0].Digest ? Digest.Body(g, null) : g[0].Body + Footer(g[0])))
            .ToList();
        var outcome = (await mailer.SendAsync(mails, ct)).SelectMany(o => o.Item.Select(n => (n, o.Error))).ToList();
        foreach (var n in live.Where(n => n.Channel != null)) outcome.Add((n, await channels!.SendAsync(n, ct)));
        var sentAt = db.Clock.GetUtcNow();
        // The messages went and cannot be taken back: what happened is recorded as one unit, repeated whole after a
        // transient PostgreSQL error (RetriedUnit), rather than lost and the messages sent again when the lease ends.
        // Delivery is at least once all the same: a record cut as its COMMIT is sent (it may have arrived, so it is not
        // repeated), or a database that stays away, leaves the rows claimed; the messages are not sent again while the
        // lease holds, and are sent again when it ends (PostgresMailFaultTests).
        await RetriedUnit.RunAsync(db, async t =>
        {
            var stored = await db.Notifications.Where(n => mine.Contains(n.Id)).ToDictionaryAsync(n => n.Id, t);
            foreach (var n in expired.Select(e => stored[e.Id]))
            {
                n.EmailDueAt = null;
                n.EmailError = $"{GiveUpAfter.TotalHours:0} 小时内未能发出，不再重发（站内消息仍在）。上次原因：{n.EmailError ?? "无"}";
                if (n.EmailError.Length > 500) n.EmailError = n.EmailError[..500];
            }
            foreach (var (sent, error) in outcome)
            {
                var n = stored[sent.Id];
                if (error is null)
                {
                    n.EmailedAt = sentAt;
                    n.EmailDueAt = null;
                    n.EmailError = null;
                }
                else
                {
                    n.EmailAttempts++;
                    n.EmailError = error;
                    n.EmailDueAt = sentAt + DelayAfter(n.EmailAttempts);
                }
            }
            await db.SaveChangesAsync(t);
        }, ct);
        return outcome.Count(o => o.Error is null);
    }

    /// <summary>Where to read on, for an account's e-mail.</summary>
    static string Footer(Notification n) => n.UserId is null ? "" : "\n\n请登录整改系统，在“消息”中查看和处理。";
}

/// <summary>
/// Runs <see cref="MailOutbox"/> every Rectify:Smtp:IntervalSeconds while a mail server is configured.
/// </summary>
public sealed class MailService(IServiceProvider services, TimeProvider clock, Mailer mailer, ChannelSender channels, ILogger<MailService> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!(mailer.IsConfigured || channels.IsConfigured) || mailer.IntervalSeconds <= 0) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(mailer.IntervalSeconds), clock);
        try
        {
            do
            {
                try
                {
                    using var scope = services.CreateScope();
                    var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
                    db.Actor = "system";
                    await MailOutbox.SendDueAsync(db, mailer, stoppingToken, channels);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    log.LogError(e, "邮件发送轮次失败，下一轮重试");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) { }
    }
}
