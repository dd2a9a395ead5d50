using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rectify.Infrastructure;
using Rectify.Tests.Problems;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// ASVS 7.2.2, 等保 安全审计 a): a signed-in user refused, or asking for something outside their
/// scope, is a security event in the audit log; a flood of them writes one a minute per route.
/// </summary>
public sealed class AccessFailureLogTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => new(ProblemKit.CreateUsersAsync(_app));
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    async Task<List<Rectify.Core.Audit.AuditEntry>> DeniedAsync()
    {
        await using var db = _app.CreateDb();
        return await db.AuditEntries.AsNoTracking().Where(a => a.Entity == AccessFailures.Entity && a.Action == AccessFailures.Action)
            .OrderBy(a => a.Id).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Refusals_and_reads_outside_scope_are_logged_once_a_minute_per_account_and_route()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var app = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var outsider = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await outsider.GetStringAsync("/account/login");
        Assert.Equal(HttpStatusCode.Redirect, (await outsider.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "outsider", ["Password"] = ProblemKit.Password, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }))).StatusCode);
        Assert.Empty(await DeniedAsync());

        // 西阳镇's editor walks the problem ids of 城北镇: every answer 404, one event for the route.
        for (var id = 1; id <= 14; id++)
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/problems/{id}")).StatusCode);
        var logged = Assert.Single(await DeniedAsync());
        Assert.Equal("outsider", logged.Actor);
        Assert.Contains("/api/problems/1", logged.After);
        Assert.Contains("404", logged.After);

        // A page of the security administrator: refused with the Chinese 403 page (docs/refusals.md), logged as 403.
        var admin = await outsider.GetAsync("/admin/security");
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Contains("没有权限", await admin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        await outsider.GetAsync("/admin/security");
        var events = await DeniedAsync();
        Assert.Equal(2, events.Count);
        Assert.Contains("\"403\"", events[1].After);
        Assert.Contains("/admin/security", events[1].After);

        // A minute later the walk is logged again.
        clock.Advance(AccessFailures.Interval);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/api/problems/3")).StatusCode);
        Assert.Equal(3, (await DeniedAsync()).Count);

        // Not signed in: answered 401, no account to name, nothing logged.
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/problems/3")).StatusCode);
        Assert.Equal(3, (await DeniedAsync()).Count);

        // The audit administrator reads them, and the chain holds.
        Assert.Contains("拒绝访问", await (await _app.AuditAdminAsync()).GetStringAsync("/admin/audit"));
        await using var db = _app.CreateDb();
        Assert.Null(Rectify.Core.Audit.AuditChain.Verify(await db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).ToListAsync(TestContext.Current.CancellationToken)));
    }
}
