using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>
/// 三员分立 (issue 20 item 3): the system, security and audit administrators each do their job and
/// nothing else; the office's administrator keeps the ledger and, when separation is on, no accounts;
/// no account holds two of the three; what they do is in the audit log the audit administrator reads.
/// </summary>
public abstract class SeparatedAdministratorsTests : IAsyncLifetime
{
    RectifyApp _app = null!;
    protected abstract RectifyApp CreateApp();
    public ValueTask InitializeAsync()
    {
        _app = CreateApp();
        return ValueTask.CompletedTask;
    }
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, params (string Key, string Value)[] fields)
    {
        var html = await client.GetStringAsync(page);
        var values = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).ToList();
        values.Add(new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(html)));
        return await client.PostAsync(action, new FormUrlEncodedContent(values));
    }

    static async Task<string> Text(HttpResponseMessage r) => WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());

    static bool Denied(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("/account/denied") == true;

    async Task<string> CreateUserAsync(string name, string role, string? org = null)
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = name, OrganizationId = org is null ? null : await db.Organizations.Where(o => o.Name == org).Select(o => (int?)o.Id).SingleAsync() };
        Assert.True((await users.CreateAsync(u, name + "-pass-2026")).Succeeded);
        Assert.True((await users.AddToRoleAsync(u, role)).Succeeded);
        return u.Id;
    }

    async Task<List<string>> RolesOfAsync(string userName)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return [.. await users.GetRolesAsync((await users.FindByNameAsync(userName))!)];
    }

    static readonly string[] AdminPages = ["/admin", "/admin/users", "/admin/organizations", "/admin/security", "/admin/audit", "/admin/rounds", "/admin/inspections"];

    /// <summary>Which administrator pages each administrator reaches, and whether they see the ledger.</summary>
    async Task<Dictionary<string, bool>> ReachAsync(HttpClient client)
    {
        var reach = new Dictionary<string, bool>();
        foreach (var page in AdminPages)
        {
            var r = await client.GetAsync(page);
            Assert.True(r.StatusCode == HttpStatusCode.OK || Denied(r), $"{page}: {r.StatusCode}");
            reach[page] = r.StatusCode == HttpStatusCode.OK;
        }
        reach["ledger"] = (await client.GetAsync("/inspections/1")).StatusCode == HttpStatusCode.OK
            || (await client.GetStringAsync("/api/inspections")).Contains("城北镇");
        return reach;
    }

    static Dictionary<string, bool> Expect(params string[] reached) =>
        AdminPages.Append("ledger").ToDictionary(p => p, reached.Contains);

    [Fact]
    public async Task Each_administrator_reaches_its_own_pages_and_nothing_else()
    {
        Assert.Equal(Expect("/admin", "/admin/rounds", "/admin/inspections", "ledger"), await ReachAsync(await _app.SignedInClientAsync()));
        Assert.Equal(Expect("/admin", "/admin/users", "/admin/organizations"), await ReachAsync(await _app.SysAdminAsync()));
        Assert.Equal(Expect("/admin", "/admin/security"), await ReachAsync(await _app.SecAdminAsync()));
        Assert.Equal(Expect("/admin", "/admin/audit"), await ReachAsync(await _app.AuditAdminAsync()));
    }

    [Fact]
    public async Task An_administrator_cannot_post_to_another_administrators_page()
    {
        var reader = await CreateUserAsync("reader-x", Roles.Reader, "城北镇");
        var admin = await _app.SignedInClientAsync();
        var sys = await _app.SysAdminAsync();
        var sec = await _app.SecAdminAsync();
        var audit = await _app.AuditAdminAsync();
        // The antiforgery token of a page the caller may open: the refusal is the policy's, not the token's.
        async Task<HttpResponseMessage> Post(HttpClient c, string action, params (string, string)[] fields) => await PostFormAsync(c, "/admin", action, fields);

        foreach (var c in new[] { admin, sec, audit })
            Assert.True(Denied(await Post(c, "/admin/users?handler=Create", ("UserName", "intruder"), ("Role", Roles.Reader))));
        foreach (var c in new[] { admin, sys, audit })
            Assert.True(Denied(await Post(c, "/admin/security?handler=Grant", ("UserId", reader), ("Role", Roles.Admin))));
        foreach (var c in new[] { admin, sec, audit })
            Assert.True(Denied(await Post(c, "/admin/organizations", ("Form.Name", "入侵镇"))));
        foreach (var c in new[] { sys, sec, audit })
            Assert.True(Denied(await Post(c, "/admin/rounds", ("Body", "区委"), ("Name", "第九轮"))));

        await using var db = _app.CreateDb();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "intruder"));
        Assert.False(await db.Organizations.AnyAsync(o => o.Name == "入侵镇"));
        Assert.False(await db.Rounds.AnyAsync(r => r.Name == "第九轮"));
        Assert.Equal([Roles.Reader], await RolesOfAsync("reader-x"));
    }

    [Fact]
    public async Task Only_the_security_administrator_sees_and_revokes_the_tokens_of_others()
    {
        var id = await CreateUserAsync("reader-t", Roles.Reader);
        using (var scope = _app.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(id))!;
            await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), user, "test", TimeProvider.System);
        }
        foreach (var client in new[] { await _app.SignedInClientAsync(), await _app.SysAdminAsync(), await _app.AuditAdminAsync() })
            Assert.Empty((await client.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        var all = await (await _app.SecAdminAsync()).GetFromJsonAsync<JsonElement>("/api/tokens");
        Assert.Contains(all.EnumerateArray(), t => t.GetProperty("user").GetString() == "reader-t");
    }

    [Fact]
    public async Task The_system_administrator_creates_ordinary_accounts_only_and_leaves_administrators_alone()
    {
        var sys = await _app.SysAdminAsync();
        foreach (var role in new[] { Roles.Admin, Roles.SecAdmin, Roles.AuditAdmin, Roles.SysAdmin })
        {
            var html = await Text(await PostFormAsync(sys, "/admin/users", "/admin/users?handler=Create", ("UserName", "new-" + role), ("Role", role)));
            Assert.Contains($"“{Roles.Chinese(role)}”角色由安全管理员授予", html);
        }
        string adminId;
        await using (var db = _app.CreateDb())
        {
            Assert.False(await db.Users.AnyAsync(u => u.UserName!.StartsWith("new-")));
            adminId = await db.Users.Where(u => u.UserName == "admin").Select(u => u.Id).SingleAsync();
        }
        // Neither the office's administrator's password nor its account: the system administrator cannot take it over.
        Assert.Contains("“admin”是管理员账户", await Text(await PostFormAsync(sys, "/admin/users", "/admin/users?handler=Reset", ("UserId", adminId))));
        Assert.Contains("“admin”是管理员账户", await Text(await PostFormAsync(sys, "/admin/users", "/admin/users?handler=Disable", ("UserId", adminId), ("disable", "true"))));
        await _app.SignedInClientAsync();
    }

    [Fact]
    public async Task The_security_administrator_makes_an_office_administrator_of_an_account_the_system_administrator_created()
    {
        var sys = await _app.SysAdminAsync();
        var created = await Text(await PostFormAsync(sys, "/admin/users", "/admin/users?handler=Create", ("UserName", "liu"), ("Role", Roles.Reader)));
        var password = Regex.Match(created, "<code id=\"new-password\">([^<]+)</code>").Groups[1].Value;
        string id;
        await using (var db = _app.CreateDb()) id = await db.Users.Where(u => u.UserName == "liu").Select(u => u.Id).SingleAsync();

        var sec = await _app.SecAdminAsync();
        await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Revoke", ("UserId", id), ("Role", Roles.Reader));
        Assert.Contains("已授予“liu”“巡察办管理员”角色", await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", id), ("Role", Roles.Admin))));
        var liu = await _app.SignedInClientAsync("liu", password);
        Assert.Equal(HttpStatusCode.OK, (await liu.GetAsync("/admin/rounds")).StatusCode);
        Assert.True(Denied(await liu.GetAsync("/admin/users")));

        // Nobody changes their own roles.
        string secId;
        await using (var db = _app.CreateDb()) secId = await db.Users.Where(u => u.UserName == "secadmin").Select(u => u.Id).SingleAsync();
        Assert.Contains("不能更改自己的账户", await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", secId), ("Role", Roles.Admin))));
        Assert.Equal([Roles.SecAdmin], await RolesOfAsync("secadmin"));
    }

    [Fact]
    public async Task Conflicting_roles_are_refused_on_the_security_page_and_on_any_other_path()
    {
        var sec = await _app.SecAdminAsync();
        string sysId, readerId = await CreateUserAsync("reader-c", Roles.Reader, "城北镇");
        await using (var db = _app.CreateDb()) sysId = await db.Users.Where(u => u.UserName == "sysadmin").Select(u => u.Id).SingleAsync();

        var two = await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", sysId), ("Role", Roles.AuditAdmin)));
        Assert.Contains("三员分立：“系统管理员”不能与“审计管理员”由同一账户担任", two);
        var withAdmin = await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", sysId), ("Role", Roles.Admin)));
        Assert.Contains("三员分立：“系统管理员”不能与“巡察办管理员”由同一账户担任", withAdmin);
        var withLedger = await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", readerId), ("Role", Roles.AuditAdmin)));
        Assert.Contains("三员分立：“审计管理员”不能与“只读用户”由同一账户担任", withLedger);
        Assert.Equal([Roles.SysAdmin], await RolesOfAsync("sysadmin"));
        Assert.Equal([Roles.Reader], await RolesOfAsync("reader-c"));

        // Identity's own API, as any future path would use it: the save refuses it.
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var e = await Assert.ThrowsAsync<DomainException>(async () => await users.AddToRoleAsync((await users.FindByNameAsync("auditadmin"))!, Roles.SecAdmin));
            Assert.Contains("三员分立", e.Message);
        }
        Assert.Equal([Roles.AuditAdmin], await RolesOfAsync("auditadmin"));

        // Ordinary roles together stay allowed.
        Assert.Contains("已授予", await Text(await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", readerId), ("Role", Roles.UnitLeader))));
    }

    [Fact]
    public async Task The_audit_administrator_sees_the_role_change_made_by_the_security_administrator_and_its_own_reading_is_logged()
    {
        var id = await CreateUserAsync("zhou", Roles.Reader, "城北镇");
        var sec = await _app.SecAdminAsync();
        await PostFormAsync(sec, "/admin/security", "/admin/security?handler=Grant", ("UserId", id), ("Role", Roles.UnitLeader));
        await PostFormAsync(sec, "/admin/security", "/admin/security?handler=EndSessions", ("UserId", id));

        var audit = await _app.AuditAdminAsync();
        var page = await Text(await audit.GetAsync("/admin/audit?actor=secadmin&entity=" + Uri.EscapeDataString("账户角色")));
        var row = Regex.Match(page, "<tr data-audit=\"\\d+\">(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("secadmin", row);
        Assert.Contains("新增", row);
        Assert.Contains("RoleId=单位领导", row);
        Assert.Contains("UserId=zhou", row);
        // The sessions ended: the account's security stamp changed, by the security administrator.
        var users = await Text(await audit.GetAsync("/admin/audit?actor=secadmin&entity=" + Uri.EscapeDataString("账户")));
        Assert.Contains("SecurityStamp 已更改", users);
        // Filters work: by day (Beijing), and the office's administrator changed no role.
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        Assert.Contains("UserId=zhou", await Text(await audit.GetAsync($"/admin/audit?actor=secadmin&from={today}&to={today}")));
        Assert.Contains("没有符合条件的记录", await Text(await audit.GetAsync("/admin/audit?actor=secadmin&to=2020-01-01")));
        Assert.Contains("没有符合条件的记录", await Text(await audit.GetAsync("/admin/audit?actor=admin&entity=" + Uri.EscapeDataString("账户角色"))));

        var export = await audit.GetAsync("/admin/audit?handler=Export&actor=secadmin");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("attachment", export.Content.Headers.ContentDisposition?.DispositionType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        Assert.All(lines, l => Assert.Equal("secadmin", JsonDocument.Parse(l).RootElement.GetProperty("actor").GetString()));
        Assert.Contains(lines, l => l.Contains("\"entity\":\"IdentityUserRole\"", StringComparison.Ordinal));

        await using var db = _app.CreateDb();
        var own = await db.AuditEntries.Where(a => a.Actor == "auditadmin" && a.Entity == "AuditEntry").Select(a => a.Action).ToListAsync();
        Assert.Equal(5, own.Count(a => a == "read"));
        Assert.Equal(1, own.Count(a => a == "export"));
    }

    [Fact]
    public async Task Ending_an_accounts_sessions_revokes_its_api_tokens_at_once()
    {
        var id = await CreateUserAsync("reader-s", Roles.Reader);
        string token;
        using (var scope = _app.Services.CreateScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(id))!;
            token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), user, "test", TimeProvider.System);
        }
        var api = _app.CreateClient();
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/inspections")).StatusCode);

        var html = await Text(await PostFormAsync(await _app.SecAdminAsync(), "/admin/security", "/admin/security?handler=EndSessions", ("UserId", id)));
        Assert.Contains("已结束“reader-s”的全部会话，吊销 API 令牌 1 个", html);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/inspections")).StatusCode);
    }

    [Fact]
    public async Task The_security_page_shows_the_settings_in_force()
    {
        var html = await Text(await (await _app.SecAdminAsync()).GetAsync("/admin/security"));
        Assert.Contains("三员分立", html);
        Assert.Contains("开启", html);
        Assert.Contains("连续 5 次失败锁定 15 分钟", html);
    }
}

public sealed class SqliteSeparatedAdministratorsTests : SeparatedAdministratorsTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresSeparatedAdministratorsTests : SeparatedAdministratorsTests
{
    protected override RectifyApp CreateApp() => new(RectifyApp.PostgresServer());
}

/// <summary>Rectify:Security:SeparateAdministrators=false: the office's administrator holds all three.</summary>
public sealed class AdministratorsNotSeparatedTests : IAsyncLifetime
{
    readonly RectifyApp _app = new() { Settings = { [Policies.SeparationSetting] = "false" } };
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_office_administrator_reaches_every_administration_page_and_no_other_administrator_is_created()
    {
        var admin = await _app.SignedInClientAsync();
        foreach (var page in new[] { "/admin/users", "/admin/organizations", "/admin/security", "/admin/audit", "/admin/rounds" })
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(page)).StatusCode);
        Assert.Contains("关闭", WebUtility.HtmlDecode(await admin.GetStringAsync("/admin/security")));
        await using var db = _app.CreateDb();
        Assert.False(await db.Users.AnyAsync(u => u.UserName == "sysadmin" || u.UserName == "secadmin" || u.UserName == "auditadmin"));
    }
}
