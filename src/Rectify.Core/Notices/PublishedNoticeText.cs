using System.Text.RegularExpressions;

namespace Rectify.Core.Notices;

/// <summary>What a line of a published notice is, for the public page.</summary>
public enum PublishedLineKind { Title, Heading1, Heading2, ProblemHeading, Paragraph, Signature, Date }

public sealed record PublishedLine(PublishedLineKind Kind, string Text);

/// <summary>
/// Reads the frozen plain text of a published notice (one paragraph a line, NoticeTextWriter's
/// shape) back into headings and paragraphs, so the public page needs nothing but that text.
/// </summary>
public static partial class PublishedNoticeText
{
    /// <param name="problemTitles">
    /// The notice's problems' titles (its frozen list): a numbered line that frames one of them and says little more
    /// ("1．关于学习贯彻落实有偏差的问题。", a notice in the office's own heading form, NarrativePart.ProblemHeading)
    /// is that problem's heading, as Rectify's own "1．对“…”的整改进展情况" is.
    /// </param>
    public static IReadOnlyList<PublishedLine> Parse(string? text, string? title = null, IReadOnlyCollection<string>? problemTitles = null)
    {
        var lines = (text ?? "").Replace("\r\n", "\n").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var result = new List<PublishedLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            PublishedLineKind kind;
            if (i == 0 && title is not null && Same(line, title)) kind = PublishedLineKind.Title;
            else if (Heading1().IsMatch(line)) kind = PublishedLineKind.Heading1;
            else if (Heading2().IsMatch(line)) kind = PublishedLineKind.Heading2;
            else if (ProblemHeading().IsMatch(line) || FramesATitle(line, problemTitles)) kind = PublishedLineKind.ProblemHeading;
            else if (DateLine().IsMatch(line)) kind = PublishedLineKind.Date;
            // The issuer signs just above the date: a short line without sentence punctuation.
            else if (i + 1 < lines.Count && DateLine().IsMatch(lines[i + 1]) && line.Length <= 40 && !SentenceEnd().IsMatch(line))
                kind = PublishedLineKind.Signature;
            else kind = PublishedLineKind.Paragraph;
            result.Add(new PublishedLine(kind, line));
        }
        return result;
    }

    /// <summary>
    /// "N．" and then a problem's title with at most a short frame around it (关于…的问题。, …问题整改情况): a sentence that
    /// only quotes a title ("12．对“…”，我们认为……") says more than a frame and stays a paragraph.
    /// </summary>
    static bool FramesATitle(string line, IReadOnlyCollection<string>? titles)
    {
        if (titles is null || titles.Count == 0 || Numbered().Match(line) is not { Success: true } m) return false;
        var rest = Normalize(line[m.Length..]);
        return titles.Select(t => Normalize(t.Trim())).Any(t => t.Length > 0 && rest.Contains(t, StringComparison.Ordinal) && rest.Length - t.Length <= MaxFrame);
    }

    /// <summary>The most characters a heading's frame adds to a title ("关于" + "的问题。" is 6; "关于“…”问题的整改落实情况" 13).</summary>
    const int MaxFrame = 14;

    [GeneratedRegex(@"^\d+[.．、]\s*")]
    private static partial Regex Numbered();

    // The text carries half-width punctuation; the title may not.
    static bool Same(string a, string b) => Normalize(a) == Normalize(b);
    static string Normalize(string s) => ChineseText.HalfWidthPunctuation(s).Replace(" ", "");

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex Heading1();

    [GeneratedRegex(@"^[(（][一二三四五六七八九十]+[)）]")]
    private static partial Regex Heading2();

    [GeneratedRegex(@"^\d+[.．、]\s*对[“""].+[”""]的整改进展情况$")]
    private static partial Regex ProblemHeading();

    [GeneratedRegex(@"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")]
    private static partial Regex DateLine();

    [GeneratedRegex(@"[。，,;；:：!！?？]")]
    private static partial Regex SentenceEnd();
}
