namespace Rectify.Core.Search;

/// <summary>A piece of a found text: a searched word (shown marked) or the text between.</summary>
public readonly record struct TextPiece(string Text, bool Match);

/// <summary>
/// Marks the searched words in a found text, and cuts a long text to the part around the first of
/// them, so a result shows why it was found. Words are the query split at spaces, as the ledger's
/// search reads them (all must occur); compared ignoring case.
/// </summary>
public static class Highlight
{
    public static List<string> Words(string query) =>
        query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>The text in pieces, the words marked; at most <paramref name="length"/> characters around the first word, with "…" where cut.</summary>
    public static List<TextPiece> Pieces(string text, IReadOnlyList<string> words, int length = 120)
    {
        var first = words.Select(w => text.IndexOf(w, StringComparison.OrdinalIgnoreCase)).Where(i => i >= 0).DefaultIfEmpty(0).Min();
        var start = text.Length <= length ? 0 : Math.Clamp(first - length / 3, 0, text.Length - length);
        var end = Math.Min(text.Length, start + length);
        var pieces = new List<TextPiece>();
        if (start > 0) pieces.Add(new("…", false));
        var i = start;
        while (i < end)
        {
            // The earliest word from here, the longest of those starting there.
            var (at, word) = words.Select(w => (At: text.IndexOf(w, i, end - i, StringComparison.OrdinalIgnoreCase), Word: w))
                .Where(x => x.At >= 0 && x.At + x.Word.Length <= end).OrderBy(x => x.At).ThenByDescending(x => x.Word.Length).FirstOrDefault(x => true, (-1, ""));
            if (at < 0) { pieces.Add(new(text[i..end], false)); break; }
            if (at > i) pieces.Add(new(text[i..at], false));
            pieces.Add(new(text.Substring(at, word.Length), true));
            i = at + word.Length;
        }
        if (end < text.Length) pieces.Add(new("…", false));
        return pieces;
    }
}
