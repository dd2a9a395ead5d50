using DocumentFormat.OpenXml.Packaging;
using QRCoder;
using Rectify.Core.Notices;
using Rectify.Tests.Public;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notices;

/// <summary>码上监督: a published notice, on the web and in its .docx, carries a QR code of its public page.</summary>
public class QrCodeTests
{
    const string Site = "https://xc.example.gov.cn";

    [Fact]
    public void The_code_is_drawn_from_the_notice_public_page_address()
    {
        Assert.Equal("https://xc.example.gov.cn/public/notices/7", QrCode.NoticeUrl(Site + "/", 7));
        var url = QrCode.NoticeUrl(Site, 7);
        var png = QrCode.Png(url);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png.Take(4));
        // The payload QRCoder draws is exactly the page's address.
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
        Assert.Equal(new PngByteQRCode(data).GetGraphic(10), png);
        using var other = generator.CreateQrCode(QrCode.NoticeUrl(Site, 8), QRCodeGenerator.ECCLevel.M);
        Assert.NotEqual(new PngByteQRCode(other).GetGraphic(10), png);
    }

    [Fact]
    public void The_docx_of_a_published_notice_holds_the_code_and_says_what_it_opens()
    {
        var url = QrCode.NoticeUrl(Site, 7);
        var bytes = NoticeDocxWriter.ToBytes(DemoNotice.Composed() with { PublicUrl = url });
        File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, "notice-qr.docx"), bytes);
        using var d = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        var image = Assert.Single(d.MainDocumentPart!.ImageParts);
        using var s = new MemoryStream();
        image.GetStream().CopyTo(s);
        Assert.Equal(QrCode.Png(url), s.ToArray());
        var body = d.MainDocumentPart.Document!.Body!;
        Assert.Equal(url, body.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.DocProperties>().Single().Description!.Value);
        Assert.Contains(ComposedNotice.QrCaption, body.InnerText);

        // A draft has no public page yet: no code.
        using var draft = WordprocessingDocument.Open(new MemoryStream(NoticeDocxWriter.ToBytes(DemoNotice.Composed())), false);
        Assert.Empty(draft.MainDocumentPart!.ImageParts);
    }

    [Fact]
    public async Task The_public_page_and_the_downloaded_docx_carry_the_code_of_the_configured_address()
    {
        await using var app = new RectifyApp { Settings = { ["Rectify:Public:BaseUrl"] = Site } };
        var id = await PublicData.PublishDemoAsync(app);
        var url = QrCode.NoticeUrl(Site, id);

        var html = System.Net.WebUtility.HtmlDecode(await app.CreateClient().GetStringAsync($"/public/notices/{id}"));
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(QrCode.Png(url, pixelsPerModule: 4))}\"", html);
        Assert.Contains(ComposedNotice.QrCaption, html);

        var admin = await app.SignedInClientAsync();
        var docx = await admin.GetByteArrayAsync("/api/inspections/1/notice/docx");
        using var d = WordprocessingDocument.Open(new MemoryStream(docx), false);
        using var s = new MemoryStream();
        Assert.Single(d.MainDocumentPart!.ImageParts).GetStream().CopyTo(s);
        Assert.Equal(QrCode.Png(url), s.ToArray());
    }

    [Fact]
    public async Task The_pdf_of_a_published_notice_prints_the_code_of_its_public_page_above_its_caption()
    {
        await using var app = new RectifyApp { Settings = { ["Rectify:Public:BaseUrl"] = Site } };
        var id = await PublicData.PublishDemoAsync(app);
        var url = QrCode.NoticeUrl(Site, id);
        var admin = await app.SignedInClientAsync();
        var r = await admin.GetAsync("/api/inspections/1/notice/pdf");
        Assert.True(r.StatusCode == System.Net.HttpStatusCode.OK, await r.Content.ReadAsStringAsync());
        var pdf = await r.Content.ReadAsByteArrayAsync();

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        // One image in the whole notice, on the page that says what it opens.
        var page = Assert.Single(document.GetPages(), p => p.GetImages().Any());
        var image = Assert.Single(page.GetImages());
        var file = Path.Combine(Path.GetTempPath(), $"rectify-qr-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            var n = page.Number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var text = Rectify.Core.ExternalTool.Run("pdftotext", ["-f", n, "-l", n, file, "-"], TimeSpan.FromMinutes(1)).Output;
            Assert.Contains(ComposedNotice.QrCaption, System.Text.RegularExpressions.Regex.Replace(text, @"\s", ""));

            // The printed code, read module by module from the page as poppler renders it, is the code of the public page's address.
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(url, QrCode.Correction);
            var expected = data.ModuleMatrix;
            var printed = PrintedModules(file, n, page.Height, image.BoundingBox, expected.Count);
            var wrong = Enumerable.Range(0, expected.Count).Sum(y => Enumerable.Range(0, expected.Count).Count(x => printed[y, x] != expected[y][x]));
            Assert.Equal(0, wrong);
        }
        finally { File.Delete(file); }
    }

    /// <summary>Dark or light at the centre of each of <paramref name="modules"/>² modules inside <paramref name="bounds"/> (points, origin bottom left) of a page rendered in grey at 300 dpi.</summary>
    static bool[,] PrintedModules(string pdf, string page, double pageHeight, UglyToad.PdfPig.Core.PdfRectangle bounds, int modules)
    {
        const int dpi = 300;
        var dir = Directory.CreateTempSubdirectory("rectify-qr-").FullName;
        try
        {
            Rectify.Core.ExternalTool.Run("pdftoppm", ["-gray", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-f", page, "-l", page, pdf, Path.Combine(dir, "page")], TimeSpan.FromMinutes(1));
            var pgm = File.ReadAllBytes(Assert.Single(Directory.GetFiles(dir, "*.pgm")));
            // P5 <width> <height> 255, then one byte a pixel.
            var (fields, at) = (new List<int>(), 2);
            while (fields.Count < 3)
            {
                while (char.IsWhiteSpace((char)pgm[at])) at++;
                var start = at;
                while (!char.IsWhiteSpace((char)pgm[at])) at++;
                fields.Add(int.Parse(System.Text.Encoding.ASCII.GetString(pgm, start, at - start), System.Globalization.CultureInfo.InvariantCulture));
            }
            var (width, pixels) = (fields[0], at + 1);
            var scale = dpi / 72.0;
            var (left, top, side) = (bounds.Left * scale, (pageHeight - bounds.Top) * scale, bounds.Width * scale / modules);
            var result = new bool[modules, modules];
            for (var y = 0; y < modules; y++)
                for (var x = 0; x < modules; x++)
                    result[y, x] = pgm[pixels + (int)(top + (y + 0.5) * side) * width + (int)(left + (x + 0.5) * side)] < 128;
            return result;
        }
        finally { Directory.Delete(dir, true); }
    }
}
