using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>Two app instances on their own ports over one PostgreSQL database.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    readonly string _database = "rectify_scale_" + Guid.NewGuid().ToString("N")[..10];
    RectifyApp? _first, _second;

    public async ValueTask InitializeAsync()
    {
        var server = RectifyApp.PostgresServer();
        // Few audit chains, so that the writers below meet in a chain as well as spread over several.
        _first = new RectifyApp(server, _database) { Settings = { ["Rectify:Audit:Chains"] = "3" } };
        _first.UseKestrel(0);
        _second = new RectifyApp(server, _database) { Settings = { ["Rectify:Audit:Chains"] = "3" } };
        _second.UseKestrel(0);
        // Started together: one migrates and seeds, the other waits and finds it done.
        await Task.WhenAll(Task.Run(_first.StartServer), Task.Run(_second.StartServer));
    }

    public async ValueTask DisposeAsync()
    {
        if (_second is not null) await _second.DisposeAsync();
        if (_first is not null) await _first.DisposeAsync();
    }

    [Fact]
    public async Task A_session_started_on_one_instance_continues_on_the_other()
    {
        Assert.NotEqual(_first!.ClientOptions.BaseAddress.Port, _second!.ClientOptions.BaseAddress.Port);
        var cookies = new CookieContainer();
        using var one = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _first.ClientOptions.BaseAddress };
        var form = await one.GetStringAsync("/account/login");
        var signIn = await one.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The same cookie, sent to the other instance (as a load balancer would).
        using var two = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _second.ClientOptions.BaseAddress };
        two.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(_first.ClientOptions.BaseAddress));
        var list = await two.GetFromJsonAsync<JsonElement>("/api/inspections");
        Assert.Equal(14, Assert.Single(list.EnumerateArray()).GetProperty("problems").GetInt32());
        var page = await two.GetStringAsync("/inspections/1");
        Assert.Contains("撂荒复耕工作开展不扎实", page);
    }

    [Fact]
    public async Task Logging_out_on_one_instance_ends_the_copy_of_the_session_on_the_other()
    {
        var cookies = new CookieContainer();
        using var one = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = _first!.ClientOptions.BaseAddress };
        var form = await one.GetStringAsync("/account/login");
        var signIn = await one.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        using var two = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _second!.ClientOptions.BaseAddress };
        two.DefaultRequestHeaders.Add("Cookie", cookies.GetCookieHeader(_first.ClientOptions.BaseAddress));
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync("/api/inspections")).StatusCode);

        var page = await one.GetStringAsync("/");
        var logout = await one.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        // The other instance had the session cached; the stamp in the database ends it there too.
        Assert.Equal(HttpStatusCode.Unauthorized, (await two.GetAsync("/api/inspections")).StatusCode);
    }

    [Fact]
    public async Task Reminder_scans_on_both_instances_deliver_each_reminder_once()
    {
        // A district supervisor: the commission that red problems escalate to.
        using (var scope = _first!.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
            var sup = new Rectify.Data.AppUser { UserName = "jiwei", DisplayName = "区纪委监督员" };
            Assert.True((await users.CreateAsync(sup, "jiwei-pass-1")).Succeeded);
            await users.AddToRoleAsync(sup, Rectify.Infrastructure.Roles.Supervisor);
        }
        async Task ScanAsync(RectifyApp app)
        {
            using var scope = app.Services.CreateScope();
            await Rectify.Features.Notifications.ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<Rectify.Data.RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
        }
        for (var round = 0; round < 5; round++)
            await Task.WhenAll(ScanAsync(_first), ScanAsync(_second!), ScanAsync(_first), ScanAsync(_second!));

        await using var db = _first.CreateDb();
        var rows = await db.Notifications.Where(n => n.Kind.StartsWith("warning-") && n.UserId != null)
            .Select(n => new { n.EventKey, n.UserId, n.ProblemId }).ToListAsync();
        var jiwei = await db.Users.Where(u => u.UserName == "jiwei").Select(u => u.Id).SingleAsync();
        // The demo's three phased problems are long overdue: each account the climb reaches (the commission's
        // supervisor among them) has one red reminder per problem, however many scans ran on however many instances.
        Assert.Equal(rows.Count, rows.Select(r => r.EventKey).Distinct().Count());
        Assert.Equal(3, rows.Where(r => r.UserId == jiwei).Select(r => r.ProblemId).Distinct().Count());
        Assert.All(rows.GroupBy(r => r.UserId), g => Assert.Equal(g.Count(), g.Select(r => r.ProblemId).Distinct().Count()));
    }

    [Fact]
    public async Task A_token_revoked_or_an_account_disabled_on_one_instance_is_refused_by_the_other_at_the_next_request()
    {
        // Each instance caches who a token is; the access stamp in the database tells it when that is stale.
        var (user, token) = await Rectify.Tests.Web.AccessCacheTests.UserWithTokenAsync(_first!.Services, "reader-so", Rectify.Infrastructure.Roles.Reader, null);
        var (_, other) = await Rectify.Tests.Web.AccessCacheTests.UserWithTokenAsync(_first.Services, "reader-so2", Rectify.Infrastructure.Roles.Reader, null);
        HttpClient On(RectifyApp app, string t)
        {
            var c = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
            c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", t);
            return c;
        }
        using var onSecond = On(_second!, token);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onSecond.GetAsync("/api/tokens")).StatusCode);

        using var onFirst = On(_first, token);
        var mine = Assert.Single((await onFirst.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await onFirst.DeleteAsync($"/api/tokens/{mine.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await onSecond.GetAsync("/api/tokens")).StatusCode);

        using var otherOnSecond = On(_second!, other);
        Assert.Equal(HttpStatusCode.OK, (await otherOnSecond.GetAsync("/api/tokens")).StatusCode);
        await using (var db = _first.CreateDb())
        {
            (await db.Users.SingleAsync(u => u.UserName == "reader-so2")).Disabled = true;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await otherOnSecond.GetAsync("/api/tokens")).StatusCode);
        Assert.NotNull(user);
    }

    [Fact]
    public async Task Writers_on_both_instances_at_once_extend_unbroken_audit_chains()
    {
        // The chain lock is taken after the data rows: concurrent saves on two instances (problem edits,
        // and token creation, which also rewrites the access stamp) must still append to each chain in one order.
        int[] problems;
        await using (var db = _first!.CreateDb()) problems = await db.Problems.Where(p => p.InspectionId == 1).OrderBy(p => p.Ordinal).Select(p => p.Id).Take(8).ToArrayAsync();
        async Task EditAsync(RectifyApp app, int problemId)
        {
            for (var i = 0; i < 6; i++)
            {
                await using var db = app.CreateDb();
                db.Actor = "writer";
                (await db.Problems.SingleAsync(p => p.Id == problemId)).Remarks = $"并发写入 {i}";
                await db.SaveChangesAsync();
            }
        }
        async Task TokensAsync(RectifyApp app)
        {
            for (var i = 0; i < 4; i++)
            {
                using var scope = app.Services.CreateScope();
                var db = scope.ServiceProvider.GetRequiredService<Rectify.Data.RectifyDb>();
                var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
                await Rectify.Infrastructure.ApiTokenService.CreateAsync(db, admin, "并发", TimeProvider.System);
            }
        }
        await Task.WhenAll(problems.Select((id, i) => Task.Run(() => EditAsync(i % 2 == 0 ? _first : _second!, id)))
            .Append(Task.Run(() => TokensAsync(_first))).Append(Task.Run(() => TokensAsync(_second!))));

        await using var check = _first.CreateDb();
        var log = await check.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).ToListAsync();
        Assert.Null(Rectify.Core.Audit.AuditChain.Verify(log));
        Assert.Equal(problems.Length * 6, log.Count(a => a.Entity == "Problem" && a.Actor == "writer"));
        Assert.Equal(2 * 4, log.Count(a => a.Entity == "ApiToken" && a.After!.Contains("并发")));
        // Eight problems over three chains: some share one, and more than one was written.
        var chains = log.Where(a => a.Actor == "writer").GroupBy(a => a.Chain).ToList();
        Assert.InRange(chains.Count, 2, 3);
        Assert.Contains(chains, g => g.Select(a => a.EntityKey).Distinct().Count() > 1);
    }
}
