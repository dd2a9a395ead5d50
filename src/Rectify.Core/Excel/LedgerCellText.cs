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

    public static string Measures(IReadOnlyList<string> measures) =>
        string.Join('\n', measures.SelectMany((m, i) => Numbered($"{i + 1}.", m, MeasureMarker())));

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
