using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 20 item 7: an API write made with the session cookie is refused unless it comes from our own
/// pages (Sec-Fetch-Site / Origin) or carries the antiforgery token; bearer tokens are exempt; every
/// cookie is Secure over HTTPS.
/// </summary>
public class ApiOriginTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A phased problem of the demo ledger with three measures.</summary>
    const int Problem = 3;

    /// <summary>Signed in as admin, but sending no browser header: what a forged cross-site request looks like to the server.</summary>
    async Task<HttpClient> BareCookieClientAsync()
    {
        var client = await _app.SignedInClientAsync();
        client.DefaultRequestHeaders.Remove("Sec-Fetch-Site");
        return client;
    }

    async Task<int> MeasureCountAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>($"/api/problems/{Problem}")).GetProperty("measures").GetArrayLength();

    async Task<HttpResponseMessage> AddMeasureAsync(HttpClient client, Action<HttpRequestMessage>? headers = null)
    {
        var version = (await client.GetFromJsonAsync<JsonElement>($"/api/problems/{Problem}")).GetProperty("version").GetInt32();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{Problem}/measures")
        {
            Content = JsonContent.Create(new { text = "建立复耕台账", owner = "农业办", deadline = "2026-12-31", version }),
        };
        headers?.Invoke(request);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_cookie_write_without_token_or_origin_is_refused_with_a_chinese_problem_and_changes_nothing()
    {
        var client = await BareCookieClientAsync();
        var r = await AddMeasureAsync(client);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ApiWriteOrigin.ProblemType, problem.GetProperty("type").GetString());
        Assert.Equal("拒绝跨站请求", problem.GetProperty("title").GetString());
        Assert.Contains("X-CSRF-TOKEN", problem.GetProperty("detail").GetString());
        Assert.Equal(3, await MeasureCountAsync(client));

        // A DELETE and a PUT alike.
        var delete = await client.DeleteAsync($"/api/problems/{Problem}/measures/1");
        Assert.Equal(HttpStatusCode.Forbidden, delete.StatusCode);
        Assert.Equal(3, await MeasureCountAsync(client));
    }

    [Fact]
    public async Task A_cookie_write_from_another_site_is_refused()
    {
        var client = await BareCookieClientAsync();
        var viaOrigin = await AddMeasureAsync(client, r => r.Headers.Add("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.Forbidden, viaOrigin.StatusCode);
        var viaFetchSite = await AddMeasureAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "same-site"));
        Assert.Equal(HttpStatusCode.Forbidden, viaFetchSite.StatusCode);
        // The browser's word wins over an Origin that happens to match.
        var crossSite = await AddMeasureAsync(client, r => { r.Headers.Add("Sec-Fetch-Site", "cross-site"); r.Headers.Add("Origin", "http://localhost"); });
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(3, await MeasureCountAsync(client));
    }

    [Fact]
    public async Task A_cookie_write_from_our_own_pages_works()
    {
        var client = await BareCookieClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await AddMeasureAsync(client, r => r.Headers.Add("Sec-Fetch-Site", "same-origin"))).StatusCode);
        // An older browser: no Sec-Fetch-Site, but the Origin of this very site.
        Assert.Equal(HttpStatusCode.Created, (await AddMeasureAsync(client, r => r.Headers.Add("Origin", "http://localhost"))).StatusCode);
        Assert.Equal(5, await MeasureCountAsync(client));
    }

    [Fact]
    public async Task A_cookie_write_with_the_antiforgery_header_works_and_a_wrong_token_does_not()
    {
        var client = await BareCookieClientAsync();
        var token = RectifyApp.AntiforgeryToken(await client.GetStringAsync("/")); // the sign-out form's token
        Assert.Equal(HttpStatusCode.Created, (await AddMeasureAsync(client, r => r.Headers.Add("X-CSRF-TOKEN", token))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await AddMeasureAsync(client, r => r.Headers.Add("X-CSRF-TOKEN", token[..^4] + "AAAA"))).StatusCode);
        Assert.Equal(4, await MeasureCountAsync(client));
    }

    [Fact]
    public async Task A_bearer_token_write_needs_neither()
    {
        string token;
        using (var scope = _app.Services.CreateScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin");
            token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), admin!, "test", TimeProvider.System);
        }
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Remove("Sec-Fetch-Site");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await AddMeasureAsync(client, r => r.Headers.Add("Origin", "https://evil.example"))).StatusCode);
        Assert.Equal(4, await MeasureCountAsync(client));
    }

    [Fact]
    public async Task Over_https_every_cookie_is_secure()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false, HandleCookies = true });
        var setCookies = new List<string>();
        void Keep(HttpResponseMessage r) { if (r.Headers.TryGetValues("Set-Cookie", out var v)) setCookies.AddRange(v); }

        var page = await client.GetAsync("/account/login"); // the antiforgery cookie
        Keep(page);
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword,
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Keep(signIn); // the session cookie
        // A saved round leaves its message in the TempData cookie.
        var rounds = await client.GetStringAsync("/admin/rounds");
        var saved = await client.PostAsync("/admin/rounds", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Body"] = "九届区委", ["Name"] = "第三轮巡察", ["Kind"] = "Xuncha", ["PlanDays"] = "30", ["ReportDays"] = "90", ["CentralisedMonths"] = "3",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(rounds),
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Keep(saved);
        Keep(await client.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(await client.GetStringAsync("/")),
        })));

        foreach (var name in new[] { "rectify.antiforgery", "rectify.auth", "rectify.tempdata" }) // named by SecurityOptions.Harden
            Assert.Contains(setCookies, c => c.StartsWith(name, StringComparison.Ordinal));
        Assert.All(setCookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }
}
