using Rectify.Core.Import;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Rectify.Tests.Import;

/// <summary>
/// Scans through the real tesseract (chi_sim): a notice's pages as pictures, and as a PDF without a
/// text layer, give the header and the problems of the notice they show. One page each: OCR of a page
/// takes half a minute on a busy machine.
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
    public void A_pdf_without_a_text_layer_is_rendered_and_read_by_ocr()
    {
        var png = Assert.Single(OfficeTools.ToPng(NoticePdf.Value));
        var builder = new PdfDocumentBuilder();
        builder.AddPage(PageSize.A4).AddPng(png, new PdfRectangle(0, 0, 595, 842));
        var read = NoticeImporter.Read(builder.Build(), "scan.pdf");
        Assert.Equal(NoticeFormat.Scan, read.Format);
        AssertSameHeaderAndProblems(NoticeImporter.Parse(read));
    }
}
