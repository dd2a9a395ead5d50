using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

public partial class AdminAndRecordsHttpTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>Gets the form page, then posts the fields with its antiforgery token.</summary>
    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, params (string Key, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        values.Add(new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(html)));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    static async Task<string> Text(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    async Task<int> OrgIdAsync(string name)
    {
        await using var db = _app.CreateDb();
        return await db.Organizations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    async Task CreateUserAsync(string name, string password, string role, string? org)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = name, OrganizationId = org is null ? null : await db.Organizations.Where(o => o.Name == org).Select(o => (int?)o.Id).SingleAsync() };
        Assert.True((await users.CreateAsync(u, password)).Succeeded);
        await users.AddToRoleAsync(u, role);
    }

    [Fact]
    public async Task The_system_administrator_creates_an_organisation_under_a_parent_with_contacts()
    {
        var client = await _app.SysAdminAsync();
        var district = await OrgIdAsync("梅江区");
        var r = await PostFormAsync(client, "/admin/organizations", "/admin/organizations",
            ("Form.Name", "西阳镇"), ("Form.Level", "Town"), ("Form.ParentId", district.ToString()), ("Form.PrincipalLeader", "李四"),
            ("Form.ContactPhone", "0753-1234567"), ("Form.ContactPostcode", "514000"), ("Form.ContactEmail", "xy@example.cn"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        await using var db = _app.CreateDb();
        var o = await db.Organizations.SingleAsync(x => x.Name == "西阳镇");
        Assert.Equal(district, o.ParentId);
        Assert.Equal("李四", o.PrincipalLeader);
        Assert.Equal("514000", o.ContactPostcode);
        Assert.Contains("已新建组织“西阳镇”", await client.GetStringAsync("/admin/organizations"));
    }

    [Fact]
    public async Task A_bad_postcode_re_shows_the_form_and_creates_nothing()
    {
        var client = await _app.SysAdminAsync();
        var r = await PostFormAsync(client, "/admin/organizations", "/admin/organizations", ("Form.Name", "西阳镇"), ("Form.ContactPostcode", "51"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("邮政编码应为 6 位数字", await Text(r));
        await using var db = _app.CreateDb();
        Assert.False(await db.Organizations.AnyAsync(x => x.Name == "西阳镇"));
    }

    [Fact]
    public async Task Moving_an_organisation_under_its_own_descendant_is_refused()
    {
        var client = await _app.SysAdminAsync();
        var district = await OrgIdAsync("梅江区");
        var town = await OrgIdAsync("城北镇");
        var r = await PostFormAsync(client, $"/admin/organizations/{district}", $"/admin/organizations/{district}",
            ("Form.Name", "梅江区"), ("Form.Level", "District"), ("Form.ParentId", town.ToString()));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("不能把“梅江区”移到它自己或它的下级组织之下", await Text(r));
        await using (var db = _app.CreateDb())
            Assert.Null((await db.Organizations.SingleAsync(x => x.Id == district)).ParentId);

        // A legal move and rename goes through.
        var ok = await PostFormAsync(client, $"/admin/organizations/{town}", $"/admin/organizations/{town}",
            ("Form.Name", "城北街道"), ("Form.Level", "Town"), ("Form.ParentId", ""));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using (var db = _app.CreateDb())
        {
            var t = await db.Organizations.SingleAsync(x => x.Id == town);
            Assert.Equal("城北街道", t.Name);
            Assert.Null(t.ParentId);
        }
    }

    [Fact]
    public async Task The_system_administrator_creates_a_user_who_signs_in_with_the_password_shown_once_and_cannot_after_being_disabled()
    {
        var client = await _app.SysAdminAsync();
        var town = await OrgIdAsync("城北镇");
        var r = await PostFormAsync(client, "/admin/users", "/admin/users?handler=Create",
            ("UserName", "wangwu"), ("DisplayName", "王五"), ("Role", Roles.UnitEditor), ("OrganizationId", town.ToString()));
        var html = await Text(r);
        Assert.Contains("已新建用户“wangwu”", html);
        var password = Regex.Match(html, "<code id=\"new-password\">([^<]+)</code>").Groups[1].Value;
        Assert.NotEmpty(password);
        // Shown once: the list page does not show it again.
        Assert.DoesNotContain(password, await client.GetStringAsync("/admin/users"));

        var wangwu = await _app.SignedInClientAsync("wangwu", password);
        Assert.Contains("撂荒复耕工作开展不扎实", await wangwu.GetStringAsync("/inspections/1"));

        string id;
        await using (var db = _app.CreateDb()) id = await db.Users.Where(u => u.UserName == "wangwu").Select(u => u.Id).SingleAsync();
        var disabled = await PostFormAsync(client, "/admin/users", "/admin/users?handler=Disable", ("UserId", id), ("disable", "true"));
        Assert.Contains("已停用“wangwu”", await Text(disabled));
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignedInClientAsync("wangwu", password));
        // The session already open ends too.
        var after = await wangwu.GetAsync("/inspections/1");
        Assert.NotEqual(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task The_system_administrator_resets_a_password_and_the_security_administrator_changes_the_role()
    {
        await CreateUserAsync("zhao", "zhao-pass-123", Roles.Reader, "城北镇");
        var client = await _app.SysAdminAsync();
        string id;
        await using (var db = _app.CreateDb()) id = await db.Users.Where(u => u.UserName == "zhao").Select(u => u.Id).SingleAsync();
        var reset = await Text(await PostFormAsync(client, "/admin/users", "/admin/users?handler=Reset", ("UserId", id)));
        var password = Regex.Match(reset, "<code id=\"new-password\">([^<]+)</code>").Groups[1].Value;
        await Assert.ThrowsAsync<InvalidOperationException>(() => _app.SignedInClientAsync("zhao", "zhao-pass-123"));
        await _app.SignedInClientAsync("zhao", password);

        var security = await _app.SecAdminAsync();
        Assert.Contains("已撤销“zhao”的“只读用户”角色", await Text(await PostFormAsync(security, "/admin/security", "/admin/security?handler=Revoke", ("UserId", id), ("Role", Roles.Reader))));
        Assert.Contains("已授予“zhao”“单位领导”角色", await Text(await PostFormAsync(security, "/admin/security", "/admin/security?handler=Grant", ("UserId", id), ("Role", Roles.UnitLeader))));
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.Equal([Roles.UnitLeader], await users.GetRolesAsync((await users.FindByIdAsync(id))!));
    }

    [Fact]
    public async Task A_non_admin_is_denied_the_admin_pages_and_sees_no_admin_link()
    {
        await CreateUserAsync("editor", "editor-pass-1", Roles.UnitEditor, "城北镇");
        var client = await _app.SignedInClientAsync("editor", "editor-pass-1");
        foreach (var page in new[] { "/admin", "/admin/organizations", "/admin/users", "/admin/security", "/admin/audit", "/admin/rounds", "/admin/inspections", "/inspections/1/feedback" })
        {
            var r = await client.GetAsync(page);
            Assert.True(r.StatusCode is HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("/account/denied") == true, page + " " + r.StatusCode);
        }
        Assert.DoesNotContain("href=\"/admin\"", await client.GetStringAsync("/"));
        Assert.Contains("href=\"/admin\"", await (await _app.SignedInClientAsync()).GetStringAsync("/"));
    }

    [Fact]
    public async Task Admin_creates_a_round_and_an_inspection_of_two_organisations_with_partial_dates()
    {
        var client = await _app.SignedInClientAsync();
        var r = await PostFormAsync(client, "/admin/rounds", "/admin/rounds",
            ("Body", "九届区委"), ("Name", "第三轮巡察"), ("Kind", "Xuncha"), ("PlanDays", "30"), ("ReportDays", "90"), ("CentralisedMonths", "3"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        int roundId;
        await using (var db = _app.CreateDb())
        {
            var round = await db.Rounds.SingleAsync(x => x.Name == "第三轮巡察");
            Assert.Equal(90, round.Deadlines.ReportDays);
            roundId = round.Id;
            db.Organizations.Add(new Organization { Name = "西阳镇" });
            await db.SaveChangesAsync();
        }
        var a = await OrgIdAsync("城北镇");
        var b = await OrgIdAsync("西阳镇");
        var bad = await PostFormAsync(client, $"/admin/inspections?round={roundId}", "/admin/inspections",
            ("RoundId", roundId.ToString()), ("Kind", "LookBack"), ("Targets", a.ToString()), ("OnSiteFrom", "2024-13"));
        Assert.Contains("进驻开始“2024-13”不是日期", await Text(bad));

        var ok = await PostFormAsync(client, $"/admin/inspections?round={roundId}", "/admin/inspections",
            ("RoundId", roundId.ToString()), ("Kind", "LookBack"), ("Group", "第二组"), ("Targets", a.ToString()), ("Targets", b.ToString()),
            ("OnSiteFrom", "2024-03-上旬"), ("OnSiteTo", "2024-05"), ("FeedbackDate", "2024-06-20"));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using (var db = _app.CreateDb())
        {
            var i = await db.Inspections.Include(x => x.Targets).SingleAsync(x => x.RoundId == roundId);
            Assert.Equal(InspectionKind.LookBack, i.Kind);
            Assert.Equal(2, i.Targets.Count);
            Assert.Equal("2024-03-上旬", i.OnSiteFrom.ToString());
            Assert.Equal("2024-06-20", i.FeedbackDate.ToString());
        }
        var rounds = await client.GetStringAsync("/admin/rounds");
        Assert.Contains("第二组", rounds);
        Assert.Contains($"href=\"/admin/inspections?round={roundId}\"", rounds);
        int inspectionId;
        await using (var db = _app.CreateDb()) inspectionId = await db.Inspections.Where(x => x.RoundId == roundId).Select(x => x.Id).SingleAsync();
        Assert.Contains("value=\"2024-03-上旬\"", WebUtility.HtmlDecode(await client.GetStringAsync($"/admin/inspections/{inspectionId}")));
    }

    [Fact]
    public async Task Feedback_adds_an_aspect_and_a_problem_with_its_specific_items_to_the_ledger()
    {
        var client = await _app.SignedInClientAsync();
        var empty = await Text(await PostFormAsync(client, "/inspections/1/feedback", "/inspections/1/feedback?handler=Category", ("CategoryTitle", " ")));
        Assert.Contains("请填写方面的名称", empty);
        var r = await PostFormAsync(client, "/inspections/1/feedback", "/inspections/1/feedback?handler=Category", ("CategoryTitle", "作风建设方面"));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        int categoryId;
        await using (var db = _app.CreateDb()) categoryId = await db.Categories.Where(c => c.Title == "作风建设方面").Select(c => c.Id).SingleAsync();
        var p = await PostFormAsync(client, "/inspections/1/feedback", "/inspections/1/feedback?handler=Problem",
            ("CategoryId", categoryId.ToString()), ("Title", "会风文风不够务实"), ("Detail", "会议偏多"), ("Items", "会议多\n\n文件长\n"), ("Kind", "Immediate"));
        Assert.Equal(HttpStatusCode.Redirect, p.StatusCode);
        await using (var db = _app.CreateDb())
        {
            var problem = await db.Problems.SingleAsync(x => x.Title == "会风文风不够务实");
            Assert.Equal(15, problem.Ordinal);
            Assert.Equal(["会议多", "文件长"], problem.SpecificItems);
            Assert.Equal(RectificationKind.Immediate, problem.Kind);
        }
        var ledger = await client.GetStringAsync("/inspections/1");
        Assert.Contains("会风文风不够务实", ledger);
        Assert.Contains("<b>5</b> 个方面", ledger);
    }

    [Fact]
    public async Task Records_are_added_with_validation_and_deleted()
    {
        var client = await _app.SignedInClientAsync();
        const string page = "/inspections/1/records";
        var twoChiefs = await PostFormAsync(client, page, page + "?handler=Member", ("Name", "陈一"), ("Role", "组长"), ("PersonTitle", "镇党委书记"));
        Assert.Equal(HttpStatusCode.Redirect, twoChiefs.StatusCode);
        var second = await Text(await PostFormAsync(client, page, page + "?handler=Member", ("Name", "陈二"), ("Role", "组长")));
        Assert.Contains("领导小组已有组长“陈一”", second);

        int p3;
        await using (var db = _app.CreateDb()) p3 = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 3).Select(p => p.Id).SingleAsync();
        var noDate = await Text(await PostFormAsync(client, page, page + "?handler=Meeting", ("Kind", "党委会"), ("Title", "研究整改")));
        Assert.Contains("请填写有效的会议日期", noDate);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, page + "?handler=Meeting",
            ("Date", "2023-03-20"), ("Kind", "专题民主生活会"), ("Title", "巡察整改专题民主生活会"), ("ProblemIds", p3.ToString()))).StatusCode);
        var foreign = await Text(await PostFormAsync(client, page, page + "?handler=Policy", ("Kind", "Rule"), ("Title", "制度"), ("ProblemIds", "99999")));
        Assert.Contains("所选问题不属于本次巡察", foreign);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, page + "?handler=Policy",
            ("Kind", "Rule"), ("Title", "城北镇耕地保护制度"), ("Date", "2023-05-01"), ("ProblemIds", p3.ToString()))).StatusCode);
        var noPersons = await Text(await PostFormAsync(client, page, page + "?handler=Outcome", ("Kind", "CriticismEducation")));
        Assert.Contains("须填写 1 到 10000 之间的人数", noPersons);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, page + "?handler=Outcome", ("Kind", "CriticismEducation"), ("Persons", "6"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(client, page, page + "?handler=Outcome", ("Kind", "FundsRecovered"), ("AmountYuan", "71320"))).StatusCode);

        var html = await client.GetStringAsync(page);
        Assert.Contains("巡察整改专题民主生活会", html);
        Assert.Contains("城北镇耕地保护制度", html);
        Assert.Contains("问责 6 人；追缴资金 71,320.00 元", html);
        await using (var db = _app.CreateDb())
        {
            Assert.Equal([p3], (await db.Meetings.SingleAsync(m => m.Title == "巡察整改专题民主生活会")).ProblemIds);
            Assert.Single(await db.LeadingGroupMembers.ToListAsync());
        }

        int meetingId;
        await using (var db = _app.CreateDb()) meetingId = await db.Meetings.Where(m => m.Title == "巡察整改专题民主生活会").Select(m => m.Id).SingleAsync();
        var del = await PostFormAsync(client, page, page + "?handler=Delete&what=meeting", ("RecordId", meetingId.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, del.StatusCode);
        await using (var db = _app.CreateDb()) Assert.False(await db.Meetings.AnyAsync(m => m.Id == meetingId));
    }

    [Fact]
    public async Task A_reader_sees_the_records_but_cannot_add_any()
    {
        await CreateUserAsync("reader", "reader-pass-1", Roles.Reader, "城北镇");
        var client = await _app.SignedInClientAsync("reader", "reader-pass-1");
        var html = await client.GetStringAsync("/inspections/1/records");
        Assert.Contains("整改工作领导小组", html);
        Assert.DoesNotContain("添加成员", html);
        // A forged post is refused and writes nothing.
        var token = RectifyApp.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        var r = await client.PostAsync("/inspections/1/records?handler=Member", new FormUrlEncodedContent(new Dictionary<string, string>
        { ["Name"] = "某某", ["Role"] = "成员", ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        await using var db = _app.CreateDb();
        Assert.False(await db.LeadingGroupMembers.AnyAsync());
    }
}
