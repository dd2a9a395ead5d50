using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// Responsibility by account (issue 18 item 1): the people of the ledger are linked to accounts; warnings and
/// events reach the linked account, never one that merely bears the same display name; import links a name that
/// exactly one account of the unit bears, and the rest are resolved by the office on /admin/people.
/// </summary>
public class PeopleLinkTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    readonly SupervisionWorld _w = new(June1);

    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    async Task ScanAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
    }

    [Fact]
    public async Task A_warning_reaches_the_linked_owner_and_not_an_account_whose_display_name_merely_equals_the_text()
    {
        var zhao = await _w.UserAsync("zhao", "赵干事", Roles.UnitEditor, SupervisionWorld.Town);
        int id;
        await using (var db = _w.Db())
        {
            var p = await db.Problems.Include(x => x.Measures).Where(x => x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 6, 25));
            // 张干事 is only text here: the account zhang bears that display name, but nobody linked it.
            p.ResponsiblePerson = "张干事";
            p.ResponsiblePersonId = null;
            p.ResponsibleLeader = "李副镇长";
            p.ResponsibleLeaderId = null;
            // The measure's owner is written “小赵” and linked to the account 赵干事.
            p.Measures.Add(new Measure { Ordinal = p.Measures.Count + 1, Text = "逐块核查撂荒地", Owner = "小赵", OwnerId = zhao.Id });
            await db.SaveChangesAsync();
            id = p.Id;
        }
        _w.Clock.Advance(TimeSpan.FromDays(5)); // 19 days left: green, for the responsible person and the measures' owners
        await ScanAsync();
        await using (var db = _w.Db())
        {
            var told = await db.Notifications.Where(n => n.ProblemId == id && n.Channel == null).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Kind }).ToListAsync();
            Assert.Equal([("zhao", "warning-green")], told.Select(t => (t.UserName!, t.Kind)));
        }

        // The page shows the account's name for the linked owner, and flags the names that are text only.
        var page = await (await _w.ClientAsync("reader")).GetStringAsync($"/problems/{id}");
        Assert.Contains("赵干事</td>", page);
        Assert.Contains("李副镇长 <span class=\"tag unlinked\"", page);
        Assert.Contains("张干事 <span class=\"tag unlinked\"", page);
    }

    [Fact]
    public async Task The_warnings_queue_and_the_drill_down_show_a_linked_person_by_the_accounts_name_and_flag_one_that_is_text_only()
    {
        var zhao = await _w.UserAsync("zhao", "赵干事", Roles.UnitEditor, SupervisionWorld.Town);
        await using (var db = _w.Db())
        {
            var p = await db.Problems.Where(x => x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 5, 20)); // past: a red light, on the commission's queue
            p.ResponsibleLeader = "李副镇长"; // text only
            p.ResponsibleLeaderId = null;
            p.ResponsiblePerson = "小赵"; // linked to 赵干事
            p.ResponsiblePersonId = zhao.Id;
            await db.SaveChangesAsync();
        }
        var queue = await (await _w.ClientAsync("jw1")).GetStringAsync("/supervision");
        // 小赵 is shown as the account it is linked to; 李副镇长 is flagged (an account bears that name, but nobody linked it).
        Assert.Contains("<td data-label=\"责任领导\">李副镇长 <span class=\"tag unlinked\"", queue);
        Assert.Contains("<td data-label=\"责任人\">赵干事</td>", queue);
        Assert.DoesNotContain("小赵", queue);

        var drill = await (await _w.ClientAsync("admin")).GetStringAsync("/overview/problems?light=red");
        Assert.Contains("<td data-label=\"责任领导\">李副镇长 <span class=\"tag unlinked\"", drill);
    }

    [Fact]
    public async Task The_ledger_list_shows_a_linked_person_by_the_accounts_name_and_flags_one_that_is_text_only_while_the_api_keeps_the_text()
    {
        var zhao = await _w.UserAsync("zhao", "赵干事", Roles.UnitEditor, SupervisionWorld.Town);
        int id, inspection;
        await using (var db = _w.Db())
        {
            var p = await db.Problems.OrderBy(x => x.InspectionId).ThenBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleLeader = "小赵"; // as typed in the ledger, linked to 赵干事
            p.ResponsibleLeaderId = zhao.Id;
            p.ResponsiblePerson = "外聘专家"; // text only
            p.ResponsiblePersonId = null;
            await db.SaveChangesAsync();
            (id, inspection) = (p.Id, p.InspectionId);
        }
        var reader = await _w.ClientAsync("reader");
        var page = await reader.GetStringAsync($"/inspections/{inspection}");
        var row = System.Text.RegularExpressions.Regex.Match(page, $"<tr class=\"problem\"[^>]*data-id=\"{id}\".*?</tr>", System.Text.RegularExpressions.RegexOptions.Singleline).Value;
        Assert.Contains("<td data-label=\"责任领导\">赵干事</td>", row);
        Assert.DoesNotContain("小赵", row);
        Assert.Contains("<td data-label=\"责任人\">外聘专家 <span class=\"tag unlinked\"", row);
        Assert.Contains("赵干事<br />", await reader.GetStringAsync($"/inspections/{inspection}/print"));

        // Scripts read the ledger as written.
        var list = await reader.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/problems?inspection={inspection}");
        var item = list.GetProperty("items").EnumerateArray().Single(x => x.GetProperty("id").GetInt32() == id);
        Assert.Equal("小赵", item.GetProperty("leader").GetString());
        Assert.False(item.TryGetProperty("leaderId", out _));
    }

    [Fact]
    public async Task Import_links_a_name_one_account_bears_and_the_office_resolves_the_rest_on_one_screen()
    {
        // Two accounts of 城北镇 bear 张干事: the import cannot tell which one is meant.
        var zhang2 = await _w.UserAsync("zhang2", "张干事", Roles.UnitEditor, SupervisionWorld.Town);
        int inspection;
        await using (var db = _w.Db())
        {
            var doc = (await LedgerTransfer.ExportAsync(db, 1))!;
            doc.Inspection.Round = "第二轮";
            foreach (var p in doc.AllProblems) { p.ResponsibleLeader = "王书记"; p.ResponsiblePerson = "张干事"; }
            doc.AllProblems.Last().ResponsiblePerson = "外聘专家";
            using var scope = _w.App.Services.CreateScope();
            inspection = (await LedgerTransfer.LoadAsync(db, doc, scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>(), SupervisionWorld.Town)).Id;
        }
        var wang = await _w.Db().Users.SingleAsync(u => u.UserName == "wang");
        await using (var db = _w.Db())
        {
            var problems = await db.Problems.Where(p => p.InspectionId == inspection).ToListAsync();
            Assert.All(problems, p => Assert.Equal(wang.Id, p.ResponsibleLeaderId));
            Assert.All(problems, p => Assert.Null(p.ResponsiblePersonId));
        }
        var admin = await _w.ClientAsync("admin");
        Assert.Contains("未关联账号", await admin.GetStringAsync($"/inspections/{inspection}"));

        // The office picks the account of 张干事 it means, and keeps 外聘专家 as text.
        var screen = await admin.GetStringAsync("/admin/people");
        Assert.Contains("data-name=\"张干事\"", screen);
        Assert.Contains("data-name=\"外聘专家\"", screen);
        var linked = await admin.PostAsync("/admin/people?handler=Link", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "张干事", ["OrganizationId"] = $"{SupervisionWorld.Town}", ["AccountId"] = zhang2.Id, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        Assert.Contains("已将城北镇的“张干事”关联到账号", await linked.Content.ReadAsStringAsync());
        var kept = await admin.PostAsync("/admin/people?handler=Keep", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "外聘专家", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Contains("保留为文本", await kept.Content.ReadAsStringAsync());
        await using (var db = _w.Db())
        {
            var problems = await db.Problems.Where(p => p.InspectionId == inspection).OrderBy(p => p.Ordinal).ToListAsync();
            Assert.All(problems.SkipLast(1), p => Assert.Equal(zhang2.Id, p.ResponsiblePersonId));
            Assert.Null(problems.Last().ResponsiblePersonId);
        }
        screen = await admin.GetStringAsync("/admin/people");
        Assert.DoesNotContain("<tr data-name=\"外聘专家\"", screen);
        Assert.DoesNotContain("<tr data-name=\"张干事\"", screen);
        // A unit editor may not resolve names.
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _w.ClientAsync("zhang")).GetAsync("/admin/people")).StatusCode);
    }

    [Fact]
    public async Task Under_separated_administrators_the_office_is_told_the_system_administrator_creates_accounts_and_nothing_is_written()
    {
        await using (var db = _w.Db())
        {
            var p = await db.Problems.OrderBy(x => x.InspectionId).ThenBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleLeader = "刘主任";
            p.ResponsibleLeaderId = null;
            await db.SaveChangesAsync();
        }
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        Assert.DoesNotContain("新建并关联", screen);
        var refused = await PeopleAccountTests.CreateAccountAsync(admin, RectifyApp.AntiforgeryToken(screen), "刘主任", "liu");
        Assert.Contains("新建账号由系统管理员在“用户”页办理；建好后回到本页选择该账号", await refused.Content.ReadAsStringAsync());
        await using (var db = _w.Db()) Assert.False(await db.Users.AnyAsync(u => u.UserName == "liu"));
    }
}
