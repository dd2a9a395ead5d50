using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// Issue 20 item 2: administrators sign in with a second factor (an authenticator app's TOTP code,
/// or a one-time recovery code), set up on first sign-in; the sign-in tells of the previous one.
/// </summary>
public partial class TwoFactorTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public TwoFactorTests() : this(postgres: false) { }

    protected TwoFactorTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }
    public ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        _app.Settings["Rectify:Security:RequireTwoFactor"] = "true";
        return ValueTask.CompletedTask;
    }
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    HttpClient NewClient() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    static Task<HttpResponseMessage> PasswordAsync(HttpClient client, string password = RectifyApp.AdminPassword) =>
        PostFormAsync(client, "/account/login", "/account/login", new() { ["UserName"] = "admin", ["Password"] = password });

    [GeneratedRegex("<code data-key>([a-z0-9 ]+)</code>")]
    private static partial Regex KeyRegex();
    [GeneratedRegex("<li><code>([A-Za-z0-9-]+)</code></li>")]
    private static partial Regex RecoveryRegex();

    [Fact]
    public async Task An_administrator_sets_up_the_authenticator_then_needs_its_code_or_a_recovery_code_to_sign_in()
    {
        var client = NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PasswordAsync(client)).StatusCode);
        // Without a second factor only the set-up answers: pages send there, the API refuses.
        Assert.Equal("/account/two-factor", (await client.GetAsync("/inspections/1")).Headers.Location?.OriginalString);
        var api = await client.GetAsync("/api/inspections");
        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Contains("双因素认证", await api.Content.ReadAsStringAsync());

        var setup = await client.GetStringAsync("/account/two-factor");
        Assert.Contains("data:image/png;base64,", setup); // the QR code, drawn here
        var key = KeyRegex().Match(setup).Groups[1].Value;
        Assert.NotEmpty(key);
        var wrong = await PostFormAsync(client, "/account/two-factor", "/account/two-factor?handler=Enable", new() { ["Code"] = "000000" == Totp.Code(key, DateTimeOffset.UtcNow) ? "111111" : "000000" });
        Assert.Contains("验证码不正确", await wrong.Content.ReadAsStringAsync());
        var enabled = await PostFormAsync(client, "/account/two-factor", "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        var shown = await enabled.Content.ReadAsStringAsync();
        Assert.Contains("双因素认证已启用", shown);
        var recovery = RecoveryRegex().Matches(shown).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(10, recovery.Count);
        // The key and the recovery codes are secrets: the audit log (which the audit administrator
        // reads and exports) holds only their digests, and the ledger check still agrees with it.
        await using (var db = _app.CreateDb())
        {
            var log = string.Join("\n", await db.AuditEntries.Select(a => (a.Before ?? "") + (a.After ?? "")).ToListAsync(TestContext.Current.CancellationToken));
            Assert.DoesNotContain(key.Replace(" ", "").ToUpperInvariant(), log);
            Assert.DoesNotContain(recovery[0], log);
            Assert.Empty((await Rectify.Data.AuditLedger.CompareAsync(db, 20, TestContext.Current.CancellationToken)).Findings);
        }
        // Enabling it issued this session again: it goes on.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inspections/1")).StatusCode);

        // Next sign-in: password, then the code.
        var next = NewClient();
        var step1 = await PasswordAsync(next);
        Assert.Equal("/account/login-code?ReturnUrl=%2F", step1.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await next.GetAsync("/inspections/1")).StatusCode);
        var bad = await PostFormAsync(next, "/account/login-code", "/account/login-code", new() { ["Code"] = "12345x" });
        Assert.Contains("验证码不正确", await bad.Content.ReadAsStringAsync());
        // The next step's code: the one that enabled it was used up there (each code once only).
        var good = await PostFormAsync(next, "/account/login-code", "/account/login-code", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        var home = await next.GetStringAsync("/");
        // 鉴别警示: the previous sign-in and the one failed code since.
        Assert.Contains("上次登录", home);
        Assert.Contains("此后登录失败 1 次", home);

        // A recovery code instead of the phone, once.
        var third = NewClient();
        await PasswordAsync(third);
        var byRecovery = await PostFormAsync(third, "/account/login-code", "/account/login-code", new() { ["Code"] = recovery[0], ["Recovery"] = "true" });
        Assert.Equal(HttpStatusCode.Redirect, byRecovery.StatusCode);
        Assert.Contains("还剩 9 个", await third.GetStringAsync("/"));
        var fourth = NewClient();
        await PasswordAsync(fourth);
        var reused = await PostFormAsync(fourth, "/account/login-code", "/account/login-code", new() { ["Code"] = recovery[0], ["Recovery"] = "true" });
        Assert.Contains("恢复码不正确或已用过", await reused.Content.ReadAsStringAsync());
    }

    async Task<int> AccountEntriesAsync(string name)
    {
        await using var db = _app.CreateDb();
        var id = await db.Users.Where(u => u.UserName == name).Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        return await db.AuditEntries.CountAsync(a => a.Entity == "AppUser" && a.EntityKey == id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task An_authenticator_code_signs_in_once_only_and_a_refused_code_is_counted_in_one_update()
    {
        var client = NewClient();
        await PasswordAsync(client);
        var key = KeyRegex().Match(await client.GetStringAsync("/account/two-factor")).Groups[1].Value;
        var enabling = Totp.Code(key, DateTimeOffset.UtcNow);
        var enabled = await PostFormAsync(client, "/account/two-factor", "/account/two-factor?handler=Enable", new() { ["Code"] = enabling });
        Assert.Contains("双因素认证已启用", await enabled.Content.ReadAsStringAsync());

        // The code that enabled the authenticator does not sign in afterwards.
        var first = NewClient();
        await PasswordAsync(first);
        var used = await PostFormAsync(first, "/account/login-code", "/account/login-code", new() { ["Code"] = enabling });
        Assert.Contains("验证码不正确或已过期", await used.Content.ReadAsStringAsync());
        var code = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30));
        Assert.Equal(HttpStatusCode.Redirect, (await PostFormAsync(first, "/account/login-code", "/account/login-code", new() { ["Code"] = code })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/inspections/1")).StatusCode);

        // The same code again, within its window (seen over a shoulder, or in a proxy's log): refused,
        // and the refusal is counted for the next sign-in in one write of the account.
        var second = NewClient();
        await PasswordAsync(second);
        var before = await AccountEntriesAsync("admin");
        var replay = await PostFormAsync(second, "/account/login-code", "/account/login-code", new() { ["Code"] = code });
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Contains("验证码不正确或已过期", await replay.Content.ReadAsStringAsync());
        Assert.Equal(before + 1, await AccountEntriesAsync("admin"));
        Assert.NotEqual(HttpStatusCode.OK, (await second.GetAsync("/inspections/1")).StatusCode);
        // A later code still signs in, and tells of the refused ones.
        var later = await PostFormAsync(second, "/account/login-code", "/account/login-code", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(60)) });
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
        Assert.Contains("此后登录失败 1 次", await second.GetStringAsync("/"));
    }

    [Theory]
    [InlineData("sysadmin", RectifyApp.SysAdminPassword, "/admin/users")]
    [InlineData("secadmin", RectifyApp.SecAdminPassword, "/admin/security")]
    [InlineData("auditadmin", RectifyApp.AuditAdminPassword, "/admin/audit")]
    public async Task The_separated_administrators_must_set_up_the_second_factor_too(string user, string password, string page)
    {
        var client = NewClient();
        var signIn = await PostFormAsync(client, "/account/login", "/account/login", new() { ["UserName"] = user, ["Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/account/two-factor", (await client.GetAsync(page)).Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_wrong_password_does_not_reach_the_second_step_and_is_counted_for_the_next_sign_in()
    {
        var client = NewClient();
        var wrong = await PasswordAsync(client, "Wrong-password-99");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/account/login-code")).StatusCode);
        await PasswordAsync(client, "Wrong-password-98");
        await PasswordAsync(client);
        var page = await client.GetStringAsync("/account/two-factor");
        Assert.Contains("这是该账户首次登录；此前登录失败 2 次", page);
    }
}

/// <summary>The same on the real PostgreSQL server that ./test.sh starts.</summary>
public sealed class PostgresTwoFactorTests() : TwoFactorTests(postgres: true);
