using System.Text.RegularExpressions;

namespace Rectify.Core.Excel;

/// <summary>
/// How the multi-part fields live in one cell and come back out unchanged.
/// 问题描述: the title on the first line, then the detail, then the specific items "(1)…", "(2)…".
/// 整改措施: "1.…", "2.…". A field may itself hold line breaks; a following line that a reader
/// would take for the next number is escaped with one leading full-width space (which reads
/// as an indent), and a line that already starts with such spaces before a number gets one more.
/// </summary>
public static partial class LedgerCellText
{
    const char Escape = '　';

    public static string Description(string title, string? detail, IReadOnlyList<string>? items)
    {
        var lines = new List<string> { title };
        if (detail is not null) lines.AddRange(Lines(detail).Select(l => Escaped(l, ItemMarker())));
        if (items is not null)
            for (var i = 0; i < items.Count; i++)
                lines.AddRange(Numbered($"({i + 1})", items[i], ItemMarker()));
        return string.Join('\n', lines);
    }

    public static (string Title, string? Detail, List<string>? Items) ParseDescription(string text)
    {
        var lines = Lines(text);
        var detail = new List<string>();
        var items = new List<string>();
        foreach (var line in lines.Skip(1))
        {
            var m = ItemMarker().Match(line);
            if (m.Success) items.Add(line[m.Length..]);
            else if (items.Count == 0) detail.Add(Unescaped(line, ItemMarker()));
            else items[^1] += "\n" + Unescaped(line, ItemMarker());
        }
        var d = string.Join('\n', detail);
        return (lines[0].Trim(), string.IsNullOrWhiteSpace(d) ? null : d, items.Count == 0 ? null : items);
    }

    /// <summary>
    /// "1.…", "2.…"; a measure with an owner, deadline or completion ends in "【责任人：张三；时限：2024-03-31；完成：2024-02-01】",
    /// which an office reads and may edit, and <see cref="ParseMeasureDetails"/> takes back.
    /// </summary>
    public static string Measures(IReadOnlyList<string> measures, IReadOnlyList<Interchange.MeasureDetail?>? details = null) =>
        string.Join('\n', measures.SelectMany((m, i) => Numbered($"{i + 1}.", m + Suffix(details is not null && i < details.Count ? details[i] : null), MeasureMarker())));

    static string Suffix(Interchange.MeasureDetail? d)
    {
        if (d is null || d.IsEmpty) return "";
        var parts = new List<string>();
        if (d.Owner is not null) parts.Add("责任人：" + d.Owner);
        if (d.Deadline is { } dl) parts.Add("时限：" + dl.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        if (d.DoneOn is { } done) parts.Add("完成：" + done.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return "【" + string.Join("；", parts) + "】";
    }

    /// <summary>
    /// The measures of a cell, each without its "【责任人：…；时限：…；完成：…】" ending, and those endings (null when none
    /// has one). An ending that does not read as such (an unknown label, a date that is not one) stays part of the text.
    /// </summary>
    public static (List<string> Measures, List<Interchange.MeasureDetail?>? Details) ParseMeasureDetails(string? text)
    {
        var measures = ParseMeasures(text);
        var details = new List<Interchange.MeasureDetail?>();
        for (var i = 0; i < measures.Count; i++)
        {
            var m = DetailSuffix().Match(measures[i]);
            Interchange.MeasureDetail? d = null;
            if (m.Success && DetailOf(m.Groups["parts"].Value) is { } found)
            {
                d = found;
                measures[i] = measures[i][..m.Index].TrimEnd();
            }
            details.Add(d);
        }
        return (measures, Interchange.MeasureDetail.ListOf(details));
    }

    static Interchange.MeasureDetail? DetailOf(string parts)
    {
        string? owner = null; DateOnly? deadline = null, done = null;
        foreach (var part in parts.Split(['；', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOfAny(['：', ':']);
            if (colon < 0) return null;
            var (label, value) = (part[..colon].Trim(), part[(colon + 1)..].Trim());
            if (value.Length == 0) continue;
            switch (label)
            {
                case "责任人": owner = value; break;
                case "时限" or "完成时限": deadline = Day(value); if (deadline is null) return null; break;
                case "完成" or "完成日期": done = Day(value); if (done is null) return null; break;
                default: return null;
            }
        }
        var d = new Interchange.MeasureDetail(owner, deadline, done);
        return d.IsEmpty ? null : d;
    }

    static DateOnly? Day(string s) =>
        DateOnly.TryParseExact(s, ["yyyy-MM-dd", "yyyy-M-d", "yyyy年M月d日", "yyyy/M/d", "yyyy.M.d"], System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.None, out var d) ? d : null;

    [GeneratedRegex(@"【(?<parts>[^【】]+)】\s*$")]
    private static partial Regex DetailSuffix();

    /// <summary>Unnumbered text typed by hand is one measure.</summary>
    public static List<string> ParseMeasures(string? text)
    {
        var measures = new List<string>();
        if (string.IsNullOrEmpty(text)) return measures;
        foreach (var line in Lines(text))
        {
            var m = MeasureMarker().Match(line);
            if (m.Success) measures.Add(line[m.Length..]);
            else if (measures.Count == 0) measures.Add(Unescaped(line, MeasureMarker()));
            else measures[^1] += "\n" + Unescaped(line, MeasureMarker());
        }
        return measures;
    }

    /// <summary>Excel keeps "\n" in cells; text pasted from elsewhere may bring "\r\n".</summary>
    public static string[] Lines(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n');

    static IEnumerable<string> Numbered(string number, string text, Regex marker)
    {
        var lines = Lines(text);
        yield return number + lines[0];
        foreach (var l in lines.Skip(1)) yield return Escaped(l, marker);
    }

    static string Escaped(string line, Regex marker) =>
        marker.IsMatch(line.TrimStart(Escape)) ? Escape + line : line;

    static string Unescaped(string line, Regex marker) =>
        line.Length > 1 && line[0] == Escape && marker.IsMatch(line.TrimStart(Escape)) ? line[1..] : line;

    [GeneratedRegex(@"^[(（]\d+[)）]")]
    private static partial Regex ItemMarker();

    [GeneratedRegex(@"^\d+[.、．]")]
    private static partial Regex MeasureMarker();
}
