using System.Text.RegularExpressions;
using Rectify.Core.Excel;

namespace Rectify.Core.Import;

/// <summary>
/// One place of a table as laid out: the text of the cell that covers it (its paragraphs joined by
/// '\n') and where that cell starts. A merged cell covers several places and has one origin, so a
/// leader named once beside three problems is the leader of each, and a category is one category.
/// </summary>
public readonly record struct GridCell(string Text, int Row, int Column);

/// <summary>
/// Problems laid out in a table (Word, web page or Excel): a header row names the columns (问题 /
/// 存在问题 / 反馈问题, 整改措施, 责任领导, 责任单位, 完成时限 / 整改时限, 整改情况 / 完成情况 / 整改进展…).
/// The header is told by its words, wherever it stands and in whatever order; a table whose header
/// names no problem column beside at least one column of rectification is not a problem table, and
/// its caller keeps its text as before (narrative, contacts…).
/// <para>
/// Each row is written out as the lines a typed notice has for the same problem ("3、问题…",
/// "整改情况:…", "整改措施:…", "责任领导:…"), so a table goes through the one line pipeline and gives
/// the same ledger as the same problems typed: parts, statuses, counts and findings are decided there,
/// once. A row spanning the table ("一、政治建设方面"), or a change in a 类别/方面 column, is a category.
/// </para>
/// </summary>
public static partial class ProblemTable
{
    /// <summary>Rows above the header are looked at for it: a title row or two, a note, then the header.</summary>
    const int HeaderSearchRows = 6;

    /// <summary>
    /// The table as notice lines, or null when it is not a problem table. Rows above the header (a
    /// title) come first as plain lines.
    /// </summary>
    public static List<string>? Lines(IReadOnlyList<IReadOnlyList<GridCell>> rows)
    {
        var headerAt = -1;
        LedgerColumn?[] columns = [];
        for (var r = 0; r < Math.Min(rows.Count, HeaderSearchRows) && headerAt < 0; r++)
        {
            var named = rows[r].Select(c => ColumnOf(c.Text)).ToArray();
            if (IsHeader(rows[r], named)) (headerAt, columns) = (r, named);
        }
        if (headerAt < 0) return null;

        var lines = new List<string>();
        foreach (var row in rows.Take(headerAt)) lines.AddRange(PlainLines(row));
        var first = headerAt + 1;
        // A second header row under a merged one ("责任主体" over "责任领导 | 责任单位") names the columns below it.
        if (first < rows.Count && rows[first].All(c => c.Text.Length <= 16) && rows[first].Any(c => c.Row == first && ColumnOf(c.Text) is not null))
        {
            for (var k = 0; k < rows[first].Count && k < columns.Length; k++)
                if (rows[first][k].Row == first && ColumnOf(rows[first][k].Text) is { } below) columns[k] = below;
            first++;
        }

        int categories = 0, problems = 0;
        (int Row, int Column)? lastCategory = null;
        for (var r = first; r < rows.Count; r++)
        {
            var row = rows[r];
            // A place covered by the cell to its left is no value of its own; one covered from above is (a merged leader).
            string Value(LedgerColumn column)
            {
                var k = Array.IndexOf(columns, column);
                return k >= 0 && k < row.Count && row[k].Column == k ? row[k].Text.Trim() : "";
            }
            var origins = row.Where(c => c.Text.Trim().Length > 0).Select(c => (c.Row, c.Column)).Distinct().ToList();
            // Nothing of its own: empty, or only cells merged down from the rows above.
            if (origins.All(o => o.Row < r)) continue;
            var firstText = row.First(c => c.Text.Trim().Length > 0).Text.Trim();
            if (TotalRegex().IsMatch(ChineseText.Key(firstText))) continue;
            var spansTable = origins.Count == 1 && row.Count(c => (c.Row, c.Column) == origins[0]) > 1 && row.Count > 1;
            if (spansTable || origins.Count == 1 && Value(LedgerColumn.Category).Length > 0 && origins[0].Row == r)
            {
                lines.Add($"({ChineseText.Numeral(++categories)}){WithoutMarker(firstText)}");
                lastCategory = null;
                continue;
            }
            var description = Value(LedgerColumn.Description);
            if (description.Length == 0)
            {
                // Not a problem, and not to be lost: a plain line, which the parser keeps as a note.
                lines.Add(string.Join(" ", origins.Select(o => row.First(c => (c.Row, c.Column) == o).Text.Trim().Replace('\n', ' '))));
                continue;
            }
            var categoryAt = Array.IndexOf(columns, LedgerColumn.Category);
            if (categoryAt >= 0 && categoryAt < row.Count && row[categoryAt].Text.Trim().Length > 0
                && (row[categoryAt].Row, row[categoryAt].Column) != lastCategory)
            {
                lastCategory = (row[categoryAt].Row, row[categoryAt].Column);
                lines.Add($"({ChineseText.Numeral(++categories)}){WithoutMarker(row[categoryAt].Text.Trim().Replace('\n', ' '))}");
            }

            problems++;
            var paragraphs = Paragraphs(description);
            var ordinal = OrdinalOf(Value(LedgerColumn.Ordinal)) ?? LeadingOrdinal(paragraphs[0]) ?? problems;
            lines.Add($"{ordinal}、{WithoutMarker(paragraphs[0])}");
            lines.AddRange(paragraphs.Skip(1).Select(WithoutMarker));
            // Columns the ledger has no field for, before any label so that they stay with the problem's detail.
            for (var k = 0; k < columns.Length && k < row.Count; k++)
                if (columns[k] is null or LedgerColumn.Remarks or LedgerColumn.Closure or LedgerColumn.Evidence or LedgerColumn.Expected
                        or LedgerColumn.AmountInvolved or LedgerColumn.AmountRectified or LedgerColumn.AmountBreakdown
                    && row[k].Column == k && row[k].Text.Trim().Length > 0 && rows[headerAt][k].Text.Trim().Length > 0)
                    lines.Add($"{HeaderName(rows[headerAt][k].Text)}:{row[k].Text.Trim().Replace('\n', ' ')}");
            // The status first: "整改情况:已完成。一是…" is read as a typed one is (status, then measures).
            Labelled(lines, "整改情况", Value(LedgerColumn.Status));
            Labelled(lines, "整改情况", Value(LedgerColumn.Progress));
            Measures(lines, Value(LedgerColumn.Measures));
            Field(lines, "责任领导", Value(LedgerColumn.Leader));
            Field(lines, "责任单位", Value(LedgerColumn.Department));
            Field(lines, "责任人", Value(LedgerColumn.Person));
            Field(lines, "整改时限", Value(LedgerColumn.Deadline));
            Field(lines, "整改目标", Value(LedgerColumn.Goal));
            Field(lines, "整改类型", Value(LedgerColumn.Kind));
        }
        return problems > 0 ? lines : null;
    }

