using Microsoft.Playwright;

namespace Rectify.BrowserTests;

public class OverviewTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_dashboard_draws_its_charts_and_a_figure_drills_down_to_its_problems()
    {
        var page = await fx.SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(fx.BaseUrl + "/overview");
        // ECharts (served by the app) draws an SVG into each chart.
        await page.Locator("#chart-status svg").WaitForAsync();
        Assert.Equal(4, await page.Locator(".chart svg").CountAsync());
        Assert.Empty(errors);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-dashboard.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "逾期(红灯)" }).ClickAsync();
        await page.WaitForURLAsync("**/overview/problems?light=red");
        Assert.Equal("3", await page.Locator("#total").InnerTextAsync());
        Assert.Equal(3, await page.Locator("tr.problem").CountAsync());
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-drilldown.png") });
    }
}
