using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

/// <summary>Refusals in a real browser (docs/refusals.md): Chinese pages in the site layout with a way back, never JSON.</summary>
public class RefusalPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string Password = "Browser-pass-2026";

    async Task UserAsync(string name, string role, string organisation)
    {
        using var scope = fx.App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var org = db.Organizations.FirstOrDefault(o => o.Name == organisation) ?? db.Organizations.Add(new Rectify.Core.Domain.Organization { Name = organisation }).Entity;
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name, OrganizationId = org.Id };
        Assert.True((await users.CreateAsync(user, Password)).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
    }

    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_link_out_of_the_scope_shows_the_chinese_404_page_and_leads_back()
    {
        await UserAsync("xiyang-browser", Roles.UnitEditor, "西阳镇");
        var page = await fx.SignedInPageAsync("xiyang-browser", Password);
        // A link to another unit's problem (as pasted into a message), followed from the home page.
        var response = await page.GotoAsync(fx.BaseUrl + "/problems/1", new() { Referer = fx.BaseUrl + "/" });
        Assert.Equal(404, response!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "未找到" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("不存在，或不在您的查看范围内");
        Assert.DoesNotContain("撂荒复耕", await page.ContentAsync()); // nothing of the unit's ledger
        await page.ShotAsync(new() { Path = Shot("refusal-404-desk.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("refusal-404-phone.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "返回上一页" }).ClickAsync();
        // Wait for the address and the home page's heading, not for the load event (once, at load 5, it never came
        // within 30 s though the page was there).
        await page.WaitForURLAsync(fx.BaseUrl + "/", new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "巡察与台账" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_403_and_500_pages_are_chinese_in_the_site_layout()
    {
        await UserAsync("chengbei-browser-reader", Roles.Reader, "城北镇");
        var page = await fx.SignedInPageAsync("chengbei-browser-reader", Password);
        foreach (var (path, heading, name) in new[] { ("/admin/rounds", "没有权限", "403"), ("/error/500", "系统出错", "500") })
        {
            await page.SetViewportSizeAsync(1366, 900);
            var response = await page.GotoAsync(fx.BaseUrl + path);
            Assert.Equal(int.Parse(name, System.Globalization.CultureInfo.InvariantCulture), response!.Status);
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "返回首页" })).ToBeVisibleAsync();
            await Assertions.Expect(page.Locator("header.top")).ToBeVisibleAsync();
            await page.ShotAsync(new() { Path = Shot($"refusal-{name}-desk.png"), FullPage = true });
            await page.SetViewportSizeAsync(390, 844);
            await page.ShotAsync(new() { Path = Shot($"refusal-{name}-phone.png"), FullPage = true });
        }
    }
}
