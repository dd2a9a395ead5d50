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
        if (string.IsNullOrEmpty(PostgresLedgerStorageTests.Server))
            Assert.Skip("RECTIFY_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL");
        _first = new RectifyApp(PostgresLedgerStorageTests.Server, _database);
        _first.UseKestrel(0);
        _second = new RectifyApp(PostgresLedgerStorageTests.Server, _database);
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
            await Rectify.Features.Notifications.ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<Rectify.Data.RectifyDb>(), TimeProvider.System);
        }
        for (var round = 0; round < 5; round++)
            await Task.WhenAll(ScanAsync(_first), ScanAsync(_second!), ScanAsync(_first), ScanAsync(_second!));

        await using var db = _first.CreateDb();
        var keys = await db.Notifications.Where(n => n.Kind.StartsWith("warning-")).Select(n => n.EventKey).ToListAsync();
        // The demo's three phased problems are long overdue: three red reminders for the commission, each once.
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
