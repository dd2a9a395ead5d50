using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>API tokens in the browser (issue 18 item 9): made on /account/tokens, the secret shown once, revoked there. Screenshots at desk and phone widths.</summary>
public class TokenPageBrowserTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_token_is_made_shown_once_and_revoked_on_the_page()
    {
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/account/tokens");
        await page.GetByLabel("名称").FillAsync("统计报表");
        await page.GetByLabel("权限").SelectOptionAsync("read");
        await page.GetByRole(AriaRole.Button, new() { Name = "新建令牌" }).ClickAsync();
        var secret = page.Locator("#token-secret");
        await Assertions.Expect(secret).ToContainTextAsync("rct_");
        await Assertions.Expect(page.Locator("tr[data-token] td[data-label=权限]").First).ToHaveTextAsync("只读");
        await page.ShotAsync(new() { Path = Shot("tokens-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("tokens-390.png"), FullPage = true });

        // Shown once: a reload has the token in the list, not its secret.
        await page.GotoAsync(fx.BaseUrl + "/account/tokens");
        await Assertions.Expect(page.Locator("#token-secret")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "吊销令牌 统计报表" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已吊销");
        await Assertions.Expect(page.Locator("tr[data-token] td[data-label=状态]").First).ToHaveTextAsync("已吊销");
    }
}
