using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// /admin/people's 新建账号 (issue 18 item 1) where the office's administrator also keeps the accounts
/// (Rectify:Security:SeparateAdministrators=false): the account is made for the unit and linked in one go, a
/// user name already taken is refused in Chinese with nothing written, and no one else may.
/// </summary>
public class PeopleAccountTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    readonly SupervisionWorld _w = new(June1, new RectifyApp { Settings = { [Policies.SeparationSetting] = "false" } });

    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    /// <summary>The office's 新建账号 of /admin/people for a name of a unit.</summary>
    internal static async Task<HttpResponseMessage> CreateAccountAsync(HttpClient client, string token, string name, string userName, string role = Roles.UnitLeader) =>
        await client.PostAsync("/admin/people?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = name, ["OrganizationId"] = $"{SupervisionWorld.Town}", ["NewUserName"] = userName, ["Role"] = role,
            ["__RequestVerificationToken"] = token,
        }));

    [Fact]
    public async Task The_office_creates_an_account_for_a_name_of_a_unit_and_it_is_linked_at_once()
    {
        int id;
        await using (var db = _w.Db())
        {
            var p = await db.Problems.OrderBy(x => x.InspectionId).ThenBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleLeader = "刘主任"; // nobody bears the name yet
            p.ResponsibleLeaderId = null;
            await db.SaveChangesAsync();
            id = p.Id;
        }
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        Assert.Contains("data-name=\"刘主任\"", screen);
        var created = await CreateAccountAsync(admin, RectifyApp.AntiforgeryToken(screen), "刘主任", "liu");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Contains("已新建账号“liu”（刘主任，城北镇，单位领导）并关联 1 处。", await created.Content.ReadAsStringAsync());

        await using (var db = _w.Db())
        {
            var liu = await db.Users.SingleAsync(u => u.UserName == "liu");
            Assert.Equal(("刘主任", (int?)SupervisionWorld.Town), (liu.DisplayName, liu.OrganizationId));
            var roles = await db.UserRoles.Where(r => r.UserId == liu.Id).Join(db.Roles, r => r.RoleId, r => r.Id, (_, r) => r.Name).ToListAsync();
            Assert.Equal([Roles.UnitLeader], roles);
            Assert.Equal(liu.Id, (await db.Problems.SingleAsync(p => p.Id == id)).ResponsibleLeaderId);
        }
        Assert.DoesNotContain("<tr data-name=\"刘主任\"", await admin.GetStringAsync("/admin/people"));
    }

    [Fact]
    public async Task Creating_an_account_under_a_user_name_already_taken_is_refused_in_chinese_and_writes_nothing()
    {
        int id;
        await using (var db = _w.Db())
        {
            var p = await db.Problems.OrderBy(x => x.InspectionId).ThenBy(x => x.Ordinal).FirstAsync();
            p.ResponsiblePerson = "外聘专家";
            p.ResponsiblePersonId = null;
            await db.SaveChangesAsync();
            id = p.Id;
        }
        int accounts;
        await using (var db = _w.Db()) accounts = await db.Users.CountAsync();
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        var refused = await CreateAccountAsync(admin, RectifyApp.AntiforgeryToken(screen), "外聘专家", "zhang", Roles.UnitEditor);
        Assert.Contains("用户名“zhang”已被使用", await refused.Content.ReadAsStringAsync());
        await using (var db = _w.Db())
        {
            Assert.Equal(accounts, await db.Users.CountAsync());
            Assert.Null((await db.Problems.SingleAsync(p => p.Id == id)).ResponsiblePersonId);
            Assert.Equal("张干事", (await db.Users.SingleAsync(u => u.UserName == "zhang")).DisplayName);
        }
        Assert.Contains("<tr data-name=\"外聘专家\"", await admin.GetStringAsync("/admin/people"));
    }

    [Fact]
    public async Task Only_the_office_administrator_may_create_accounts_on_the_people_screen()
    {
        await using (var db = _w.Db())
        {
            var p = await db.Problems.OrderBy(x => x.InspectionId).ThenBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleLeader = "刘主任";
            p.ResponsibleLeaderId = null;
            await db.SaveChangesAsync();
        }
        await _w.UserAsync("staff", "巡察办干部", Roles.OfficeStaff, null);
        foreach (var who in new[] { "zhang", "staff" })
        {
            var client = await _w.ClientAsync(who);
            var token = RectifyApp.AntiforgeryToken(await client.GetStringAsync("/"));
            Assert.Equal(HttpStatusCode.Forbidden, (await CreateAccountAsync(client, token, "刘主任", "liu-" + who)).StatusCode);
        }
        await using (var db = _w.Db()) Assert.False(await db.Users.AnyAsync(u => u.UserName!.StartsWith("liu")));
    }
}
