using System.Net;
using Rectify.Tests.Problems;
using Rectify.Tests.Web;

namespace Rectify.Tests.Import;

/// <summary>The import page on a scan: the page image beside the text OCR read from it, and the ocr finding.</summary>
public sealed class ScanImportWebTests : IAsyncLifetime
{
    readonly RectifyApp app = new();
    public async ValueTask InitializeAsync() => await ProblemKit.CreateUsersAsync(app);
    public ValueTask DisposeAsync() => app.DisposeAsync();

    [Fact]
    public async Task A_scanned_page_is_previewed_beside_its_text_with_the_ocr_confidence()
    {
        var png = Assert.Single(OfficeTools.ToPng(OfficeTools.ToPdf(File.ReadAllBytes(Samples.Path("short-notice-2023-09-15.docx")))));
        var client = await app.As("editor");
        // OCR of this page takes seconds (half a minute on a busy machine): within the client's 100 seconds.
        var page = await client.GetStringAsync("/inspections/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(png), "Upload", "扫描件.png" },
        };
        var r = await client.PostAsync("/inspections/import?handler=Preview", form);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("class=\"source with-scan\"", html);
        Assert.Contains("<img src=\"data:image/png;base64,", html);
        Assert.Contains("alt=\"扫描原件第 1 页\"", html);
        Assert.Contains("data-code=\"ocr\"", html);
        Assert.Contains("<b>3</b> 个问题", html);
    }
}
