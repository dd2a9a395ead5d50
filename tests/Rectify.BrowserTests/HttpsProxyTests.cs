using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Tests.Web;

namespace Rectify.BrowserTests;

/// <summary>
/// Issue 23 item 4: the nginx configuration of docs/production.md, run by Debian's nginx with a self-signed
/// certificate in front of the app, and a browser signing in through it over HTTPS.
/// </summary>
public sealed class HttpsProxyFixture : IAsyncLifetime
{
    /// <summary>nginx reaches the app from this address, so that the proxy's address and the browser's (127.0.0.1) differ.</summary>
    public const string ProxyAddress = "127.0.0.2";

    public RectifyApp App { get; } = new()
    {
        Settings =
        {
            ["Rectify:Proxy:KnownProxies"] = ProxyAddress,
            ["Rectify:Security:Https"] = "true",
        },
    };
    public string BaseUrl { get; private set; } = "";
    public string? NotRunnable { get; private set; }
    public IBrowser Browser { get; private set; } = null!;
    readonly string _dir = Directory.CreateTempSubdirectory("rectify-nginx-").FullName;
    Process? _nginx;
    IPlaywright? _playwright;

    public async ValueTask InitializeAsync()
    {
        var nginx = new[] { "/usr/sbin/nginx", "/usr/bin/nginx" }.FirstOrDefault(File.Exists);
        if (nginx is null)
        {
            NotRunnable = "nginx 未安装(./test.sh 会安装 Debian 的 nginx 软件包)";
            return;
        }
        App.UseKestrel(0);
        App.StartServer();
        var app = App.ClientOptions.BaseAddress;
        var https = FreePort();

        // The self-signed certificate an office would replace by its own.
        var (cert, key) = (Path.Combine(_dir, "rectify.crt"), Path.Combine(_dir, "rectify.key"));
        Run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert);

