using System.Globalization;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Core.Excel;

/// <summary>
/// A cell as the reader needs it: its text, plus the number or date behind it when it holds one.
/// For a number <see cref="Text"/> is the stored value exactly, so amounts come back as written.
/// </summary>
readonly record struct SheetCell(string Text, DateOnly? Date = null, bool IsNumber = false);

/// <summary>A non-empty row of a sheet by its Excel row number; cells by column index from 0.</summary>
sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells)
{
    public string Text(int column) => Cells.TryGetValue(column, out var c) ? c.Text : "";
    public bool IsEmpty => Cells.Values.All(c => string.IsNullOrWhiteSpace(c.Text));
}

static partial class SheetCells
{
    /// <summary>Every row with something in it; files written by other tools may leave out row and cell references.</summary>
    public static List<SheetRow> Rows(WorkbookPart book, WorksheetPart sheet)
    {
        var strings = book.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>().Select(ItemText).ToList() ?? [];
        var dateStyles = DateStyles(book.WorkbookStylesPart?.Stylesheet);
        // Workbooks from old Mac Excel count days from 1904.
        var epochShift = book.Workbook?.WorkbookProperties?.Date1904?.Value == true ? 1462 : 0;
        var rows = new List<SheetRow>();
        var rowNumber = 0;
        foreach (var row in sheet.Worksheet?.Descendants<Row>() ?? [])
        {
            rowNumber = row.RowIndex?.Value is { } r ? (int)r : rowNumber + 1;
            var cells = new Dictionary<int, SheetCell>();
            var column = -1;
            foreach (var cell in row.Elements<Cell>())
            {
                column = cell.CellReference?.Value is { } reference ? ColumnIndex(reference) : column + 1;
                cells[column] = Read(cell, strings, dateStyles, epochShift);
            }
            var sheetRow = new SheetRow(rowNumber, cells);
            if (!sheetRow.IsEmpty) rows.Add(sheetRow);
        }
        return rows;
    }

    static SheetCell Read(Cell cell, List<string> strings, HashSet<uint> dateStyles, int epochShift)
    {
        var raw = cell.CellValue?.Text ?? "";
        var type = cell.DataType?.Value;
        if (type == CellValues.SharedString)
            return new(int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < strings.Count ? strings[i] : "");
        if (type == CellValues.InlineString)
            return new(cell.InlineString is { } inline ? (inline.Text?.Text ?? string.Concat(inline.Elements<Run>().Select(r => r.Text?.Text))) : "");
        if (type == CellValues.String || type == CellValues.Error) return new(raw);
        if (type == CellValues.Boolean) return new(raw == "1" ? "TRUE" : "FALSE");
        if (type == CellValues.Date)
            return DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso) ? new(raw, DateOnly.FromDateTime(iso)) : new(raw);
        if (raw.Length == 0) return new("");
        if (cell.StyleIndex?.Value is { } style && dateStyles.Contains(style)
            && double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2958466)
        {
            var date = DateOnly.FromDateTime(DateTime.FromOADate(serial + epochShift));
            return new(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), date, IsNumber: true);
        }
        return new(raw, IsNumber: true);
    }

    /// <summary>Rich text and plain text alike; phonetic runs are not part of the text.</summary>
    static string ItemText(SharedStringItem item) =>
        item.Text?.Text ?? string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    /// <summary>The cell styles that show a number as a date, so that a deadline typed in Excel reads as a date.</summary>
    static HashSet<uint> DateStyles(Stylesheet? styles)
    {
        var result = new HashSet<uint>();
        if (styles?.CellFormats is null) return result;
        var custom = styles.NumberingFormats?.Elements<NumberingFormat>()
            .Where(f => f.NumberFormatId?.Value is not null)
            .ToDictionary(f => f.NumberFormatId!.Value, f => f.FormatCode?.Value ?? "") ?? [];
        uint index = 0;
        foreach (var format in styles.CellFormats.Elements<CellFormat>())
        {
            var id = format.NumberFormatId?.Value ?? 0;
            if (IsBuiltInDate(id) || (custom.TryGetValue(id, out var code) && LooksLikeDate(code))) result.Add(index);
            index++;
        }
        return result;
    }

    // Built-in date formats, including those Chinese Excel uses ("yyyy年m月d日" is 31, for one).
    static bool IsBuiltInDate(uint id) => id is (>= 14 and <= 17) or 22 or (>= 27 and <= 36) or (>= 50 and <= 58);

    static bool LooksLikeDate(string code)
    {
        var bare = QuotedOrBracketed().Replace(code, "");
        return bare.Contains('y', StringComparison.OrdinalIgnoreCase) || bare.Contains('d', StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>"C12" → 2 (0-based).</summary>
    public static int ColumnIndex(string reference)
    {
        var n = 0;
        foreach (var ch in reference.ToUpperInvariant())
        {
            if (ch is < 'A' or > 'Z') break;
            n = n * 26 + (ch - 'A' + 1);
        }
        return n - 1;
    }

    [GeneratedRegex("\"[^\"]*\"|\\[[^\\]]*\\]|\\\\.")]
    private static partial Regex QuotedOrBracketed();
}
