using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
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
}
