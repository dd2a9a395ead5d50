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
}
