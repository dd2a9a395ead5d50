using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// Issue 20 item 1: a session holds only while the account's rights hold. Each test keeps a real
/// session cookie across a change made elsewhere and sends the next request with it.
/// </summary>
public class SessionTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public SessionTests() : this(postgres: false) { }

    protected SessionTests(bool postgres)
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

    const string Password = "second-Office-7";

    async Task<AppUser> CreateAsync(string name, string role)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    static bool SentToSignIn(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal);

    async Task<bool> ExistsAsync(string name)
    {
        await using var db = _app.CreateDb();
        return await db.Users.AnyAsync(u => u.UserName == name);
    }

    [Fact]
    public async Task A_disabled_administrator_loses_his_open_session_and_cannot_create_accounts()
    {
        // A second system administrator (三员分立: accounts are the system administrator's work).
        var deputy = await CreateAsync("deputy", Roles.SysAdmin);
        var session = await _app.SignedInClientAsync("deputy", Password);
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/admin/users")).StatusCode);
        // The form is loaded while still an administrator; the post comes after the disabling.
        var form = await session.GetStringAsync("/admin/users");

        var sysadmin = await _app.SysAdminAsync();
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(deputy.Id))!;
            u.Disabled = true;
            Assert.True((await users.UpdateAsync(u)).Succeeded);
        }

        Assert.True(SentToSignIn(await session.GetAsync("/admin/users")));
        Assert.True(SentToSignIn(await session.GetAsync("/")));
        var create = await CreateUserAsyncWith(session, form, "mole");
        Assert.NotEqual(HttpStatusCode.OK, create.StatusCode);
        Assert.False(await ExistsAsync("mole"));
        // The other system administrator keeps working.
        Assert.Equal(HttpStatusCode.OK, (await sysadmin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task A_demoted_administrator_loses_administration_at_his_next_request()
    {
        var deputy = await CreateAsync("deputy2", Roles.SysAdmin);
        var session = await _app.SignedInClientAsync("deputy2", Password);
        var form = await session.GetStringAsync("/admin/users");

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(deputy.Id))!;
            await users.RemoveFromRoleAsync(u, Roles.SysAdmin);
            await users.AddToRoleAsync(u, Roles.Reader);
        }
        var create = await CreateUserAsyncWith(session, form, "mole2");
        Assert.True(SentToSignIn(create));
        Assert.False(await ExistsAsync("mole2"));
        // Signed in again, he is what he is now: a reader, refused administration.
        var again = await _app.SignedInClientAsync("deputy2", Password);
        var admin = await again.GetAsync("/admin/users");
        Assert.NotEqual(HttpStatusCode.OK, admin.StatusCode);
        Assert.False(SentToSignIn(admin));
    }

    async Task<string?> AccessStampAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Settings.Where(x => x.Key == AccessCache.StampKey).Select(x => x.Value).SingleAsync(TestContext.Current.CancellationToken);
    }

    async Task<int> AccountEntriesAsync(string id)
    {
        await using var db = _app.CreateDb();
        return await db.AuditEntries.CountAsync(a => a.Entity == "AppUser" && a.EntityKey == id, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Signing_in_keeps_the_access_cache_of_every_instance_and_a_disabled_account_still_ends_at_once()
    {
        var clerk = await CreateAsync("clerk3", Roles.Reader);
        var session = await _app.SignedInClientAsync("clerk3", Password);
        var stamp = await AccessStampAsync();

        // Sign-ins, right and wrong, only keep the accounts' sign-in record and failure count: what anyone
        // may do is unchanged, so the access stamp (which every instance's cache is kept under) stays.
        await _app.SignedInClientAsync("admin", RectifyApp.AdminPassword);
        var before = await AccountEntriesAsync(clerk.Id);
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var wrong = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "clerk3", ["Password"] = "Wrong-password-99", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Contains("用户名或密码不正确", await wrong.Content.ReadAsStringAsync());
        // One write of the account for the failure: Identity's lockout count and the count shown at the next sign-in together.
        Assert.Equal(before + 1, await AccountEntriesAsync(clerk.Id));
        await using (var db = _app.CreateDb())
        {
            var row = await db.Users.AsNoTracking().SingleAsync(u => u.Id == clerk.Id, TestContext.Current.CancellationToken);
            Assert.Equal((1, 1), (row.AccessFailedCount, row.FailedSignInsSinceLast));
        }
        Assert.Equal(stamp, await AccessStampAsync());
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/")).StatusCode);

        // A change of rights still ends the session at its next request.
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(clerk.Id))!;
            u.Disabled = true;
            Assert.True((await users.UpdateAsync(u)).Succeeded);
        }
        Assert.NotEqual(stamp, await AccessStampAsync());
        Assert.True(SentToSignIn(await session.GetAsync("/")));
    }

    static Task<HttpResponseMessage> CreateUserAsyncWith(HttpClient client, string form, string name) =>
        client.PostAsync("/admin/users?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = name, ["Role"] = Roles.Reader, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));

    [Fact]
    public async Task A_copy_of_the_session_cookie_is_refused_after_logout()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await client.GetAsync("/account/login");
        var html = await login.Content.ReadAsStringAsync();
        var antiforgery = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).ToList();
        var post = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html),
            }),
        };
        post.Headers.Add("Cookie", string.Join("; ", antiforgery));
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var auth = signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("rectify.auth=", StringComparison.Ordinal));
        var cookies = string.Join("; ", antiforgery.Append(auth));

        // The stolen copy works while the session is open…
        Assert.Equal(HttpStatusCode.OK, (await GetWithAsync(client, "/", cookies)).StatusCode);
        var page = await (await GetWithAsync(client, "/", cookies)).Content.ReadAsStringAsync();
        var logout = new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page) }),
        };
        logout.Headers.Add("Cookie", cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(logout)).StatusCode);
        // …and not after the owner signed out, although the browser was never told to drop it.
        Assert.True(SentToSignIn(await GetWithAsync(client, "/", cookies)));
        var api = new HttpRequestMessage(HttpMethod.Get, "/api/inspections");
        api.Headers.Add("Cookie", cookies);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(api)).StatusCode);
    }

    static Task<HttpResponseMessage> GetWithAsync(HttpClient client, string path, string cookies)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookies);
        return client.SendAsync(request);
    }

    [Fact]
    public async Task A_changed_password_ends_the_other_sessions_and_the_api_tokens_but_not_this_one()
    {
        var user = await CreateAsync("clerk", Roles.Reader);
        string token;
        using (var scope = _app.Services.CreateScope())
            token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), user, "script", TimeProvider.System);
        var bearer = _app.CreateClient(new() { AllowAutoRedirect = false });
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await bearer.GetAsync("/api/inspections")).StatusCode);

        var other = await _app.SignedInClientAsync("clerk", Password);
        var here = await _app.SignedInClientAsync("clerk", Password);
        var form = await here.GetStringAsync("/account/password");
        var changed = await here.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Current"] = Password, ["New"] = "Renewed-Clerk-2026", ["Confirm"] = "Renewed-Clerk-2026",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Contains("密码已修改", await changed.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, (await here.GetAsync("/")).StatusCode);
        Assert.True(SentToSignIn(await other.GetAsync("/")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await bearer.GetAsync("/api/inspections")).StatusCode);
        await using var db = _app.CreateDb();
        Assert.NotNull((await db.ApiTokens.SingleAsync(t => t.UserId == user.Id)).RevokedAt);
        // The new stamp, the revoked token and the sign-in records went through the audit log:
        // the ledger check finds the accounts as the log says they are.
        var check = await AuditLedger.CompareAsync(db, 20, TestContext.Current.CancellationToken);
        Assert.Empty(check.Findings);
    }

    [Fact]
    public async Task A_weak_new_password_is_refused_with_the_rule_it_breaks()
    {
        await CreateAsync("clerk2", Roles.Reader);
        var here = await _app.SignedInClientAsync("clerk2", Password);
        var form = await here.GetStringAsync("/account/password");
        var refused = await here.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Current"] = Password, ["New"] = "1234567890", ["Confirm"] = "1234567890",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.Contains("密码至少 12 位", html);
        Assert.Contains("至少三类", html);
        Assert.Contains("过于常见", html);
        // Nothing changed: the old password still signs in.
        await _app.SignedInClientAsync("clerk2", Password);
    }

    /// <summary>The app under a clock the test moves; the same database as <see cref="_app"/>.</summary>
    (WebApplicationFactory<Program> App, FakeTimeProvider Clock) Clocked()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        return (_app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock))), clock);
    }

    static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string user, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    [Fact]
    public async Task A_session_ends_after_30_idle_minutes_but_not_while_used()
    {
        var (app, clock) = Clocked();
        var client = await SignInAsync(app, "admin", RectifyApp.AdminPassword);
        // Used every 20 minutes for an hour: still signed in.
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.True(SentToSignIn(await client.GetAsync("/")));
    }

    [Fact]
    public async Task A_session_ends_12_hours_after_sign_in_however_busy()
    {
        var (app, clock) = Clocked();
        var client = await SignInAsync(app, "admin", RectifyApp.AdminPassword);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromHours(11.5); elapsed += TimeSpan.FromMinutes(25))
        {
            clock.Advance(TimeSpan.FromMinutes(25));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.True(SentToSignIn(await client.GetAsync("/")));
    }

    [Fact]
    public async Task An_expired_password_must_be_changed_before_anything_else_when_expiry_is_on()
    {
        _app.Settings["Rectify:Security:PasswordExpires"] = "true";
        await CreateAsync("clerk3", Roles.Reader);
        var (app, clock) = Clocked();
        var client = await SignInAsync(app, "clerk3", Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        clock.Advance(TimeSpan.FromDays(91));
        client = await SignInAsync(app, "clerk3", Password);
        var home = await client.GetAsync("/");
        Assert.Equal("/account/password", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/inspections")).StatusCode);
    }
}

/// <summary>The same on the real PostgreSQL server that ./test.sh starts.</summary>
public sealed class PostgresSessionTests() : SessionTests(postgres: true);
