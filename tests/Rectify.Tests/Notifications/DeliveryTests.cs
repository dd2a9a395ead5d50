using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// The inbox's filters and each account's choices (issue 18 item 5: which events by e-mail, at once or in a daily
/// digest), and the other channels (item 7): SMS through the office's gateway and a 钉钉 robot, against a real HTTP
/// server the test starts, through the same outbox with its retries and its failures on /admin/mail.
/// </summary>
public class DeliveryTests : IAsyncLifetime
{
    // 08:00 UTC is 16:00 in the office (Asia/Shanghai): past the digest hour.
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    SmtpSink _smtp = null!;
    HookServer _hook = null!;
    SupervisionWorld _w = null!;
    int _problem, _second;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        _hook = await HookServer.StartNewAsync();
        var root = new RectifyApp();
        _smtp.Configure(root.Settings);
        root.Settings["Rectify:Channels:SmsUrl"] = _hook.Url + "/sms";
        root.Settings["Rectify:Channels:RobotKind"] = "DingTalk";
        root.Settings["Rectify:Channels:RobotUrl"] = _hook.Url + "/robot/send?access_token=t1";
        root.Settings["Rectify:Channels:RobotSecret"] = "SECtest";
        root.Settings["Rectify:Channels:RobotKeyword"] = "督办";
        root.Settings["Rectify:Channels:RobotEvents"] = "extension-requested";
        root.Settings["Rectify:Public:BaseUrl"] = "https://xc.example.gov.cn";
        _w = new SupervisionWorld(June1, root);
        await _w.UserAsync("ed", "周填报", Roles.UnitEditor, SupervisionWorld.Town, "ed@example.org");
        await _w.UserAsync("lead", "王书记", Roles.UnitLeader, SupervisionWorld.Town, "lead@example.org");
        await _w.UserAsync("li", "李副镇长", Roles.UnitLeader, SupervisionWorld.Town, "li@example.org");
        await using var db = _w.Db();
        var two = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).Take(2).ToListAsync();
        foreach (var p in two) p.SetDeadline(new DateOnly(2026, 6, 30));
        await db.SaveChangesAsync();
        (_problem, _second) = (two[0].Id, two[1].Id);
    }

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _hook.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    async Task<int> OutboxAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        return await MailOutbox.SendDueAsync(sp.GetRequiredService<RectifyDb>(), sp.GetRequiredService<Mailer>(), default, sp.GetRequiredService<ChannelSender>());
    }

    async Task ScanAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
    }

    async Task AskExtensionAsync(int problem, string until)
    {
        var ed = await _w.ClientAsync("ed");
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{problem}");
        var r = await ed.PostAsJsonAsync($"/api/problems/{problem}/extensions", new { newDeadline = until, reason = "汛期施工受阻", version = p.GetProperty("version").GetInt32() });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    static FormUrlEncodedContent Form(string page, params (string, string)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(page))));

    [Fact]
    public async Task Each_account_gets_its_chosen_events_by_email_at_once_or_in_one_daily_digest_and_the_inbox_filters_them()
    {
        // 王书记 chooses the daily digest on the page; 李副镇长 takes extension requests in the inbox only.
        var lead = await _w.ClientAsync("lead");
        var page = await lead.GetStringAsync("/notifications/settings");
        var kinds = DeliveryPrefs.Kinds.Select(k => ("Email", k.Kind)).ToArray();
        var saved = await lead.PostAsync("/notifications/settings", Form(page, [("Digest", "true"), .. kinds]));
        Assert.Contains("接收设置已保存。邮件每天汇总发送一次。", await saved.Content.ReadAsStringAsync());
        var li = await _w.ClientAsync("li");
        page = await li.GetStringAsync("/notifications/settings");
        await li.PostAsync("/notifications/settings", Form(page, [("Digest", "false"), .. kinds.Where(k => k.Kind != Events.ExtensionRequested)]));

        await AskExtensionAsync(_problem, "2026-08-31");
        await OutboxAsync();
        // At once: only 巡察办's admin (no address) — nobody; 王书记 waits for the digest; 李副镇长 chose no e-mail.
        Assert.Empty(_smtp.Take());
        // Both have it in the inbox, and the filters find it.
        var mine = await lead.GetFromJsonAsync<JsonElement>($"/api/notifications?kind={Events.ExtensionRequested}&unread=true");
        Assert.Equal(1, mine.GetArrayLength());
        Assert.Equal(0, (await lead.GetFromJsonAsync<JsonElement>($"/api/notifications?kind={Events.ClosureRequested}")).GetArrayLength());
        Assert.Contains("申请延期", await li.GetStringAsync($"/notifications?Unread=true&Kind={Events.ExtensionRequested}"));
        Assert.Contains("没有符合条件的消息", await li.GetStringAsync($"/notifications?Kind={Events.ClosureRequested}"));

        // The first scan after the digest hour sends 王书记 one e-mail with the day's news; later scans nothing more today.
        await ScanAsync();
        await OutboxAsync();
        // 李副镇长 takes every other event at once: the scan's deadline warnings reach him as a leader of the unit
        // (its 主要负责人 is not named here), never the extension request he chose to read in the inbox only.
        static string To(MimeKit.MimeMessage m) => m.To.Mailboxes.Single().Address;
        void NothingButWarningsToLi(IEnumerable<MimeKit.MimeMessage> mails) => Assert.All(mails, m =>
        {
            Assert.Equal("li@example.org", To(m));
            Assert.DoesNotContain("延期", m.Subject);
        });
        var mails = _smtp.Take();
        var digest = Assert.Single(mails, m => To(m) == "lead@example.org");
        NothingButWarningsToLi(mails.Where(m => m != digest));
        Assert.StartsWith("整改系统每日消息摘要（", digest.Subject);
        Assert.Contains("延至 2026-08-31", digest.TextBody);
        await AskExtensionAsync(_second, "2026-09-15");
        await ScanAsync();
        await OutboxAsync();
        Assert.Empty(_smtp.Take());
        // The next day's digest carries what came since.
        _w.Clock.Advance(TimeSpan.FromDays(1));
        await ScanAsync();
        await OutboxAsync();
        mails = _smtp.Take();
        var next = Assert.Single(mails, m => To(m) == "lead@example.org");
        NothingButWarningsToLi(mails.Where(m => m != next));
        Assert.Contains("延至 2026-09-15", next.TextBody);
        Assert.DoesNotContain("延至 2026-08-31", next.TextBody);
    }

    [Fact]
    public async Task An_sms_reaches_who_chose_it_and_the_robot_the_event_through_the_outbox_with_retries_and_failures_shown()
    {
        var li = await _w.ClientAsync("li");
        var page = await li.GetStringAsync("/notifications/settings");
        var bad = await li.PostAsync("/notifications/settings", Form(page, ("Phone", "12345"), ("Sms", Events.ExtensionRequested)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
        Assert.Contains("手机号码“12345”无效", await bad.Content.ReadAsStringAsync());
        await li.PostAsync("/notifications/settings", Form(page, ("Digest", "false"), ("Phone", "13800000000"), ("Sms", Events.ExtensionRequested)));

        await AskExtensionAsync(_problem, "2026-08-31");
        await OutboxAsync();
        var calls = _hook.Take();
        var sms = Assert.Single(calls, c => c.Path == "/sms");
        Assert.Equal("POST", sms.Method);
        using (var body = JsonDocument.Parse(sms.Body))
        {
            Assert.Equal("13800000000", body.RootElement.GetProperty("phone").GetString());
            var text = body.RootElement.GetProperty("text").GetString()!;
            Assert.StartsWith("【巡察整改】", text);
            Assert.Contains("申请延期", text);
            Assert.EndsWith($"https://xc.example.gov.cn/problems/{_problem}", text);
        }
        // One robot message for the event (not one per account), in 钉钉's form, keyword first, signed.
        var robot = Assert.Single(calls, c => c.Path.StartsWith("/robot/send", StringComparison.Ordinal));
        Assert.Matches(@"^/robot/send\?access_token=t1&timestamp=\d+&sign=[^&]+$", robot.Path);
        using (var body = JsonDocument.Parse(robot.Body))
        {
            Assert.Equal("text", body.RootElement.GetProperty("msgtype").GetString());
            var content = body.RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.StartsWith("督办 【巡察整改】", content);
            Assert.Contains($"/problems/{_problem}", content);
        }
        Assert.Equal(2, calls.Count);

        // The gateway fails: the message waits and is retried; the failure is on /admin/mail.
        _hook.Status = 500;
        _hook.Answer = "{\"error\":\"gateway down\"}";
        await AskExtensionAsync(_second, "2026-09-15");
        await OutboxAsync();
        Assert.Equal(2, _hook.Take().Count);
        await using (var db = _w.Db())
        {
            var failed = await db.Notifications.Where(n => n.Channel == Channels.Sms && n.EmailedAt == null).SingleAsync();
            Assert.Equal(1, failed.EmailAttempts);
            Assert.Contains("短信网关返回 HTTP 500", failed.EmailError);
        }
        var mailPage = await (await _w.ClientAsync("sysadmin")).GetStringAsync("/admin/mail");
        Assert.Contains("（短信）", mailPage);
        Assert.Contains("短信网关返回 HTTP 500", mailPage);
        // Not before its back-off; then once, and it goes.
        _hook.Status = 200;
        _hook.Answer = "{\"errcode\":0}";
        await OutboxAsync();
        Assert.Empty(_hook.Take());
        _w.Clock.Advance(TimeSpan.FromMinutes(2));
        await OutboxAsync();
        Assert.Equal(2, _hook.Take().Count);
        await using (var db = _w.Db())
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.Channel != null && n.EmailedAt == null));
        // Channel messages never show in an inbox.
        Assert.All((await li.GetFromJsonAsync<JsonElement>("/api/notifications")).EnumerateArray(), n => Assert.Equal(Events.ExtensionRequested, n.GetProperty("kind").GetString()));
        Assert.Equal(2, (await li.GetFromJsonAsync<JsonElement>("/api/notifications")).GetArrayLength());
    }
}
