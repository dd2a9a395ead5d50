using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Supervision;

namespace Rectify.Core.Excel;

/// <summary>
/// The ledger (整改台账) as an Excel workbook: one sheet, a title row, a header row, one row per
/// problem. What <see cref="Write"/> produces, <see cref="Read"/> takes back with every problem
/// field unchanged, except what one cell cannot tell apart:
/// a stated status with no written form comes back written in its usual words ("正在推进");
/// a written status that contradicts the code is written as the code's words;
/// 整改类型 comes back in its Chinese word ("immediate", "长期解决" → "立行立改", "长期坚持");
/// empty text and an empty item list come back absent; a problem title is one line.
/// Not in the sheet at all: the notice's metadata, counts claimed, outcomes, findings, and a
/// problem's NotFeasibleReason; categories are renumbered 1..n in order and empty ones dropped.
/// </summary>
public static class LedgerWorkbook
{
    public const string SheetName = "整改台账";
    /// <summary>Excel refuses longer cell text.</summary>
    public const int MaxCellText = 32767;

    public static string TitleOf(string organisation, DateOnly asOf) =>
        $"{organisation}巡察整改台账（截至{asOf.Year}年{asOf.Month}月{asOf.Day}日）";

    /// <param name="limits">What the workbook may expand to; <see cref="ArchiveLimits.Default"/> unless given.</param>
    public static LedgerImportResult Read(Stream input, ArchiveLimits? limits = null) => LedgerReader.Read(input, limits);

    /// <summary>
    /// The hidden workbook name holding the id of the inspection the ledger was exported from: an office that
    /// edits the workbook in Excel or WPS keeps it without seeing it, and the import matches the rows to that ledger.
    /// </summary>
    public const string InspectionName = "Rectify_InspectionId";

    /// <summary>The second sheet's name: the bucket counts and the problems with a light, on the export's date.</summary>
    public const string SummarySheetName = "统计与预警";

    /// <summary>Writes the ledger; refuses (<see cref="DomainException"/>) a ledger that <see cref="LedgerJson.Validate"/> refuses.</summary>
    /// <param name="lights">Each problem's light on <paramref name="asOf"/> by ordinal (the one light rule, computed by the caller, which knows the thresholds); with it a second sheet gives the counts and the lights.</param>
    /// <param name="inspectionId">The inspection the ledger is of, kept in a hidden name so that the workbook imported back goes to it (<see cref="InspectionName"/>).</param>
    /// <remarks>
    /// Streamed: each sheet is written row by row (<see cref="XlsxStream"/>), its zip entries straight
    /// to <paramref name="output"/>; text is written in its cell (inline), not gathered into a shared table first. So what is held is one row, whatever the
    /// number of rows (issue 21: a round's export with bounded memory). <paramref name="output"/> must be
    /// seekable (a file, a MemoryStream): the web layer writes to a temporary file and sends that.
    /// </remarks>
    public static void Write(LedgerDocument ledger, string organisation, DateOnly asOf, Stream output, IReadOnlyDictionary<int, (WarningLight Light, int? DaysLeft)>? lights = null, int? inspectionId = null)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ArgumentNullException.ThrowIfNull(organisation);
        ArgumentNullException.ThrowIfNull(output);
        LedgerJson.Validate(ledger);
        // Refused before the first byte is written, so that a refusal leaves no half file behind.
        foreach (var c in ledger.Categories) foreach (var p in c.Problems) ProblemRow(0, c, p);

