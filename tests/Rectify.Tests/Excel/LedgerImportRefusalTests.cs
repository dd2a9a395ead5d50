using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Excel;
using static Rectify.Tests.Excel.LedgerSamples;

namespace Rectify.Tests.Excel;

/// <summary>Every refusal names its row and column in Chinese, and a refused sheet yields no ledger at all.</summary>
public class LedgerImportRefusalTests
{
    static LedgerImportError Refused(byte[] file)
    {
        var result = Read(file);
        Assert.False(result.Succeeded);
        Assert.Null(result.Ledger);
        return Assert.Single(result.Errors);
    }

    static LedgerImportError RefusedCell(string header, string? text)
    {
        var rows = GoodRows();
        rows[1][Array.IndexOf(Headers, header)] = text;
        return Refused(Sheet(rows));
    }

    [Fact]
    public void The_good_rows_are_good()
    {
        var result = Read(Sheet(GoodRows()));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Null(result.Ledger!.Title);
        Assert.Null(result.Organisation);
    }

    [Fact]
    public void Refuses_random_bytes()
    {
        var bytes = new byte[2000];
        new Random(1).NextBytes(bytes);
        bytes[0] = 0x00;
        var e = Refused(bytes);
        Assert.Equal((null, null), (e.Row, e.Column));
        Assert.Contains("不是 Excel 工作簿（.xlsx）", e.Message);
    }

    [Fact]
    public void Refuses_an_empty_file() => Assert.Contains("空", Refused([]).Message);

    [Fact]
    public void Refuses_a_csv_and_says_to_save_as_xlsx()
    {
        var csv = Encoding.UTF8.GetBytes("序号,问题类别(方面),问题描述(具体表现),完成情况(整改状态)\n1,党的建设方面,学习不够深入,已完成整改\n");
        var e = Refused(csv);
        Assert.Contains("文本文件", e.Message);
        Assert.Contains("另存为 .xlsx", e.Message);
    }

    [Fact]
    public void Refuses_an_old_xls() => Assert.Contains(".xls", Refused([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]).Message);

    [Fact]
    public void Refuses_a_word_document()
    {
        using var docx = new MemoryStream();
        using (var word = WordprocessingDocument.Create(docx, WordprocessingDocumentType.Document))
        {
            word.AddMainDocumentPart().Document = new Document(new Body(new Paragraph(new Run(new Text("整改台账")))));
        }
        var e = Refused(docx.ToArray());
        Assert.Contains("不是有效的 Excel 工作簿", e.Message);
    }

