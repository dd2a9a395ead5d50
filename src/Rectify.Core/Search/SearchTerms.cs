using System.Globalization;
using System.Text;

namespace Rectify.Core.Search;

/// <summary>
/// Character bigrams for substring search over Chinese text, which has no word breaks.
/// A text is cut into runs of letters and digits; each run of n characters gives its n−1
/// overlapping bigrams followed by its last character alone. A query run of two or more
/// characters is then found exactly where its bigrams occur one after another (a phrase), and a
/// single character where some term starts with it (a prefix) — the same answer as a substring
/// scan, but from an index. The lone last character also keeps a phrase from running on from
/// one run into the next. Letters are compared after NFKC (full-width → half-width) and lower
/// case, so "ＡＢＣ" finds "abc".
/// </summary>
public static class SearchTerms
{
    /// <summary>The terms of a document made of several texts (title, detail, measures…), in order.</summary>
    public static List<string> Document(IEnumerable<string?> texts)
    {
        var terms = new List<string>();
        foreach (var text in texts)
            if (!string.IsNullOrEmpty(text))
                foreach (var run in Runs(text)) AddRun(terms, run);
        return terms;
    }

    /// <summary>
    /// What a query asks for: each run must occur in the document. Empty when the query holds no
    /// letter or digit (then there is nothing an index can look up).
    /// </summary>
    public static List<SearchRun> Query(string query)
    {
        var runs = new List<SearchRun>();
        foreach (var run in Runs(query).DistinctBy(string.Concat))
        {
            if (run.Count == 1) runs.Add(new SearchRun(run[0], []));
            else
            {
                var bigrams = new List<string>(run.Count - 1);
                for (var i = 0; i + 1 < run.Count; i++) bigrams.Add(run[i] + run[i + 1]);
                runs.Add(new SearchRun(null, bigrams));
            }
        }
        return runs;
    }

    static void AddRun(List<string> terms, List<string> run)
    {
        for (var i = 0; i + 1 < run.Count; i++) terms.Add(run[i] + run[i + 1]);
        terms.Add(run[^1]);
    }

    /// <summary>Runs of letters and digits, each as a list of characters (a character may be a surrogate pair).</summary>
    static IEnumerable<List<string>> Runs(string text)
    {
        var normal = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var run = new List<string>();
        foreach (var rune in normal.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || Rune.IsNumber(rune)
                || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                run.Add(rune.ToString());
                continue;
            }
            if (run.Count > 0) { yield return run; run = []; }
        }
        if (run.Count > 0) yield return run;
    }
}

/// <summary>One run of a query: a single character (matched as a prefix of a term) or a phrase of bigrams.</summary>
public sealed record SearchRun(string? Single, IReadOnlyList<string> Bigrams);
