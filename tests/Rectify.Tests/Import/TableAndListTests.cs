using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Excel;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using X = DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Tests.Import;

/// <summary>
/// Issue 15 item 6: numbers made by Word or by the page give the same ledger as typed numbers, and problems
/// laid out in a table (Word, web page, Excel) import as problems with their fields, the header told by its words.
/// </summary>
public class TableAndListTests
{
    const string Title = "中共某局党组关于巡察整改情况的通报";
    const string Intro = "根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某局党组进行了巡察。";

    /// <summary>The three problems as a typed notice writes them.</summary>
    const string Typed = Title + "\n" + Intro + """

        一、反馈问题整改落实情况
        (一)党建方面
        1、关于学习不深入的问题
        整改情况:已完成整改。
        整改措施:制定学习计划。
        责任领导:张三
        责任单位:办公室
        整改时限:2023年6月30日
        2、关于制度不健全的问题
        整改情况:正在推进,预计2023年12月完成。
        整改措施:建立制度。
        责任领导:张三
        责任单位:办公室
        (二)作风方面
        3、关于会议过多的问题
        整改情况:已完成整改。
        整改措施:精简会议。
        压缩文件。
        责任领导:王五
        责任单位:综合科
        二、下一步工作打算
        持续巩固整改成果。
        """;

    static string Ledger(LedgerDocument doc) => JsonSerializer.Serialize(doc.Categories);

    static void AssertTheThreeProblems(LedgerDocument doc)
    {
        Assert.Equal(["党建方面", "作风方面"], doc.Categories.Select(c => c.Title));
        var p = doc.AllProblems.ToList();
        Assert.Equal([1, 2, 3], p.Select(x => x.Ordinal));
        Assert.Equal(["学习不深入", "制度不健全", "会议过多"], p.Select(x => x.Title));
        Assert.Equal(["completed", "in-progress", "completed"], p.Select(x => x.Status));
        Assert.Equal("2023-12", p[1].ExpectedCompletion?.ToString());
        Assert.Equal(["张三", "张三", "王五"], p.Select(x => x.ResponsibleLeader));
        Assert.Equal(["办公室", "办公室", "综合科"], p.Select(x => x.ResponsibleDepartment));
        Assert.Equal(new DateOnly(2023, 6, 30), p[0].Deadline);
        Assert.Equal(["精简会议。", "压缩文件。"], p[2].Measures);
        Assert.Equal("持续巩固整改成果。", Assert.Single(doc.Narrative!, n => n.Role == "next-steps").Paragraphs[0]);
    }

    [Fact]
    public void The_typed_notice_reads_as_the_three_problems() => AssertTheThreeProblems(NoticeParser.Parse(Typed));

    // ---- Word tables

    static TableCell Cell(params string[] paragraphs) => new(paragraphs.Select(t => new Paragraph(new Run(new Text(t)))));

    static TableCell Spanning(int columns, string text) =>
        new(new TableCellProperties(new GridSpan { Val = columns }), new Paragraph(new Run(new Text(text))));

    static TableCell Merged(MergedCellValues? start, params string[] paragraphs)
    {
        var merge = start is { } v ? new VerticalMerge { Val = v } : new VerticalMerge();
        return new(new TableCellProperties(merge), paragraphs.Length == 0 ? new Paragraph() : new Paragraph(new Run(new Text(paragraphs[0]))));
    }

    static Paragraph Para(string text) => new(new Run(new Text(text)));