    [Fact]
    public void Refuses_a_zip_that_is_no_office_file()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        using (var w = new StreamWriter(archive.CreateEntry("a.txt").Open()))
            w.Write("hello");
        Assert.Contains("不是有效的 Excel 工作簿", Refused(zip.ToArray()).Message);
    }

    [Fact]
    public void Refuses_a_workbook_without_sheets()
    {
        using var output = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            package.AddWorkbookPart().Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook(new DocumentFormat.OpenXml.Spreadsheet.Sheets());
        }
        Assert.Equal("工作簿中没有工作表", Refused(output.ToArray()).Message);
    }

    [Fact]
    public void Names_every_missing_required_column()
    {
        string?[] header = ["序号", "问题描述（具体表现）", "整改措施"];
        var result = Read(Sheet(header, ["1", "学习不够深入", "1.学习"]));
        Assert.Null(result.Ledger);
        Assert.Equal(
        [
            new LedgerImportError(1, "问题类别（方面）", "缺少必需的列“问题类别（方面）”"),
            new LedgerImportError(1, "完成情况（整改状态）", "缺少必需的列“完成情况（整改状态）”"),
        ], result.Errors);
    }

    [Fact]
    public void Without_a_header_row_names_the_required_columns()
    {
        var result = Read(Sheet(["党的建设方面", "学习不够深入"]));
        Assert.Null(result.Ledger);
        Assert.Equal(["序号", "问题类别（方面）", "问题描述（具体表现）", "完成情况（整改状态）"], result.Errors.Select(e => e.Column));
        Assert.All(result.Errors, e => Assert.Contains("找不到表头行", e.Message));
    }

    [Fact]
    public void Refuses_a_column_given_twice()
    {
        var rows = GoodRows();
        rows[0] = [.. rows[0], "责任人"];
        var e = Refused(Sheet(rows));
        Assert.Equal((1, "责任人"), (e.Row, e.Column));
        Assert.Equal("列“责任人”出现了两次（H列和T列）", e.Message);
    }

    [Fact]
    public void Tolerates_title_row_extra_columns_missing_optional_columns_and_loose_headers()
    {
        var result = Read(Sheet(
            ["某某单位巡察整改台账(截至2024年1月31日)"],
            [],
            ["序 号", "问题类别（方面）", "问题描述\n(具体表现)", "整改类型(立行立改/限期整改/长期坚持)", "整改状态", "联系电话"],
            ["1", "党的建设方面", "学习不够深入", "立行立改", "已完成整改", "12345"],
            [],
            ["2", "作风建设方面", "会议过多", null, null, null]));

        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Equal("某某单位", result.Organisation);
        Assert.Equal(new DateOnly(2024, 1, 31), result.AsOf);
        var ledger = result.Ledger!;
        Assert.Equal(["党的建设方面", "作风建设方面"], ledger.Categories.Select(c => c.Title));
        Assert.Equal([1, 2], ledger.Categories.Select(c => c.Ordinal));
        var second = ledger.Categories[1].Problems.Single();
        Assert.Equal(("not-stated", null), (second.Status, second.StatusText));
        Assert.Equal(1, ledger.Counts.NotStated);
    }

    [Fact]
    public void Categories_follow_first_appearance()
    {
        var result = Read(Sheet(
            Headers,
            Row(("序号", "1"), ("问题类别（方面）", "乙方面"), ("问题描述（具体表现）", "问题一"), ("完成情况（整改状态）", "未说明")),
            Row(("序号", "2"), ("问题类别（方面）", "甲方面"), ("问题描述（具体表现）", "问题二"), ("完成情况（整改状态）", "正在推进")),
            Row(("序号", "3"), ("问题类别（方面）", "乙方面"), ("问题描述（具体表现）", "问题三"), ("完成情况（整改状态）", "已完成"))));
        var ledger = result.Ledger!;
        Assert.Equal([(1, "乙方面", new[] { 1, 3 }), (2, "甲方面", new[] { 2 })],
            ledger.Categories.Select(c => (c.Ordinal, c.Title, c.Problems.Select(p => p.Ordinal).ToArray())));
    }

    [Theory]
    [InlineData("序号", null, "序号为空")]
    [InlineData("序号", "一", "序号“一”不是正整数")]
    [InlineData("序号", "1.5", "序号“1.5”不是正整数")]
    [InlineData("序号", "0", "序号“0”不是正整数")]
    [InlineData("问题类别（方面）", " ", "问题类别为空")]
    [InlineData("问题描述（具体表现）", null, "问题描述为空")]
    [InlineData("问题描述（具体表现）", " \n(1)只有具体表现", "问题描述的第一行（问题标题）为空")]
    [InlineData("整改类型", "马上改", "未知的整改类型“马上改”，应为立行立改、限期整改或长期坚持")]
    [InlineData("整改时限", "年底前", "整改时限“年底前”不是日期，应为 2023-12-31 这样的形式")]
    [InlineData("整改时限", "2023-02-30", "整改时限“2023-02-30”不是日期，应为 2023-12-31 这样的形式")]
    [InlineData("预计完成", "2023-13", "预计完成“2023-13”不是年月，应为 2023-12 这样的形式")]
    [InlineData("预计完成", "明年", "预计完成“明年”不是年月，应为 2023-12 这样的形式")]
    [InlineData("问题资金（元）", "-5", "金额 -5 为负数")]
    [InlineData("问题资金（元）", "五万元", "“五万元”不是数字，金额以元为单位填写数字")]
    [InlineData("整改到位资金（元）", "abc", "“abc”不是数字，金额以元为单位填写数字")]
    public void Refuses_a_bad_cell_naming_row_and_column(string header, string? text, string message)
    {
        var e = RefusedCell(header, text);
        Assert.Equal(new LedgerImportError(2, header, message), e);
        Assert.Equal($"第2行“{header}”：{message}", e.ToString());
    }

    [Fact]
    public void Refuses_an_unknown_status_text()
    {
        var e = RefusedCell("完成情况（整改状态）", "看情况");
        Assert.Equal((2, "完成情况（整改状态）"), (e.Row, e.Column));
        Assert.StartsWith("无法识别的整改状态“看情况”", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("未说明")]
    public void Empty_or_未说明_status_is_not_stated(string? text)
    {
        var rows = GoodRows();
        rows[1][Array.IndexOf(Headers, "完成情况（整改状态）")] = text;
        var p = Read(Sheet(rows)).Ledger!.AllProblems.Single();
        Assert.Equal(("not-stated", null), (p.Status, p.StatusText));
    }

    [Fact]
    public void Refuses_a_repeated_ordinal_and_names_the_first_row()
    {
        var rows = GoodRows();
        rows = [.. rows, Row(("序号", "1"), ("问题类别（方面）", "作风方面"), ("问题描述（具体表现）", "会议多"), ("完成情况（整改状态）", "正在推进"))];
        var e = Refused(Sheet(rows));
        Assert.Equal(new LedgerImportError(3, "序号", "序号 1 与第2行重复"), e);
    }

    [Fact]
    public void Reports_every_error_at_once_and_keeps_nothing()
    {
        var rows = GoodRows();
        rows = [.. rows,
            Row(("序号", "x"), ("问题类别（方面）", "作风方面"), ("问题描述（具体表现）", "会议多"), ("完成情况（整改状态）", "正在推进")),
            Row(("序号", "3"), ("问题类别（方面）", "作风方面"), ("问题描述（具体表现）", "会议多"), ("完成情况（整改状态）", "乱写"), ("整改时限", "下月")),
            Row(("序号", "3"), ("问题类别（方面）", "作风方面"), ("问题描述（具体表现）", "会议多"), ("完成情况（整改状态）", "正在推进"))];
        var result = Read(Sheet(rows));
        Assert.Null(result.Ledger);
        Assert.Equal([(3, "序号"), (4, "整改时限"), (4, "完成情况（整改状态）"), (5, "序号")], result.Errors.Select(e => (e.Row!.Value, e.Column!)));
        Assert.Equal("序号 3 与第4行重复", result.Errors[^1].Message);
    }
}
