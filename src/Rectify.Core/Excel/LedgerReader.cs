using System.Globalization;
using System.IO.Packaging;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Core.Excel;

/// <summary>Reads a ledger sheet back; collects every error it finds and returns a ledger only when there are none.</summary>
static partial class LedgerReader
{
    /// <summary>The header is looked for among this many rows at the top (a title row, maybe a note, then the header).</summary>
    const int HeaderSearchRows = 10;

    public static LedgerImportResult Read(Stream input, ArchiveLimits? limits = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var bytes = ReadAll(input);
        if (NotAWorkbook(bytes) is { } why) return LedgerImportResult.Failure(why);
        // Before the package expands a part: a bomb is refused here, within its limits.
        try { ArchiveGuard.Check(bytes, "Excel 文件", limits); }
        catch (ImportRefusedException e) { return LedgerImportResult.Failure(e.Message); }

        try
        {
            using var package = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), isEditable: false);
            var book = package.WorkbookPart;
            if (book is null) return LedgerImportResult.Failure("文件不是有效的 Excel 工作簿（.xlsx）：其中没有工作簿");
            var sheets = book.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
            WorksheetPart? Part(Sheet s) => s.Id?.Value is { } id && book.TryGetPartById(id, out var part) ? part as WorksheetPart : null;
            var sheet = sheets.Where(s => s.Name?.Value == LedgerWorkbook.SheetName).Select(Part).FirstOrDefault(p => p is not null)
                ?? sheets.Select(Part).FirstOrDefault(p => p is not null);
            if (sheet is null) return LedgerImportResult.Failure("工作簿中没有工作表");
            var result = ReadSheet(SheetCells.Rows(book, sheet));
            if (result.Succeeded) result.InspectionId = ExportedFrom(book);
            return result;
        }
        // The package is read lazily, so a Word file or a broken part shows up only while reading.
        // Found by fuzzing: a damaged package also fails with these (a relationship to a missing part, a bad URI…).
        catch (Exception e) when (e is OpenXmlPackageException or InvalidDataException or FileFormatException or IOException or System.Xml.XmlException
                                      or InvalidOperationException or UriFormatException or ArgumentException or FormatException or NotSupportedException)
        {
            return LedgerImportResult.Failure($"文件不是有效的 Excel 工作簿（.xlsx），无法读取：{e.Message}");
        }
    }

    static LedgerImportResult ReadSheet(List<SheetRow> rows)
    {
        var headerAt = rows.Take(HeaderSearchRows).ToList()
            .FindIndex(r => r.Cells.Values.Any(c => LedgerColumns.FromHeader(c.Text) == LedgerColumn.Ordinal));
        if (headerAt < 0)
            return LedgerImportResult.Failure(LedgerColumns.Required
                .Select(c => new LedgerImportError(null, c.Header(), $"缺少必需的列“{c.Header()}”：前{HeaderSearchRows}行中找不到表头行"))
                .ToList());

        var header = rows[headerAt];
        var errors = new List<LedgerImportError>();
        var columns = new Dictionary<LedgerColumn, int>();
        foreach (var (index, cell) in header.Cells.OrderBy(c => c.Key))
        {
            if (LedgerColumns.FromHeader(cell.Text) is not { } column) continue; // extra columns are the office's own
            if (!columns.TryAdd(column, index))
                errors.Add(new(header.Number, column.Header(), $"列“{column.Header()}”出现了两次（{LedgerWorkbook.ColumnName(columns[column])}列和{LedgerWorkbook.ColumnName(index)}列）"));
        }
        foreach (var missing in LedgerColumns.Required.Where(c => !columns.ContainsKey(c)))
            errors.Add(new(header.Number, missing.Header(), $"缺少必需的列“{missing.Header()}”"));
        if (errors.Count > 0) return LedgerImportResult.Failure(errors);

        var categories = new List<CategoryItem>();
        var ordinals = new Dictionary<int, int>();
        foreach (var row in rows.Skip(headerAt + 1))
        {
            // Notes in the office's own columns and a 合计 row are not problems.
            if (columns.Values.All(i => string.IsNullOrWhiteSpace(row.Text(i)))) continue;
            if (IsTotal(row.Text(columns[LedgerColumn.Ordinal]))) continue;
            var fields = new RowFields(row, columns, errors);
            var (categoryTitle, problem, ok) = fields.Problem();
            if (problem.Ordinal > 0 && !ordinals.TryAdd(problem.Ordinal, row.Number))
            {
                fields.Error(LedgerColumn.Ordinal, $"序号 {problem.Ordinal} 与第{ordinals[problem.Ordinal]}行重复");
                continue;
            }
            if (!ok) continue;
            // Categories in order of first appearance.
            var category = categories.Find(c => c.Title == categoryTitle);
            if (category is null)
                categories.Add(category = new CategoryItem { Ordinal = categories.Count + 1, Title = categoryTitle });
            category.Problems.Add(problem);
        }
        if (errors.Count > 0)
            return LedgerImportResult.Failure(errors.OrderBy(e => e.Row).ThenBy(e => LedgerColumns.All.FirstOrDefault(c => c.Header() == e.Column)).ToList());

        var title = headerAt > 0 ? rows[0].Cells.OrderBy(c => c.Key).Select(c => c.Value.Text.Trim()).FirstOrDefault(t => t.Length > 0) : null;
        var (organisation, asOf) = ParseTitle(title);
        var ledger = new LedgerDocument { Title = title, Categories = categories }.WithComputedCounts();
        return LedgerImportResult.Success(ledger, organisation, asOf);
    }

    /// <summary>The id <see cref="LedgerWorkbook.Write"/> kept in its hidden name; null when absent or not a number (a hand-made sheet).</summary>
    static int? ExportedFrom(WorkbookPart book)
    {
        var text = book.Workbook?.DefinedNames?.Elements<DefinedName>().FirstOrDefault(n => n.Name?.Value == LedgerWorkbook.InspectionName)?.Text;
        return int.TryParse(text?.Trim().TrimStart('='), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    static bool IsTotal(string ordinal) =>
        new string(ordinal.Where(ch => !char.IsWhiteSpace(ch)).ToArray()) is "合计" or "总计" or "小计";

    /// <summary>"{organisation}巡察整改台账(截至2023年9月8日)" as written by <see cref="LedgerWorkbook.TitleOf"/>.</summary>
    static (string? Organisation, DateOnly? AsOf) ParseTitle(string? title)
    {
        var m = title is null ? Match.Empty : TitlePattern().Match(title);
        if (!m.Success) return (null, null);
        int N(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        DateOnly? asOf = DateOnly.TryParseExact($"{N(2):D4}-{N(3):D2}-{N(4):D2}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        return (m.Groups[1].Value.Length > 0 ? m.Groups[1].Value : null, asOf);
    }

    static byte[] ReadAll(Stream input)
    {
        using var copy = new MemoryStream();
        input.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Says what a file is when it is plainly not an .xlsx, so that the office knows what to do instead.</summary>
    static string? NotAWorkbook(byte[] bytes)
    {
        if (bytes.Length == 0) return "文件是空的，不是 Excel 工作簿（.xlsx）";
        if (bytes.Length >= 8 && bytes[0] == 0xD0 && bytes[1] == 0xCF && bytes[2] == 0x11 && bytes[3] == 0xE0)
            return "这是旧版 Excel（.xls）或其他 Office 97-2003 文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入";
        if (bytes.Length < 4 || bytes[0] != 'P' || bytes[1] != 'K')
            return LooksLikeText(bytes)
                ? "这是文本文件（如 .csv 或 .txt），不是 Excel 工作簿（.xlsx）；请在 Excel 或 WPS 中打开后另存为 .xlsx 再导入"
                : "文件不是 Excel 工作簿（.xlsx）";
        return null;
    }

    static bool LooksLikeText(byte[] bytes)
    {
        // Text in any of the usual encodings (UTF-8, GB18030) has no control bytes but tab and line breaks.
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 512)))
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) return false;
        return true;
    }

    [GeneratedRegex(@"^(.*?)巡察整改台账[(（]截至(\d{4})年(\d{1,2})月(\d{1,2})日[)）]$")]
    private static partial Regex TitlePattern();
}