    /// <summary>What a header cell names: the ledger's own headers first, then the words notices use.</summary>
    public static LedgerColumn? ColumnOf(string text)
    {
        var key = HeaderName(ChineseText.Key(text));
        if (key.Length is 0 or > 16) return null;
        if (LedgerColumns.FromHeader(key) is { } exact) return exact;
        foreach (var (pattern, column) in HeaderWords)
            if (pattern.IsMatch(key)) return column;
        return null;
    }

    // A problem column beside at least one column of rectification; every header cell short.
    static bool IsHeader(IReadOnlyList<GridCell> row, LedgerColumn?[] named) =>
        named.Contains(LedgerColumn.Description)
        && named.Any(c => c is LedgerColumn.Measures or LedgerColumn.Leader or LedgerColumn.Department or LedgerColumn.Person
            or LedgerColumn.Deadline or LedgerColumn.Progress or LedgerColumn.Status or LedgerColumn.Goal)
        && row.All(c => c.Text.Trim().Length <= 24);

    static readonly (Regex Pattern, LedgerColumn Column)[] HeaderWords =
    [
        (new(@"^(?:序号|编号|序)$"), LedgerColumn.Ordinal),
        (new(@"^(?:问题)?(?:类别|类型|分类|方面|领域)$|^所属方面$"), LedgerColumn.Category),
        (new(@"^(?:巡察|巡视|审计)?(?:反馈|发现|存在|具体|主要)?的?问题(?:描述|表现|内容|清单|名称|事项|具体表现)?$|^具体表现$|^问题及表现$|^反馈意见$"), LedgerColumn.Description),
        (new(@"^(?:整改|具体|主要|工作)?(?:措施|举措)$"), LedgerColumn.Measures),
        (new(@"^(?:责任|牵头|分管|包保)领导(?:人)?$"), LedgerColumn.Leader),
        (new(@"^(?:责任|牵头|主责|承办|整改)(?:单位|部门|科室|股室|主体)$"), LedgerColumn.Department),
        (new(@"^(?:具体)?责任人$"), LedgerColumn.Person),
        (new(@"^(?:整改|完成)?(?:时限|期限)$|^(?:整改|完成)时间$"), LedgerColumn.Deadline),
        (new(@"^(?:目前|当前)?(?:整改|完成|落实)?(?:进展|进度|状态|结果|情况)(?:情况)?$"), LedgerColumn.Progress),
    ];