    static byte[] Docx(Action<MainDocumentPart>? numbering, params OpenXmlElement[] body)
    {
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            numbering?.Invoke(main);
            main.Document = new Document(new Body(body));
        }
        return ms.ToArray();
    }

    /// <summary>A title row over the table, the header in its own order (leader before measures, status last), a leader merged over two rows, categories as rows spanning the table.</summary>
    static Table ProblemTableInWord() => new(
        new TableRow(Spanning(7, "巡察反馈问题整改情况表")),
        new TableRow(Cell("序号"), Cell("存在问题"), Cell("责任领导"), Cell("责任单位"), Cell("整改措施"), Cell("完成时限"), Cell("整改情况")),
        new TableRow(Spanning(7, "一、党建方面")),
        new TableRow(Cell("1"), Cell("关于学习不深入的问题"), Merged(MergedCellValues.Restart, "张三"), Cell("办公室"), Cell("制定学习计划。"), Cell("2023年6月30日"), Cell("已完成整改。")),
        new TableRow(Cell("2"), Cell("关于制度不健全的问题"), Merged(null), Cell("办公室"), Cell("建立制度。"), Cell(), Cell("正在推进,预计2023年12月完成。")),
        new TableRow(Spanning(7, "二、作风方面")),
        new TableRow(Cell("3"), Cell("关于会议过多的问题"), Cell("王五"), Cell("综合科"), Cell("精简会议。", "压缩文件。"), Cell(), Cell("已完成整改。")));

    [Fact]
    public void A_word_table_of_problems_gives_the_ledger_of_the_typed_notice()
    {
        var bytes = Docx(null,
            Para(Title), Para(Intro), Para("一、反馈问题整改落实情况"), ProblemTableInWord(),
            Para("二、下一步工作打算"), Para("持续巩固整改成果。"));
        var doc = NoticeImporter.Import(bytes);
        AssertTheThreeProblems(doc);
        Assert.Equal(Ledger(NoticeParser.Parse(Typed)), Ledger(doc));
    }

    [Fact]
    public void A_word_table_that_is_not_of_problems_stays_text_and_yields_no_problem()
    {
        var contacts = new Table(
            new TableRow(Cell("联系人"), Cell("联系电话")),
            new TableRow(Cell("王老师"), Cell("0571-12345678")));
        var statistics = new Table(
            new TableRow(Cell("问题类型"), Cell("数量")),
            new TableRow(Cell("党建"), Cell("2")));
        var bytes = Docx(null, Para(Title), Para(Intro), Para("一、反馈问题整改落实情况"), ProblemTableInWord(), statistics,
            Para("二、下一步工作打算"), Para("持续巩固整改成果。"), contacts);
        var (text, _) = NoticeImporter.ExtractText(bytes);
        Assert.Contains("王老师", text);
        Assert.Contains("问题类型", text);
        var doc = NoticeImporter.Import(bytes);
        Assert.Equal(3, doc.AllProblems.Count());
        Assert.DoesNotContain(doc.AllProblems, p => p.Title.Contains("党建") || p.Title.Contains("王老师"));
    }

    [Fact]
    public void A_category_column_merged_down_its_rows_groups_the_problems()
    {
        var table = new Table(
            new TableRow(Cell("问题类别"), Cell("问题描述"), Cell("整改措施"), Cell("完成情况")),
            new TableRow(Merged(MergedCellValues.Restart, "党建方面"), Cell("关于甲的问题"), Cell("措施一。"), Cell("已完成")),
            new TableRow(Merged(null), Cell("关于乙的问题"), Cell("措施二。"), Cell("正在推进")),
            new TableRow(Cell("作风方面"), Cell("关于丙的问题"), Cell("措施三。"), Cell("已完成")));
        var doc = NoticeImporter.Import(Docx(null, Para(Title), Para(Intro), table));
        Assert.Equal(["党建方面", "作风方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal([2, 1], doc.Categories.Select(c => c.Problems.Count));
        Assert.Equal(["completed", "in-progress", "completed"], doc.AllProblems.Select(p => p.Status));
        Assert.Equal(["措施二。"], doc.AllProblems.ElementAt(1).Measures);
    }

    [Fact]
    public void A_numbered_paragraph_inside_a_measures_cell_is_a_measure_not_a_problem()
    {
        var table = new Table(
            new TableRow(Cell("序号"), Cell("反馈问题"), Cell("整改措施")),
            new TableRow(Cell("1"), Cell("关于甲的问题"), Cell("1.建立制度。", "2.开展培训。")),
            new TableRow(Cell("2"), Cell("关于乙的问题"), Cell("(1)压缩会议。")));
        var doc = NoticeImporter.Import(Docx(null, Para(Title), Para(Intro), table));
        Assert.Equal(["甲", "乙"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["建立制度。", "开展培训。"], doc.AllProblems.First().Measures);
    }

    // ---- Word list numbering

    static Paragraph Listed(string text, int numId, int level = 0) => new(
        new ParagraphProperties(new NumberingProperties(new NumberingLevelReference { Val = level }, new NumberingId { Val = numId })),
        new Run(new Text(text)));

    /// <summary>One definition "%1、" (Chinese) over "%2、" (decimal); list 1 uses it, list 2 restarts level 1 at 3 (Word's "set numbering value").</summary>
    static void Lists(MainDocumentPart main)
    {
        main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
            new AbstractNum(
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.ChineseCounting }, new LevelText { Val = "(%1)" }) { LevelIndex = 0 },
                new Level(new StartNumberingValue { Val = 1 }, new NumberingFormat { Val = NumberFormatValues.Decimal }, new LevelText { Val = "%2、" }) { LevelIndex = 1 })
            { AbstractNumberId = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }) { NumberID = 1 },
            new NumberingInstance(new AbstractNumId { Val = 1 }, new LevelOverride(new StartOverrideNumberingValue { Val = 2 }) { LevelIndex = 0 }) { NumberID = 2 },
            new NumberingInstance(new AbstractNumId { Val = 1 }, new LevelOverride(new StartOverrideNumberingValue { Val = 3 }) { LevelIndex = 1 }) { NumberID = 3 });
        main.AddNewPart<StyleDefinitionsPart>().Styles = new Styles(
            new Style(new StyleName { Val = "问题标题" }, new StyleParagraphProperties(
                new NumberingProperties(new NumberingLevelReference { Val = 1 }, new NumberingId { Val = 3 })))
            { Type = StyleValues.Paragraph, StyleId = "ProblemHeading" });
    }

    [Fact]
    public void Word_list_numbering_with_a_start_override_and_a_styled_list_gives_the_ledger_of_typed_numbers()
    {
        Paragraph Styled(string text) => new(new ParagraphProperties(new ParagraphStyleId { Val = "ProblemHeading" }), new Run(new Text(text)));
        var bytes = Docx(Lists,
            Para(Title), Para(Intro), Para("一、反馈问题整改落实情况"),
            Listed("党建方面", 1),
            Listed("关于学习不深入的问题", 1, 1),
            Para("整改情况:已完成整改。"), Para("整改措施:制定学习计划。"), Para("责任领导:张三"), Para("责任单位:办公室"), Para("整改时限:2023年6月30日"),
            Listed("关于制度不健全的问题", 1, 1),
            Para("整改情况:正在推进,预计2023年12月完成。"), Para("整改措施:建立制度。"), Para("责任领导:张三"), Para("责任单位:办公室"),
            // A new list restarting the categories at (二), then a styled heading whose list restarts problems at 3.
            Listed("作风方面", 2),
            Styled("关于会议过多的问题"),
            Para("整改情况:已完成整改。"), Para("整改措施:精简会议。"), Para("压缩文件。"), Para("责任领导:王五"), Para("责任单位:综合科"),
            Para("二、下一步工作打算"), Para("持续巩固整改成果。"));
        var (text, _) = NoticeImporter.ExtractText(bytes);
        Assert.Contains("(一)党建方面\n1、关于学习不深入的问题", text);
        Assert.Contains("(二)作风方面\n3、关于会议过多的问题", text);
        var doc = NoticeImporter.Import(bytes);
        AssertTheThreeProblems(doc);
        Assert.Equal(Ledger(NoticeParser.Parse(Typed)), Ledger(doc));
    }

    [Fact]
    public void Bullets_and_numbering_removed_by_num_id_0_give_no_marker()
    {
        var bytes = Docx(main =>
        {
            main.AddNewPart<NumberingDefinitionsPart>().Numbering = new Numbering(
                new AbstractNum(new Level(new NumberingFormat { Val = NumberFormatValues.Bullet }, new LevelText { Val = "•" }) { LevelIndex = 0 }) { AbstractNumberId = 4 },
                new NumberingInstance(new AbstractNumId { Val = 4 }) { NumberID = 4 });
        }, Listed("党建工作", 4), Listed("作风建设", 0));
        Assert.Equal("党建工作\n作风建设", NoticeImporter.ExtractText(bytes).Text);
    }

    // ---- Web pages

    [Fact]
    public void Html_ordered_lists_number_as_the_browser_shows_and_give_the_ledger_of_typed_numbers()
    {
        var html = $"""
            <html><body><h1>{Title}</h1><p>{Intro}</p><p>一、反馈问题整改落实情况</p><p>(一)党建方面</p>
            <ol><li>关于学习不深入的问题<p>整改情况:已完成整改。</p><p>整改措施:制定学习计划。</p><p>责任领导:张三</p><p>责任单位:办公室</p><p>整改时限:2023年6月30日</p></li>
                <li>关于制度不健全的问题<p>整改情况:正在推进,预计2023年12月完成。</p><p>整改措施:建立制度。</p><p>责任领导:张三</p><p>责任单位:办公室</p></li></ol>
            <p>(二)作风方面</p>
            <ol start="3"><li>关于会议过多的问题<p>整改情况:已完成整改。</p><p>整改措施:精简会议。</p><p>压缩文件。</p><p>责任领导:王五</p><p>责任单位:综合科</p></li></ol>
            <p>二、下一步工作打算</p><p>持续巩固整改成果。</p></body></html>
            """;
        var (text, _) = NoticeImporter.ExtractText(Encoding.UTF8.GetBytes(html));
        Assert.Contains("(二)作风方面\n3.关于会议过多的问题", text);
        var doc = NoticeImporter.Import(Encoding.UTF8.GetBytes(html));
        AssertTheThreeProblems(doc);
        Assert.Equal(Ledger(NoticeParser.Parse(Typed)), Ledger(doc));
    }

    [Fact]
    public void Nested_html_lists_take_a_marker_per_depth_and_count_in_chinese_when_styled_so()
    {
        var html = """
            <html><body><ol style="list-style-type: cjk-ideographic"><li>党建方面<ol><li>甲</li><li>乙</li></ol></li><li>作风方面</li></ol>
            <ol><li>丙<ol><li>丁<ol><li>戊</li></ol></li></ol></li></ol></body></html>
            """;
        Assert.Equal("一、党建方面\n(一)甲\n(二)乙\n二、作风方面\n1.丙\n(1)丁\n①戊", HtmlText.ToPlainText(html));
    }

    [Fact]
    public void Html_list_item_value_and_typed_numbers_are_respected()
    {
        var html = "<html><body><ol><li value=\"4\">甲</li><li>乙</li><li>5.丙</li></ol><ul><li>丁</li></ul></body></html>";
        Assert.Equal("4.甲\n5.乙\n5.丙\n丁", HtmlText.ToPlainText(html));
    }

    [Fact]
    public void An_html_table_of_problems_with_rowspan_and_colspan_gives_the_ledger_of_the_typed_notice()
    {
        var html = $"""
            <html><body><h1>{Title}</h1><p>{Intro}</p><p>一、反馈问题整改落实情况</p>
            <table class="MsoTableGrid"><tr><td colspan="7">巡察反馈问题整改情况表</td></tr>
            <tr><th>序 号</th><th>存在问题</th><th>责任领导</th><th>责任单位</th><th>整改措施</th><th>完成时限</th><th>整改情况</th></tr>
            <tr><td colspan="7">一、党建方面</td></tr>
            <tr><td>1</td><td>关于学习不深入的问题</td><td rowspan="2">张三</td><td>办公室</td><td>制定学习计划。</td><td>2023年6月30日</td><td>已完成整改。</td></tr>
            <tr><td>2</td><td>关于制度不健全的问题</td><td>办公室</td><td>建立制度。</td><td></td><td>正在推进,预计2023年12月完成。</td></tr>
            <tr><td colspan="7">二、作风方面</td></tr>
            <tr><td>3</td><td>关于会议过多的问题</td><td>王五</td><td>综合科</td><td><p>精简会议。</p><p>压缩文件。</p></td><td></td><td>已完成整改。</td></tr>
            </table>
            <p>二、下一步工作打算</p><p>持续巩固整改成果。</p>
            <table><tr><td>联系人</td><td>王老师</td></tr></table></body></html>
            """;
        var doc = NoticeImporter.Import(Encoding.UTF8.GetBytes(html));
        AssertTheThreeProblems(doc);
        Assert.Equal(Ledger(NoticeParser.Parse(Typed)), Ledger(doc));
        // The contacts table is no problem table: its text stays with the part it stands in.
        Assert.Contains("联系人 王老师", doc.Narrative!.Single(n => n.Role == "next-steps").Paragraphs);
    }

    // ---- Excel

    /// <summary>A title row merged across, the header, category rows merged across, a leader merged down two rows.</summary>
    internal static byte[] NoticeWorkbook()
    {
        object?[] Row(params object?[] cells) => cells;
        var bytes = TableWorkbook.Write([new TableSheet("整改情况", [Title, "", "", "", "", "", ""],
        [
            Row("序号", "存在问题", "责任领导", "责任单位", "整改措施", "完成时限", "整改情况"),
            Row("一、党建方面"),
            Row(1, "关于学习不深入的问题", "张三", "办公室", "制定学习计划。", "2023年6月30日", "已完成整改。"),
            Row(2, "关于制度不健全的问题", null, "办公室", "建立制度。", null, "正在推进,预计2023年12月完成。"),
            Row("二、作风方面"),
            Row(3, "关于会议过多的问题", "王五", "综合科", "精简会议。\n压缩文件。", null, "已完成整改。"),
        ])]);
        using var ms = new MemoryStream();
        ms.Write(bytes);
        using (var book = SpreadsheetDocument.Open(ms, true))
        {
            var sheet = book.WorkbookPart!.WorksheetParts.Single().Worksheet;
            sheet.InsertAfter(new X.MergeCells(
                new X.MergeCell { Reference = "A1:G1" }, new X.MergeCell { Reference = "A3:G3" },
                new X.MergeCell { Reference = "C4:C5" }, new X.MergeCell { Reference = "A6:G6" }), sheet.GetFirstChild<X.SheetData>());
        }
        return ms.ToArray();
    }

    [Fact]
    public void An_xlsx_notice_table_imports_as_its_problems()
    {
        var (text, format) = NoticeImporter.ExtractText(NoticeWorkbook(), "通报.xlsx");
        Assert.Equal(NoticeFormat.Xlsx, format);
        Assert.StartsWith(Title, text);
        var doc = NoticeParser.Parse(text);
        Assert.Equal(["党建方面", "作风方面"], doc.Categories.Select(c => c.Title));
        var p = doc.AllProblems.ToList();
        Assert.Equal(["学习不深入", "制度不健全", "会议过多"], p.Select(x => x.Title));
        Assert.Equal(["completed", "in-progress", "completed"], p.Select(x => x.Status));
        Assert.Equal(["张三", "张三", "王五"], p.Select(x => x.ResponsibleLeader));
        Assert.Equal(["精简会议。", "压缩文件。"], p[2].Measures);
    }

    [Fact]
    public void An_xlsx_without_a_problem_table_is_refused_with_the_way_to_the_ledger_import()
    {
        var bytes = TableWorkbook.Write([new TableSheet("统计", ["单位", "问题数"], [["某局", 3]])]);
        var e = Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(bytes, "统计.xlsx"));
        Assert.Contains("电子表格", e.Message);
        Assert.Contains("台账导入", e.Message);
    }

    [Theory]
    [InlineData("问题", true)]
    [InlineData("存在问题", true)]
    [InlineData("反馈问题", true)]
    [InlineData("问题描述(具体表现)", true)]
    [InlineData("问题类型", false)]
    [InlineData("问题数", false)]
    public void Problem_columns_are_told_by_their_words(string header, bool isProblem) =>
        Assert.Equal(isProblem, ProblemTable.ColumnOf(header) == LedgerColumn.Description);

    [Theory]
    [InlineData("整改措施", LedgerColumn.Measures)]
    [InlineData("责任领导", LedgerColumn.Leader)]
    [InlineData("责任单位", LedgerColumn.Department)]
    [InlineData("完成时限", LedgerColumn.Deadline)]
    [InlineData("整改时限", LedgerColumn.Deadline)]
    [InlineData("整改情况", LedgerColumn.Progress)]
    [InlineData("完成情况", LedgerColumn.Status)]
    [InlineData("整改进展", LedgerColumn.Progress)]
    [InlineData("序　号", LedgerColumn.Ordinal)]
    public void Rectification_columns_are_told_by_their_words(string header, LedgerColumn column) =>
        Assert.Equal(column, ProblemTable.ColumnOf(header));
}
