using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Security;

namespace Rectify.BrowserTests;

/// <summary>Issue 20 in a real browser: a session kept across a demotion, and the second factor set up and used.</summary>
public class SecurityTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string Password = "Browser-pass-2026";

    async Task<AppUser> UserAsync(string name, string role)
    {
        using var scope = fx.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        return user;
    }

    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_browser_kept_open_by_a_demoted_administrator_is_sent_to_sign_in_and_creates_no_account()
    {
        var deputy = await UserAsync("fu-zhuren", Roles.SysAdmin);
        var page = await fx.SignedInPageAsync("fu-zhuren", Password);
        await page.GotoAsync(fx.BaseUrl + "/admin/users");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "新建用户" })).ToBeVisibleAsync();

        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(deputy.Id))!;
            await users.RemoveFromRoleAsync(u, Roles.SysAdmin);
            await users.AddToRoleAsync(u, Roles.Reader);
        }
        // The form is still on his screen: he fills it in and submits.
        var create = page.Locator("form[action*='handler=Create']");
        await create.Locator("input[name=UserName]").FillAsync("mole-browser");
        await create.Locator("select[name=Role]").SelectOptionAsync(Roles.Reader);
        await create.GetByRole(AriaRole.Button, new() { Name = "新建" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.ShotAsync(new() { Path = Shot("security-demoted-session.png") });
        using var check = fx.App.Services.CreateScope();
        Assert.Null(await check.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("mole-browser"));
    }

    [Fact]
    public async Task A_clerk_sets_up_the_authenticator_and_signs_in_with_its_code()
    {
        await UserAsync("wenyuan", Roles.Reader);
        var page = await fx.SignedInPageAsync("wenyuan", Password);
        await page.GotoAsync(fx.BaseUrl + "/account/two-factor");
        var key = (await page.Locator("code[data-key]").InnerTextAsync()).Trim();
        await Assertions.Expect(page.Locator("img[src^='data:image/png']")).ToBeVisibleAsync();
        await page.ShotAsync(new() { Path = Shot("two-factor-setup.png"), FullPage = true });
        await page.GetByLabel("验证码").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow));
        await page.GetByRole(AriaRole.Button, new() { Name = "启用双因素认证" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("双因素认证已启用");
        await Assertions.Expect(page.Locator("ul.recovery-codes li")).ToHaveCountAsync(10);

        await page.GetByRole(AriaRole.Button, new() { Name = "退出" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GetByLabel("用户名").FillAsync("wenyuan");
        await page.GetByLabel("密码").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login-code", StringComparison.Ordinal));
        await page.ShotAsync(new() { Path = Shot("two-factor-login.png") });
        // The next step's code: the one that enabled it is used up (each code once only).
        await page.GetByLabel("验证码").FillAsync(Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "验证并登录" }).ClickAsync();
        await page.WaitForURLAsync(fx.BaseUrl + "/");
        await Assertions.Expect(page.Locator(".signin-warning")).ToContainTextAsync("上次登录");
        await page.ShotAsync(new() { Path = Shot("signin-warning.png") });
    }

    [Fact]
    public async Task The_security_administrator_resets_a_lost_authenticator_from_the_security_page()
    {
        var clerk = await UserAsync("shoujidiu", Roles.Reader);
        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(clerk.Id))!;
            await users.ResetAuthenticatorKeyAsync(u);
            await users.SetTwoFactorEnabledAsync(u, true);
        }
        var page = await fx.SignedInPageAsync("secadmin", Rectify.Tests.Web.RectifyApp.SecAdminPassword);
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/admin/security");
        // The settings in force, second factor and password rule included.
        await Assertions.Expect(page.Locator("table.settings")).ToContainTextAsync("双因素认证");
        await Assertions.Expect(page.Locator("table.settings")).ToContainTextAsync("至少 12 位");
        await page.ShotAsync(new() { Path = Shot("security-page-desk.png"), FullPage = true });

        await page.Locator("tr[data-user='shoujidiu']").GetByRole(AriaRole.Button, new() { Name = "重置验证器" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已重置“shoujidiu”的验证器");
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("security-page-phone.png"), FullPage = true });
        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(clerk.Id))!;
            Assert.False(u.TwoFactorEnabled);
            Assert.Null(await users.GetAuthenticatorKeyAsync(u));
        }
    }
}
