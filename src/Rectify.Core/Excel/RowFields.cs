using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Core.Excel;

/// <summary>The fields of one sheet row, each parsed once, every problem reported against its row and header.</summary>
sealed partial class RowFields(SheetRow row, IReadOnlyDictionary<LedgerColumn, int> columns, List<LedgerImportError> errors)
{
    bool failed;

    public void Error(LedgerColumn column, string message)
    {
        failed = true;
        errors.Add(new LedgerImportError(row.Number, column.Header(), message));
    }

    /// <summary>The problem on this row; Ok is false when the row has errors (they are in the error list). Ordinal 0 is none.</summary>
    public (string Category, ProblemItem Item, bool Ok) Problem()
    {
        var ordinal = Ordinal();
        var category = Trimmed(LedgerColumn.Category);
        if (category is null) Error(LedgerColumn.Category, "问题类别为空");
        var description = Exact(LedgerColumn.Description);
        if (description is null) Error(LedgerColumn.Description, "问题描述为空");
        var (title, detail, items) = description is null ? ("", null, null) : LedgerCellText.ParseDescription(description);
        if (description is not null && title.Length == 0) Error(LedgerColumn.Description, "问题描述的第一行（问题标题）为空");
        var (status, statusText) = Status();
        string? reason = null;
        if (status == RectificationStatus.NotFeasible && statusText is not null) (statusText, reason) = LedgerWorkbook.SplitReason(statusText);
        var (measures, measureDetails) = LedgerCellText.ParseMeasureDetails(Exact(LedgerColumn.Measures));

        var item = new ProblemItem
        {
            Ordinal = ordinal ?? 0,
            Title = title,
            Detail = detail,
            Items = items,
            Goal = Exact(LedgerColumn.Goal),
            Measures = measures,
            MeasureDetails = measureDetails,
            ResponsibleLeader = Trimmed(LedgerColumn.Leader),
            ResponsibleDepartment = Trimmed(LedgerColumn.Department),
            ResponsiblePerson = Trimmed(LedgerColumn.Person),
            Deadline = Deadline(),
            Kind = Kind(),
            Progress = Exact(LedgerColumn.Progress),
            Status = status.Code(),
            StatusText = statusText,
            NotFeasibleReason = reason,
            ExpectedCompletion = Expected(),
            Closure = Trimmed(LedgerColumn.Closure),
            Evidence = Exact(LedgerColumn.Evidence),
            Remarks = Exact(LedgerColumn.Remarks),
            AmountInvolved = Amount(LedgerColumn.AmountInvolved),
            AmountRectified = Amount(LedgerColumn.AmountRectified),
            Amounts = Breakdown(),
        };
        return (category ?? "", item, !failed);
    }

    SheetCell? Cell(LedgerColumn column) =>
        columns.TryGetValue(column, out var i) && row.Cells.TryGetValue(i, out var cell) && !string.IsNullOrWhiteSpace(cell.Text) ? cell : null;

    /// <summary>Running text kept exactly (leading indents and line breaks are part of it); blank is absent.</summary>
    string? Exact(LedgerColumn column) => Cell(column)?.Text.Replace("\r\n", "\n");

    /// <summary>Names and short labels: surrounding spaces are typing noise.</summary>
    string? Trimmed(LedgerColumn column) => Exact(column)?.Trim();

    int? Ordinal()
    {
        var text = Trimmed(LedgerColumn.Ordinal);
        if (text is null) { Error(LedgerColumn.Ordinal, "序号为空"); return null; }
        // A number cell may hold "3" or "3.0"; both are the integer 3.
        if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == decimal.Truncate(n) && n is >= 1 and <= int.MaxValue)
            return (int)n;
        Error(LedgerColumn.Ordinal, $"序号“{text}”不是正整数");
        return null;
    }

    (RectificationStatus Status, string? Text) Status()
    {
        var text = Trimmed(LedgerColumn.Status);
        if (text is null || text == RectificationStatus.NotStated.Chinese()) return (RectificationStatus.NotStated, null);
        if (Statuses.FromText(text) is { } status) return (status, text);
        Error(LedgerColumn.Status, $"无法识别的整改状态“{text}”，应为“已完成整改”“已完成整改并长期坚持”“取得阶段性成效”“正在推进”“暂不具备整改条件”“未启动”或“未说明”之类");
        return (RectificationStatus.NotStated, null);
    }

    string? Kind()
    {
        var text = Trimmed(LedgerColumn.Kind);
        if (text is null) return null;
        if (RectificationKinds.FromText(text) is { } kind) return kind.Chinese();
        Error(LedgerColumn.Kind, $"未知的整改类型“{text}”，应为立行立改、限期整改或长期坚持");
        return null;
    }

    DateOnly? Deadline()
    {
        if (Cell(LedgerColumn.Deadline) is not { } cell) return null;
        if (cell.Date is { } date) return date;
        var text = cell.Text.Trim();
        var m = DatePattern().Match(text);
        if (m.Success && DateOnly.TryParseExact($"{m.Groups[1].Value}-{m.Groups[2].Value.PadLeft(2, '0')}-{m.Groups[3].Value.PadLeft(2, '0')}",
                "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            return d;
        Error(LedgerColumn.Deadline, $"整改时限“{text}”不是日期，应为 2023-12-31 这样的形式");
        return null;
    }

    YearMonth? Expected()
    {
        if (Cell(LedgerColumn.Expected) is not { } cell) return null;
        // Excel turns a typed "2023-12" into the date 2023-12-01; the month is what was meant.
        if (cell.Date is { } date) return YearMonth.Of(date);
        var text = cell.Text.Trim();
        var m = MonthPattern().Match(text);
        if (m.Success && YearMonth.TryParse($"{m.Groups[1].Value}-{m.Groups[2].Value}", out var month)) return month;
        Error(LedgerColumn.Expected, $"预计完成“{text}”不是年月，应为 2023-12 这样的形式");
        return null;
    }

    /// <summary>资金明细 read by the importer's one rule; a part it cannot read is an error, never dropped.</summary>
    List<StatedAmount>? Breakdown()
    {
        var text = Trimmed(LedgerColumn.AmountBreakdown);
        if (text is null) return null;
        var parts = text.Split(['；', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AuditAmounts.Parse).ToList();
        if (parts.All(p => p.Count > 0)) return [.. parts.SelectMany(p => p)];
        Error(LedgerColumn.AmountBreakdown, $"“{ChineseText.Quote(text)}”有读不出金额的一项，请逐项写成“追回资金12.5万元；归还原渠道8万元”");
        return null;
    }

    decimal? Amount(LedgerColumn column)
    {
        var text = Trimmed(column);
        if (text is null) return null;
        if (!decimal.TryParse(text.Replace(",", "").Replace("，", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount))
        {
            Error(column, $"“{text}”不是数字，金额以元为单位填写数字");
            return null;
        }
        if (amount < 0)
        {
            Error(column, $"金额 {text} 为负数");
            return null;
        }
        return amount;
    }

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")]
    private static partial Regex DatePattern();

    [GeneratedRegex(@"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")]
    private static partial Regex MonthPattern();
}
