using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;

namespace Rectify.Tests.Supervision;

/// <summary>三色预警 and escalation on a clock the test moves; reminders reach each person once, even across restarts.</summary>
public class ReminderTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    readonly SupervisionWorld _w = new(June1);
    int _problem;

    public async ValueTask InitializeAsync()
    {
        await _w.PeopleAsync();
        await using var db = _w.Db();
        // A problem still in progress with a deadline of its own, owned by 李副镇长 and 张干事.
        var p = await db.Problems.Where(x => x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
        p.SetDeadline(new DateOnly(2026, 6, 25));
        p.ResponsibleLeader = "李副镇长";
        p.ResponsiblePerson = "张干事";
        // Linked to their accounts, as the problem page or /admin/people links them: reminders reach accounts, not names.
        p.ResponsibleLeaderId = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
        p.ResponsiblePersonId = (await db.Users.SingleAsync(u => u.UserName == "zhang")).Id;
        await db.SaveChangesAsync();
        _problem = p.Id;
    }

    public ValueTask DisposeAsync() => _w.DisposeAsync();

    Task<ScanResult> ScanAsync() => ScanOn(_w);

    static async Task<ScanResult> ScanOn(SupervisionWorld w)
    {
        using var scope = w.App.Services.CreateScope();
        return await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>(), scope.ServiceProvider.GetRequiredService<Mailer>());
    }

    async Task<List<(string User, string Kind, string Key)>> InboxOfProblemAsync()
    {
        await using var db = _w.Db();
        var rows = await db.Notifications.Where(n => n.ProblemId == _problem)
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Kind, n.EventKey }).ToListAsync();
        return rows.Select(r => (r.UserName!, r.Kind, r.EventKey)).OrderBy(r => r.Item1).ThenBy(r => r.Kind).ToList();
    }

    [Fact]
    public async Task Reminders_climb_the_chart_as_the_deadline_nears_and_passes()
    {
        await ScanAsync();
        Assert.Empty(await InboxOfProblemAsync()); // 24 days left: no light yet

        _w.Clock.Advance(TimeSpan.FromDays(5)); // 19 days left
        await ScanAsync();
        Assert.Equal([("zhang", "warning-green")], (await InboxOfProblemAsync()).Select(r => (r.User, r.Kind)));

        _w.Clock.Advance(TimeSpan.FromDays(10)); // 9 days left: yellow reaches the leader too
        await ScanAsync();
        Assert.Equal([("li", "warning-yellow"), ("zhang", "warning-yellow")], (await InboxOfProblemAsync()).Select(r => (r.User, r.Kind)));

        _w.Clock.Advance(TimeSpan.FromDays(10)); // 2026-06-26: overdue
        await ScanAsync();
        var red = (await InboxOfProblemAsync()).Where(r => r.Kind == "warning-red").Select(r => r.User).ToList();
        // The principal leader, 巡察办 (admin) and the commission (both supervisors whose scope covers 城北镇), not the other district's.
        Assert.Equal(["admin", "jw1", "jw2", "li", "wang", "zhang"], red);
    }

    [Fact]
    public async Task An_overdue_problem_reaches_the_principal_leader_and_the_commission_exactly_once_across_restarts()
    {
        _w.Clock.Advance(TimeSpan.FromDays(25)); // 2026-06-26
        var first = await ScanAsync();
        Assert.True(first.Delivered >= 5);
        Assert.Equal(0, (await ScanAsync()).Delivered);

        await _w.RestartAsync();
        Assert.Equal(0, (await ScanAsync()).Delivered);
        var inbox = await InboxOfProblemAsync();
        Assert.Single(inbox, r => r.User == "wang");
        Assert.Single(inbox, r => r.User == "jw1");
        Assert.Single(inbox, r => r.User == "jw2");
        Assert.DoesNotContain(inbox, r => r.User == "other");

        // The principal leader sees it in the inbox and the header's count.
        var wang = await _w.ClientAsync("wang");
        var mine = await wang.GetFromJsonAsync<JsonElement>("/api/notifications");
        var item = Assert.Single(mine.EnumerateArray(), n => n.GetProperty("problemId").GetInt32() == _problem);
        Assert.Equal("warning-red", item.GetProperty("kind").GetString());
        Assert.Contains("已超期 1 天", item.GetProperty("title").GetString());
        // The demo's other phased problems, long past their expected months, are red too.
        var unread = mine.GetArrayLength();
        Assert.Equal(3, unread);
        Assert.Contains($"data-unread=\"{unread}\"", await wang.GetStringAsync("/notifications"));

        // Read, then another scan: still exactly once.
        var read = await wang.PostAsync($"/api/notifications/{item.GetProperty("id").GetInt64()}/read", null);
        read.EnsureSuccessStatusCode();
        await ScanAsync();
        Assert.Single(await InboxOfProblemAsync(), r => r.User == "wang");
        Assert.Contains($"data-unread=\"{unread - 1}\"", await wang.GetStringAsync("/notifications"));
    }

    [Fact]
    public async Task A_reassignment_or_a_new_deadline_moves_the_pending_reminders()
    {
        var zhao = await _w.UserAsync("zhao", "赵干事", Infrastructure.Roles.UnitEditor, SupervisionWorld.Town);
        _w.Clock.Advance(TimeSpan.FromDays(25)); // overdue
        await ScanAsync();

        await using (var db = _w.Db())
        {
            var p = await db.Problems.FindAsync(_problem);
            p!.ResponsiblePerson = "赵干事";
            p.ResponsiblePersonId = zhao.Id;
            await db.SaveChangesAsync();
        }
        var moved = await ScanAsync();
        Assert.Equal(1, moved.Delivered);
        Assert.Equal(1, moved.Withdrawn);
        var inbox = await InboxOfProblemAsync();
        Assert.Contains(inbox, r => r.User == "zhao" && r.Kind == "warning-red");
        Assert.DoesNotContain(inbox, r => r.User == "zhang");

        // An approved extension to 2026-06-30 makes it yellow (4 days left): a new event for the person and the leader.
        await using (var db = _w.Db())
        {
            var p = await db.Problems.Include(x => x.Extensions).FirstAsync(x => x.Id == _problem);
            var e = p.RequestExtension(new DateOnly(2026, 6, 30), "汛期施工受阻", "zhao", June1, new DateOnly(2026, 6, 1));
            p.DecideExtension(e, true, "wang", null, June1);
            await db.SaveChangesAsync();
        }
        await ScanAsync();
        inbox = await InboxOfProblemAsync();
        Assert.Equal(["li", "zhao"], inbox.Select(r => r.User).Order().ToList());
        Assert.All(inbox, r => Assert.Contains(":yellow:2026-06-30:", r.Key));
    }

    [Fact]
    public async Task The_background_service_scans_on_its_own_timer()
    {
        await _w.RestartAsync(background: true);
        _w.Clock.Advance(TimeSpan.FromDays(25));
        for (var i = 0; i < 100 && !(await InboxOfProblemAsync()).Any(r => r.User == "wang"); i++)
        {
            _w.Clock.Advance(TimeSpan.FromSeconds(61));
            await Task.Delay(100);
        }
        Assert.Single(await InboxOfProblemAsync(), r => r.User == "wang" && r.Kind == "warning-red");
    }
}
