using System.Text.Json;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Excel;

/// <summary>Ledgers to write and sheets to read, for the Excel tests.</summary>
static class LedgerSamples
{
    public static LedgerDocument Demo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rectify.slnx"))) dir = dir.Parent;
        Assert.NotNull(dir);
        return LedgerJson.Read(File.ReadAllText(Path.Combine(dir.FullName, "src", "Rectify", "Demo", "chengbei-2023-09-08.json")));
    }

    public static byte[] Written(LedgerDocument ledger, string organisation = "城北镇党委", DateOnly? asOf = null)
    {
        using var output = new MemoryStream();
        LedgerWorkbook.Write(ledger, organisation, asOf ?? new DateOnly(2023, 9, 8), output);
        return output.ToArray();
    }

    public static LedgerImportResult Read(byte[] bytes) => LedgerWorkbook.Read(new MemoryStream(bytes));

    /// <summary>Every field of a problem with its category, as JSON, so that a failed comparison shows the difference.</summary>
    public static List<string> Fingerprint(LedgerDocument ledger) =>
        ledger.Categories.SelectMany(c => c.Problems.Select(p =>
            JsonSerializer.Serialize(new { category = c.Ordinal + " " + c.Title, problem = p }, LedgerJson.Options))).ToList();

    /// <summary>
    /// The one thing a round trip fills in: a stated status without a written form comes back
    /// written in its usual Chinese form, because that is what the cell shows.
    /// </summary>
    public static LedgerDocument AsWritten(LedgerDocument ledger)
    {
        var copy = LedgerJson.Read(LedgerJson.Write(ledger));
        foreach (var p in copy.AllProblems)
            p.StatusText = Statuses.ParseCode(p.Status).Wording(p.StatusText) is var shown && shown != RectificationStatus.NotStated.Chinese() ? shown : null;
        return copy;
    }

    /// <summary>A sheet with the given rows, as a hand-made file would be: inline strings, no styles.</summary>
    public static byte[] Sheet(params string?[][] rows) => Sheet("Sheet1", rows);

    public static byte[] Sheet(string name, string?[][] rows)
    {
        using var output = new MemoryStream();
        using (var package = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook))
        {
            var book = package.AddWorkbookPart();
            book.Workbook = new Workbook();
            var part = book.AddNewPart<WorksheetPart>();
            var data = new SheetData();
            for (var r = 0; r < rows.Length; r++)
            {
                var row = new Row { RowIndex = (uint)r + 1 };
                for (var c = 0; c < rows[r].Length; c++)
                    if (rows[r][c] is { } text)
                        row.Append(new Cell
                        {
                            CellReference = LedgerWorkbook.ColumnName(c) + (r + 1),
                            DataType = CellValues.InlineString,
                            InlineString = new InlineString(new Text(text) { Space = SpaceProcessingModeValues.Preserve }),
                        });
                data.Append(row);
            }
            part.Worksheet = new Worksheet(data);
            book.Workbook.Append(new Sheets(new Sheet { Name = name, SheetId = 1, Id = book.GetIdOfPart(part) }));
        }
        return output.ToArray();
    }

    public static readonly string[] Headers = LedgerColumns.All.Select(c => c.Header()).ToArray();

    /// <summary>A header row and one good problem row; tests spoil one cell at a time.</summary>
    public static string?[][] GoodRows() =>
    [
        Headers,
        Row(("序号", "1"), ("问题类别（方面）", "党的建设方面"), ("问题描述（具体表现）", "学习不够深入"), ("完成情况（整改状态）", "已完成整改")),
    ];

    public static string?[] Row(params (string Header, string? Text)[] cells)
    {
        var row = new string?[Headers.Length];
        foreach (var (header, text) in cells) row[Array.IndexOf(Headers, header)] = text;
        return row;
    }
}
