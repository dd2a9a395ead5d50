using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;

namespace Rectify.Tests.Import;

/// <summary>
/// Text PDFs as offices publish them (exported from Word by LibreOffice) read into the same ledger as
/// the Word file they came from: lines rejoined into paragraphs, page numbers and running lines gone.
/// </summary>
public class PdfImportTests
{
    /// <summary>What a reader checks of a ledger, one line each, so a failure shows the first difference.</summary>
    internal static List<string> Ledger(LedgerDocument d)
    {
        var lines = new List<string> { $"{d.Title} | {d.Issuer} | {d.Date} | {d.Inspection.Round} | {d.Inspection.Group} | {d.Inspection.FeedbackDate}" };
        foreach (var c in d.Categories)
        {
            lines.Add($"方面 {c.Ordinal}:{c.Title}");
            foreach (var p in c.Problems)
                lines.Add($"  问题 {p.Ordinal}:{p.Title} | {p.Status} | {p.ExpectedCompletion} | 措施 {p.Measures.Count} 条");
        }
        return lines;
    }

    [Fact]
    public void The_chengbei_docx_exported_to_pdf_gives_the_same_ledger()
    {
        var docx = File.ReadAllBytes(Samples.Path("chengbei-2023-09-08.docx"));
        var fromDocx = NoticeImporter.Import(docx, "chengbei.docx");
        var pdf = OfficeTools.ToPdf(docx);
        var read = NoticeImporter.Read(pdf, "chengbei.pdf");
        Assert.Equal(NoticeFormat.Pdf, read.Format);
        var fromPdf = NoticeImporter.Parse(read);
        Assert.Equal(14, fromPdf.Counts.Problems);
        Assert.Equal(Ledger(fromDocx), Ledger(fromPdf));
        Assert.Equal(fromDocx.AllProblems.Select(p => p.Measures), fromPdf.AllProblems.Select(p => p.Measures));
        Assert.DoesNotContain(fromPdf.Findings, f => f.Code == "ocr");
    }

    [Fact]
    public void A_gb9704_notice_with_page_numbers_and_first_line_indents_reads_back_without_them()
    {
        var composed = NoticeComposer.Compose(NoticeInput.FromLedger(Rectify.Setup.DemoLedger(), shortName: "镇党委",
            contacts: new NoticeContacts { Phone = "0753-2351954" }));
        var docx = NoticeDocxWriter.ToBytes(composed);
        var fromDocx = NoticeImporter.Import(docx, "notice.docx");
        var text = NoticeImporter.ExtractText(OfficeTools.ToPdf(docx), "notice.pdf").Text;
        Assert.DoesNotMatch(@"—\s*\d+\s*—", text);
        var fromPdf = NoticeParser.Parse(text);
        Assert.Equal(Ledger(fromDocx), Ledger(fromPdf));
        Assert.Equal(fromDocx.AllProblems.Select(p => p.Measures), fromPdf.AllProblems.Select(p => p.Measures));
    }

    [Fact]
    public void Page_numbers_and_a_running_header_are_dropped_and_a_paragraph_split_by_a_page_is_one()
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        string[] footers = ["- 1 -", "Page 2 of 3", "3"];
        for (var n = 0; n < 3; n++)
        {
            var page = builder.AddPage(PageSize.A4);
            page.AddText("Example County Bulletin", 10, new PdfPoint(60, 800), font);
            page.AddText(footers[n], 10, new PdfPoint(280, 40), font);
            // Each page's last line runs to the margin: its paragraph goes on over the page.
            page.AddText($"Paragraph {n} starts here and runs on to the right margin of the page", 12, new PdfPoint(60, 700), font);
            page.AddText($"end of {n}.", 12, new PdfPoint(60, 680), font);
            page.AddText("continues on and on and on and on and on and on to the right margin", 12, new PdfPoint(60, 100), font);
        }
        var text = PdfText.Read(builder.Build(), "文件");
        Assert.NotNull(text);
        Assert.DoesNotContain("Bulletin", text);
        Assert.DoesNotContain("Page 2", text);
        Assert.Equal([
            "Paragraph 0 starts here and runs on to the right margin of the page end of 0.",
            "continues on and on and on and on and on and on to the right margin Paragraph 1 starts here and runs on to the right margin of the page end of 1.",
            "continues on and on and on and on and on and on to the right margin Paragraph 2 starts here and runs on to the right margin of the page end of 2.",
            "continues on and on and on and on and on and on to the right margin",
        ], text.Split('\n'));
    }

    // The forms Chinese documents number their pages in, at the top or the foot of a page: never part of the text.
    [Fact]
    public void Chinese_page_numbers_in_the_top_or_bottom_band_are_not_read_as_content()
    {
        var lines = new List<PageLine>
        {
            new(1, 842, 60, 530, 100, 16, "根据区委统一部署,区委第二巡察组对区水务局党组进行了巡察,并于3月10日向局党组反"),
            new(1, 842, 60, 300, 120, 16, "馈了巡察意见。"),
            new(1, 842, 250, 350, 800, 12, "第 1 页 共 3 页"),
            new(2, 842, 280, 320, 40, 12, "— 2 —"),
            new(2, 842, 60, 300, 100, 16, "一是制定学习计划。"),
            new(2, 842, 260, 340, 810, 12, "共3页 第2页"),
            new(3, 842, 60, 300, 100, 16, "二是开展专题培训。"),
            new(3, 842, 280, 320, 810, 12, "- 3 -"),
            new(3, 842, 280, 320, 820, 12, "第3页"),
        };
        Assert.Equal("根据区委统一部署,区委第二巡察组对区水务局党组进行了巡察,并于3月10日向局党组反馈了巡察意见。\n一是制定学习计划。\n二是开展专题培训。",
            PageText.Paragraphs(lines));
    }

    [Fact]
    public void Chinese_lines_are_joined_without_a_space_and_latin_words_with_one()
    {
        Assert.False(PageText.NeedsSpace('察', '组'));
        Assert.False(PageText.NeedsSpace('3', '月'));
        Assert.False(PageText.NeedsSpace('。', 'A'));
        Assert.True(PageText.NeedsSpace('d', 'w'));
        var lines = new List<PageLine>
        {
            new(1, 842, 60, 530, 100, 16, "根据区委统一部署,区委第二巡察组对区水务局党组进行了巡察,并于3月10日向局党组反"),
            new(1, 842, 60, 300, 120, 16, "馈了巡察意见。"),
            new(1, 842, 92, 530, 140, 16, "一是制定学习计划。"),
        };
        Assert.Equal("根据区委统一部署,区委第二巡察组对区水务局党组进行了巡察,并于3月10日向局党组反馈了巡察意见。\n一是制定学习计划。", PageText.Paragraphs(lines));
    }
}
