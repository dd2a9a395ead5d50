using System.IO.Packaging;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core.Excel;

namespace Rectify.Core.Import;

/// <summary>
/// A notice kept as a spreadsheet: a title row or two, then the problems as a table (<see cref="ProblemTable"/>).
/// The first sheet holding a problem table is read; merged cells cover what they span. A workbook
/// without one is refused, pointing to the ledger import for the app's own ledger sheets.
/// </summary>
internal static class XlsxNotice
{
    public static string Text(byte[] content, string name)
    {
        try
        {
            using var package = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), isEditable: false);
            var book = package.WorkbookPart;
            foreach (var sheet in book?.Workbook?.Sheets?.Elements<Sheet>() ?? [])
            {
                if (sheet.Id?.Value is not { } id || !book!.TryGetPartById(id, out var part) || part is not WorksheetPart worksheet) continue;
                if (ProblemTable.Lines(Grid(book, worksheet)) is { } lines) return string.Join("\n", lines);
            }
        }
        // As for a .docx: a damaged package fails in many ways, and only while it is read.
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or System.Xml.XmlException
                                      or InvalidOperationException or UriFormatException or ArgumentException or FormatException or NotSupportedException)
        {
            throw new ImportRefusedException($"{name}是电子表格（.xlsx）但无法读取（文件可能已损坏）");
        }
        throw new ImportRefusedException($"{name}是电子表格（.xlsx），其中没有以“问题”“整改措施”“整改情况”等为表头的问题表；本系统导出的台账请用台账导入");
    }

    /// <summary>The sheet's non-empty rows, each spread to its full width, merged ranges covering their places.</summary>
    static List<IReadOnlyList<GridCell>> Grid(WorkbookPart book, WorksheetPart sheet)
    {
        var rows = SheetCells.Rows(book, sheet);
        var width = rows.Count == 0 ? 0 : Math.Min(rows.Max(r => r.Cells.Keys.DefaultIfEmpty(-1).Max()) + 1, 64);
        var indexOf = rows.Select((r, i) => (r.Number, i)).ToDictionary(x => x.Number, x => x.i);
        var grid = rows.Select((r, i) => (IReadOnlyList<GridCell>)Enumerable.Range(0, width)
            .Select(c => new GridCell(r.Text(c).Replace("\r\n", "\n"), i, c)).ToArray()).ToList();
        foreach (var merge in sheet.Worksheet?.Elements<MergeCells>().SelectMany(m => m.Elements<MergeCell>()) ?? [])
        {
            if (merge.Reference?.Value?.Split(':') is not [var from, var to]) continue;
            var (r1, c1, r2, c2) = (RowOf(from), SheetCells.ColumnIndex(from), RowOf(to), SheetCells.ColumnIndex(to));
            if (!indexOf.TryGetValue(r1, out var origin) || c1 < 0 || c1 >= width) continue;
            var cell = grid[origin][c1];
            // Over the rows there are, not over the range: a range may claim a million rows.
            for (var at = origin; at < rows.Count && rows[at].Number <= r2; at++)
            {
                var row = (GridCell[])grid[at];
                for (var c = c1; c <= Math.Min(c2, width - 1); c++) row[c] = cell;
            }
        }
        return grid;
    }

    static int RowOf(string reference) =>
        int.TryParse(new string(reference.Where(char.IsAsciiDigit).ToArray()), out var n) ? n : -1;
}
