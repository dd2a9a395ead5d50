using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// A problem's 责任部门 as a unit of the tree (issue 18 item 1): linked when exactly one unit below the problem's bears
/// the name, flagged “未关联” otherwise and resolved by the office on /admin/people; the linked department's
/// accounts hear the problem's events as its unit does, another department's do not.
/// </summary>
public class DepartmentTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    readonly SupervisionWorld _w = new(June1);
    int _office, _farm1, _farm2, _linked, _twice;

    public async ValueTask InitializeAsync()
    {
        await using var db = _w.Db();
        // 城北镇's departments: one 党政办; two units named 农业办 (the town's, and a village's of the same name).
        var office = db.Organizations.Add(new Organization { Name = "党政办", ParentId = SupervisionWorld.Town }).Entity;
        var farm1 = db.Organizations.Add(new Organization { Name = "农业办", ParentId = SupervisionWorld.Town }).Entity;
        var village = db.Organizations.Add(new Organization { Name = "城北村", Level = OrganizationLevel.Village, ParentId = SupervisionWorld.Town }).Entity;
        await db.SaveChangesAsync();
        var farm2 = db.Organizations.Add(new Organization { Name = "农业办", ParentId = village.Id }).Entity;
        // Another district's 党政办 is not in 城北镇's tree.
        db.Organizations.Add(new Organization { Name = "党政办", ParentId = null });
        var two = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).Take(2).ToListAsync();
        foreach (var p in two) p.SetDeadline(new DateOnly(2026, 6, 30));
        two[0].ResponsibleDepartment = "党政办";
        two[1].ResponsibleDepartment = "农业办";
        await db.SaveChangesAsync();
        (_office, _farm1, _farm2, _linked, _twice) = (office.Id, farm1.Id, farm2.Id, two[0].Id, two[1].Id);
        (await db.Users.SingleAsync(u => u.UserName == "admin")).Email = "admin@example.org";
        await db.SaveChangesAsync();
        await _w.UserAsync("ed", "周填报", Roles.UnitEditor, SupervisionWorld.Town, "ed@example.org");
        await _w.UserAsync("lead", "王书记", Roles.UnitLeader, SupervisionWorld.Town, "lead@example.org");
        await _w.UserAsync("office", "党政办主任", Roles.UnitEditor, _office, "office@example.org");
        await _w.UserAsync("officelead", "党政办分管领导", Roles.UnitLeader, _office, "officelead@example.org");
        await _w.UserAsync("farm1", "镇农业办", Roles.UnitEditor, _farm1, "farm1@example.org");
        await _w.UserAsync("farm2", "村农业办", Roles.UnitEditor, _farm2, "farm2@example.org");
    }

    public ValueTask DisposeAsync() => _w.DisposeAsync();

    async Task<List<string>> ToldAsync(string kind, int problem)
    {
        await using var db = _w.Db();
        return (await db.Notifications.Where(n => n.Kind == kind && n.ProblemId == problem && n.Channel == null)
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.EmailTo }).ToListAsync())
            .Select(r => { Assert.Equal($"{r.UserName}@example.org", r.EmailTo); return r.UserName!; }).Order().ToList();
    }

    async Task AskAndRefuseAsync(int problem)
    {
        var ed = await _w.ClientAsync("ed");
        var p = await ed.GetFromJsonAsync<JsonElement>($"/api/problems/{problem}");
        var asked = await ed.PostAsJsonAsync($"/api/problems/{problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = p.GetProperty("version").GetInt32() });
        Assert.True(asked.IsSuccessStatusCode, await asked.Content.ReadAsStringAsync());
        var id = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("extensions").EnumerateArray().Last().GetProperty("id").GetInt32();
        var refused = await (await _w.ClientAsync("lead")).PostAsJsonAsync($"/api/problems/{problem}/extensions/{id}/refuse", new { reason = "时限内可以完成" });
        Assert.True(refused.IsSuccessStatusCode, await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_one_department_of_the_name_is_linked_and_hears_the_problems_decisions_the_others_are_resolved_by_the_office()
    {
        // Shown by name; the ambiguous one flagged.
        var reader = await _w.ClientAsync("ed");
        Assert.Contains("<span data-testid=\"department\">党政办</span>", await reader.GetStringAsync($"/problems/{_linked}"));
        Assert.Contains("<span data-testid=\"department\">农业办 <span class=\"tag unlinked\"", await reader.GetStringAsync($"/problems/{_twice}"));

        // The linked department's accounts hear the decision as the unit's do; its leader is no decider of the request.
        await AskAndRefuseAsync(_linked);
        Assert.Equal(["admin", "lead"], await ToldAsync(Events.ExtensionRequested, _linked));
        Assert.Equal(["ed", "office", "officelead"], await ToldAsync(Events.ExtensionRefused, _linked));
        // Unlinked: neither 农业办 hears.
        await AskAndRefuseAsync(_twice);
        Assert.Equal(["ed"], await ToldAsync(Events.ExtensionRefused, _twice));

        // The office resolves 农业办 on /admin/people: the town's own.
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        Assert.Contains("<tr data-department=\"农业办\"", screen);
        Assert.DoesNotContain("<tr data-department=\"党政办\"", screen);
        // Both units of the name below 城北镇 are offered; the other district's 党政办 is not below it.
        Assert.Contains($"<option value=\"{_farm1}\">农业办</option>", screen);
        Assert.Contains($"<option value=\"{_farm2}\">城北村 › 农业办</option>", screen);
        var wrong = await admin.PostAsync("/admin/people?handler=Department", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "农业办", ["OrganizationId"] = $"{SupervisionWorld.Town}", ["DepartmentId"] = "", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Contains("请为“农业办”选择城北镇的一个下级部门", await wrong.Content.ReadAsStringAsync());
        var linked = await admin.PostAsync("/admin/people?handler=Department", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "农业办", ["OrganizationId"] = $"{SupervisionWorld.Town}", ["DepartmentId"] = $"{_farm1}", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        var done = await linked.Content.ReadAsStringAsync();
        Assert.Contains("已将城北镇的责任部门“农业办”关联到“农业办”（1 个问题）", done);
        Assert.DoesNotContain("<tr data-department=\"农业办\"", done);
        Assert.Contains("<span data-testid=\"department\">农业办</span>", await reader.GetStringAsync($"/problems/{_twice}"));

        // Now the town's 农业办 hears the next decision; the village's does not.
        await AskAndRefuseAsync(_twice);
        await using var db = _w.Db();
        var told = await db.Notifications.Where(n => n.Kind == Events.ExtensionRefused && n.ProblemId == _twice)
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName!).ToListAsync();
        Assert.Equal(["ed", "ed", "farm1"], told.Order().ToList());
        Assert.DoesNotContain("farm2", told);
    }
}
