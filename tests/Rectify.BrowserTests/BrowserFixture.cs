using Microsoft.Playwright;
using Rectify.Tests.Web;

namespace Rectify.BrowserTests;

/// <summary>
/// The app on a real Kestrel port with a fresh database, and Debian's Chromium driven by
/// Playwright (never a downloaded browser).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public RectifyApp App { get; } = new();
    public string BaseUrl { get; private set; } = "";
    IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotFolder
    {
        get
        {
            var dir = Path.Combine(FindRoot(), ".build", "screenshots");
            Directory.CreateDirectory(dir);
            return dir;
        }
    }

    public async ValueTask InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ClientOptions.BaseAddress.ToString().TrimEnd('/');
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A page of a new context, signed in through the form, at 1366×768.</summary>
    public Task<IPage> SignedInPageAsync(string user = "admin", string password = RectifyApp.AdminPassword) =>
        SignInAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, Locale = "zh-CN" }, user, password);

    /// <summary>A page of a phone: 390×844, touch, mobile (a town cadre's), signed in through the form.</summary>
    public Task<IPage> PhonePageAsync(string user = "admin", string password = RectifyApp.AdminPassword) =>
        SignInAsync(new() { ViewportSize = new() { Width = 390, Height = 844 }, HasTouch = true, IsMobile = true, Locale = "zh-CN" }, user, password);

    async Task<IPage> SignInAsync(BrowserNewContextOptions options, string user, string password)
    {
        var context = await Browser.NewContextAsync(options);
        var page = await context.NewPageAsync();
        await page.GotoAsync(BaseUrl + "/account/login");
        await page.GetByLabel("用户名").FillAsync(user);
        await page.GetByLabel("密码").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // Signed in when the home page shows the account's 退出 button. Not WaitForURLAsync: once the address matches it
        // waits for the page's "load" event in this process, and on a busy machine that event can arrive between its
        // check and its subscription and be missed (a 30 s timeout at sign-in, though the page had loaded). These
        // assertions poll the page's state; the limit is only a ceiling for a slow first sign-in (a cold app, PBKDF2).
        await Assertions.Expect(page).ToHaveURLAsync(BaseUrl + "/", new() { Timeout = 60_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "退出" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? Path.GetTempPath();
    }
}
