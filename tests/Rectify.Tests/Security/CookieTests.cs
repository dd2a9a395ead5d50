using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// ASVS 3.4.1–3.4.5: the session, antiforgery and other cookies as the browser receives them, read
/// from the Set-Cookie headers: HttpOnly and SameSite always; with Rectify:Security:Https on, Secure,
/// Path=/ and the __Host- prefix, which the browser keeps only under those conditions.
/// </summary>
public sealed class CookieTests
{
    /// <summary>The Set-Cookie headers of the sign-in page and of a successful sign-in, by cookie name.</summary>
    static async Task<Dictionary<string, string>> SignInCookiesAsync(RectifyApp app, string baseAddress)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress) });
        var login = await client.GetAsync("/account/login");
        var form = await login.Content.ReadAsStringAsync();
        var signedIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // The cookies carry the session (under their prefixed names too); the sign-in warning travels in the TempData cookie.
        Assert.Contains("登录失败 0 次", await client.GetStringAsync("/"));
        return login.Headers.GetValues("Set-Cookie").Concat(signedIn.Headers.GetValues("Set-Cookie"))
            .GroupBy(c => c.Split('=')[0]).ToDictionary(g => g.Key, g => g.Last().ToLowerInvariant());
    }

    [Fact]
    public async Task Every_cookie_is_httponly_and_samesite_and_not_marked_secure_over_plain_http()
    {
        await using var app = new RectifyApp();
        var cookies = await SignInCookiesAsync(app, "http://localhost");
        Assert.Contains("rectify.auth", cookies.Keys);
        Assert.Contains("rectify.antiforgery", cookies.Keys);
        Assert.Contains("rectify.tempdata", cookies.Keys);
        foreach (var (name, header) in cookies)
        {
            Assert.Contains("httponly", header);
            Assert.Contains("path=/", header);
            Assert.Matches("samesite=(lax|strict)", header);
            Assert.DoesNotContain("secure", header);
            Assert.DoesNotContain("domain=", header);
        }
        Assert.Contains("samesite=lax", cookies["rectify.auth"]);
        Assert.Contains("samesite=strict", cookies["rectify.antiforgery"]);
    }

    [Fact]
    public async Task Over_https_every_cookie_is_secure_with_the_host_prefix_and_still_carries_the_session()
    {
        await using var app = new RectifyApp { Settings = { ["Rectify:Security:Https"] = "true" } };
        var cookies = await SignInCookiesAsync(app, "https://localhost");
        Assert.Equal(["__Host-rectify.antiforgery", "__Host-rectify.auth", "__Host-rectify.tempdata"], cookies.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, header) in cookies)
        {
            Assert.Contains("; secure", header);
            Assert.Contains("; path=/;", header + ";");
            Assert.Contains("httponly", header);
            Assert.Matches("samesite=(lax|strict)", header);
            Assert.DoesNotContain("domain=", header);
        }    }
}
