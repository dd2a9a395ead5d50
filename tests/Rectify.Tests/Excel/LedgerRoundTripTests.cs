using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using static Rectify.Tests.Excel.LedgerSamples;

namespace Rectify.Tests.Excel;

public class LedgerRoundTripTests
{
    [Fact]
    public void The_demo_ledger_comes_back_unchanged()
    {
        var demo = Demo();
        var result = Read(Written(demo));

        Assert.Empty(result.Errors);
        Assert.NotNull(result.Ledger);
        // Every problem of the demo has its status written, so not even the status text is filled in.
        Assert.Equal(Fingerprint(demo), Fingerprint(result.Ledger));
        Assert.Equal(demo.Categories.Select(c => (c.Ordinal, c.Title)), result.Ledger.Categories.Select(c => (c.Ordinal, c.Title)));
        Assert.Equal(14, result.Ledger.Counts.Problems);
        Assert.Equal("城北镇党委", result.Organisation);
        Assert.Equal(new DateOnly(2023, 9, 8), result.AsOf);
        Assert.Equal("城北镇党委巡察整改台账（截至2023年9月8日）", result.Ledger.Title);
    }

    [Fact]
    public void Two_hundred_random_ledgers_come_back_unchanged()
    {
        var ledgers = new RandomLedgers(seed: 20230908);
        for (var i = 0; i < 200; i++)
        {
            var ledger = ledgers.Next();
            var result = Read(Written(ledger));

            Assert.True(result.Succeeded, $"case {i}: " + string.Join("; ", result.Errors));
            Assert.Equal(Fingerprint(AsWritten(ledger)), Fingerprint(result.Ledger!));
        }
    }

    [Fact]
    public void A_second_round_trip_changes_nothing_at_all()
    {
        var ledgers = new RandomLedgers(seed: 7);
        for (var i = 0; i < 20; i++)
        {
            var once = Read(Written(ledgers.Next())).Ledger!;
            var twice = Read(Written(once)).Ledger!;
            Assert.Equal(Fingerprint(once), Fingerprint(twice));
        }
    }

    [Fact]
    public void A_stated_status_without_written_form_comes_back_in_its_usual_words()
    {
        var ledger = OneProblem(p => { p.Status = "in-progress"; p.StatusText = null; });
        var back = Read(Written(ledger)).Ledger!.AllProblems.Single();
        Assert.Equal("in-progress", back.Status);
        Assert.Equal("正在推进", back.StatusText);
    }

    [Fact]
    public void The_reason_of_暂不具备整改条件_comes_back_from_its_status_cell()
    {
        var ledger = OneProblem(p => { p.Status = "not-feasible"; p.StatusText = null; p.NotFeasibleReason = "须待上级批复规划"; });
        Assert.Equal("暂不具备整改条件（须待上级批复规划）", LedgerWorkbook.StatusCell(ledger.AllProblems.Single()));
        var back = Read(Written(ledger)).Ledger!.AllProblems.Single();
        Assert.Equal(("not-feasible", "暂不具备整改条件", "须待上级批复规划"), (back.Status, back.StatusText, back.NotFeasibleReason));
    }

    [Fact]
    public void A_written_status_that_contradicts_the_code_gives_way_to_the_code()
    {
        var ledger = OneProblem(p => { p.Status = "completed"; p.StatusText = "正在推进"; });
        var back = Read(Written(ledger)).Ledger!.AllProblems.Single();
        Assert.Equal("completed", back.Status);
        Assert.Equal("已完成整改", back.StatusText);
    }

    [Fact]
    public void Lines_that_look_like_numbering_inside_a_field_stay_inside_it()
    {
        var ledger = OneProblem(p =>
        {
            p.Detail = "(1)看似第一项\n　(2)看似第二项\n1.普通一行";
            p.Items = ["第一项\n(2)仍是第一项", "第二项"];
            p.Measures = ["统筹推进:\n2.仍是第一条措施\n　　3.缩进的一行", "2.5亿元资金到位"];
        });
        var cell = LedgerCellText.Description(ledger.AllProblems.Single().Title, ledger.AllProblems.Single().Detail, ledger.AllProblems.Single().Items);
        Assert.Equal("学习不够深入\n　(1)看似第一项\n　　(2)看似第二项\n1.普通一行\n(1)第一项\n　(2)仍是第一项\n(2)第二项", cell);

        var back = Read(Written(ledger)).Ledger!.AllProblems.Single();
        Assert.Equal(ledger.AllProblems.Single().Detail, back.Detail);
        Assert.Equal(ledger.AllProblems.Single().Items, back.Items);
        Assert.Equal(ledger.AllProblems.Single().Measures, back.Measures);
    }

    [Fact]
    public void Each_measures_owner_deadline_and_completion_come_back_with_the_measure()
    {
        var ledger = OneProblem(p =>
        {
            p.Measures = ["加强学习\n2.仍是第一条措施", "建立制度", "督促整改到位"];
            p.MeasureDetails = [new("张三", new DateOnly(2024, 3, 31), null), null, new(null, null, new DateOnly(2023, 11, 2))];
        });
        var cell = LedgerCellText.Measures(ledger.AllProblems.Single().Measures, ledger.AllProblems.Single().MeasureDetails);
        Assert.Equal("1.加强学习\n　2.仍是第一条措施【责任人：张三；时限：2024-03-31】\n2.建立制度\n3.督促整改到位【完成：2023-11-02】", cell);

        var back = Read(Written(ledger)).Ledger!.AllProblems.Single();
        Assert.Equal(ledger.AllProblems.Single().Measures, back.Measures);
        Assert.Equal(ledger.AllProblems.Single().MeasureDetails, back.MeasureDetails);
        Assert.Equal(Fingerprint(AsWritten(ledger)), Fingerprint(Read(Written(ledger)).Ledger!));
    }