        // The documented server blocks, with the test's ports, certificate and app address put in.
        var server = NginxBlock()
            .Replace("listen 80;", $"listen 127.0.0.1:{FreePort()};")
            .Replace("listen 443 ssl;", $"listen 127.0.0.1:{https} ssl;")
            .Replace("listen [::]:80;", "").Replace("listen [::]:443 ssl;", "")
            .Replace("server_name rectify.example.gov.cn;", "server_name localhost;")
            .Replace("/etc/ssl/certs/rectify.crt", cert).Replace("/etc/ssl/private/rectify.key", key)
            .Replace("proxy_pass http://127.0.0.1:5080;", $"proxy_pass http://127.0.0.1:{app.Port}; proxy_bind {ProxyAddress};");
        Assert.Contains(cert, server);
        Assert.Contains($"{app.Port}", server);
        // Workers (nobody) write their temporary files here.
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(_dir, (UnixFileMode)Convert.ToInt32("755", 8));
        var conf = Path.Combine(_dir, "nginx.conf");
        await File.WriteAllTextAsync(conf, $$"""
            pid {{_dir}}/nginx.pid;
            error_log {{_dir}}/error.log warn;
            events { worker_connections 64; }
            http {
                access_log off;
                client_body_temp_path {{_dir}}/body;
                proxy_temp_path {{_dir}}/proxy;
                fastcgi_temp_path {{_dir}}/fastcgi;
                uwsgi_temp_path {{_dir}}/uwsgi;
                scgi_temp_path {{_dir}}/scgi;
            {{server}}
            }
            """);
        _nginx = Process.Start(new ProcessStartInfo(nginx, ["-p", _dir, "-c", conf, "-g", "daemon off;"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        // Ready when the https port takes a connection; an nginx that stopped is a failure, with its log.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_nginx.HasExited)
                Assert.Fail("nginx 未能启动:" + await _nginx.StandardError.ReadToEndAsync() + ReadLog());
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, https);
                break;
            }
            catch (SocketException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(100);
            }
        }
        BaseUrl = $"https://localhost:{https}";
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>The ```nginx block of docs/production.md.</summary>
    static string NginxBlock()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.slnx"))) dir = dir.Parent;
        var doc = File.ReadAllText(Path.Combine(dir!.FullName, "docs", "production.md"));
        var block = Regex.Match(doc, "```nginx\n(.*?)```", RegexOptions.Singleline);
        Assert.True(block.Success, "docs/production.md has no ```nginx block");
        return block.Groups[1].Value;
    }

    static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {err.Result}");
    }

    string ReadLog() => File.Exists(Path.Combine(_dir, "error.log")) ? File.ReadAllText(Path.Combine(_dir, "error.log")) : "";

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_nginx is { HasExited: false })
        {
            _nginx.Kill(entireProcessTree: true);
            await _nginx.WaitForExitAsync();
        }
        await App.DisposeAsync();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public class HttpsProxyTests(HttpsProxyFixture fx) : IClassFixture<HttpsProxyFixture>
{
    async Task<IBrowserContext> ContextAsync(Dictionary<string, string>? headers = null)
    {
        if (fx.NotRunnable is { } reason) Assert.Skip(reason);
        return await fx.Browser.NewContextAsync(new()
        {
            IgnoreHTTPSErrors = true, // the test's own self-signed certificate
            ViewportSize = new() { Width = 1366, Height = 900 },
            Locale = "zh-CN",
            ExtraHTTPHeaders = headers,
        });
    }

    /// <summary>Signs in on the sign-in page shown and waits for the page it leads to.</summary>
    static async Task SignInAsync(IPage page, string landing)
    {
        await page.GetByLabel("用户名").FillAsync("admin");
        await page.GetByLabel("密码").FillAsync(RectifyApp.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(landing);
    }

    [Fact]
    public async Task Signing_in_through_nginx_stays_on_https_with_secure_cookies_and_records_the_browsers_address()
    {
        var context = await ContextAsync();
        var page = await context.NewPageAsync();

        // Not signed in: the app's redirect to its sign-in page stays on https and on nginx's port.
        var first = await page.GotoAsync(fx.BaseUrl + "/overview");
        Assert.StartsWith(fx.BaseUrl + "/account/login", page.Url, StringComparison.Ordinal);
        Assert.Equal("max-age=31536000", await first!.HeaderValueAsync("strict-transport-security"));
        // Back to the page asked for, on https.
        await SignInAsync(page, fx.BaseUrl + "/overview");
        Assert.StartsWith("https://", page.Url, StringComparison.Ordinal);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "https-proxy-signed-in.png") });

        var cookies = await context.CookiesAsync();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c =>
        {
            Assert.True(c.Secure, $"cookie {c.Name} is not Secure");
            Assert.StartsWith("__Host-", c.Name, StringComparison.Ordinal);
        });

        // The sign-in record holds the browser's address (X-Forwarded-For from the trusted proxy), not nginx's.
        using (var scope = fx.App.Services.CreateScope())
        {
            var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin");
            Assert.Equal("127.0.0.1", admin!.LastSignInAddress);
        }

        // Signing out and in again: the page's warning names where the previous sign-in came from.
        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(fx.BaseUrl + "/account/login", StringComparison.Ordinal));
        await SignInAsync(page, fx.BaseUrl + "/");
        await Assertions.Expect(page.Locator(".signin-warning")).ToContainTextAsync("地址 127.0.0.1");
        Assert.DoesNotContain(HttpsProxyFixture.ProxyAddress, await page.Locator(".signin-warning").InnerTextAsync());
        await context.CloseAsync();
    }

    [Fact]
    public async Task An_address_the_browser_forwards_itself_is_not_believed()
    {
        var context = await ContextAsync(new() { ["X-Forwarded-For"] = "203.0.113.9" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/account/login");
        await SignInAsync(page, fx.BaseUrl + "/");
        using var scope = fx.App.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin");
        // nginx appends the address it saw; the app takes that last hop only.
        Assert.Equal("127.0.0.1", admin!.LastSignInAddress);
        await context.CloseAsync();
    }
}
