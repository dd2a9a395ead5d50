
namespace Rectify.BrowserTests;

/// <summary>A scanned notice on the import page: the page image beside the text OCR read from it, desk and phone.</summary>
public class ScanImportPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_scan_is_previewed_with_its_page_image_beside_the_text()
    {
        var png = ScanOfTheShortNotice();
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/import");
        await page.Locator("input[type=file]").SetInputFilesAsync(png);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "解析预览" }).ClickAsync();
        // OCR of the page takes seconds, half a minute on a busy machine.
        await page.Locator(".findings").WaitForAsync(new() { Timeout = 180_000 });
        Assert.Equal(3, await page.Locator("fieldset.problem").CountAsync());
        Assert.Contains("平均置信度", await page.Locator("li.finding[data-code=ocr]").InnerTextAsync());
        var image = page.Locator(".scan-pages img");
        Assert.True(await image.IsVisibleAsync());
        // Beside the text on a desk: the image's column starts left of the text's.
        var (imageBox, textBox) = (await image.BoundingBoxAsync(), await page.Locator(".source-lines").BoundingBoxAsync());
        Assert.True(imageBox!.X + imageBox.Width <= textBox!.X + 1);
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-scan.png") });
        await page.SetViewportSizeAsync(390, 844);
        await image.ScrollIntoViewIfNeededAsync();
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "import-scan-phone.png") });
    }

    /// <summary>The short notice exported to PDF by LibreOffice and its page rendered as a scanner would (300 dpi).</summary>
    static string ScanOfTheShortNotice()
    {
        var dir = Directory.CreateTempSubdirectory("rectify-scan-").FullName;
        var docx = Path.Combine(dir, "notice.docx");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "short-notice-2023-09-15.docx"), docx);
        Run("soffice", $"-env:UserInstallation=file://{dir}/profile", "--headless", "--convert-to", "pdf", "--outdir", dir, docx);
        Run("pdftoppm", "-r", "300", "-png", "-singlefile", Path.Combine(dir, "notice.pdf"), Path.Combine(dir, "扫描件"));
        return Path.Combine(dir, "扫描件.png");
    }

    static void Run(string tool, params string[] args)
    {
        var r = Rectify.Core.ExternalTool.Run(tool, args, TimeSpan.FromMinutes(5));
        Assert.True(r.ExitCode == 0, $"{tool}: {r.Error}{r.Output}");
    }
}