    /// <summary>The header's name without spaces and without a gloss in brackets ("整改时限(年月)").</summary>
    static string HeaderName(string text)
    {
        var s = new string(text.Where(ch => !char.IsWhiteSpace(ch)).ToArray());
        var bracket = s.IndexOfAny(['(', '（']);
        return bracket > 0 ? s[..bracket] : s;
    }

    static void Labelled(List<string> lines, string label, string text)
    {
        if (text.Length == 0) return;
        var paragraphs = Paragraphs(text);
        lines.Add($"{label}:{WithoutMarker(paragraphs[0])}");
        lines.AddRange(paragraphs.Skip(1).Select(WithoutMarker));
    }

    /// <summary>
    /// A measures cell, one counted line a measure: its items split by the one measure rule (<see cref="ProblemBuilder.SplitMeasures"/>),
    /// where a cell's item also ends at "；" when it has no counts ("建立台账；开展培训；加强督查").
    /// </summary>
    static void Measures(List<string> lines, string text)
    {
        if (text.Length == 0) return;
        var items = Paragraphs(text).SelectMany(p => ProblemBuilder.OpensWithCounter(p) ? [p] : ItemRegex().Matches(p).Select(m => m.Value.Trim()));
        var measures = ProblemBuilder.SplitMeasures(items).SelectMany(m => m.Split('\n')).Select(WithoutMarker).Where(m => m.Length > 0).ToList();
        if (measures.Count == 0) return;
        // Counted as a typed notice counts them ("一是…", "二是…"): a table lists its measures item by item, so the
        // stated total of measures is compared with them (ProblemBuilder.ListsItemByItem) and the counts are dropped again.
        lines.Add($"整改措施：{ChineseText.Numeral(1)}是{measures[0]}");
        lines.AddRange(measures.Skip(1).Select((m, i) => $"{ChineseText.Numeral(i + 2)}是{m}"));
    }

    // An item of a cell runs to its "；" (kept, as written) or to the paragraph's end.
    [GeneratedRegex(@"[^；;]+[；;]?")]
    private static partial Regex ItemRegex();

    // A field is one line: a second paragraph would read as a measure.
    static void Field(List<string> lines, string label, string text)
    {
        if (text.Length > 0) lines.Add($"{label}:{string.Join("、", Paragraphs(text))}");
    }

    static List<string> Paragraphs(string text)
    {
        var list = text.Split('\n').Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
        return list.Count > 0 ? list : [""];
    }

    /// <summary>A cell's own "1." or "(一)" is dropped: the row's line carries the table's numbering, and a numbered
    /// paragraph inside a cell must not read as a new problem.</summary>
    static string WithoutMarker(string text) =>
        LineClassifier.Classify(0, text) is { Kind: LineKind.Heading } h && h.Rest.Length > 0 ? h.Rest : text;

    static int? LeadingOrdinal(string text) =>
        LineClassifier.Classify(0, text) is { Kind: LineKind.Heading, Ordinal: > 0 } h && h.Rest.Length > 0 ? h.Ordinal : null;

    static int? OrdinalOf(string text)
    {
        var key = ChineseText.Key(text).Trim().TrimEnd('.', '、', ',').Trim('(', ')');
        return key.Length is > 0 and <= 4 && ChineseText.Number(key) is > 0 and var n ? n : null;
    }

    static IEnumerable<string> PlainLines(IReadOnlyList<GridCell> row) =>
        row.Where(c => c.Text.Trim().Length > 0).DistinctBy(c => (c.Row, c.Column))
            .SelectMany(c => c.Text.Split('\n')).Select(t => t.Trim()).Where(t => t.Length > 0);

    [GeneratedRegex(@"^(?:合计|总计|小计|共计)")]
    private static partial Regex TotalRegex();
}
