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
/// The climb of an overdue problem by configured days (issue 18 item 4): owner (green) → responsible leader (yellow) →
/// the unit's principal leader and the leaders above (overdue) → 巡察办 (Rectify:Reminders:OfficeAfterDays) → 纪委监督员
/// (Rectify:Reminders:CommissionAfterDays). Each step reaches exactly its accounts, in the inbox and by e-mail over a real
/// SMTP conversation, once, audited; and the yellow and red lights reach the unit's group robot (a real HTTP server).
/// </summary>
public class EscalationTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    SmtpSink _smtp = null!;
    HookServer _hook = null!;
    SupervisionWorld _w = null!;
    int _problem;
    long _mark;
    const int Town = SupervisionWorld.Town;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        _hook = await HookServer.StartNewAsync();
        var root = new RectifyApp();
        _smtp.Configure(root.Settings);
        root.Settings["Rectify:Public:BaseUrl"] = "https://xc.example.gov.cn";
        // The office hears 3 days past the deadline, the commission 7 days past it.
        root.Settings["Rectify:Reminders:OfficeAfterDays"] = "3";
        root.Settings["Rectify:Reminders:CommissionAfterDays"] = "7";
        // 城北镇's robot hears the deadline warnings; 城南镇's too, but none of its problems is late.
        root.Settings["Rectify:Channels:UnitRobots:0:Organization"] = "城北镇";
        root.Settings["Rectify:Channels:UnitRobots:0:Url"] = _hook.Url + "/north?key=n";
        root.Settings["Rectify:Channels:UnitRobots:0:Events"] = "warning,order-due,order-overdue";
        root.Settings["Rectify:Channels:UnitRobots:1:Organization"] = "城南镇";
        root.Settings["Rectify:Channels:UnitRobots:1:Url"] = _hook.Url + "/south?key=s";
        root.Settings["Rectify:Channels:UnitRobots:1:Events"] = "warning";
        _w = new SupervisionWorld(June1, root);
        int south, elsewhere;
        await using (var db = _w.Db())
        {
            var s = db.Organizations.Add(new Organization { Name = "城南镇", Level = OrganizationLevel.Town, ParentId = SupervisionWorld.District });
            var e = db.Organizations.Add(new Organization { Name = "别的区", Level = OrganizationLevel.District });
            (await db.Organizations.FindAsync(Town))!.PrincipalLeader = "王书记";
            (await db.Users.SingleAsync(u => u.UserName == "admin")).Email = "admin@example.org";
            await db.SaveChangesAsync();
            (south, elsewhere) = (s.Entity.Id, e.Entity.Id);
        }
        await User("zhang", "张干事", Roles.UnitEditor, Town);
        await User("li", "李副镇长", Roles.UnitLeader, Town);
        await User("wang", "王书记", Roles.UnitLeader, Town);
        await User("ed", "周填报", Roles.UnitEditor, Town);
        await User("qu", "区领导", Roles.UnitLeader, SupervisionWorld.District);
        await User("xb", "巡察办小吴", Roles.OfficeStaff, null);
        await User("xbsouth", "城南镇巡察联络员", Roles.OfficeStaff, south);
        await User("jw", "区纪委监督员", Roles.Supervisor, SupervisionWorld.District);
        await User("jwall", "纪委(全区)", Roles.Supervisor, null);
        await User("other", "别区监督员", Roles.Supervisor, elsewhere);
        await User("nbl", "南书记", Roles.UnitLeader, south);
        await User("reader", "只读", Roles.Reader, Town);
        await using (var db = _w.Db())
        {
            // A problem in progress of 城北镇, due 2026-06-25, owned by 张干事 (person) and 李副镇长 (leader) as accounts.
            var p = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 6, 25));
            p.ResponsiblePersonId = (await db.Users.SingleAsync(u => u.UserName == "zhang")).Id;
            p.ResponsibleLeaderId = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
            await db.SaveChangesAsync();
            _problem = p.Id;
        }
    }

    Task User(string name, string display, string role, int? org) => _w.UserAsync(name, display, role, org, $"{name}@example.org");

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _smtp.DisposeAsync();
        await _hook.DisposeAsync();
    }

    /// <summary>Moves the clock to <paramref name="day"/> of June 2026 (or beyond) and runs one scan, as the background service would.</summary>
    async Task ScanOnAsync(DateOnly day)
    {
        _w.Clock.SetUtcNow(new DateTimeOffset(day.ToDateTime(new TimeOnly(8, 0)), TimeSpan.Zero));
        await using (var db = _w.Db()) _mark = await db.Notifications.MaxAsync(n => (long?)n.Id) ?? 0;
        _smtp.Take();
        _hook.Take();
        using var scope = _w.App.Services.CreateScope();
        await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
    }

    /// <summary>
    /// The accounts told of this problem by the last scan (inbox), checked against the e-mails the outbox then sent over SMTP
    /// (the demo's other overdue problems have their own reminders, left aside by problem and subject).
    /// </summary>
    async Task<List<string>> ToldAsync(string kind)
    {
        List<(string User, string Title, string Body)> inbox;
        await using (var db = _w.Db())
            inbox = (await db.Notifications.Where(n => n.Id > _mark && n.Channel == null && n.ProblemId == _problem).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Kind, n.Title, n.Body, n.ProblemId }).ToListAsync())
                .Select(r => { Assert.Equal(kind, r.Kind); Assert.Equal(_problem, r.ProblemId); return (r.UserName!, r.Title, r.Body); }).ToList();
        using (var scope = _w.App.Services.CreateScope())
            await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>(), default, scope.ServiceProvider.GetRequiredService<ChannelSender>());
        var titles = inbox.Select(i => i.Title).ToHashSet();
        var mails = _smtp.Take().Where(m => titles.Contains(m.Subject ?? "")).ToList();
        var users = inbox.Select(i => i.User).Order().ToList();
        Assert.Equal(users, mails.Select(m => m.To.Mailboxes.Single().Address.Split('@')[0]).Order().ToList());
        foreach (var m in mails) Assert.Equal(inbox.Single(i => $"{i.User}@example.org" == m.To.Mailboxes.Single().Address).Title, m.Subject);
        return users;
    }

    [Fact]
    public async Task An_overdue_problem_climbs_owner_leader_office_commission_by_the_configured_days_each_step_once()
    {
        await ScanOnAsync(new DateOnly(2026, 6, 6)); // 19 days left: green, the owner
        Assert.Equal(["zhang"], await ToldAsync("warning-green"));
        await ScanOnAsync(new DateOnly(2026, 6, 16)); // 9 days left: yellow, and the responsible leader
        Assert.Equal(["li", "zhang"], await ToldAsync("warning-yellow"));
        await ScanOnAsync(new DateOnly(2026, 6, 26)); // 1 day overdue: the owners, the principal leader and the district's leader
        Assert.Equal(["li", "qu", "wang", "zhang"], await ToldAsync("warning-red"));
        await ScanOnAsync(new DateOnly(2026, 6, 27)); // 2 days overdue: the office's 3 days not reached, no one new
        Assert.Empty(await ToldAsync("warning-red"));

        await ScanOnAsync(new DateOnly(2026, 6, 28)); // 3 days overdue: 巡察办 in scope (not the office's liaison of 城南镇)
        Assert.Equal(["admin", "xb"], await ToldAsync("warning-red"));
        await ScanOnAsync(new DateOnly(2026, 7, 1)); // 6 days: nothing new
        Assert.Empty(await ToldAsync("warning-red"));

        await ScanOnAsync(new DateOnly(2026, 7, 2)); // 7 days overdue: the commission of the area (not the other district's)
        Assert.Equal(["jw", "jwall"], await ToldAsync("warning-red"));
        await using (var db = _w.Db())
        {
            var jw = await db.Notifications.Where(n => n.Kind == "warning-red" && n.Channel == null && n.ProblemId == _problem).Join(db.Users.Where(u => u.UserName == "jw"), n => n.UserId, u => u.Id, (n, u) => n).SingleAsync();
            Assert.Contains("纪委监督", jw.Body);
            Assert.Contains("已逐级提醒至单位主要负责人、上级单位领导、巡察办、纪委监督", jw.Body);
            // Audited: the entry's insertion is in the audit log.
            Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "insert" && a.After!.Contains(jw.EventKey)), "the commission's reminder is not in the audit log");
        }

        // Once per step: a later scan, and one after a restart, tell no one again.
        await ScanOnAsync(new DateOnly(2026, 7, 3));
        Assert.Empty(await ToldAsync("warning-red"));
        await _w.RestartAsync();
        await ScanOnAsync(new DateOnly(2026, 7, 10));
        Assert.Empty(await ToldAsync("warning-red"));
        await using (var db = _w.Db())
        {
            var red = await db.Notifications.Where(n => n.Kind == "warning-red" && n.Channel == null && n.ProblemId == _problem).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName).ToListAsync();
            Assert.Equal(["admin", "jw", "jwall", "li", "qu", "wang", "xb", "zhang"], red.Order().ToList());
        }
    }

    async Task OutboxAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>(), default, scope.ServiceProvider.GetRequiredService<ChannelSender>());
    }

    [Fact]
    public async Task An_orders_due_and_overdue_reach_the_units_robot_once_each()
    {
        var jw = await _w.ClientAsync("jw");
        var issued = await jw.PostAsJsonAsync("/api/supervision/records", new
        {
            kind = "责令限期整改", date = "2026-06-01", inspectionId = 1, targetOrganizationId = Town, findings = "撂荒地复耕台账不实", deadline = "2026-06-20",
        });
        Assert.True(issued.IsSuccessStatusCode, await issued.Content.ReadAsStringAsync());
        List<string> Orders() => _hook.Take().Where(c => c.Body.Contains("/supervision\"", StringComparison.Ordinal))
            .Select(c => { Assert.StartsWith("/north", c.Path, StringComparison.Ordinal); using var b = JsonDocument.Parse(c.Body); return b.RootElement.GetProperty("text").GetProperty("content").GetString()!; }).ToList();

        await ScanOnAsync(new DateOnly(2026, 6, 13)); // 7 days left: due
        await OutboxAsync();
        Assert.Contains("将于 2026-06-20 到期", Assert.Single(Orders()));
        await ScanOnAsync(new DateOnly(2026, 6, 14));
        await OutboxAsync();
        Assert.Empty(Orders());
        await ScanOnAsync(new DateOnly(2026, 6, 21)); // overdue
        await OutboxAsync();
        Assert.Contains("责令限期整改已超期 1 天", Assert.Single(Orders()));
        await ScanOnAsync(new DateOnly(2026, 6, 22));
        await OutboxAsync();
        Assert.Empty(Orders());
    }

    /// <summary>The robot messages of this problem the outbox sent since the last scan.</summary>
    List<HookServer.Call> Robot() => _hook.Take().Where(c => c.Body.Contains($"/problems/{_problem}\"", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Yellow_and_red_reach_the_units_robot_once_each_and_no_other_units_robot()
    {
        await ScanOnAsync(new DateOnly(2026, 6, 6)); // green: the owner's own notice, no group message
        await ToldAsync("warning-green");
        Assert.Empty(Robot());

        await ScanOnAsync(new DateOnly(2026, 6, 16)); // yellow
        await ToldAsync("warning-yellow");
        var yellow = Assert.Single(Robot());
        Assert.Equal("/north?key=n", yellow.Path);
        using (var body = JsonDocument.Parse(yellow.Body))
        {
            var content = body.RootElement.GetProperty("text").GetProperty("content").GetString()!;
            Assert.StartsWith("【巡察整改】【黄灯】", content);
            Assert.EndsWith($"https://xc.example.gov.cn/problems/{_problem}", content);
        }
        await ScanOnAsync(new DateOnly(2026, 6, 17));
        await ToldAsync("warning-yellow");
        Assert.Empty(Robot());

        await ScanOnAsync(new DateOnly(2026, 6, 26)); // overdue: one message, whoever of the climb hears it
        await ToldAsync("warning-red");
        var red = Assert.Single(Robot());
        Assert.Equal("/north?key=n", red.Path);
        using (var body = JsonDocument.Parse(red.Body))
            Assert.Contains("【红灯】", body.RootElement.GetProperty("text").GetProperty("content").GetString());
        // The office's and the commission's steps add accounts, not group messages.
        await ScanOnAsync(new DateOnly(2026, 6, 28));
        await ToldAsync("warning-red");
        await ScanOnAsync(new DateOnly(2026, 7, 2));
        await ToldAsync("warning-red");
        Assert.Empty(Robot());
    }
    [Fact]
    public async Task A_unit_that_unticks_the_deadline_warnings_on_the_mail_page_gets_no_red_light_in_its_group_from_the_next_scan()
    {
        await ScanOnAsync(new DateOnly(2026, 6, 16)); // yellow, as configured
        await ToldAsync("warning-yellow");
        Assert.Equal("/north?key=n", Assert.Single(Robot()).Path);

        // 城北镇 keeps the orders' reminders and drops the deadline warnings; no restart.
        var sysadmin = await _w.ClientAsync("sysadmin");
        var values = new List<KeyValuePair<string, string>>
        {
            new("organizationId", $"{Town}"), new("Events", Events.OrderDue), new("Events", Events.OrderOverdue),
            new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(await sysadmin.GetStringAsync("/admin/mail"))),
        };
        Assert.Equal(System.Net.HttpStatusCode.Redirect, (await sysadmin.PostAsync("/admin/mail?handler=RobotEvents", new FormUrlEncodedContent(values))).StatusCode);

        await ScanOnAsync(new DateOnly(2026, 6, 26)); // overdue: the accounts still hear it, the group does not
        Assert.Contains("li", await ToldAsync("warning-red"));
        Assert.Empty(Robot());
    }
}
