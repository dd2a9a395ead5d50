using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>The bucket chips of the ledger and the overview (docs/lights-and-buckets.md), on a desk and a phone.</summary>
public class LightsAndBucketsTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_ledger_and_the_overview_show_the_same_six_buckets_and_a_chip_lists_its_problems()
    {
        var page = await fx.SignedInPageAsync();
        foreach (var (name, url) in new[] { ("ledger", "/inspections/1"), ("overview", "/overview") })
        {
            await page.SetViewportSizeAsync(1366, 900);
            await page.GotoAsync(fx.BaseUrl + url);
            // The demo: 3 phased and 11 sustained; nothing else, and nothing not started counted as in progress.
            Assert.Equal("3", await page.Locator("li[data-bucket=phased] b").InnerTextAsync());
            Assert.Equal("11", await page.Locator("li[data-bucket=completed-sustained] b").InnerTextAsync());
            Assert.Equal("0", await page.Locator("li[data-bucket=in-progress] b").InnerTextAsync());
            Assert.Equal("0", await page.Locator("li[data-bucket=not-started] b").InnerTextAsync());
            await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"buckets-{name}-desk.png") });
            await page.SetViewportSizeAsync(390, 844);
            await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"buckets-{name}-phone.png"), FullPage = true });
        }

        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        await page.Locator("li[data-bucket=phased] a").ClickAsync();
        await page.WaitForURLAsync("**/inspections/1?status=phased");
        Assert.Equal(3, await page.Locator("tr.problem").CountAsync());
        Assert.Equal(3, await page.Locator("tr.problem[data-warning=red]").CountAsync());
    }
}