        using var xlsx = new XlsxStream(output);
        var lastColumn = ColumnName(LedgerColumns.All.Count - 1);
        var lastRow = 2 + ledger.Categories.Sum(c => c.Problems.Count);
        xlsx.Sheet(SheetName, writer =>
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteElement(new SheetProperties(new PageSetupProperties { FitToPage = true }));
            writer.WriteElement(new SheetDimension { Reference = $"A1:{lastColumn}{lastRow}" });
            writer.WriteElement(new SheetViews(FrozenBelowHeader()));
            writer.WriteElement(new SheetFormatProperties { DefaultRowHeight = 14.25 });
            writer.WriteElement(Columns());
            writer.WriteStartElement(new SheetData());
            writer.WriteElement(TitleRow(TitleOf(organisation, asOf)));
            writer.WriteElement(HeaderRow());
            uint row = 3;
            foreach (var category in ledger.Categories)
                foreach (var problem in category.Problems)
                    writer.WriteElement(ProblemRow(row++, category, problem));
            writer.WriteEndElement();
            writer.WriteElement(new MergeCells(new MergeCell { Reference = $"A1:{lastColumn}1" }) { Count = 1 });
            writer.WriteElement(Dropdowns());
            writer.WriteElement(new PrintOptions { HorizontalCentered = true });
            writer.WriteElement(new PageMargins { Left = 0.4, Right = 0.4, Top = 0.6, Bottom = 0.6, Header = 0.3, Footer = 0.3 });
            // A4 landscape, all columns on one page width, as many pages down as needed.
            writer.WriteElement(new PageSetup { PaperSize = 9, Orientation = OrientationValues.Landscape, FitToWidth = 1, FitToHeight = 0 });
            writer.WriteElement(new HeaderFooter(new OddFooter("&C第 &P 页，共 &N 页")));
            writer.WriteEndElement();
        });
        // A sheet of its own, so that the ledger sheet stays the one LedgerReader takes back.
        if (lights is not null) xlsx.Sheet(SummarySheetName, writer => SummarySheet(writer, ledger, asOf, lights));
        // The header row repeats on every printed page.
        var names = new DefinedNames(new DefinedName { Name = "_xlnm.Print_Titles", LocalSheetId = 0, Text = $"'{SheetName}'!$2:$2" });
        if (inspectionId is { } id)
            names.Append(new DefinedName { Name = InspectionName, Hidden = true, Text = id.ToString(CultureInfo.InvariantCulture) });
        xlsx.Finish(LedgerStyles.Create(), names);
    }

    /// <summary>
    /// The counts per bucket (StatusCounts, the same as the ledger's chips), the completion rate and the
    /// count per light, then each problem with a light: ordinal, title, light, days left.
    /// </summary>
    static void SummarySheet(OpenXmlWriter writer, LedgerDocument ledger, DateOnly asOf, IReadOnlyDictionary<int, (WarningLight Light, int? DaysLeft)> lights)
    {
        var counts = ledger.Counts;
        writer.WriteStartElement(new Worksheet());
        writer.WriteElement(new Columns(
            new Column { Min = 1, Max = 1, Width = 28, CustomWidth = true },
            new Column { Min = 2, Max = 2, Width = 60, CustomWidth = true },
            new Column { Min = 3, Max = 4, Width = 12, CustomWidth = true }));
        writer.WriteStartElement(new SheetData());
        uint r = 0;
        void Add(string label, string? value, bool number = true, string? third = null, string? fourth = null)
        {
            r++;
            var row = new Row { RowIndex = r };
            row.Append(TextCell("A" + r, label, LedgerStyles.Text));
            row.Append(number ? NumberCell("B" + r, value, LedgerStyles.Centered) : TextCell("B" + r, value, LedgerStyles.Text));
            if (third is not null) row.Append(TextCell("C" + r, third, LedgerStyles.Centered));
            if (fourth is not null) row.Append(TextCell("D" + r, fourth, LedgerStyles.Centered));
            writer.WriteElement(row);
        }
        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        Add($"统计与预警（截至{asOf.Year}年{asOf.Month}月{asOf.Day}日）", null, number: false);
        Add("分类", "问题数", number: false);
        foreach (var b in StatusBuckets.All.Where(b => b != StatusBucket.NotStated || counts.Bucket(b) > 0))
            Add(b.Chinese(), N(counts.Bucket(b)));
        Add("合计", N(counts.Problems));
        Add("完成率（%）", counts.CompletionRate?.ToString("0.#", CultureInfo.InvariantCulture));
        foreach (var l in new[] { WarningLight.Red, WarningLight.Yellow, WarningLight.Green })
            Add(l.Chinese(), N(lights.Values.Count(x => x.Light == l)));
        Add("序号", "问题", number: false, "预警", "剩余天数");
        foreach (var p in ledger.AllProblems.Where(p => lights.TryGetValue(p.Ordinal, out var x) && x.Light != WarningLight.None))
        {
            var (light, left) = lights[p.Ordinal];
            Add(N(p.Ordinal), p.Title, number: false, light.Chinese(), left is { } d ? Warnings.DaysLeftText(d) : "");
        }
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    static Row TitleRow(string title) =>
        new(TextCell("A1", title, LedgerStyles.Title)) { RowIndex = 1, Height = 32, CustomHeight = true };

    static Row HeaderRow() =>
        new(LedgerColumns.All.Select(c => TextCell(Reference(c, 2), c.Header(), LedgerStyles.Header))) { RowIndex = 2 };

    static Row ProblemRow(uint row, CategoryItem category, ProblemItem p)
    {
        Cell Text(LedgerColumn c, string? text, uint style = LedgerStyles.Text)
        {
            if (text?.Length > MaxCellText)
                throw new DomainException($"问题 {p.Ordinal} 的“{c.Header()}”有 {text.Length} 字，超过 Excel 单元格上限 {MaxCellText} 字");
            return TextCell(Reference(c, row), text, style);
        }
        Cell Number(LedgerColumn c, string? value, uint style) => NumberCell(Reference(c, row), value, style);

        var kind = RectificationKinds.FromText(p.Kind);
        return new Row(
            Number(LedgerColumn.Ordinal, p.Ordinal.ToString(CultureInfo.InvariantCulture), LedgerStyles.Centered),
            Text(LedgerColumn.Category, category.Title),
            Text(LedgerColumn.Description, LedgerCellText.Description(p.Title, p.Detail, p.Items)),
            Text(LedgerColumn.Goal, p.Goal),
            Text(LedgerColumn.Measures, p.Measures.Count == 0 ? null : LedgerCellText.Measures(p.Measures, p.MeasureDetails)),
            Text(LedgerColumn.Leader, p.ResponsibleLeader, LedgerStyles.Centered),
            Text(LedgerColumn.Department, p.ResponsibleDepartment, LedgerStyles.Centered),
            Text(LedgerColumn.Person, p.ResponsiblePerson, LedgerStyles.Centered),
            // A real date, so that offices can sort and filter by deadline.
            Number(LedgerColumn.Deadline, p.Deadline?.ToDateTime(TimeOnly.MinValue).ToOADate().ToString(CultureInfo.InvariantCulture), LedgerStyles.Date),
            Text(LedgerColumn.Kind, kind?.Chinese() ?? p.Kind, LedgerStyles.Centered),
            Text(LedgerColumn.Progress, p.Progress),
            Text(LedgerColumn.Status, StatusCell(p), LedgerStyles.Centered),
            // Text, not a date: a month has no day.
            Text(LedgerColumn.Expected, p.ExpectedCompletion?.ToString(), LedgerStyles.Centered),
            Text(LedgerColumn.Closure, p.Closure, LedgerStyles.Centered),
            Text(LedgerColumn.Evidence, p.Evidence),
            Text(LedgerColumn.Remarks, p.Remarks),
            Number(LedgerColumn.AmountInvolved, p.AmountInvolved?.ToString(CultureInfo.InvariantCulture), LedgerStyles.Amount),
            Number(LedgerColumn.AmountRectified, p.AmountRectified?.ToString(CultureInfo.InvariantCulture), LedgerStyles.Amount),
            Text(LedgerColumn.AmountBreakdown, p.Amounts is { Count: > 0 } a ? string.Join("；", a.Select(x => new ProblemAmount(x.Text, x.Yuan))) : null))
        { RowIndex = row };
    }

    /// <summary>
    /// The status as written when it still reads as the status code; otherwise the code's usual
    /// Chinese form, because the code is what every count is made of. 暂不具备整改条件 carries its reason in
    /// brackets after the words, as the notice writes it, so that the reason comes back (<see cref="SplitReason"/>).
    /// </summary>
    public static string StatusCell(ProblemItem p)
    {
        var status = Statuses.ParseCode(p.Status);
        var words = status.Wording(p.StatusText);
        var reason = p.NotFeasibleReason?.Trim();
        return status == RectificationStatus.NotFeasible && !string.IsNullOrEmpty(reason) ? SplitReason(words).Words + "（" + reason + "）" : words;
    }

    /// <summary>A 暂不具备整改条件 cell's words and the reason in its closing brackets, if any.</summary>
    public static (string Words, string? Reason) SplitReason(string cell)
    {
        var t = cell.Trim();
        var open = t.LastIndexOf('（');
        if (!t.EndsWith('）') || open <= 0) return (t, null);
        var reason = t[(open + 1)..^1].Trim();
        return reason.Length == 0 ? (t, null) : (t[..open].TrimEnd(), reason);
    }

    // ySplit (VerticalSplit in the SDK) of 2 rows: the title and the header stay in view.
    /// <summary>Rows an office may add below the problems still get the dropdowns.</summary>
    const int DropdownRows = 2000;

    /// <summary>
    /// 整改类型 offers its three words and takes nothing else; 完成情况 offers the usual status
    /// words but takes any text, because the status as written is kept verbatim.
    /// </summary>
    static DataValidations Dropdowns()
    {
        DataValidation List(LedgerColumn c, IEnumerable<string> words, bool strict)
        {
            var column = ColumnName((int)c);
            return new DataValidation(new Formula1($"\"{string.Join(',', words)}\""))
            {
                Type = DataValidationValues.List, AllowBlank = true, ShowInputMessage = true, ShowErrorMessage = strict,
                ErrorTitle = strict ? c.Header() : null, Error = strict ? $"请从下拉列表中选择{c.Header()}" : null,
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{column}3:{column}{DropdownRows}" },
            };
        }
        return new DataValidations(
            List(LedgerColumn.Kind, Enum.GetValues<RectificationKind>().Select(k => k.Chinese()), strict: true),
            List(LedgerColumn.Status, Statuses.All.Reverse().Select(s => s.Chinese()), strict: false)) { Count = 2 };
    }

    static SheetView FrozenBelowHeader() => new(
        new Pane { VerticalSplit = 2, TopLeftCell = "A3", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
        new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A3", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A3" } })
    { WorkbookViewId = 0 };

    static Columns Columns() => new(LedgerColumns.All.Select((c, i) =>
        new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = c.Width(), CustomWidth = true }));

    /// <summary>Text in the cell itself (inline), so that nothing is gathered across rows.</summary>
    internal static Cell TextCell(string reference, string? text, uint? style)
    {
        var cell = new Cell { CellReference = reference };
        if (style is { } s) cell.StyleIndex = s;
        if (!string.IsNullOrEmpty(text))
        {
            cell.DataType = CellValues.InlineString;
            // Preserve, so that leading spaces and line breaks survive.
            cell.InlineString = new InlineString(new Text(XmlSafe(text)) { Space = SpaceProcessingModeValues.Preserve });
        }
        return cell;
    }

    /// <summary>XML cannot hold control characters other than tab and line breaks; they are dropped.</summary>
    static string XmlSafe(string s) =>
        s.Any(ch => char.IsControl(ch) && ch is not ('\t' or '\n' or '\r'))
            ? new string(s.Where(ch => !char.IsControl(ch) || ch is '\t' or '\n' or '\r').ToArray())
            : s;

    static Cell NumberCell(string reference, string? value, uint style)
    {
        var cell = new Cell { CellReference = reference, StyleIndex = style };
        if (value is not null) cell.CellValue = new CellValue(value);
        return cell;
    }

    static string Reference(LedgerColumn c, uint row) => ColumnName((int)c) + row.ToString(CultureInfo.InvariantCulture);

    /// <summary>0 → "A", 25 → "Z", 26 → "AA".</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}
