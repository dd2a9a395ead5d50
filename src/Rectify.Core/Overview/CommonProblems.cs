namespace Rectify.Core.Overview;

/// <summary>A problem title as seen across units, for grouping 共性问题.</summary>
public sealed record ProblemText(int Id, string Organization, string Title);

/// <summary>
/// A common problem: the problems whose titles hold, for each of <see cref="Requires"/>, one of its
/// phrases. <see cref="Label"/> is, for each, the phrase its members use most, joined by "·".
/// </summary>
public sealed record ProblemGroup(string Label, IReadOnlyList<IReadOnlyList<string>> Requires, IReadOnlyList<ProblemText> Members)
{
    public int Units => Members.Select(m => m.Organization).Distinct().Count();
}

/// <summary>
/// Groups problems by the phrases their titles say: the kinds of finding of
/// <see cref="FindingVocabulary"/> (any of a kind's phrases), and the phrases mined from the titles
/// themselves (frequent runs of three or more characters that no longer run says as often, with
/// the boilerplate every title shares taken out). A problem belongs to every group whose phrase it
/// holds. A group that would hold more than a tenth of all problems says too little to act on
/// (财务 covers reimbursements, cash and assets) and is split by the other phrases its problems hold
/// (财务管理·报销); what is still too large is left out — unless its titles are all the same words.
/// Linear in the problems: each title is cut once, each distinct piece looked up once.
/// </summary>
public static class CommonProblems
{
    /// <summary>A group may hold at most this share of all problems (unless its titles are the same).</summary>
    public const double MaxShare = 0.10;

    /// <summary>
    /// Boilerplate that says how a thing was done badly, not what it was: cut out of the titles
    /// before phrases are looked for, so no phrase is made of it. Longer ones first.
    /// </summary>
    public static readonly IReadOnlyList<string> StopPhrases =
    [
        "的整改进展情况", "整改进展情况", "落实不到位", "执行不到位", "推进缓慢", "有待加强", "有待提高", "有待进一步",
        "尤为突出", "较为突出", "流于形式", "的问题", "问题", "存在", "方面", "关于", "情况", "不到位", "不规范", "不严格",
        "不严谨", "不深入", "不扎实", "不彻底", "不及时", "不明显", "不充分", "不健全", "不完善", "不全面", "不细致",
        "不一致", "不到", "不够", "不严", "不力", "不足", "不强", "不清", "不高", "不实", "不准", "缓慢", "滞后", "薄弱",
        "淡薄", "有差距", "有偏差", "有漏洞", "仍然", "较多", "突出", "的",
        // How it went wrong, said of any subject alike.
        "审核把关不严", "把关不严", "监管缺位", "责任不明确", "程序倒置", "跟踪问效", "资料不齐全", "执行不严格", "未按规定",
        "未建立长效机制", "未定期开展自查", "成效不明显", "存在漏洞",
        // Where, said of any subject alike.
        "部分", "个别", "下属单位", "下属企业", "镇属企业",
    ];

    // The stop-phrases by their first character, longest first: a title is cut in one pass.
    static readonly Dictionary<char, string[]> StopsByFirst = StopPhrases.GroupBy(s => s[0])
        .ToDictionary(g => g.Key, g => g.OrderByDescending(s => s.Length).ToArray());

    /// <summary>Words too general to be a common problem on their own (a mined phrase may hold them, not be them).</summary>
    static readonly HashSet<string> Generic =
    [
        "管理工作", "制度执行", "工作机制", "长效机制", "监督管理", "责任落实", "部分村", "村社区", "个别干部", "整改工作",
        "建立健全", "进一步", "制度建设", "主要负责人", "领导班子", "班子成员",
    ];

    // A mined phrase neither starts nor ends with a word of grammar.
    const string WeakEdges = "的了在对和与及或等是有不未把被从为以其将并且也之所而";

    /// <summary>
    /// The pieces of a title that phrases are looked for in: its runs of letters and digits, with the
    /// stop-phrases cut out. Every piece is a substring of the title, so a phrase found in a piece is in the title.
    /// </summary>
    public static List<string> Pieces(string title)
    {
        var pieces = new List<string>();
        var start = -1;
        var i = 0;
        while (i <= title.Length)
        {
            var stop = i == title.Length || !char.IsLetterOrDigit(title[i]) ? 1 : StopAt(title, i);
            if (stop > 0)
            {
                if (start >= 0 && i - start >= 2) pieces.Add(title[start..i]);
                start = -1;
                i += stop;
                continue;
            }
            if (start < 0) start = i;
            i++;
        }
        return pieces;
    }

    static int StopAt(string text, int i)
    {
        if (!StopsByFirst.TryGetValue(text[i], out var stops)) return 0;
        foreach (var s in stops)
            if (string.CompareOrdinal(text, i, s, 0, s.Length) == 0) return s.Length;
        return 0;
    }

