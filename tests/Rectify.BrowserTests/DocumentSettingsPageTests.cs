using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Core.Domain;

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
        await page.GetByLabel("发文机关标志（红头，可空）").FillAsync("中共梅州市梅江区城北镇委员会文件");
        await page.GetByLabel("机关代字（发文字号用）").FillAsync("城北党");
        await page.GetByLabel("主送机关（向上报告）").FillAsync("区委巡察工作领导小组");
        await page.GetByLabel("抄送机关").FillAsync("区纪委监委，区委组织部");
        await page.GetByLabel("印发机关").FillAsync("城北镇党政办公室");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存“城北镇”的公文格式设置");
        await Assertions.Expect(page.Locator("tr[data-org='城北镇']")).ToContainTextAsync("城北党");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-desk.png"), FullPage = true });

        // A 密级 outside the standard's three is refused with the reason, and what was typed stays.
        await page.GetByLabel("密级（可空）").FillAsync("内部");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("密级应为秘密、机密或绝密");
        await Assertions.Expect(page.GetByLabel("机关代字（发文字号用）")).ToHaveValueAsync("城北党");

        // The round's 主送机关, on the same screen.
        await page.GetByLabel("九届区委第二轮巡察").FillAsync("区委巡察工作领导小组");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存主送机关" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存各轮次的主送机关");
        await Assertions.Expect(page.GetByLabel("九届区委第二轮巡察")).ToHaveValueAsync("区委巡察工作领导小组");

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-phone.png"), FullPage = true });
    }

    [Fact]
    public async Task The_round_summary_is_issued_from_the_overview_with_its_number_once_the_office_has_set_its_elements()
    {
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/overview?round=1");
        var serial = page.GetByLabel("印发本轮整改情况汇总：发文顺序号");
        await serial.FillAsync("3");
        await page.GetByRole(AriaRole.Button, new() { Name = "印发（Word）" }).ClickAsync();
        // Nothing set for the office yet: a page in Chinese naming each missing element, no file (the 主送机关
        // too, unless another test of this class gave the round one).
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("整改情况汇总还有未填写的要素，不能印发：发文字号（梅江区的机关代字未设置）；签发人（单位主要负责人）");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "summary-refused-desk.png"), FullPage = true });

        // The office sets its elements on the one settings screen.
        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.Locator("tr[data-org='梅江区']").GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
        await page.GetByLabel("机关代字（发文字号用）").FillAsync("梅江巡办");
        await page.GetByLabel("主送机关（向上报告）").FillAsync("区委巡察工作领导小组");
        await page.GetByLabel("签发人", new() { Exact = false }).First.FillAsync("陈主任");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存“梅江区”的公文格式设置");

        await page.GotoAsync(fx.BaseUrl + "/overview?round=1");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "summary-issue-desk.png") });
        await page.GetByLabel("印发本轮整改情况汇总：发文顺序号").FillAsync("3");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "印发（Word）" }).ClickAsync());
        Assert.Equal("九届区委第二轮巡察整改情况汇总.docx", download.SuggestedFilename);
        var text = DocxText(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.Matches(@"梅江巡办〔\d{4}〕3号", text);
        Assert.Contains("签发人：陈主任", text);
        Assert.Contains("区委巡察工作领导小组：", text);

        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(fx.BaseUrl + "/overview?round=1");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "summary-issue-phone.png") });
    }

    /// <summary>The text of a .docx as its paragraphs, one a line.</summary>
    static string DocxText(byte[] docx)
    {
        using var word = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", word.MainDocumentPart!.Document!.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(p => p.InnerText));
    }

    [Fact]
    public async Task The_office_marks_the_commission_on_the_same_screen_and_orders_go_out_in_its_name()
    {
        int orderId;
        await using (var db = fx.App.CreateDb())
        {
            // The demo brings 区纪委监委 marked as the commission: take the mark off, as on a server where the office has not marked one yet.
            db.Settings.RemoveRange(db.Settings.Where(s => s.Key == Rectify.Features.Documents.DocumentFrames.CommissionKey));
            var order = db.SupervisionActions.Add(new SupervisionAction
            {
                Kind = SupervisionKind.OrderToRectify, Date = new DateOnly(2023, 10, 9), ActedBy = "区纪委监督员", InspectionId = 1, TargetOrganizationId = 2,
                Deadline = new DateOnly(2023, 11, 30), Findings = "对巡察反馈问题整改推进缓慢", State = SupervisionState.Open,
            }).Entity;
            await db.SaveChangesAsync();
            orderId = order.Id;
        }
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        var orderUrl = fx.BaseUrl + $"/api/supervision/records/{orderId}/order.docx";
        // No commission marked yet: the order is refused, naming the screen where one is marked.
        var refused = await page.APIRequest.GetAsync(orderUrl);
        Assert.Equal(422, refused.Status);
        Assert.Contains("尚未指定纪委监委", System.Text.Json.JsonDocument.Parse(await refused.TextAsync()).RootElement.GetProperty("detail").GetString());

        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.Locator("tr[data-org='区纪委监委']").GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
        await page.GetByLabel("本单位是纪委监委").CheckAsync();
        await page.GetByLabel("发文机关标志（红头，可空）").FillAsync("中共梅州市梅江区纪律检查委员会文件");
        await page.GetByLabel("机关代字（发文字号用）").FillAsync("梅江纪");
        await page.GetByLabel("印发机关").FillAsync("区纪委办公室");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存“区纪委监委”的公文格式设置");
        await Assertions.Expect(page.Locator("tr[data-org='区纪委监委'] .tag")).ToHaveTextAsync("纪委监委");
        await Assertions.Expect(page.GetByLabel("本单位是纪委监委")).ToBeCheckedAsync();
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-commission-desk.png"), FullPage = true });

        var docx = await page.APIRequest.GetAsync(orderUrl);
        Assert.Equal(200, docx.Status);
        var text = DocxText(await docx.BodyAsync());
        Assert.Contains("中共梅州市梅江区纪律检查委员会文件", text);
        Assert.Contains("梅江纪〔2023〕", text);
        Assert.Contains("书面报告中共梅州市梅江区纪律检查委员会。", text);

        // Another organisation's screen does not show the mark; taking it off refuses the order again.
        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.Locator("tr[data-org='城北镇']").GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
        await Assertions.Expect(page.GetByLabel("本单位是纪委监委")).Not.ToBeCheckedAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GotoAsync(fx.BaseUrl + "/admin/documents");
        await page.Locator("tr[data-org='区纪委监委']").GetByRole(AriaRole.Link, new() { Name = "设置" }).ClickAsync();
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "document-settings-commission-phone.png"), FullPage = true });
        await page.GetByLabel("本单位是纪委监委").UncheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "保存", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已保存“区纪委监委”的公文格式设置");
        Assert.Equal(422, (await page.APIRequest.GetAsync(orderUrl)).Status);
    }
}
