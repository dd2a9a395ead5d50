using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Rectify.Tests.Web;

public class HardeningTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/healthz")]
    [InlineData("/api/inspections")]
    public async Task Every_answer_carries_the_security_headers(string path)
    {
        var response = await _app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync(path);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-inline'; img", csp.Replace("style-src 'self' 'unsafe-inline'; img", ""));
        Assert.Contains("frame-ancestors 'self'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task What_a_signed_in_user_sees_is_not_kept_in_caches()
    {
        var client = await _app.SignedInClientAsync();
        foreach (var path in new[] { "/inspections/1", "/api/inspections" })
            Assert.True((await client.GetAsync(path)).Headers.CacheControl?.NoStore, path);
        // The public notices may be cached: they are public and served from the output cache.
        var anonymous = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.NotEqual(true, (await anonymous.GetAsync("/public")).Headers.CacheControl?.NoStore);
    }

    [Fact]
    public async Task No_page_contains_inline_script()
    {
        var client = await _app.SignedInClientAsync();
        foreach (var path in new[] { "/", "/inspections/1", "/account/login" })
        {
            var html = await client.GetStringAsync(path);
            Assert.DoesNotMatch("<script(?![^>]*\\bsrc=)[^>]*>", html);
            Assert.DoesNotMatch(" on(click|load|submit|change)=", html);
        }
    }

    [Fact]
    public async Task Sign_in_attempts_beyond_the_limit_get_429()
    {
        await using var limited = _app.WithWebHostBuilder(b => b.UseSetting("Rectify:SignInPerMinute", "3"));
        var client = limited.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/account/login");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin", ["Password"] = "wrong-" + i, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
            }));
            codes.Add(response.StatusCode);
        }
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], codes);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        string last = "";
        var lastStatus = HttpStatusCode.OK;
        for (var i = 0; i < 6; i++)
        {
            var form = await client.GetStringAsync("/account/login");
            var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserName"] = "admin", ["Password"] = i == 5 ? RectifyApp.AdminPassword : "wrong", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
            }));
            last = await response.Content.ReadAsStringAsync();
            lastStatus = response.StatusCode;
        }
        // The right password is refused while locked, with the answer every failure gets (it names the lock).
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Contains("账户已锁定", last);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
