using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Rectify.Core.Excel;

/// <summary>One sheet of a plain table: a header row, then one row per item; a cell is text or a number.</summary>
public sealed record TableSheet(string Name, IReadOnlyList<string> Headers, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>
/// Figures as a workbook of plain tables (the overview's export), with the same library as the ledger
/// (docs/decisions/0009-one-excel-library.md): every number a number, so offices can sum and sort.
/// Streamed as the ledger is (<see cref="LedgerWorkbook.Write"/>): one row held at a time.
/// </summary>
public static class TableWorkbook
{
    public static byte[] Write(IReadOnlyList<TableSheet> sheets)
    {
        using var buffer = new MemoryStream();
        Write(sheets, buffer);
        return buffer.ToArray();
    }

    /// <param name="output">Seekable (a file, a MemoryStream).</param>
    public static void Write(IReadOnlyList<TableSheet> sheets, Stream output)
    {
        using var xlsx = new XlsxStream(output);
        foreach (var sheet in sheets)
            xlsx.Sheet(sheet.Name, writer =>
            {
                writer.WriteStartElement(new Worksheet());
                writer.WriteStartElement(new SheetData());
                writer.WriteElement(Row(1, sheet.Headers));
                uint row = 2;
                foreach (var values in sheet.Rows) writer.WriteElement(Row(row++, values));
                writer.WriteEndElement();
                writer.WriteEndElement();
            });
        xlsx.Finish(null);
    }

    static Row Row(uint row, IEnumerable<object?> values) =>
        new(values.Select((v, column) => Cell(LedgerWorkbook.ColumnName(column) + row.ToString(CultureInfo.InvariantCulture), v))) { RowIndex = row };

    static Cell Cell(string reference, object? value) => value switch
    {
        null => new Cell { CellReference = reference },
        int or long or double or decimal => new Cell
        {
            CellReference = reference,
            CellValue = new CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!),
        },
        _ => LedgerWorkbook.TextCell(reference, Convert.ToString(value, CultureInfo.InvariantCulture) ?? "", null),
    };
}
