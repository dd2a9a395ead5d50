using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Web;

namespace Rectify.Tests.Security;

/// <summary>
/// ASVS requirements docs/security.md listed as met without a test: each shown here on the running app.
/// </summary>
public sealed class AsvsCheckTests : IAsyncLifetime
{
    readonly RectifyApp _app = new() { Settings = { ["Rectify:SignInPerMinute"] = "100" } };
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>5.1.5: after sign-in the browser goes back only to a page of this site.</summary>
    [Theory]
    [InlineData("https://evil.example/phish")]
    [InlineData("//evil.example/phish")]
    [InlineData("/\\evil.example/phish")]
    [InlineData("javascript:alert(1)")]
    public async Task Sign_in_never_returns_to_another_site(string returnUrl)
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        var signedIn = await client.PostAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["ReturnUrl"] = returnUrl,
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Sign_in_returns_to_the_page_of_this_site_it_came_from()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login?ReturnUrl=%2Finspections%2F1");
        var signedIn = await client.PostAsync("/account/login?ReturnUrl=%2Finspections%2F1", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal("/inspections/1", signedIn.Headers.Location!.OriginalString);
    }

    /// <summary>2.1.6: a password change needs the current password.</summary>
    [Fact]
    public async Task A_password_change_with_a_wrong_current_password_is_refused_and_changes_nothing()
    {
        var client = await _app.SignedInClientAsync();
        var form = await client.GetStringAsync("/account/password");
        var refused = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Current"] = "Not-the-password-1", ["New"] = "Brand-new-Pass-2026", ["Confirm"] = "Brand-new-Pass-2026",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        var html = await refused.Content.ReadAsStringAsync();
        Assert.DoesNotContain("密码已修改", html);
        Assert.Contains("密码不正确", html);
        await _app.SignedInClientAsync(); // the old password still signs in
    }

    /// <summary>2.4.1–2.4.3: the stored hash is Identity's V3 format: PBKDF2 with HMAC-SHA512, 100,000 iterations, a 128-bit salt.</summary>
    [Fact]
    public async Task Passwords_are_stored_as_pbkdf2_sha512_with_100000_iterations_and_a_128_bit_salt()
    {
        await using var db = _app.CreateDb();
        var hashes = await db.Users.Select(u => u.PasswordHash!).ToListAsync(TestContext.Current.CancellationToken);
        Assert.NotEmpty(hashes);
        foreach (var hash in hashes)
        {
            var bytes = Convert.FromBase64String(hash);
            Assert.Equal(0x01, bytes[0]); // format V3
            Assert.Equal(2u, BigEndian(bytes, 1)); // KeyDerivationPrf.HMACSHA512
            Assert.Equal(100_000u, BigEndian(bytes, 5));
            Assert.Equal(16u, BigEndian(bytes, 9)); // salt bytes
        }
        // Unique salts: two accounts never share one.
        Assert.Equal(hashes.Count, hashes.Select(h => Convert.ToHexString(Convert.FromBase64String(h).AsSpan(13, 16))).Distinct().Count());
    }

    static uint BigEndian(byte[] bytes, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at));

    /// <summary>5.3.4: text search with SQL metacharacters is a search for that text, nothing more.</summary>
    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("%' OR 1=1 --")]
    [InlineData("\"; DROP TABLE \"Problems\"; --")]
    [InlineData("_%\\")]
    public async Task Search_text_with_sql_metacharacters_finds_nothing_and_breaks_nothing(string text)
    {
        var client = await _app.SignedInClientAsync();
        var response = await client.GetAsync("/api/problems?inspection=1&q=" + Uri.EscapeDataString(text));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("total").GetInt32());
        Assert.Equal(14, (await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1", TestContext.Current.CancellationToken)).GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inspections/1?q=" + Uri.EscapeDataString(text))).StatusCode);
    }

    /// <summary>14.5.3: no cross-origin access is granted to anyone.</summary>
    [Fact]
    public async Task No_cors_header_is_sent_even_to_a_preflight()
    {
        var client = await _app.SignedInClientAsync();
        var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/inspections");
        preflight.Headers.Add("Origin", "https://evil.example");
        preflight.Headers.Add("Access-Control-Request-Method", "DELETE");
        var answer = await client.SendAsync(preflight);
        Assert.False(answer.Headers.Contains("Access-Control-Allow-Origin"));
        var get = new HttpRequestMessage(HttpMethod.Get, "/api/inspections");
        get.Headers.Add("Origin", "https://evil.example");
        var read = await client.SendAsync(get);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.False(read.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(read.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    /// <summary>14.4.1: every answer names its type and character set.</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("/api/inspections")]
    [InlineData("/account/password")]
    public async Task Answers_name_their_content_type_with_the_charset(string path)
    {
        var client = await _app.SignedInClientAsync();
        var answer = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("utf-8", answer.Content.Headers.ContentType?.CharSet);
    }

    /// <summary>4.3.2 and 12.5.1: no directory listing, no configuration or metadata files served.</summary>
    [Theory]
    [InlineData("/css/")]
    [InlineData("/appsettings.json")]
    [InlineData("/Rectify.dll")]
    [InlineData("/.git/config")]
    [InlineData("/web.config")]
    public async Task No_directory_listing_or_server_file_is_served(string path)
    {
        var answer = await _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync(path);
        Assert.True(answer.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Redirect, $"{path}: {answer.StatusCode}");
        var body = await answer.Content.ReadAsStringAsync();
        Assert.DoesNotContain("ConnectionStrings", body);
        Assert.DoesNotContain("Index of", body);
    }
}
