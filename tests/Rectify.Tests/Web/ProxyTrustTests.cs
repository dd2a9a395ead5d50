using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 20 item 8: X-Forwarded-For is believed only from the proxies named in Rectify:Proxy, so a
/// client cannot escape the per-address sign-in limit by writing a new address into each request.
/// </summary>
public sealed class ProxyTrustTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>The address every request of the test server comes from (TestServer gives none of its own).</summary>
    const string Peer = "10.1.2.3";

    sealed class FromPeer : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, nextMiddleware) => { http.Connection.RemoteIpAddress = IPAddress.Parse(Peer); return nextMiddleware(http); });
            next(app);
        };
    }

    WebApplicationFactory<Program> Limited(params (string Key, string Value)[] settings) => _app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Rectify:SignInPerMinute", "3");
        foreach (var (k, v) in settings) b.UseSetting(k, v);
        b.ConfigureTestServices(s => s.AddTransient<IStartupFilter, FromPeer>());
    });

    /// <summary>Six wrong sign-ins (an unknown account, so no lockout), each with the X-Forwarded-For the test gives.</summary>
    static async Task<List<HttpStatusCode>> SignInsAsync(HttpClient client, Func<int, string> forwardedFor)
    {
        var form = await client.GetStringAsync("/account/login");
        var codes = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = "nobody", ["Password"] = "wrong-" + i, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
                }),
            };
            request.Headers.Add("X-Forwarded-For", forwardedFor(i));
            codes.Add((await client.SendAsync(request)).StatusCode);
        }
        return codes;
    }

    static readonly HttpStatusCode[] LimitHolds = [HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK,
        HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests];

    [Fact]
    public async Task Without_configured_proxies_a_clients_forwarded_address_is_ignored()
    {
        await using var app = Limited();
        var codes = await SignInsAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), i => $"203.0.113.{i + 1}");
        Assert.Equal(LimitHolds, codes);
    }

    [Fact]
    public async Task Behind_a_configured_proxy_the_forwarded_address_is_the_one_counted()
    {
        await using var app = Limited(("Rectify:Proxy:KnownProxies:0", Peer));
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        // Six clients behind the proxy: each has its own allowance.
        Assert.All(await SignInsAsync(client, i => $"203.0.113.{i + 1}"), c => Assert.Equal(HttpStatusCode.OK, c));
        // One client behind the proxy is limited like any other.
        Assert.Equal(LimitHolds, await SignInsAsync(client, _ => "198.51.100.7"));
    }

    [Fact]
    public async Task A_proxy_outside_the_configured_network_is_not_believed()
    {
        await using var app = Limited(("Rectify:Proxy:KnownNetworks:0", "192.168.0.0/16"));
        var codes = await SignInsAsync(app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true }), i => $"203.0.113.{i + 1}");
        Assert.Equal(LimitHolds, codes);
    }

    /// <summary>
    /// The real server with ASPNETCORE_FORWARDEDHEADERS_ENABLED=true, which in the framework empties the
    /// lists of known proxies (and empty lists mean: believe everyone). Without Rectify:Proxy the
    /// client's X-Forwarded-For still changes nothing.
    /// </summary>
    [Fact]
    public async Task The_framework_switch_for_forwarded_headers_does_not_make_every_client_a_proxy()
    {
        var data = Path.Combine(Path.GetTempPath(), "rectify-proxy-" + Guid.NewGuid().ToString("N"));
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "Rectify.dll"), "--data", data, "serve", "--urls", "http://127.0.0.1:0" })
            psi.ArgumentList.Add(a);
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = RectifyApp.AdminPassword;
        psi.Environment["ASPNETCORE_FORWARDEDHEADERS_ENABLED"] = "true";
        psi.Environment["Rectify__SignInPerMinute"] = "3";
        using var server = Process.Start(psi)!;
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.IndexOf("Now listening on: ", StringComparison.Ordinal) is { } at and >= 0)
                listening.TrySetResult(new Uri(e.Data[(at + "Now listening on: ".Length)..].Trim()));
        };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            var address = await listening.Task.WaitAsync(TimeSpan.FromSeconds(90), TestContext.Current.CancellationToken);
            using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
            using var client = new HttpClient(handler) { BaseAddress = address };
            Assert.Equal(LimitHolds, await SignInsAsync(client, i => $"203.0.113.{i + 1}"));
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync(TestContext.Current.CancellationToken);
            try { Directory.Delete(data, recursive: true); } catch (IOException) { }
        }
    }
}
