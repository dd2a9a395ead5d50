using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>公文格式设置: the office sets a town's GB/T 9704 elements on one screen, and the notice's Word file carries them.</summary>
public class DocumentSettingsPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_office_sets_a_towns_document_elements_on_one_screen()
    {
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "公文格式设置" }).ClickAsync();
        await page.Locator("tr[data-org='城北镇']").GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
        await page.GetByLabel("发文机关标志(红头,可空)").FillAsync("中共梅州市梅江区城北镇委员会文件");
        await page.GetByLabel("机关代字(发文字号用)").FillAsync("城北党");
        await page.GetByLabel("主送机关(向上报告)").FillAsync("区委巡察工作领导小组");
        await page.GetByLabel("抄送机关").FillAsync("区纪委监委，区委组织部");
        await page.GetByLabel("印发机关").FillAsync("城北镇党政办公室");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存“城北镇”的公文格式设置");
        await Assertions.Expect(page.Locator("tr[data-org='城北镇']")).ToContainTextAsync("城北党");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-desk.png"), FullPage = true });

        // A 密级 outside the standard's three is refused with the reason, and what was typed stays.
        await page.GetByLabel("密级(可空)").FillAsync("内部");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("密级应为秘密、机密或绝密");
        await Assertions.Expect(page.GetByLabel("机关代字(发文字号用)")).ToHaveValueAsync("城北党");

        // The round's 主送机关, on the same screen.
        await page.GetByLabel("九届区委第二轮巡察").FillAsync("区委巡察工作领导小组");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存主送机关" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存各轮次的主送机关");
        await Assertions.Expect(page.GetByLabel("九届区委第二轮巡察")).ToHaveValueAsync("区委巡察工作领导小组");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-phone.png"), FullPage = true });
    }
}
