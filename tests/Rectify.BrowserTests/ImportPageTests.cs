using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Rectify.BrowserTests;

public class ImportPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_notice_is_uploaded_checked_corrected_and_confirmed_into_a_new_ledger()
    {
        var page = await fx.SignedInPageAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "导入公告" }).ClickAsync();
        await page.WaitForURLAsync("**/inspections/import");
        await page.Locator("input[type=file]").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt"));
        await page.GetByRole(AriaRole.Button, new() { Name = "解析预览" }).ClickAsync();

        // The parsed ledger beside its source, with the summary that contradicts the body flagged and its line marked.
        await page.Locator(".findings").WaitForAsync();
        Assert.Equal(14, await page.Locator("fieldset.problem").CountAsync());
        Assert.Contains("正文为", await page.Locator("li.finding[data-code=summary-mismatch]").First.InnerTextAsync());
        Assert.True(await page.Locator(".source-lines li.marked").CountAsync() > 0);
        Assert.True(await page.Locator(".source-lines").IsVisibleAsync());
        // The demo is this very notice: the preview says so, and names no code to the reader.
        Assert.Contains("发布单位、日期和巡察轮次相同", await page.Locator("#import-duplicate").InnerTextAsync());
        Assert.DoesNotContain("summary-mismatch", await page.Locator(".findings").InnerTextAsync());
        await page.SetViewportSizeAsync(1366, 900);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-preview.png") });
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-preview-full.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-preview-phone.png") });
        await page.SetViewportSizeAsync(1366, 900);

        // Problem 3 is phased in the notice; the office corrects it to completed before confirming.
        var status = page.GetByLabel("问题 3 整改状态");
        Assert.Equal("phased", await status.InputValueAsync());
        await status.SelectOptionAsync("completed");
        await page.Locator("fieldset.problem[data-ordinal='3']").EvaluateAsync("e => e.scrollIntoView()");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-problems.png") });
        await page.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^确认导入") }).ClickAsync();

        await page.WaitForURLAsync(new Regex(@"/inspections/\d+$"));
        Assert.NotEqual(fx.BaseUrl + "/inspections/1", page.Url);
        Assert.Equal(14, await page.Locator("tr.problem").CountAsync());
        Assert.Equal(2, await page.Locator("tr.problem[data-status=phased]").CountAsync());
        // 已完成 and 长期坚持 are two chips (docs/lights-and-buckets.md): together the notice's 12 completed.
        var done = await page.Locator(".counts li.done b").AllInnerTextsAsync();
        Assert.Equal(12, done.Sum(int.Parse));
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-confirmed.png") });
    }
}
