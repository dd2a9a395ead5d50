using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// A lost authenticator (ASVS 2.5.7): the security administrator resets it; the account's key and
/// recovery codes are gone, its sessions and API tokens end, and it sets up a new one at its next
/// sign-in. Nobody else may.
/// </summary>
public partial class AuthenticatorResetTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public AuthenticatorResetTests() : this(postgres: false) { }
    protected AuthenticatorResetTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }
    public ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        return ValueTask.CompletedTask;
    }
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    const string Password = "Clerk-phone-lost-7";

    [GeneratedRegex("<code data-key>([a-z0-9 ]+)</code>")]
    private static partial Regex KeyRegex();

    static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html);
        return await client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    async Task<AppUser> ClerkWithAuthenticatorAsync()
    {
        AppUser clerk;
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            clerk = new AppUser { UserName = "wenyuan" };
            Assert.True((await users.CreateAsync(clerk, Password)).Succeeded);
            Assert.True((await users.AddToRoleAsync(clerk, Roles.Reader)).Succeeded);
        }
        var client = await _app.SignedInClientAsync("wenyuan", Password);
        var key = KeyRegex().Match(await client.GetStringAsync("/account/two-factor")).Groups[1].Value;
        var enabled = await PostFormAsync(client, "/account/two-factor", "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("双因素认证已启用", await enabled.Content.ReadAsStringAsync());
        return clerk;
    }

    async Task<List<string>> SecretsAsync(string userId)
    {
        await using var db = _app.CreateDb();
        return await db.UserTokens.Where(t => t.UserId == userId && (t.Name == "AuthenticatorKey" || t.Name == "RecoveryCodes"))
            .Select(t => t.Name).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task The_security_administrator_resets_a_lost_authenticator_and_the_account_sets_up_a_new_one()
    {
        var clerk = await ClerkWithAuthenticatorAsync();
        Assert.Equal(2, (await SecretsAsync(clerk.Id)).Count);
        // The session on the lost phone's owner's desk, and a script's token.
        var session = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        string token;
        using (var scope = _app.Services.CreateScope())
            token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), clerk, "script", TimeProvider.System);
        var bearer = _app.CreateClient(new() { AllowAutoRedirect = false });
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/inspections")).StatusCode);
        var desk = await SignInWithCodeAsync(clerk);

        var secadmin = await _app.SecAdminAsync();
        var reset = await PostFormAsync(secadmin, "/admin/security", "/admin/security?handler=ResetTwoFactor", new() { ["UserId"] = clerk.Id });
        var said = await reset.Content.ReadAsStringAsync();
        Assert.Contains("已重置“wenyuan”的验证器", said);
        Assert.Contains("吊销 API 令牌 1 个", said);

        // Key and recovery codes gone; the session and the token end at their next request.
        Assert.Empty(await SecretsAsync(clerk.Id));
        Assert.Equal(HttpStatusCode.Redirect, (await desk.GetAsync("/")).StatusCode);
        Assert.Contains("/account/login", (await desk.GetAsync("/")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/inspections")).StatusCode);

        // The password alone signs in, but to the set-up of a new authenticator only (a reader, not an administrator).
        var again = await _app.SignedInClientAsync("wenyuan", Password);
        Assert.Equal("/account/two-factor", (await again.GetAsync("/inspections/1")).Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/api/inspections")).StatusCode);
        var key = KeyRegex().Match(await again.GetStringAsync("/account/two-factor")).Groups[1].Value;
        var enabled = await PostFormAsync(again, "/account/two-factor", "/account/two-factor?handler=Enable", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("双因素认证已启用", await enabled.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/inspections")).StatusCode);

        // Audited: the audit administrator sees who reset whose authenticator.
        await using var db = _app.CreateDb();
        var entry = await db.AuditEntries.SingleAsync(a => a.Action == "reset2fa", TestContext.Current.CancellationToken);
        Assert.Equal("secadmin", entry.Actor);
        Assert.Contains("wenyuan", entry.After);
        Assert.Contains("重置验证器", await (await _app.AuditAdminAsync()).GetStringAsync("/admin/audit"));
        Assert.Empty((await AuditLedger.CompareAsync(db, 20, TestContext.Current.CancellationToken)).Findings);
    }

    async Task<HttpClient> SignInWithCodeAsync(AppUser clerk)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var step1 = await PostFormAsync(client, "/account/login", "/account/login", new() { ["UserName"] = clerk.UserName!, ["Password"] = Password });
        Assert.Contains("/account/login-code", step1.Headers.Location!.OriginalString);
        string key;
        using (var scope = _app.Services.CreateScope())
            key = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().GetAuthenticatorKeyAsync((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(clerk.Id))!))!;
        var step2 = await PostFormAsync(client, "/account/login-code", "/account/login-code", new() { ["Code"] = Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)) });
        Assert.Equal(HttpStatusCode.Redirect, step2.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        return client;
    }

    [Fact]
    public async Task Only_the_security_administrator_may_reset_an_authenticator()
    {
        var clerk = await ClerkWithAuthenticatorAsync();
        var secForm = await (await _app.SecAdminAsync()).GetStringAsync("/admin/security");
        Assert.Contains("重置验证器", secForm);
        foreach (var other in new[] { await _app.SignedInClientAsync(), await _app.SysAdminAsync(), await _app.AuditAdminAsync() })
        {
            // Their own page's antiforgery token, posted to the security page's handler.
            var own = await other.GetStringAsync("/");
            var r = await other.PostAsync("/admin/security?handler=ResetTwoFactor", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserId"] = clerk.Id, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(own),
            }));
            // Refused by the page's policy: the Chinese 403 page (docs/refusals.md).
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        }
        Assert.Equal(2, (await SecretsAsync(clerk.Id)).Count);
        // Nor the security administrator for his own account.
        var secadmin = await _app.SecAdminAsync();
        await using var db = _app.CreateDb();
        var self = await db.Users.Where(u => u.UserName == "secadmin").Select(u => u.Id).SingleAsync(TestContext.Current.CancellationToken);
        var refused = await PostFormAsync(secadmin, "/admin/security", "/admin/security?handler=ResetTwoFactor", new() { ["UserId"] = self });
        Assert.Contains("不能更改自己的账户", await refused.Content.ReadAsStringAsync());
    }
}

/// <summary>The same on the real PostgreSQL server that ./test.sh starts.</summary>
public sealed class PostgresAuthenticatorResetTests() : AuthenticatorResetTests(postgres: true);
