using Rectify.Core.Import;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Rectify.Tests.Import;

/// <summary>
/// Scans through the real tesseract (chi_sim): a notice's pages as pictures, and as a PDF without a
/// text layer, give the header and the problems of the notice they show. OCR of a page takes five seconds on an
/// idle machine, half a minute on a busy one: a short notice of one page, and once the four pages of 城北镇's.
/// </summary>
public class OcrImportTests
{
    static readonly Lazy<byte[]> NoticePdf = new(() => OfficeTools.ToPdf(File.ReadAllBytes(Samples.Path("short-notice-2023-09-15.docx"))));

    static void AssertSameHeaderAndProblems(Rectify.Core.Interchange.LedgerDocument scanned)
    {
        var original = NoticeImporter.Import(File.ReadAllBytes(Samples.Path("short-notice-2023-09-15.docx")));
        Assert.Equal(3, original.Counts.Problems);
        Assert.Equal(original.Issuer, scanned.Issuer);
        Assert.Equal(original.Title, scanned.Title);
        Assert.Equal(original.Date, scanned.Date);
        Assert.Equal(original.Counts.Problems, scanned.Counts.Problems);
        var ocr = Assert.Single(scanned.Findings, f => f.Code == "ocr");
        Assert.Matches(@"平均置信度 \d+(\.\d)?%", ocr.Message);
    }

    [Fact]
    public void A_page_photographed_as_png_reads_as_the_notice()
    {
        var png = Assert.Single(OfficeTools.ToPng(NoticePdf.Value));
        var read = NoticeImporter.Read(png, "scan.png");
        Assert.Equal(NoticeFormat.Scan, read.Format);
        Assert.Equal("image/png", Assert.Single(read.Ocr!.Pages).MediaType);
        Assert.InRange(read.Ocr.MeanConfidence, 60, 100);
        AssertSameHeaderAndProblems(NoticeImporter.Parse(read));
    }

    [Fact]
    public void A_page_photographed_as_jpg_reads_as_the_notice()
    {
        var jpg = Assert.Single(OfficeTools.ToJpeg(NoticePdf.Value));
        var read = NoticeImporter.Read(jpg, "scan.jpg");
        Assert.Equal(NoticeFormat.Scan, read.Format);
        Assert.Equal("image/jpeg", Assert.Single(read.Ocr!.Pages).MediaType);
        AssertSameHeaderAndProblems(NoticeImporter.Parse(read));
    }

    [Fact]
    public void A_pdf_without_a_text_layer_is_rendered_and_read_by_ocr()
    {
        var png = Assert.Single(OfficeTools.ToPng(NoticePdf.Value));
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4).AddPng(png, new PdfRectangle(0, 0, 595, 842));
        var read = NoticeImporter.Read(builder.Build(), "scan.pdf");
        Assert.Equal(NoticeFormat.Scan, read.Format);
        AssertSameHeaderAndProblems(NoticeImporter.Parse(read));
    }

    [Fact]
    public void A_scan_of_a_longer_notice_gives_the_problems_of_its_text()
    {
        // 城北镇's whole notice, four pages as LibreOffice lays it out, scanned into a PDF without a text layer.
        var pages = OfficeTools.ToPng(OfficeTools.ToPdf(File.ReadAllBytes(Samples.Path("chengbei-2023-09-08.docx"))));
        Assert.True(pages.Count > 1, "the notice should take more than one page");
        var builder = new PdfDocumentBuilder();
        foreach (var png in pages) builder.AddPage(PageSize.A4).AddPng(png, new PdfRectangle(0, 0, 595, 842));
        var scanned = NoticeImporter.Parse(NoticeImporter.Read(builder.Build(), "scan.pdf"));
        var text = Samples.Chengbei;
        Assert.Equal(text.Categories.Select(c => c.Problems.Count), scanned.Categories.Select(c => c.Problems.Count));
        Assert.Equal(text.AllProblems.Select(p => (p.Ordinal, p.Status, p.ExpectedCompletion, p.Measures.Count)),
            scanned.AllProblems.Select(p => (p.Ordinal, p.Status, p.ExpectedCompletion, p.Measures.Count)));
        // OCR misreads a character here and there ("撂荒" as "揭匾"): each title is the same problem, most of its characters in order.
        foreach (var (t, o) in text.AllProblems.Zip(scanned.AllProblems))
            Assert.True(CommonInOrder(t.Title, o.Title) >= 0.8 * t.Title.Length, $"“{o.Title}” is not “{t.Title}”");
        Assert.Equal((text.Issuer, text.Date), (scanned.Issuer, scanned.Date));
        // The header read from the scan: what the ledger is filed under.
        Assert.Equal(text.Title, scanned.Title);
        Assert.NotNull(text.Inspection.Round);
        Assert.Equal((text.Inspection.Round, text.Inspection.Group, text.Inspection.FeedbackDate),
            (scanned.Inspection.Round, scanned.Inspection.Group, scanned.Inspection.FeedbackDate));
    }

    /// <summary>How many characters two texts have in common in the same order (their longest common subsequence).</summary>
    static int CommonInOrder(string a, string b)
    {
        var row = new int[b.Length + 1];
        foreach (var ca in a)
        {
            var diagonal = 0;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = ca == b[j - 1] ? diagonal + 1 : Math.Max(row[j], row[j - 1]);
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
