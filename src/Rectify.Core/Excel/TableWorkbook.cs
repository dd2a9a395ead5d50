using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Core.Excel;

/// <summary>One sheet of a plain table: a header row, then one row per item; a cell is text or a number.</summary>
public sealed record TableSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows);

/// <summary>
/// Figures as a workbook of plain tables (the overview's export), with the same library as the ledger
/// (docs/decisions/0009-one-excel-library.md): every number a number, so offices can sum and sort.
/// </summary>
public static class TableWorkbook
{
    public static byte[] Write(IReadOnlyList<TableSheet> sheets)
    {
        using var buffer = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var book = package.AddWorkbookPart();
            book.Workbook = new Workbook();
            var strings = new LedgerWorkbook.SharedStrings(book.AddNewPart<SharedStringTablePart>());
            var list = new Sheets();
            uint id = 1;
            foreach (var sheet in sheets)
            {
                var part = book.AddNewPart<WorksheetPart>();
                var data = new SheetData(Row(1, sheet.Headers, strings));
                uint row = 2;
                foreach (var values in sheet.Rows) data.Append(Row(row++, values, strings));
                part.Worksheet = new Worksheet(data);
                list.Append(new Sheet { Name = sheet.Name, SheetId = id++, Id = book.GetIdOfPart(part) });
            }
            book.Workbook.Append(list);
            strings.Save();
        }
        return buffer.ToArray();
    }

    static Row Row(uint row, IEnumerable<object?> values, LedgerWorkbook.SharedStrings strings) =>
        new(values.Select((v, column) => Cell(LedgerWorkbook.ColumnName(column) + row.ToString(CultureInfo.InvariantCulture), v, strings))) { RowIndex = row };

    static Cell Cell(string reference, object? value, LedgerWorkbook.SharedStrings strings) => value switch
    {
        null => new Cell { CellReference = reference },
        int or long or double or decimal => new Cell
        {
            CellReference = reference,
            CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        },
        _ => new Cell
        {
            CellReference = reference,
            DataType = CellValues.SharedString,
            CellValue = new CellValue(strings.Index(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "").ToString(CultureInfo.InvariantCulture)),
        },
    };
}
