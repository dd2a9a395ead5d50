using Microsoft.Playwright;

namespace Rectify.BrowserTests;

public class LedgerPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task After_signing_in_the_demo_ledger_shows_its_fourteen_problems()
    {
        var page = await fx.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "城北镇" }).ClickAsync();
        await page.WaitForURLAsync("**/inspections/1");
        var rows = page.Locator("tr.problem");
        Assert.Equal(14, await rows.CountAsync());
        Assert.Equal(3, await page.Locator("tr.problem[data-status=phased]").CountAsync());
        Assert.Contains("预计完成", await page.Locator("table.ledger thead").InnerTextAsync());
        Assert.Contains("2024年3月", await rows.Nth(13).InnerTextAsync());
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "ledger-demo.png"), FullPage = true });
    }

    [Fact]
    public async Task A_wrong_password_shows_the_reason_on_the_form()
    {
        var context = await fx.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/");
        await page.WaitForURLAsync("**/account/login**");
        await page.GetByLabel("用户名").FillAsync("admin");
        await page.GetByLabel("密码").FillAsync("not-the-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // The one answer to a wrong password, an unknown name and a locked account (issue 20).
        Assert.StartsWith("用户名或密码不正确", (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "login-error.png") });
    }
}
