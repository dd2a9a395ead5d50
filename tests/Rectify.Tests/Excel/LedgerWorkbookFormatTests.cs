using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using MiniExcelLibs;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using static Rectify.Tests.Excel.LedgerSamples;

namespace Rectify.Tests.Excel;

/// <summary>Opens the written file with OpenXml and checks what an office sees and prints.</summary>
public sealed class LedgerWorkbookFormatTests : IDisposable
{
    readonly SpreadsheetDocument package = SpreadsheetDocument.Open(new MemoryStream(Written(Demo(), "城北镇党委", new DateOnly(2023, 9, 8))), false);
    WorkbookPart Book => package.WorkbookPart!;
    Worksheet Sheet => ((WorksheetPart)Book.GetPartById(Book.Workbook.Sheets!.Elements<Sheet>().Single().Id!)).Worksheet;

    public void Dispose() => package.Dispose();

    // The writer streams and puts text in its cell (inline); a shared string is read too.
    string Text(Cell cell) => cell.DataType?.Value == CellValues.SharedString
        ? Book.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text)).InnerText
        : cell.DataType?.Value == CellValues.InlineString ? cell.InlineString!.InnerText : cell.CellValue?.Text ?? "";

    Row RowAt(uint n) => Sheet.Descendants<Row>().Single(r => r.RowIndex! == n);
    CellFormat Style(Cell cell) => Book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);

    [Fact]
    public void The_package_is_valid_Office_Open_Xml()
    {
        var errors = new OpenXmlValidator().Validate(package, TestContext.Current.CancellationToken).Select(e => $"{e.Path?.XPath}: {e.Description}");
        Assert.Empty(errors);
    }

    [Fact]
    public void Another_reader_sees_the_same_header_and_rows()
    {
        var rows = MiniExcel.Query(new MemoryStream(Written(Demo())), useHeaderRow: true, startCell: "A2")
            .Cast<IDictionary<string, object?>>().ToList();
        Assert.Equal(14, rows.Count);
        Assert.Equal(LedgerSamples.Headers, rows[0].Keys);
        Assert.Equal("学习贯彻习近平新时代中国特色社会主义思想不够深入扎实", rows[0]["问题描述（具体表现）"]);
    }

    [Fact]
    public void One_sheet_named_整改台账()
    {
        var sheet = Assert.Single(Book.Workbook.Sheets!.Elements<Sheet>());
        Assert.Equal("整改台账", sheet.Name!.Value);
    }

    [Fact]
    public void Title_row_names_the_organisation_and_date_and_spans_all_columns()
    {
        Assert.Equal("城北镇党委巡察整改台账（截至2023年9月8日）", Text(RowAt(1).Elements<Cell>().First()));
        var merge = Assert.Single(Sheet.Descendants<MergeCell>());
        Assert.Equal("A1:S1", merge.Reference!.Value);
    }

    [Fact]
    public void Header_row_has_the_ledger_columns_in_order_and_bold()
    {
        string[] expected =
        [
            "序号", "问题类别（方面）", "问题描述（具体表现）", "整改目标", "整改措施", "责任领导", "责任部门", "责任人", "整改时限",
            "整改类型", "整改进展", "完成情况（整改状态）", "预计完成", "销号情况", "佐证材料", "备注", "问题资金（元）", "整改到位资金（元）", "资金明细",
        ];
        var cells = RowAt(2).Elements<Cell>().ToList();
        Assert.Equal(expected, cells.Select(Text));
        var font = Book.WorkbookStylesPart!.Stylesheet.Fonts!.Elements<Font>().ElementAt((int)Style(cells[0]).FontId!.Value);
        Assert.NotNull(font.Bold);
    }

    [Fact]
    public void Panes_are_frozen_below_the_header()
    {
        var pane = Sheet.Descendants<Pane>().Single();
        Assert.Equal(PaneStateValues.Frozen, pane.State!.Value);
        Assert.Equal("A3", pane.TopLeftCell!.Value);
        Assert.Equal(2d, pane.VerticalSplit!.Value);
        Assert.Null(pane.HorizontalSplit);
    }

    [Fact]
    public void Prints_on_A4_landscape_one_page_wide_with_the_header_on_every_page()
    {
        var setup = Sheet.Descendants<PageSetup>().Single();
        Assert.Equal(OrientationValues.Landscape, setup.Orientation!.Value);
        Assert.Equal(9u, setup.PaperSize!.Value);
        Assert.Equal(1u, setup.FitToWidth!.Value);
        Assert.Equal(0u, setup.FitToHeight!.Value);
        Assert.True(Sheet.Descendants<PageSetupProperties>().Single().FitToPage!.Value);

        var titles = Book.Workbook.DefinedNames!.Elements<DefinedName>().Single(d => d.Name == "_xlnm.Print_Titles");
        Assert.Equal(0u, titles.LocalSheetId!.Value);
        Assert.Equal("'整改台账'!$2:$2", titles.Text);
    }

    [Fact]
    public void Columns_have_widths_wide_for_description_and_measures()
    {
        var columns = Sheet.Descendants<Column>().ToList();
        Assert.Equal(19, columns.Count);
        Assert.All(columns, c => Assert.True(c.CustomWidth!.Value && c.Width!.Value > 0));
        double Width(LedgerColumn c) => columns[(int)c].Width!.Value;
        // The running text gets the widest columns (the sum is held to A4 landscape: LedgerMergeHttpTests).
        Assert.True(Width(LedgerColumn.Description) >= 28);
        Assert.True(Width(LedgerColumn.Measures) >= 28);
        Assert.All(LedgerColumns.All.Except([LedgerColumn.Description, LedgerColumn.Measures]), c => Assert.True(Width(c) < Width(LedgerColumn.Description)));
        Assert.True(Width(LedgerColumn.Ordinal) < 10);
    }

    [Fact]
    public void Body_cells_wrap_and_have_borders()
    {
        var body = Sheet.Descendants<Row>().Where(r => r.RowIndex! >= 3).ToList();
        Assert.Equal(14, body.Count);
        foreach (var cell in body.SelectMany(r => r.Elements<Cell>()))
        {
            var style = Style(cell);
            Assert.True(style.Alignment!.WrapText!.Value, cell.CellReference!);
            Assert.Equal(1u, style.BorderId!.Value);
        }
        Assert.Equal(19, body[0].Elements<Cell>().Count());
    }

    [Fact]
    public void Body_cells_hold_the_ledger_fields()
    {
        var p = new ProblemItem
        {
            Ordinal = 3, Title = "撂荒复耕工作开展不扎实", Detail = "部分村复耕面积不实", Items = ["台账不全", "复种率低"],
            Measures = ["网格化管理", "落实补贴"], Deadline = new DateOnly(2023, 12, 31), Kind = "限期整改",
            Status = "phased", StatusText = null, ExpectedCompletion = new Rectify.Core.YearMonth(2023, 12), AmountInvolved = 1234.5m,
        };
        var ledger = new LedgerDocument { Categories = [new CategoryItem { Ordinal = 1, Title = "乡村振兴方面", Problems = [p] }] };
        using var written = SpreadsheetDocument.Open(new MemoryStream(Written(ledger)), false);
        var book = written.WorkbookPart!;
        var cells = book.WorksheetParts.Single().Worksheet.Descendants<Row>().Single(r => r.RowIndex! == 3).Elements<Cell>().ToList();
        string At(LedgerColumn c) => cells[(int)c].DataType?.Value == CellValues.InlineString ? cells[(int)c].InlineString!.InnerText : cells[(int)c].CellValue?.Text ?? "";

        Assert.Equal("3", At(LedgerColumn.Ordinal));
        Assert.Equal("乡村振兴方面", At(LedgerColumn.Category));
        Assert.Equal("撂荒复耕工作开展不扎实\n部分村复耕面积不实\n(1)台账不全\n(2)复种率低", At(LedgerColumn.Description));
        Assert.Equal("1.网格化管理\n2.落实补贴", At(LedgerColumn.Measures));
        Assert.Equal(new DateOnly(2023, 12, 31), DateOnly.FromDateTime(DateTime.FromOADate(double.Parse(At(LedgerColumn.Deadline), System.Globalization.CultureInfo.InvariantCulture))));
        var dateFormat = book.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cells[(int)LedgerColumn.Deadline].StyleIndex!.Value).NumberFormatId!.Value;
        Assert.Equal("yyyy-mm-dd", book.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(f => f.NumberFormatId! == dateFormat).FormatCode!.Value);
        Assert.Equal("限期整改", At(LedgerColumn.Kind));
        Assert.Equal("取得阶段性成效", At(LedgerColumn.Status));
        Assert.Equal("2023-12", At(LedgerColumn.Expected));
        Assert.Equal("1234.5", At(LedgerColumn.AmountInvolved));
        Assert.Equal("", At(LedgerColumn.AmountRectified));
    }

    [Fact]
    public void Kind_and_status_have_dropdowns()
    {
        var validations = Sheet.Descendants<DataValidation>().ToList();
        var kind = validations.Single(v => v.SequenceOfReferences!.InnerText == "J3:J2000");
        Assert.Equal("\"立行立改,限期整改,长期坚持\"", kind.Formula1!.Text);
        Assert.True(kind.ShowErrorMessage!.Value);
        var status = validations.Single(v => v.SequenceOfReferences!.InnerText == "L3:L2000");
        Assert.Contains("已完成整改并长期坚持", status.Formula1!.Text);
        Assert.False(status.ShowErrorMessage!.Value); // the status as written may be any words
    }

    [Fact]
    public void Refuses_to_write_text_longer_than_a_cell_holds()
    {
        var p = new ProblemItem { Ordinal = 1, Title = "问题", Measures = [new string('措', LedgerWorkbook.MaxCellText)] };
        var ledger = new LedgerDocument { Categories = [new CategoryItem { Ordinal = 1, Title = "方面", Problems = [p] }] };
        var e = Assert.Throws<DomainException>(() => Written(ledger));
        Assert.Equal($"问题 1 的“整改措施”有 {LedgerWorkbook.MaxCellText + 2} 字，超过 Excel 单元格上限 {LedgerWorkbook.MaxCellText} 字", e.Message);
    }

    [Fact]
    public void Not_stated_is_written_未说明()
    {
        var p = new ProblemItem { Ordinal = 1, Title = "问题", Status = "not-stated" };
        Assert.Equal("未说明", LedgerWorkbook.StatusCell(p));
        Assert.Equal(RectificationStatus.NotStated.Chinese(), LedgerWorkbook.StatusCell(p));
    }

    [Fact]
    public void Refuses_to_write_a_ledger_the_interchange_refuses()
    {
        var p = new ProblemItem { Ordinal = 1, Title = "问题", Status = "done" };
        var ledger = new LedgerDocument { Categories = [new CategoryItem { Ordinal = 1, Title = "方面", Problems = [p] }] };
        var e = Assert.Throws<DomainException>(() => Written(ledger));
        Assert.Contains("done", e.Message);
    }
}
