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
/// Each unit's own group robot (issue 18 item 7, Rectify:Channels:UnitRobots): a unit's event reaches that unit's robot
/// (and a robot above it that asked for its subtree), never another unit's, through the outbox against a real HTTP
/// server the test starts.
/// </summary>
public class UnitRobotTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    HookServer _hook = null!;
    SupervisionWorld _w = null!;
    int _problem;

    public async ValueTask InitializeAsync()
    {
        _hook = await HookServer.StartNewAsync();
        var root = new RectifyApp();
        root.Settings["Rectify:Smtp:IntervalSeconds"] = "0";
        root.Settings["Rectify:Public:BaseUrl"] = "https://xc.example.gov.cn";
        // 城北镇's own 钉钉 robot, by name; 城南镇's 企业微信 robot; the district's (by its number) for its whole subtree.
        root.Settings["Rectify:Channels:UnitRobots:0:Organization"] = "城北镇";
        root.Settings["Rectify:Channels:UnitRobots:0:Kind"] = "DingTalk";
        root.Settings["Rectify:Channels:UnitRobots:0:Url"] = _hook.Url + "/north?access_token=n";
        root.Settings["Rectify:Channels:UnitRobots:0:Secret"] = "SECnorth";
        root.Settings["Rectify:Channels:UnitRobots:0:Keyword"] = "督办";
        root.Settings["Rectify:Channels:UnitRobots:0:Events"] = "extension-requested,closure-rejected";
        root.Settings["Rectify:Channels:UnitRobots:1:Organization"] = "城南镇";
        root.Settings["Rectify:Channels:UnitRobots:1:Url"] = _hook.Url + "/south?key=s";
        root.Settings["Rectify:Channels:UnitRobots:1:Events"] = "extension-requested";
        root.Settings["Rectify:Channels:UnitRobots:2:Organization"] = $"{SupervisionWorld.District}";
        root.Settings["Rectify:Channels:UnitRobots:2:Url"] = _hook.Url + "/district?key=d";
        root.Settings["Rectify:Channels:UnitRobots:2:Events"] = "extension-requested";
        root.Settings["Rectify:Channels:UnitRobots:2:Subtree"] = "true";
        // The office-wide robot, configured to hear nothing until the office chooses on /admin/mail.
        root.Settings["Rectify:Channels:RobotUrl"] = _hook.Url + "/office?key=o";
        // A unit that is not in the tree: nothing goes there, and /admin/mail says so.
        root.Settings["Rectify:Channels:UnitRobots:3:Organization"] = "城东镇";
        root.Settings["Rectify:Channels:UnitRobots:3:Url"] = _hook.Url + "/east?key=e";
        root.Settings["Rectify:Channels:UnitRobots:3:Events"] = "extension-requested";
        _w = new SupervisionWorld(June1, root);
        await _w.UserAsync("ed", "周填报", Roles.UnitEditor, SupervisionWorld.Town);
        await using var db = _w.Db();
        db.Organizations.Add(new Organization { Name = "城南镇", Level = OrganizationLevel.Town, ParentId = SupervisionWorld.District });
        var p = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
        p.SetDeadline(new DateOnly(2026, 6, 30));
        await db.SaveChangesAsync();
        _problem = p.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _hook.DisposeAsync();
    }

    async Task<int> OutboxAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        var sp = scope.ServiceProvider;
        return await MailOutbox.SendDueAsync(sp.GetRequiredService<RectifyDb>(), sp.GetRequiredService<Mailer>(), default, sp.GetRequiredService<ChannelSender>());
    }

    [Fact]
    public async Task A_units_event_reaches_its_own_robot_and_the_subtree_robot_above_and_not_another_units()
    {
        var ed = await _w.ClientAsync("ed");
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{_problem}");
        var r = await ed.PostAsJsonAsync($"/api/problems/{_problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = p.GetProperty("version").GetInt32() });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());

        // The robots' server is down at first: nothing is lost, the failure is on /admin/mail under the robot's unit.
        _hook.Status = 500;
        _hook.Answer = "{\"errcode\":500}";
        Assert.Equal(0, await OutboxAsync());
        Assert.Equal(2, _hook.Take().Count);
        var mail = await (await _w.ClientAsync("sysadmin")).GetStringAsync("/admin/mail");
        Assert.Contains("机器人:城北镇", mail);
        Assert.Contains("机器人:1", mail);
        Assert.Contains("群机器人返回 HTTP 500", mail);
        Assert.DoesNotContain("机器人:城南镇", mail);
        Assert.Contains("组织机构中找不到该单位或有多个同名单位，不会收到消息", mail);

        // Back up: after the back-off, each goes once.
        _hook.Status = 200;
        _hook.Answer = "{\"errcode\":0,\"errmsg\":\"ok\"}";
        _w.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(2, await OutboxAsync());
        var calls = _hook.Take();
        Assert.Equal(2, calls.Count);
        Assert.DoesNotContain(calls, c => c.Path.StartsWith("/south", StringComparison.Ordinal));
        // 城北镇's: 钉钉's form, its own keyword first, signed with its own secret.
        var north = Assert.Single(calls, c => c.Path.StartsWith("/north", StringComparison.Ordinal));
        Assert.Matches(@"^/north\?access_token=n&timestamp=\d+&sign=[^&]+$", north.Path);
        using (var body = JsonDocument.Parse(north.Body))
        {
            var content = body.RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.StartsWith("督办 【巡察整改】", content);
            Assert.Contains("申请延期", content);
            Assert.EndsWith($"https://xc.example.gov.cn/problems/{_problem}", content);
        }
        // The district's, for its subtree: 企业微信's form, unsigned, no keyword.
        var district = Assert.Single(calls, c => c.Path.StartsWith("/district", StringComparison.Ordinal));
        Assert.Equal("/district?key=d", district.Path);
        using (var body = JsonDocument.Parse(district.Body))
            Assert.StartsWith("【巡察整改】", body.RootElement.GetProperty("text").GetProperty("content").GetString());
        Assert.Equal(0, await OutboxAsync());
        Assert.Empty(_hook.Take());
    }
    /// <summary>Another problem of 城北镇, completed with evidence (as EventTests makes it): its closure may be asked for.</summary>
    async Task<int> CompletedProblemAsync()
    {
        await using var db = _w.Db();
        var p = await db.Problems.Include(x => x.Progress).Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased && x.Id != _problem).OrderBy(x => x.Ordinal).FirstAsync();
        p.SetImportedStatus(RectificationStatus.Completed, null, null);
        var entry = p.AddProgress(new DateOnly(2026, 5, 30), "复耕完成，已验收", "周填报");
        entry.Evidence.Add(new Evidence { FileName = "验收单.pdf", ContentType = "application/pdf", Size = 10, Sha256 = new string('0', 64), StoredPath = "none.pdf", UploadedBy = "周填报" });
        await db.SaveChangesAsync();
        return p.Id;
    }

    /// <summary>Posts a unit's robot's events (null: the office-wide robot's) as ticked on /admin/mail, with the page's antiforgery token.</summary>
    static async Task<HttpResponseMessage> ChooseAsync(HttpClient client, string tokenPage, int? unit, params string[] events)
    {
        var values = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(await client.GetStringAsync(tokenPage))) };
        if (unit is not null) values.Add(new("organizationId", $"{unit}"));
        values.AddRange(events.Select(e => new KeyValuePair<string, string>("Events", e)));
        return await client.PostAsync("/admin/mail?handler=RobotEvents", new FormUrlEncodedContent(values));
    }

    async Task RequestExtensionAsync(HttpClient ed, int problem)
    {
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{problem}");
        var r = await ed.PostAsJsonAsync($"/api/problems/{problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = p.GetProperty("version").GetInt32() });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_events_a_units_robot_takes_are_chosen_on_the_mail_page_and_hold_at_once_audited()
    {
        var sysadmin = await _w.ClientAsync("sysadmin");
        // Configured: extension-requested and closure-rejected. Untick 延期申请, tick 销号申请.
        var saved = await ChooseAsync(sysadmin, "/admin/mail", SupervisionWorld.Town, Events.ClosureRequested, Events.ClosureRejected);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var page = WebUtility.HtmlDecode(await sysadmin.GetStringAsync("/admin/mail"));
        Assert.Contains("已保存：城北镇的群机器人接收销号申请、销号驳回。即时生效", page);
        Assert.Contains("保存后即时生效，无需重启", page);
        Assert.Contains("已按本页的选择接收：销号申请、销号驳回", page);

        // An extension request of 城北镇: the district's robot (its subtree) hears it, 城北镇's no longer does.
        var ed = await _w.ClientAsync("ed");
        await RequestExtensionAsync(ed, _problem);
        Assert.Equal(1, await OutboxAsync());
        Assert.Equal(["/district?key=d"], _hook.Take().Select(c => c.Path));

        // A closure request of 城北镇: its robot, now ticked for it, hears it; the district's did not choose it.
        var second = await CompletedProblemAsync();
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{second}");
        var closure = await ed.PostAsJsonAsync($"/api/problems/{second}/closure/request", new { version = p.GetProperty("version").GetInt32() });
        Assert.True(closure.IsSuccessStatusCode, await closure.Content.ReadAsStringAsync());
        Assert.Equal(1, await OutboxAsync());
        var north = Assert.Single(_hook.Take());
        Assert.StartsWith("/north?access_token=n&timestamp=", north.Path);
        using (var body = JsonDocument.Parse(north.Body))
            Assert.EndsWith($"https://xc.example.gov.cn/problems/{second}", body.RootElement.GetProperty("text").GetProperty("content").GetString());

        // In the audit log: who changed which unit's robot, from what to what.
        await using var db = _w.Db();
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == Rectify.Features.Admin.MailModel.AuditEntity);
        Assert.Equal("sysadmin", entry.Actor);
        Assert.Equal("update", entry.Action);
        Assert.Contains("\"before\":\"extension-requested,closure-rejected\"", entry.After);
        Assert.Contains("\"after\":\"closure-requested,closure-rejected\"", entry.After);
        Assert.Contains("城北镇", entry.After);
    }

    [Fact]
    public async Task The_office_wide_robot_configured_with_no_events_takes_those_chosen_on_the_mail_page_for_every_unit()
    {
        var sysadmin = await _w.ClientAsync("sysadmin");
        var page = WebUtility.HtmlDecode(await sysadmin.GetStringAsync("/admin/mail"));
        Assert.Contains("data-unit=\"office\"", page);
        Assert.Contains("全区所有单位的事件", page);

        // Configured with none: an extension request reaches the units' robots only.
        var ed = await _w.ClientAsync("ed");
        await RequestExtensionAsync(ed, _problem);
        Assert.Equal(2, await OutboxAsync());
        Assert.DoesNotContain(_hook.Take(), c => c.Path.StartsWith("/office", StringComparison.Ordinal));

        var saved = await ChooseAsync(sysadmin, "/admin/mail", null, Events.ClosureRequested);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("已保存：全区的群机器人接收销号申请。即时生效", WebUtility.HtmlDecode(await sysadmin.GetStringAsync("/admin/mail")));

        // A closure request of 城北镇, which no unit's robot takes: the office-wide robot now hears it, at once.
        var second = await CompletedProblemAsync();
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{second}");
        var closure = await ed.PostAsJsonAsync($"/api/problems/{second}/closure/request", new { version = p.GetProperty("version").GetInt32() });
        Assert.True(closure.IsSuccessStatusCode, await closure.Content.ReadAsStringAsync());
        Assert.Equal(1, await OutboxAsync());
        Assert.Equal(["/office?key=o"], _hook.Take().Select(c => c.Path));

        await using var db = _w.Db();
        Assert.Equal("closure-requested", (await db.Settings.SingleAsync(s => s.Key == RobotChoices.Key(null))).Value);
        var entry = await db.AuditEntries.SingleAsync(a => a.Entity == Rectify.Features.Admin.MailModel.AuditEntity);
        Assert.Contains("\"unit\":\"全区\"", entry.After);
        Assert.Contains("\"after\":\"closure-requested\"", entry.After);
    }

    [Fact]
    public async Task A_choice_by_someone_not_administering_or_of_an_unknown_unit_or_event_is_refused_in_Chinese_and_changes_nothing()
    {
        var ed = await _w.ClientAsync("ed");
        var refused = await ChooseAsync(ed, "/notifications/settings", SupervisionWorld.Town);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var sysadmin = await _w.ClientAsync("sysadmin");
        var unknownEvent = await ChooseAsync(sysadmin, "/admin/mail", SupervisionWorld.Town, Events.ClosureRequested, "everything");
        Assert.Equal(HttpStatusCode.BadRequest, unknownEvent.StatusCode);
        Assert.Equal("“everything”不是可选的事件，未保存", (await unknownEvent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var unknownUnit = await ChooseAsync(sysadmin, "/admin/mail", 9999, Events.ClosureRequested);
        Assert.Equal(HttpStatusCode.NotFound, unknownUnit.StatusCode);
        Assert.Contains("该单位没有配置群机器人", (await unknownUnit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        await using (var db = _w.Db())
        {
            Assert.False(await db.Settings.AnyAsync(s => s.Key.StartsWith(RobotChoices.Prefix)));
            Assert.False(await db.AuditEntries.AnyAsync(a => a.Entity == Rectify.Features.Admin.MailModel.AuditEntity));
        }
        // Still as configured: 城北镇's robot hears the extension request.
        await RequestExtensionAsync(ed, _problem);
        Assert.Equal(2, await OutboxAsync());
        Assert.Contains(_hook.Take(), c => c.Path.StartsWith("/north", StringComparison.Ordinal));
    }
}
