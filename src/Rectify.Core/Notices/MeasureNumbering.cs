using System.Text.RegularExpressions;

namespace Rectify.Core.Notices;

/// <summary>
/// A measure's own numbering, the one rule the progress notice and the upward reports share: a measure
/// that opens with a count ("一是", "（1）", "(1)", "1、", "1．", "1.", "①", "（一）", "一、") or numbers its
/// steps inside ("…流程。一是加强实地走访") is written as the unit wrote it. A list with such a measure gets
/// no 一是、二是 added, so no line carries two numberings ("一是（1）开展排查") and none runs out of order.
/// </summary>
public static partial class MeasureNumbering
{
    /// <summary>Whether the measure opens with its own count.</summary>
    public static bool Opens(string measure) => OpeningRegex().IsMatch(measure);

    /// <summary>Whether the measure carries numbering of its own: at its start, or sequence words starting a sentence inside it.</summary>
    public static bool Carries(string measure) => Opens(measure) || InsideRegex().IsMatch(measure);

    /// <summary>Whether any measure of the list carries its own numbering: then the list is written as written.</summary>
    public static bool AnyCarries(IEnumerable<string> measures) => measures.Any(Carries);

    /// <summary>
    /// Whether the measure's own count, at the start of a line, is a heading's marker ("1．", "1、", "（1）", "①",
    /// "（一）", "一、"; not "一是"): a notice read back takes such a line for a problem or an item of its own, so
    /// the notice runs these measures on in one paragraph, as the upward report writes every list.
    /// </summary>
    public static bool OpensLikeAHeading(string measure) =>
        Opens(measure) && Import.LineClassifier.Classify(0, measure).Kind == Import.LineKind.Heading;

    // "1." and "1．" only before a non-digit: "2.5万元" is an amount, not a count.
    [GeneratedRegex(@"^\s*(?:[一二三四五六七八九十]+是|[（(]\s*(?:\d{1,3}|[一二三四五六七八九十]{1,3})\s*[)）]|\d{1,3}\s*(?:[、]|[.．](?!\d))|[一二三四五六七八九十]{1,3}\s*、|[①-⑳])")]
    private static partial Regex OpeningRegex();

    [GeneratedRegex(@"[。；;：:]\s*[一二三四五六七八九十]+是")]
    private static partial Regex InsideRegex();
}
