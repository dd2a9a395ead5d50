using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>Bytes in: encodings, Word, web pages, and what is refused. The format is told by content, not by name.</summary>
public class InputFormatTests
{
    private const string Notice = """
        中共某局党组关于巡察整改情况的通报
        根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某局党组进行了巡察。
        一、党建方面
        1.关于学习不深入的问题
        整改状态:已完成整改
        整改措施:一是制定学习计划。二是开展专题研讨。
        """;

    static InputFormatTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static void AssertIsTheNotice(Rectify.Core.Interchange.LedgerDocument doc)
    {
        Assert.Equal("中共某局党组关于巡察整改情况的通报", doc.Title);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(("学习不深入", "completed"), (p.Title, p.Status));
        Assert.Equal(["制定学习计划。", "开展专题研讨。"], p.Measures);
    }

    [Fact]
    public void Utf8_without_bom_is_read_as_utf8()
    {
        var (text, format) = NoticeImporter.ExtractText(Encoding.UTF8.GetBytes(Notice));
        Assert.Equal(NoticeFormat.Text, format);
        Assert.StartsWith("中共某局党组", text);
    }

    [Fact]
    public void Utf8_with_bom_is_read_without_the_bom() =>
        AssertIsTheNotice(NoticeImporter.Import([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Notice)], "notice.txt"));

    [Fact]
    public void Gb18030_bytes_are_told_from_utf8_by_content()
    {
        var bytes = Encoding.GetEncoding("GB18030").GetBytes(Notice);
        AssertIsTheNotice(NoticeImporter.Import(bytes, "notice.txt"));
    }

    [Fact]
    public void Gbk_bytes_read_as_gb18030()
    {
        var bytes = Encoding.GetEncoding(936).GetBytes(Notice);
        AssertIsTheNotice(NoticeImporter.Import(bytes));
    }

    [Fact]
    public void Utf16_with_bom_is_read() =>
        AssertIsTheNotice(NoticeImporter.Import([0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Notice)]));

    [Fact]
    public void Crlf_line_ends_are_read_like_lf() =>
        AssertIsTheNotice(NoticeImporter.Import(Encoding.UTF8.GetBytes(Notice.Replace("\n", "\r\n"))));

    [Fact]
    public void Docx_is_read_paragraph_by_paragraph_whatever_its_name()
    {
        var bytes = Docx(Notice.Split('\n'));
        var (_, format) = NoticeImporter.ExtractText(bytes, "upload.bin");
        Assert.Equal(NoticeFormat.Docx, format);
        AssertIsTheNotice(NoticeImporter.Import(bytes, "upload.bin"));
    }

    [Fact]
    public void Docx_runs_split_within_a_paragraph_are_joined()
    {
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var line in Notice.Split('\n'))
            {
                var half = line.Length / 2;
                body.Append(new Paragraph(new Run(new Text(line[..half]) { Space = SpaceProcessingModeValues.Preserve }), new Run(new Text(line[half..]))));
            }
            word.AddMainDocumentPart().Document = new Document(body);
        }
        AssertIsTheNotice(NoticeImporter.Import(ms.ToArray()));
    }

    [Fact]
    public void Html_page_loses_scripts_navigation_share_buttons_and_metadata_but_gives_issuer_and_date()
    {
        var html = """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>通报_某区政府网</title>
            <script>var x = "巡察 1.关于假的问题";</script><style>.a{color:red}</style></head>
            <body><div class="nav-bar">首页 &gt; 党务公开 &gt; 巡察整改</div>
            <div class="breadcrumb"><a href="/">首页</a> &gt; <a>党务公开</a></div>
            <table class="xxgk"><tr><td>索引号:</td><td>001/2023-46</td><td>发布机构:</td><td>区水务局</td></tr>
            <tr><td>成文日期:</td><td>2023-06-01</td><td>文章来源:</td><td>区水务局</td></tr></table>
            <h1>中共某局党组关于巡察整改情况的通报</h1>
            <div class="bdshare"><div><a>分享到</a><a>微信</a></div></div>
            <div class="content">
            <p>中共某局党组关于巡察整改情况的通报</p>
            <p>根据区委统一部署，2023年3月1日至4月30日，区委第三巡察组对某局党组进行了巡察。</p>
            <p>一、党建方面</p><p>1.关于学习不深入的问题</p>
            <p>整改状态：已完成整改</p><p>整改措施：一是制定学习计划。二是开展专题研讨。</p>
            <p>欢迎广大干部群众监督。联系电话:0571-12345678</p>
            </div><footer>版权所有 某区政府</footer></body></html>
            """;
        var bytes = Encoding.UTF8.GetBytes(html);
        var (text, format) = NoticeImporter.ExtractText(bytes, "page.txt");
        Assert.Equal(NoticeFormat.Html, format);
        Assert.DoesNotContain("var x", text);
        Assert.DoesNotContain("分享到", text);
        Assert.DoesNotContain("首页", text);
        Assert.DoesNotContain("版权所有", text);

        var doc = NoticeImporter.Import(bytes, "page.txt");
        AssertIsTheNotice(doc);
        Assert.Equal(new DateOnly(2023, 6, 1), doc.Date);
        Assert.Equal("中共某局党组", doc.Issuer);
        Assert.Equal("0571-12345678", doc.Contacts!.Phone);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void Html_in_gb2312_is_decoded_by_content() =>
        AssertIsTheNotice(NoticeImporter.Import(Encoding.GetEncoding("GB18030").GetBytes(
            "<html><head><meta charset=\"gb2312\"></head><body>" + string.Concat(Notice.Split('\n').Select(l => $"<p>{l}</p>")) + "</body></html>")));

    [Fact]
    public void Empty_file_is_refused() =>
        Assert.Contains("空文件", Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import([], "a.txt")).Message);

    [Fact]
    public void Whitespace_only_file_is_refused() =>
        Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(Encoding.UTF8.GetBytes(" \n\r\n\t ")));

    [Fact]
    public void Binary_file_is_refused()
    {
        var bytes = new byte[512];
        new Random(7).NextBytes(bytes);
        bytes[0] = 0x7F;
        var e = Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(bytes, "notice.txt"));
        Assert.Contains("二进制", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Xlsx_spreadsheet_is_refused_as_a_spreadsheet()
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            using var w = new StreamWriter(zip.CreateEntry("xl/workbook.xml").Open());
            w.Write("<workbook/>");
        }
        var e = Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(ms.ToArray(), "notice.docx"));
        Assert.Contains("电子表格", e.Message);
    }

    [Fact]
    public void Old_office_xls_is_refused()
    {
        byte[] ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0];
        Assert.Contains(".xls", Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(ole, "x.xls")).Message);
    }

    [Fact]
    public void Unrelated_document_is_refused()
    {
        var text = "关于召开2024年春季运动会的通知\n各单位:经研究,定于4月20日召开春季运动会。请各单位做好准备。\n1.比赛项目\n田径、球类。\n";
        var e = Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(Encoding.UTF8.GetBytes(text)));
        Assert.Contains("巡察", e.Message);
    }

    [Fact]
    public void Document_mentioning_rectification_but_holding_no_problems_or_inspection_is_refused()
    {
        var text = "某街道开展环境卫生整改工作。\n街道组织人员清理垃圾,整改效果明显。\n";
        Assert.Throws<ImportRefusedException>(() => NoticeParser.Parse(text));
    }

    [Fact]
    public void Docx_automatic_list_numbering_is_put_back_as_markers()
    {
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            var numberingPart = main.AddNewPart<NumberingDefinitionsPart>();
            numberingPart.Numbering = new Numbering(
                new AbstractNum(
                    new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.ChineseCounting }, new LevelText { Val = "%1、" }) { LevelIndex = 0 },
                    new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%2." }) { LevelIndex = 1 })
                { AbstractNumberId = 1 },
                new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 5 });
            Paragraph Numbered(string text, int level) => new(
                new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = 5 })),
                new Run(new Text(text)));
            Paragraph Plain(string text) => new(new Run(new Text(text)));
            main.Document = new Document(new Body(
                Plain("根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某局党组进行了巡察。"),
                Numbered("党建方面", 0),
                Numbered("关于学习不深入的问题", 1),
                Plain("整改措施:制定学习计划。"),
                Numbered("关于制度不健全的问题", 1),
                Plain("整改措施:建立制度。"),
                Numbered("作风方面", 0),
                Numbered("关于会议过多的问题", 1),
                Plain("整改措施:精简会议。")));
        }
        var (text, _) = NoticeImporter.ExtractText(ms.ToArray());
        Assert.Contains("二、作风方面", text);
        Assert.Contains("1.关于会议过多的问题", text);
        var doc = NoticeImporter.Import(ms.ToArray());
        Assert.Equal(["党建方面", "作风方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习不深入", "制度不健全", "会议过多"], doc.AllProblems.Select(p => p.Title));
    }

    [Fact]
    public void The_source_hash_is_the_same_for_a_copy_differing_in_line_ends_blank_lines_and_spaces_only()
    {
        var hash = NoticeImporter.SourceHash(Notice);
        Assert.Equal(64, hash.Length);
        Assert.Equal(hash, NoticeImporter.SourceHash(Notice.Replace("\n", "\r\n\r\n").Replace("整改状态:已完成整改", "  整改状态:已完成整改 \u3000 ")));
        Assert.NotEqual(hash, NoticeImporter.SourceHash(Notice.Replace("制定学习计划", "制定学习规划")));
    }

    internal static byte[] Docx(IEnumerable<string> paragraphs)
    {
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var body = new Body();
            foreach (var p in paragraphs) body.Append(new Paragraph(new Run(new Text(p))));
            word.AddMainDocumentPart().Document = new Document(body);
        }
        return ms.ToArray();
    }
}