    /// <summary>
    /// The common problems among <paramref name="problems"/>: groups of at least two problems from
    /// at least <paramref name="minUnits"/> units, largest reach first.
    /// </summary>
    public static List<ProblemGroup> Group(IReadOnlyList<ProblemText> problems, int minUnits = 2, IReadOnlyList<FindingCategory>? vocabulary = null)
    {
        vocabulary ??= FindingVocabulary.Categories;
        var n = problems.Count;
        if (n == 0) return [];
        var cap = Math.Max(2, (int)(n * MaxShare));

        // Each distinct title is cut once; each distinct piece counted by the problems that hold it.
        var piecesOfTitle = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var piecesOf = new string[n][];
        var pieceCount = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var k = 0; k < n; k++)
        {
            var title = problems[k].Title;
            if (!piecesOfTitle.TryGetValue(title, out var pieces))
                piecesOfTitle[title] = pieces = Pieces(title).Distinct(StringComparer.Ordinal).ToArray();
            piecesOf[k] = pieces;
            foreach (var p in pieces) pieceCount[p] = pieceCount.GetValueOrDefault(p) + 1;
        }

        // Keys: the vocabulary's kinds first, then the mined phrases. A key is a list of phrases, any of which counts.
        var keys = vocabulary.Select(c => c.Phrases).ToList();
        var keyOfPhrase = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var c = 0; c < vocabulary.Count; c++)
            foreach (var p in vocabulary[c].Phrases) keyOfPhrase.TryAdd(p, c);
        var seedPhrases = keyOfPhrase.Keys.ToList();
        foreach (var phrase in Mine(pieceCount, n, seedPhrases))
        {
            keyOfPhrase[phrase] = keys.Count;
            keys.Add([phrase]);
        }
        var longest = keyOfPhrase.Keys.Max(p => p.Length);

        // Which keys each distinct piece holds: every substring looked up once.
        var keysOfPiece = new Dictionary<string, int[]>(StringComparer.Ordinal);
        var lookup = keyOfPhrase.GetAlternateLookup<ReadOnlySpan<char>>();
        var found = new HashSet<int>();
        foreach (var piece in pieceCount.Keys)
        {
            found.Clear();
            for (var s = 0; s < piece.Length; s++)
                for (var len = 2; len <= longest && s + len <= piece.Length; len++)
                    if (lookup.TryGetValue(piece.AsSpan(s, len), out var key)) found.Add(key);
            keysOfPiece[piece] = found.Count == 0 ? [] : found.ToArray();
        }

        var members = new List<int>[keys.Count];
        for (var k = 0; k < keys.Count; k++) members[k] = [];
        var keysOfProblem = new int[n][];
        for (var k = 0; k < n; k++)
        {
            found.Clear();
            foreach (var piece in piecesOf[k]) found.UnionWith(keysOfPiece[piece]);
            keysOfProblem[k] = found.ToArray();
            foreach (var key in keysOfProblem[k]) members[key].Add(k);
        }

        // Candidate groups: each key alone, and a too-large key split by the keys its problems also hold.
        var candidates = new List<(int[] Keys, List<int> Members)>();
        for (var key = 0; key < keys.Count; key++)
        {
            var m = members[key];
            if (m.Count < 2) continue;
            if (m.Count <= cap || AllSame(problems, m)) { candidates.Add(([key], m)); continue; }
            var withOther = new Dictionary<int, List<int>>();
            foreach (var k in m)
                foreach (var other in keysOfProblem[k])
                    if (other != key) (withOther.TryGetValue(other, out var l) ? l : withOther[other] = []).Add(k);
            foreach (var (other, both) in withOther)
                if (both.Count >= 2 && (both.Count <= cap || AllSame(problems, both)))
                    candidates.Add(([key, other], both));
        }

        // The same problems under two names are one group: the kind's name over a mined phrase,
        // one phrase over a pair, then the larger.
        candidates.Sort((a, b) => a.Keys.Length != b.Keys.Length ? a.Keys.Length.CompareTo(b.Keys.Length)
            : a.Keys[0] != b.Keys[0] ? a.Keys[0].CompareTo(b.Keys[0]) : b.Members.Count.CompareTo(a.Members.Count));
        var accepted = new List<(int[] Keys, List<int> Members)>();
        var acceptedOf = new List<int>[n];
        var shared = new Dictionary<int, int>();
        foreach (var c in candidates)
        {
            if (Units(problems, c.Members, minUnits) < minUnits) continue;
            shared.Clear();
            foreach (var k in c.Members)
                if (acceptedOf[k] is { } list)
                    foreach (var a in list) shared[a] = shared.GetValueOrDefault(a) + 1;
            // Nearly the same members (Jaccard ≥ 0.8) as a group already taken.
            if (shared.Any(s => s.Value >= 0.8 * (c.Members.Count + accepted[s.Key].Members.Count - s.Value))) continue;
            foreach (var k in c.Members) (acceptedOf[k] ??= []).Add(accepted.Count);
            accepted.Add(c);
        }

        return accepted
            .Select(c => new ProblemGroup(Label(problems, c.Members, c.Keys.Select(k => keys[k]).ToList()),
                c.Keys.Select(k => keys[k]).ToList(), c.Members.Select(k => problems[k]).ToList()))
            .OrderByDescending(g => g.Units).ThenByDescending(g => g.Members.Count).ThenBy(g => g.Label, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Phrases the titles repeat that the vocabulary does not know: runs of 3 to 8 characters inside
    /// the pieces, held by at least a thousandth of the problems (and two), that do not merely cut a
    /// longer phrase held nearly as often (撂荒复 of 撂荒复耕), nor a phrase of the vocabulary, nor overlap one.
    /// </summary>
    static List<string> Mine(Dictionary<string, int> pieceCount, int problems, List<string> seedPhrases)
    {
        const int shortest = 3, longestMined = 8;
        var support = Math.Max(2, problems / 1000);
        var count = new Dictionary<string, int>(StringComparer.Ordinal);
        var lookup = count.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (piece, times) in pieceCount)
            for (var s = 0; s < piece.Length; s++)
                for (var len = shortest; len <= longestMined + 1 && s + len <= piece.Length; len++)
                {
                    var span = piece.AsSpan(s, len);
                    lookup[span] = lookup.TryGetValue(span, out var c) ? c + times : times;
                }
        // How often the most frequent one-character-longer phrase occurs.
        var longer = new Dictionary<string, int>(StringComparer.Ordinal);
        var longerLookup = longer.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (g, c) in count)
        {
            if (g.Length <= shortest || c < support) continue;
            for (var side = 0; side < 2; side++)
            {
                var part = side == 0 ? g.AsSpan(1) : g.AsSpan(0, g.Length - 1);
                if (!longerLookup.TryGetValue(part, out var best) || best < c) longerLookup[part] = c;
            }
        }
        var candidates = count
            .Where(kv => kv.Key.Length <= longestMined && kv.Value >= support
                && longer.GetValueOrDefault(kv.Key) < 0.8 * kv.Value
                && !WeakEdges.Contains(kv.Key[0]) && !WeakEdges.Contains(kv.Key[^1])
                && kv.Key.All(char.IsLetter) && !Generic.Contains(kv.Key)
                && !seedPhrases.Any(p => p.Contains(kv.Key, StringComparison.Ordinal) || kv.Key.Contains(p, StringComparison.Ordinal)))
            .ToDictionary(kv => kv.Key, kv => new Sides(), StringComparer.Ordinal);

        // A word stands on its own: it starts or ends pieces, or what comes before and after it varies.
        // A phrase that is nearly always part of a few frequent longer ones (务公开 of 村务公开、党务公开,
        // each said often) is not one.
        var sides = candidates.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var (piece, times) in pieceCount)
            for (var s = 0; s < piece.Length; s++)
                for (var len = shortest; len <= longestMined && s + len <= piece.Length; len++)
                    if (sides.TryGetValue(piece.AsSpan(s, len), out var side))
                    {
                        if (s > 0) side.Left[piece[s - 1]] = side.Left.GetValueOrDefault(piece[s - 1]) + times;
                        if (s + len < piece.Length) side.Right[piece[s + len]] = side.Right.GetValueOrDefault(piece[s + len]) + times;
                    }
        return candidates
            .Where(kv => Free(kv.Value.Left, count[kv.Key]) && Free(kv.Value.Right, count[kv.Key]))
            .Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList();

        bool Free(Dictionary<char, int> neighbours, int times) => neighbours.Values.Where(c => c >= support).Sum() < 0.8 * times;
    }

    /// <summary>How often each character stands before and after a phrase.</summary>
    sealed class Sides
    {
        public readonly Dictionary<char, int> Left = [], Right = [];
    }

    /// <summary>How many units the members come from, counted only as far as <paramref name="enough"/>.</summary>
    static int Units(IReadOnlyList<ProblemText> problems, List<int> members, int enough)
    {
        var units = new HashSet<string>(StringComparer.Ordinal);
        foreach (var k in members)
            if (units.Add(problems[k].Organization) && units.Count >= enough) break;
        return units.Count;
    }

    /// <summary>The titles say the same thing once the boilerplate is cut out.</summary>
    static bool AllSame(IReadOnlyList<ProblemText> problems, List<int> members)
    {
        var first = string.Concat(Pieces(problems[members[0]].Title));
        return members.All(k => string.Concat(Pieces(problems[k].Title)) == first);
    }

    /// <summary>For each requirement, the phrase most of the members hold (the longer of two held as often).</summary>
    static string Label(IReadOnlyList<ProblemText> problems, List<int> members, List<IReadOnlyList<string>> requires) =>
        string.Join("·", requires.Select(phrases => phrases.Count == 1 ? phrases[0]
            : phrases.Select(p => (Phrase: p, Held: members.Count(k => problems[k].Title.Contains(p, StringComparison.Ordinal))))
                .OrderByDescending(x => x.Held).ThenByDescending(x => x.Phrase.Length).First().Phrase));
}
