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
        await DailyWorld.ChartsDrawnAsync(page);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-dashboard.png"), FullPage = true });

        await page.GetByRole(AriaRole.Link, new() { Name = "逾期（红灯）" }).ClickAsync();
        await page.WaitForURLAsync("**/overview/problems?light=red");
        Assert.Equal("3", await page.Locator("#total").InnerTextAsync());
        Assert.Equal(3, await page.Locator("tr.problem").CountAsync());
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-drilldown.png") });
    }
}

public class OverviewDistrictTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_district_dashboard_pages_its_units_and_a_trend_point_drills_down()
    {
        await Rectify.Features.Overview.DistrictGenerator.GenerateAsync(
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Rectify.Data.Storage>(fx.App.Services),
            Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Rectify.Core.OfficeClock>(fx.App.Services), 80, 2400, seed: 11);
        var page = await fx.SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(fx.BaseUrl + "/overview");
        await page.Locator("#chart-trend svg").WaitForAsync();
        Assert.Equal(4, await page.Locator(".chart svg").CountAsync());
        // The units as a tree: 梅江区 and the generated district at the top, their units below (80, 城北镇, the two districts).
        Assert.Equal(83, await page.Locator("#org-tree li[data-org]").CountAsync());
        Assert.Contains("83 个单位", await page.Locator("#unit-count").InnerTextAsync());
        Assert.Empty(errors);
        await DailyWorld.ChartsDrawnAsync(page);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-district.png") });
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-district-full.png"), FullPage = true });

        // A search lists the matching units flat, 50 a page.
        await page.GetByLabel("查找单位").FillAsync("示范");
        await page.GetByRole(AriaRole.Button, new() { Name = "查找" }).ClickAsync();
        await page.WaitForURLAsync("**/overview?unit=*");
        Assert.Equal(50, await page.Locator("#org-table tbody tr").CountAsync());
        Assert.Contains("81 个单位", await page.Locator("#unit-count").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "下一页" }).ClickAsync();
        await page.WaitForURLAsync("**units=2#units");
        Assert.Equal(31, await page.Locator("#org-table tbody tr").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "显示全部 81 个单位" }).ClickAsync();
        await page.WaitForURLAsync("**units=all#units");
        Assert.Equal(81, await page.Locator("#org-table tbody tr").CountAsync());

        // Click the last point of the completion trend (this month): the list holds today's completed problems.
        await page.GotoAsync(fx.BaseUrl + "/overview");
        await page.Locator("#chart-trend svg").WaitForAsync();
        await page.Locator("#chart-trend").ScrollIntoViewIfNeededAsync();
        // The point is where it ends up once the entry animation is over.
        await DailyWorld.ChartsDrawnAsync(page);
        var data = System.Text.Json.JsonDocument.Parse(await page.Locator("#overview-data").TextContentAsync() ?? "{}").RootElement;
        var last = data.GetProperty("trend").EnumerateArray().Last();
        var point = await page.EvaluateAsync<double[]>(
            "([i, v]) => { const el = document.getElementById('chart-trend'); const r = el.getBoundingClientRect(); const p = echarts.getInstanceByDom(el).convertToPixel({ seriesIndex: 0 }, [i, v]); return [r.x + p[0], r.y + p[1]]; }",
            new object[] { 11, last.GetProperty("completed").GetInt32() });
        await page.Mouse.ClickAsync((float)point[0], (float)point[1]);
        await page.WaitForURLAsync("**/overview/problems?completedBy=" + last.GetProperty("month").GetString());
        Assert.Equal(last.GetProperty("completed").GetInt32().ToString(), await page.Locator("#total").InnerTextAsync());
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-trend-drilldown.png") });
    }
}

public class OverviewAsOfTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_overview_as_of_the_notices_date_shows_its_problems_and_its_lists_keep_the_date()
    {
        var page = await fx.SignedInPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") errors.Add(m.Text); };
        await page.GotoAsync(fx.BaseUrl + "/overview");
        await page.Locator("input[name=asOf]").FillAsync("2023-09-08");
        await page.GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await page.WaitForURLAsync("**/overview?round=&asOf=2023-09-08");
        await page.Locator("#chart-status svg").WaitForAsync();
        Assert.Contains("截至2023年9月8日", await page.Locator("h1").InnerTextAsync());
        Assert.Contains("14 个问题", await page.Locator("ul.counts").InnerTextAsync());
        Assert.Empty(errors);
        await DailyWorld.ChartsDrawnAsync(page);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-as-of.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-as-of-phone.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);

        // The chip 已完成 (its bucket alone) and the list behind it: as many problems as it says.
        var chip = page.Locator("ul.counts li[data-bucket=completed] a");
        var completed = await chip.Locator("b").InnerTextAsync();
        await chip.ClickAsync();
        await page.WaitForURLAsync("**/overview/problems?asOf=2023-09-08&bucket=completed");
        Assert.Equal(completed, await page.Locator("#total").InnerTextAsync());
        Assert.Contains("截至2023年9月8日", await page.Locator("h1").InnerTextAsync());
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "overview-as-of-drilldown.png") });
        // Back to the overview of the same day.
        await page.Locator("p.crumbs a").ClickAsync();
        await page.WaitForURLAsync("**/overview?asOf=2023-09-08");
    }
}
