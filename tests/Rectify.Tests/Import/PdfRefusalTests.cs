using System.Text;
using Rectify.Core.Import;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rectify.Tests.Import;

/// <summary>Bad PDFs and pictures: one Chinese line saying why, nothing parsed.</summary>
public class PdfRefusalTests
{
    static string Refusal(byte[] content, string name) =>
        Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(content, name)).Message;

    internal static byte[] Pages(int count)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        for (var n = 0; n < count; n++) builder.AddPage(PageSize.A4).AddText($"page {n + 1}", 12, new PdfPoint(60, 700), font);
        return builder.Build();
    }

    internal static byte[] English()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        var page = builder.AddPage(PageSize.A4);
        string[] lines = ["Notice on the rectification after the county inspection", "The second inspection group of the county committee inspected the bureau from 1 March to 28 April 2023.",
            "1. Study of the theory was not deep enough.", "Status: completed.", "2. Reception rules were not followed.", "Status: in progress."];
        for (var i = 0; i < lines.Length; i++) page.AddText(lines[i], 11, new PdfPoint(60, 760 - 20 * i), font);
        return builder.Build();
    }

    internal static byte[] Encrypted() => OfficeTools.ToPdf(File.ReadAllBytes(Samples.Path("short-notice-2023-09-15.docx")),
        """{"EncryptFile":{"type":"boolean","value":"true"},"DocumentOpenPassword":{"type":"string","value":"secret"}}""");

    internal static byte[] Broken() => [.. "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R"u8, .. Enumerable.Range(0, 500).Select(i => (byte)(i * 37))];

    /// <summary>A blank page as a scanner gives it.</summary>
    internal static byte[] BlankPng()
    {
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A5);
        return Assert.Single(OfficeTools.ToPng(builder.Build()));
    }

    [Fact]
    public void An_encrypted_pdf_is_refused_as_such()
    {
        var message = Refusal(Encrypted(), "通报.pdf");
        Assert.Equal("“通报.pdf”已加密（设有打开密码），请去除密码后再导入", message);
    }

    [Fact]
    public void A_broken_pdf_is_refused_as_damaged()
    {
        Assert.Equal("“通报.pdf”看似 PDF 文件但无法读取（文件可能已损坏）", Refusal(Broken(), "通报.pdf"));
        var cut = OfficeTools.ToPdf(File.ReadAllBytes(Samples.Path("short-notice-2023-09-15.docx")))[..400];
        Assert.Contains("通报.pdf", Refusal(cut, "通报.pdf"));
    }

    [Fact]
    public void A_pdf_past_the_page_limit_is_refused_before_its_pages_are_read()
    {
        Assert.Equal($"“书.pdf”共 {PdfText.MaxPages + 1} 页，超过 {PdfText.MaxPages} 页的上限，不像是一份整改通报", Refusal(Pages(PdfText.MaxPages + 1), "书.pdf"));
    }

    [Fact]
    public void A_picture_with_no_text_is_refused()
    {
        Assert.Equal("“空白.png”中没有识别出文字", Refusal(BlankPng(), "空白.png"));
    }

    [Fact]
    public void A_notice_in_another_language_is_refused_in_one_line()
    {
        var message = Refusal(English(), "notice.pdf");
        Assert.Equal("文件的文字不是中文，不像是巡察整改情况通报", message);
        Assert.Equal(message, Refusal(Encoding.UTF8.GetBytes(string.Join("\n", "Bericht über die Umsetzung der Inspektion", "1. Das Studium war nicht gründlich genug. Status: erledigt.")), "x.txt"));
    }

    [Fact]
    public void Every_refusal_is_one_line_of_chinese_with_full_width_punctuation()
    {
        foreach (var message in new[] { Refusal(Broken(), "a.pdf"), Refusal(Pages(PdfText.MaxPages + 1), "a.pdf"), OcrText.InstallMessage })
        {
            Assert.DoesNotContain('\n', message);
            Assert.DoesNotMatch(@"[,:;()]", message);
        }
    }
}
