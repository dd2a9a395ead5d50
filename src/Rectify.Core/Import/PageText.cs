using System.Text;
using System.Text.RegularExpressions;

namespace Rectify.Core.Import;

/// <summary>
/// One line of a laid-out page, from a PDF's text layer or from OCR: where it stands (top-down, in the
/// page's own units) and its text. <paramref name="Size"/> is the height of a character (a CJK character is as wide).
/// </summary>
public sealed record PageLine(int Page, double PageHeight, double Left, double Right, double Top, double Size, string Text);

/// <summary>
/// Laid-out lines back into the notice's paragraphs, shared by the PDF and the OCR readers: running
/// headers, footers and page numbers removed, the lines of a paragraph rejoined (CJK without a space).
/// </summary>
public static partial class PageText
{
    /// <summary>The paragraphs, one a line.</summary>
    public static string Paragraphs(IReadOnlyList<PageLine> lines)
    {
        var body = WithoutRunningLines(lines);
        var text = new StringBuilder();
        var margins = Margins(body);
        PageLine? previous = null;
        foreach (var line in body)
        {
            if (previous is not null)
            {
                if (EndsParagraph(previous, line, margins[previous.Page], margins[line.Page])) text.Append('\n');
                else if (NeedsSpace(text[^1], line.Text[0])) text.Append(' ');
            }
            text.Append(line.Text);
            previous = line;
        }
        return text.ToString();
    }

    // Punctuation no line may start with: line breaking carries the character before it along.
    const string Closers = "\uFF0C\u3002\u3001\uFF1B\uFF1A\uFF01\uFF1F\u201D\u2019\uFF09\u300B\u3011,.;:!?)";

    /// <summary>
    /// Each page's left margin (its leftmost line) and right one: where full lines end, the width of the
    /// text taken from the whole document (a last page may hold a short line or two). Not the widest line:
    /// a line may end in punctuation hanging past the margin.
    /// </summary>
    static Dictionary<int, (double Left, double Right)> Margins(List<PageLine> body)
    {
        var left = body.GroupBy(l => l.Page).ToDictionary(g => g.Key, g => g.Min(l => l.Left));
        var widest = body.Count == 0 ? 0 : body.Max(l => l.Right - left[l.Page]);
        var full = body.Select(l => l.Right - left[l.Page]).Where(w => w > widest - 4 * body[0].Size).Order().ToList();
        var width = full.Count == 0 ? widest : full[(int)(full.Count * 0.9) == full.Count ? full.Count - 1 : (int)(full.Count * 0.9)];
        return left.ToDictionary(p => p.Key, p => (p.Value, p.Value + width));
    }

    /// <summary>
    /// A line that ends short of the right margin ends its paragraph: the next line's first word (a CJK
    /// character with the closing punctuation line breaking keeps with it) would have fitted. So does a line before an indented line (a first-line indent), before a gap of more than a
    /// blank line, or a sentence's end before a numbered heading ("二、", "(三)", "4.") at the margin (not before 一是/二是, which run on inside a paragraph as often as they start one).
    /// </summary>
    static bool EndsParagraph(PageLine line, PageLine next, (double Left, double Right) margin, (double Left, double Right) nextMargin)
    {
        var firstWord = IsWide(next.Text[0]) ? (1 + next.Text.Skip(1).TakeWhile(c => Closers.Contains(c)).Count()) * next.Size : 0.5 * next.Size * (next.Text.IndexOf(' ') is > 0 and var n ? n : next.Text.Length);
        if (line.Right + firstWord <= margin.Right + 0.1 * line.Size) return true;
        if (next.Left > nextMargin.Left + 1.2 * next.Size) return true;
        if (next.Page == line.Page && next.Top - line.Top > 2.6 * line.Size) return true;
        // A sentence's end before a numbered heading, or before a signature line (an issuer's name or a date standing
        // alone): a paragraph that happens to fill its last line is not run on into what follows it.
        return "\u3002\uFF1B;\uFF01!\uFF1F?\uFF1A: ".Contains(line.Text[^1]) && (NumberedRegex().IsMatch(next.Text) || SignatureRegex().IsMatch(next.Text.Trim()));
    }

    /// <summary>Words of Latin script are spaced; CJK characters, digits next to them, and what follows a hyphen or slash at a line's end ("0753-" "2351954") are not.</summary>
    public static bool NeedsSpace(char before, char after) => !IsWide(before) && !IsWide(after) && before is not (' ' or '-' or '/') && after != ' ';

    /// <summary>CJK characters, full-width punctuation and forms.</summary>
    public static bool IsWide(char c) => c >= '\u2E80' || c is '—' or '…' or '“' or '”' or '‘' or '’';

    /// <summary>
    /// Page numbers ("— 3 —", "- 3 -", "第3页", "第 3 页 共 10 页", "3/10") in the top or bottom band of a page,
    /// and lines repeated in that band on most pages (a running header or footer, its digits aside).
    /// </summary>
    static List<PageLine> WithoutRunningLines(IReadOnlyList<PageLine> lines)
    {
        static bool InBand(PageLine l) => l.Top < l.PageHeight * 0.15 || l.Top > l.PageHeight * 0.85;
        var pages = lines.Select(l => l.Page).Distinct().Count();
        var repeated = lines.Where(l => InBand(l) && l.Text.Length < 40).GroupBy(l => DigitsRegex().Replace(l.Text, "#"))
            .Where(g => pages >= 3 && g.Select(l => l.Page).Distinct().Count() * 2 > pages)
            .Select(g => g.Key).ToHashSet();
        return lines.Where(l => !(InBand(l) && (PageNumberRegex().IsMatch(l.Text) || repeated.Contains(DigitsRegex().Replace(l.Text, "#"))))).ToList();
    }

    // OCR reads the dashes around a page number as 一 at times.
    [GeneratedRegex(@"^[\s—–\-\uFF0D_~·一]*(?:第\s*\d+\s*页(?:\s*[,\uFF0C]?\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|\d+(?:\s*/\s*\d+)?|page\s*\d+(?:\s*of\s*\d+)?)[\s—–\-\uFF0D_~·一]*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberRegex();

    [GeneratedRegex(@"^(?:[^,，。;；:：]{2,40}(?:委员会|党委|党组|党工委|总支部?|支部|纪委|监委|办公室|政府|局|公司|集团|委|院|所|中心|学校)|\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)$")]
    private static partial Regex SignatureRegex();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^(?:[一二三四五六七八九十]+、|[(\uFF08][一二三四五六七八九十\d]+[)\uFF09]|\d+[.、\uFF0E]\D)")]
    private static partial Regex NumberedRegex();
}