    [Fact]
    public void A_measures_ending_typed_by_hand_reads_as_owner_and_deadline_and_an_ending_that_is_not_one_stays_text()
    {
        var (measures, details) = LedgerCellText.ParseMeasureDetails("1.加强学习【责任人:李四;时限:2024年6月30日】\n2.清理台账【注：见附件】\n3.建立制度【时限：明年】");
        Assert.Equal(["加强学习", "清理台账【注：见附件】", "建立制度【时限：明年】"], measures);
        Assert.Equal([new MeasureDetail("李四", new DateOnly(2024, 6, 30), null), null, null], details!);
        Assert.Null(LedgerCellText.ParseMeasureDetails("1.加强学习\n2.建立制度").Details);
    }

    [Fact]
    public void Hand_typed_cells_read_leniently()
    {
        var rows = GoodRows();
        rows[1] = Row(("序号", "1"), ("问题类别（方面）", " 党的建设方面 "), ("问题描述（具体表现）", "学习不够深入\r\n（1）具体表现一"),
            ("整改措施", "加强学习\n2、建立制度"), ("整改时限", "2023年12月31日"), ("整改类型", "长期解决"),
            ("完成情况（整改状态）", "整改中"), ("预计完成", "2024年3月"), ("问题资金（元）", "1,234.5"));
        var p = Read(Sheet(rows)).Ledger!.AllProblems.Single();

        Assert.Equal(["具体表现一"], p.Items!);
        Assert.Equal(["加强学习", "建立制度"], p.Measures);
        Assert.Equal(new DateOnly(2023, 12, 31), p.Deadline);
        Assert.Equal("长期坚持", p.Kind);
        Assert.Equal(("in-progress", "整改中"), (p.Status, p.StatusText));
        Assert.Equal(new YearMonth(2024, 3), p.ExpectedCompletion);
        Assert.Equal(1234.5m, p.AmountInvolved);
    }

    [Fact]
    public void What_Excel_makes_of_typed_values_reads_as_meant()
    {
        var ledger = OneProblem(p => { p.ResponsiblePerson = "张三"; p.Deadline = new DateOnly(2023, 6, 30); });
        using var file = new MemoryStream();
        file.Write(Written(ledger));
        using (var package = SpreadsheetDocument.Open(file, isEditable: true))
        {
            var cells = package.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Single(r => r.RowIndex! == 3).Elements<Cell>().ToList();
            var date = cells[(int)LedgerColumn.Deadline].StyleIndex;
            // Typing "2023-12" makes a date, 1 December 2023; typing 12345 makes a number.
            cells[(int)LedgerColumn.Expected].DataType = null;
            cells[(int)LedgerColumn.Expected].CellValue = new CellValue("45261");
            cells[(int)LedgerColumn.Expected].StyleIndex = date;
            cells[(int)LedgerColumn.Person].DataType = null;
            cells[(int)LedgerColumn.Person].CellValue = new CellValue("12345");
            cells[(int)LedgerColumn.Deadline].CellValue = new CellValue("45291");
        }
        var back = Read(file.ToArray()).Ledger!.AllProblems.Single();

        Assert.Equal(new YearMonth(2023, 12), back.ExpectedCompletion);
        Assert.Equal("12345", back.ResponsiblePerson);
        Assert.Equal(new DateOnly(2023, 12, 31), back.Deadline);
    }

    [Fact]
    public void Dates_of_a_1904_workbook_read_right()
    {
        using var file = new MemoryStream();
        file.Write(Written(OneProblem(p => p.Deadline = new DateOnly(2023, 12, 31))));
        using (var package = SpreadsheetDocument.Open(file, isEditable: true))
        {
            var book = package.WorkbookPart!;
            book.Workbook.PrependChild(new WorkbookProperties { Date1904 = true });
            var deadline = book.WorksheetParts.Single().Worksheet.Descendants<Cell>().Single(c => c.CellReference == "I3");
            deadline.CellValue = new CellValue("43829"); // 45291 in the 1900 system
        }
        Assert.Equal(new DateOnly(2023, 12, 31), Read(file.ToArray()).Ledger!.AllProblems.Single().Deadline);
    }

    [Fact]
    public void Skips_total_rows_and_notes_outside_the_ledger_columns()
    {
        string?[][] rows = [.. GoodRows(), Row(("序号", "合计"), ("问题资金（元）", "100")), [.. Row(), "制表人：张三"]];
        var result = Read(Sheet(rows));
        Assert.True(result.Succeeded, string.Join("; ", result.Errors));
        Assert.Single(result.Ledger!.AllProblems);
    }

    static LedgerDocument OneProblem(Action<ProblemItem> change)
    {
        var p = new ProblemItem { Ordinal = 1, Title = "学习不够深入", Status = "completed", StatusText = "已完成整改" };
        change(p);
        return new LedgerDocument { Categories = [new CategoryItem { Ordinal = 1, Title = "党的建设方面", Problems = [p] }] };
    }
}
