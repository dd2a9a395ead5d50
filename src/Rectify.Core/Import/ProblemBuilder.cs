using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>A category heading and the lines under it that belong to no problem.</summary>
internal sealed partial class CategoryBuilder
{
    public CategoryBuilder(NoticeLine? heading)
    {
        Heading = heading;
        if (heading is null) { Title = CategoryItem.Uncategorised; return; }
        var (title, rest) = NoticeStructure.SplitTitle(heading.Rest);
        Title = Clean(title);
        InlineRest = rest;
    }

    public NoticeLine? Heading { get; }
    public string Title { get; }
    public string InlineRest { get; } = "";
    public List<NoticeLine> Lines { get; } = [];
    public List<ProblemBuilder> Problems { get; } = [];

    // "反馈问题:X" and "关于“X”" name the category X; "…方面" stays as written.
    private static string Clean(string title)
    {
        var key = ChineseText.Key(title);
        var m = WrapperRegex().Match(key);
        return ChineseText.TrimEnd(m.Success ? title.Substring(m.Groups["t"].Index, m.Groups["t"].Length) : title).Trim();
    }

    [GeneratedRegex(@"^(?:反馈问题\s*[:]\s*(?<t>.+)|关于[“""](?<t>[^”""]+)[”""])$")]
    private static partial Regex WrapperRegex();
}

/// <summary>Collects the lines of one problem: status, measures, items (具体表现), ledger fields.</summary>
internal sealed partial class ProblemBuilder(NoticeLine heading)
{
    private readonly List<string> measureParagraphs = [];
    private readonly List<string> detail = [];
    private readonly Dictionary<string, string> fields = [];
    private string? statusText;
    private bool statusPending;

    public NoticeLine Heading { get; } = heading;
    /// <summary>Every line of the problem as read, so it can be handed back if it proves not to be one.</summary>
    public List<NoticeLine> Lines { get; } = [heading];
    public List<string> Items { get; } = [];
    public bool InMeasures { get; private set; }
    public bool HasLabels { get; private set; }
    /// <summary>Set by <see cref="Build"/>: the measures are listed item by item (<see cref="ListsItemByItem"/>).</summary>
    public bool MeasuresListed { get; private set; }
    /// <summary>Set by <see cref="Build"/>: the problem states its status as one (<see cref="NoticeStructure"/> keeps such an item as a problem wherever it stands).</summary>
    public bool StatesStatus { get; private set; }

    public void Add(NoticeLine line, bool noticeUsesLabels)
    {
        if (line.Index != Heading.Index) Lines.Add(line);
        switch (line.Kind)
        {
            case LineKind.StatusLabel:
                HasLabels = true;
                statusText = line.Rest.Length > 0 ? line.Rest : null;
                statusPending = line.Rest.Length == 0;
                break;
            case LineKind.MeasuresLabel:
                HasLabels = true;
                InMeasures = true;
                if (line.Rest.Length > 0) measureParagraphs.Add(line.Rest);
                break;
            case LineKind.FieldLabel:
                fields[line.Label!] = line.Rest;
                break;
            case LineKind.Heading when InMeasures:
                // With its count: the one measure rule (SplitMeasures) reads the counts.
                measureParagraphs.Add(line.Text.Trim());
                break;
            default:
                if (statusPending) { statusText = line.Text.Trim(); statusPending = false; }
                else if (InMeasures || !noticeUsesLabels) measureParagraphs.Add(line.Text.Trim());
                else detail.Add(line.Text.Trim());
                break;
        }
    }

    /// <param name="findings">Receives what the problem's dates needed: a repair of lost 年/月/日, or none possible.</param>
    public ProblemItem Build(int ordinal, List<Finding> findings)
    {
        var (title, _) = NoticeStructure.SplitTitle(Heading.Rest);
        var (cleanTitle, statusInTitle) = StatusSuffix(ChineseText.TrimEnd(title).Trim());
        // SplitTitle cuts at the heading's first "。" outside quotes: the heading is a sentence of its own.
        HeadingForm = Form(cleanTitle, CleanTitle(cleanTitle), endsSentence: title.Length < Heading.Rest.Length);
        var text = statusText ?? statusInTitle;
        // Whether the status is stated as the item's own (a label, the title's brackets, a sentence that opens with it or
        // names the problem), not only read from a paragraph's words ("对照清单逐项推进。", "目前，各项工作正在有序推进。").
        var stated = text is not null;
        // "整改情况:已完成。一是…": a status as the first short sentence, the measures after it.
        if (text is null && measureParagraphs.Count > 0 && LeadingStatus(measureParagraphs[0]) is { } lead)
        {
            text = lead.Status;
            stated = true;
            if (lead.After.Length > 0) measureParagraphs[0] = lead.After;
            else measureParagraphs.RemoveAt(0);
        }
        // "…清理违建12处。目前，该问题已整改到位。": a status stated last, after the measures, is no measure.
        if (text is null && measureParagraphs.Count > 0 && TrailingStatus(measureParagraphs[^1]) is { } trail)
        {
            text = trail.Status;
            stated = NamesItsStatus(trail.Status);
            if (trail.Before.Length > 0) measureParagraphs[^1] = trail.Before;
            else measureParagraphs.RemoveAt(measureParagraphs.Count - 1);
        }
        // "整改情况:已完成整改。" is a status given under a measures label (or as the first short paragraph).
        if (text is null && measureParagraphs.Count > 0 && measureParagraphs[0].Length <= 20
            && Statuses.FromText(ChineseText.Key(measureParagraphs[0])) is not null)
        {
            text = measureParagraphs[0];
            stated = StatusOpeningRegex().IsMatch(ChineseText.Key(text));
            measureParagraphs.RemoveAt(0);
        }
        // "1.…问题。具体表现……。目前已整改完成。" with labelled measures after it: the status closes the problem's own paragraph.
        if (text is null && detail.Count > 0 && TrailingStatus(detail[^1]) is { } closing)
        {
            text = closing.Status;
            stated = NamesItsStatus(closing.Status);
            if (closing.Before.Length > 0) detail[^1] = closing.Before;
            else detail.RemoveAt(detail.Count - 1);
        }
        MeasuresListed = ListsItemByItem(measureParagraphs);
        var textKey = text is null ? null : ChineseText.Key(text);
        var status = Statuses.FromText(textKey) ?? RectificationStatus.NotStated;
        StatesStatus = stated && status != RectificationStatus.NotStated;
        // The expected month is read from the status with its lost 年/月/日 put back ("预计2024年630日前完成").
        var expectedKey = text is null ? null : ChineseText.Key(NoticeDates.WithRepairs(text, NoticeDates.ScanReporting(text, null, findings)));
        var deadlineText = Field("整改时限", "完成时限");
        var deadlineDates = deadlineText is null ? [] : NoticeDates.ScanReporting(deadlineText, null, findings);
        return new ProblemItem
        {
            Ordinal = ordinal,
            Title = CleanTitle(cleanTitle),
            Status = status.Code(),
            StatusText = text is null ? null : ChineseText.TrimEnd(text),
            ExpectedCompletion = Statuses.ExpectedMonthIn(expectedKey),
            Measures = SplitMeasures(measureParagraphs),
            Items = Items.Count > 0 ? Items : null,
            Detail = Field("问题描述", "具体表现", "存在问题") is { } described ? string.Join("\n", detail.Prepend(described))
                : detail.Count > 0 ? string.Join("\n", detail) : null,
            ResponsibleLeader = Field("责任领导", "牵头领导", "分管领导"),
            ResponsibleDepartment = Field("责任单位", "责任部门", "牵头单位"),
            ResponsiblePerson = Field("责任人"),
            Goal = Field("整改目标"),
            Kind = RectificationKinds.FromText(Field("整改类型")) is { } k ? k.Chinese() : null,
            Remarks = deadlineText is null ? null : "整改时限：" + deadlineText,
            // A deadline given as a day is the ledger's deadline; "2023年底" stays in the remarks as written.
            Deadline = deadlineDates is [{ Date.IsExactDay: true } one] ? one.Date.Start : null,
        };
    }

    private static (string Status, string After)? LeadingStatus(string paragraph)
    {
        var key = ChineseText.Key(paragraph);
        var end = key.IndexOf('。');
        if (end is < 2 or > 20 || !StatusOpeningRegex().IsMatch(key) || Statuses.FromText(key[..end]) is null) return null;
        return (paragraph[..end], paragraph[(end + 1)..].Trim());
    }

    /// <summary>
    /// The last sentence of a paragraph (of measures, or the problem's own) when it states the problem's status: opening
    /// as a report of where things stand ("目前", "截至目前", "现已", "经整改") and carrying status words, or a bare statement
    /// of the status (<see cref="IsBareStatus"/>: "该问题已完成整改", "正在整改中"); a sentence that counts what was done
    /// ("目前已完成3个村的改造") is a measure.
    /// </summary>
    private static (string Status, string Before)? TrailingStatus(string paragraph)
    {
        var key = ChineseText.Key(paragraph).TrimEnd();
        var body = key.TrimEnd('。', ';', '!');
        var cut = body.LastIndexOfAny(['。', ';', '!', '?']);
        var sentence = key[(cut + 1)..].Trim();
        if (sentence.Length is 0 or > 60 || !(TrailingStatusOpeningRegex().IsMatch(sentence) || IsBareStatus(sentence))
            || CountedWorkRegex().IsMatch(sentence) || Statuses.FromText(sentence) is null) return null;
        return (paragraph.Substring(cut + 1).Trim(), paragraph[..(cut + 1)].Trim());
    }

    /// <summary>
    /// A short sentence that is nothing but the status of the rectification, its subject at most naming the problem:
    /// "该问题已完成整改", "已整改完成", "正在整改中". It opens with a status word and names the problem or speaks of the
    /// rectification itself (整改, 销号, 推进…), so "已完成排查工作" or "已整改到位，目前运行良好" stays a measure.
    /// </summary>
    private static bool IsBareStatus(string sentence)
    {
        var whole = ChineseText.TrimEnd(sentence).Trim();
        var subject = BareSubjectRegex().Match(whole);
        var s = whole[subject.Length..];
        return s.Length <= 16 && !s.Contains(',') && StatusOpeningRegex().IsMatch(s) && (subject.Length > 0 || RectificationWordRegex().IsMatch(s));
    }

    /// <summary>
    /// A closing sentence that states the item's own status ("目前，该问题已完成整改", "已整改完成"), not how the work as a
    /// whole goes on ("目前，各项整改工作正在有序推进"), which a work item ends with as often as a problem does.
    /// </summary>
    private static bool NamesItsStatus(string sentence) =>
        IsBareStatus(TrailingStatusOpeningRegex().Replace(ChineseText.Key(sentence).Trim(), "").TrimStart(',', ' '));

    private string? Field(params string[] labels)
    {
        foreach (var l in labels)
            if (fields.TryGetValue(l, out var v) && v.Length > 0) return ChineseText.TrimEnd(v);
        return null;
    }

    // "…的问题(已完成整改)": a status in brackets at the end of the title.
    private static (string Title, string? Status) StatusSuffix(string title)
    {
        var m = StatusSuffixRegex().Match(ChineseText.Key(title));
        if (!m.Success || Statuses.FromText(m.Groups[2].Value) is null) return (title, null);
        // The key and the title have the same length, so the groups cut the original.
        return (title[..m.Groups[1].Length].Trim(), title.Substring(m.Groups[2].Index, m.Groups[2].Length));
    }

    /// <summary>
    /// How the heading frames the problem's words, with <see cref="NarrativePart.TitleSlot"/> for them: "关于{title}的问题。"
    /// from "1.关于学习贯彻落实有偏差的问题。", "{title}。" from "1.基本殡葬服务制度不健全。". Set by <see cref="Build"/>.
    /// </summary>
    public string? HeadingForm { get; private set; }

    static string? Form(string heading, string words, bool endsSentence)
    {
        var at = heading.IndexOf(words, StringComparison.Ordinal);
        if (words.Length == 0 || at < 0) return null;
        return heading[..at] + NarrativePart.TitleSlot + heading[(at + words.Length)..] + (endsSentence ? "。" : "");
    }

    /// <summary>The problem's own words: the text inside “…” of "对“…”的整改进展情况" / "关于“…”问题的整改", or "关于…的问题" without its frame.</summary>
    public static string CleanTitle(string title)
    {
        var m = TitleFrameRegex().Match(ChineseText.Key(title));
        if (!m.Success) return title;
        var g = m.Groups["t"];
        return title.Substring(g.Index, g.Length).Trim();
    }

    /// <summary>
    /// One measure a paragraph, except where the notice counts them ("一是…二是…", "1.…2.…", "(1)…(2)…",
    /// "①…②…"), in running text or in a table's cell alike: a paragraph that opens with a counter (一是 only as
    /// the first count, or the next after the previous paragraph's) is cut at each following count of the same kind,
    /// if it starts a sentence, and the counts are dropped; each measure keeps its words as written, in the order
    /// the counts give. A count inside a paragraph that does not open with one is left alone. In a counted run, a
    /// paragraph that does not open with the next count is a further paragraph of the measure before it (the
    /// composer writes a measure of several paragraphs so).
    /// </summary>
    public static List<string> SplitMeasures(IEnumerable<string> paragraphs)
    {
        var measures = new List<string>();
        MarkerKind? run = null;
        var next = 1;
        foreach (var p in paragraphs)
        {
            var key = ChineseText.Key(p);
            var (kind, first, prefix) = OpeningCounter(key, run, next);
            if (kind is null)
            {
                // Inside a counted run, a paragraph without the next count goes on with the measure before it.
                if (run is not null && measures.Count > 0) measures[^1] += "\n" + p;
                else if (p.Length > 0) measures.Add(p);
                continue;
            }
            run = kind;
            var start = 0;
            for (var n = first + 1; ; n++)
            {
                var (at, length) = NextCounter(key, kind.Value, n, start + prefix);
                var piece = p[(start + prefix)..(at < 0 ? p.Length : at)].Trim();
                if (piece.Length > 0) measures.Add(piece);
                if (at < 0) { next = n; break; }
                start = at;
                prefix = length;
            }
        }
        return measures;
    }

    /// <summary>
    /// Whether the paragraphs list their measures item by item: they open with a count ("一是", "1.", "(1)"), so every
    /// measure <see cref="SplitMeasures"/> reads is one the notice counted. Running paragraphs that tell the work
    /// done are read as measures too, but how many measures they hold is the reader's guess, not the notice's.
    /// </summary>
    public static bool ListsItemByItem(IEnumerable<string> paragraphs) =>
        paragraphs.FirstOrDefault(p => p.Trim().Length > 0) is { } first && OpensWithCounter(first);

    /// <summary>A paragraph that opens with a count of measures ("一是", "1.", "(1)", "①", "(一)", "一、").</summary>
    public static bool OpensWithCounter(string text) => OpeningCounter(ChineseText.Key(text), null, 1).Kind is not null;

    // "一是" opens a run only as its first count or as the next one; a numbered marker opens one at any number
    // (a cell or a line may start at "3."). MarkerKind.None stands for the "N是" count.
    private static (MarkerKind? Kind, int First, int Length) OpeningCounter(string key, MarkerKind? run, int next)
    {
        foreach (var n in run == MarkerKind.None && next > 1 ? [next, 1] : new[] { 1 })
            if (CounterLength(key, 0, MarkerKind.None, n) is > 0 and var shi) return (MarkerKind.None, n, shi);
        if (LineClassifier.Classify(0, key) is { Kind: LineKind.Heading, Ordinal: > 0 } h && h.Marker != MarkerKind.None)
            return (h.Marker, h.Ordinal, h.RestStart);
        return (null, 0, 0);
    }

    /// <summary>Where count <paramref name="n"/> of the kind stands after a sentence's end (or a space, for a numbered marker), and its length.</summary>
    private static (int At, int Length) NextCounter(string key, MarkerKind kind, int n, int from)
    {
        var word = CounterText(kind, n);
        for (var i = key.IndexOf(word, from, StringComparison.Ordinal); i >= 0; i = key.IndexOf(word, i + 1, StringComparison.Ordinal))
        {
            if (CounterLength(key, i, kind, n) is not (> 0 and var length)) continue;
            var before = key[..i];
            var trimmed = before.TrimEnd();
            if (trimmed.Length == 0 || "。;!?".Contains(trimmed[^1]) || (kind != MarkerKind.None && trimmed.Length < before.Length)) return (i, length);
        }
        return (-1, 0);
    }

    private static string CounterText(MarkerKind kind, int n) => kind switch
    {
        MarkerKind.None => ChineseText.Numeral(n) + "是",
        MarkerKind.ChineseComma => ChineseText.Numeral(n) + "、",
        MarkerKind.ParenChinese => $"({ChineseText.Numeral(n)})",
        MarkerKind.ParenArabic => $"({n})",
        MarkerKind.Circled => n is >= 1 and <= 20 ? ((char)('①' + n - 1)).ToString() : "\0",
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>The length of count <paramref name="n"/> at <paramref name="at"/>, with the spaces after it; 0 when it is not there ("2.5万元" is no count).</summary>
    private static int CounterLength(string key, int at, MarkerKind kind, int n)
    {
        var word = CounterText(kind, n);
        if (string.CompareOrdinal(key, at, word, 0, word.Length) != 0) return 0;
        var end = at + word.Length;
        if (kind == MarkerKind.ArabicDot)
        {
            if (end >= key.Length || key[end] is not ('.' or '、') || (key[end] == '.' && end + 1 < key.Length && char.IsAsciiDigit(key[end + 1]))) return 0;
            if (at > 0 && char.IsAsciiDigit(key[at - 1])) return 0;
            end++;
        }
        while (end < key.Length && key[end] == ' ') end++;
        return end - at;
    }

    // A status sentence opens with its status word, not with an action ("已完成整改", "正在推进", "基本完成").
    [GeneratedRegex(@"^(?:已|正在|基本|取得|暂不|尚未|未|持续|长期|整改中|整改完成|完成整改)")]
    private static partial Regex StatusOpeningRegex();

    [GeneratedRegex(@"^(?:截[至止](?:目前|当前|发稿时)|目前|当前|现已|经整改|经过整改)")]
    private static partial Regex TrailingStatusOpeningRegex();

    [GeneratedRegex(@"^(?:该|此|这一|上述|本)(?:项|个)?问题(?:的)?(?:整改(?:工作)?)?\s*,?\s*")]
    private static partial Regex BareSubjectRegex();

    [GeneratedRegex(@"整改|销号|推进|阶段性成效|长期坚持")]
    private static partial Regex RectificationWordRegex();

    // A count of work done (3处, 12个, 5人, 2万元); a year or a month is no such count.
    [GeneratedRegex(@"(?:\d+|[一二两三四五六七八九十百]+)\s*(?:个|项|条|处|人|名|次|家|户|件|所|份|万元|元|%)")]
    private static partial Regex CountedWorkRegex();

    [GeneratedRegex(@"^(.*?)[(【\[]([^()【】\[\]]{2,24})[)】\]]$")]
    private static partial Regex StatusSuffixRegex();

    [GeneratedRegex(@"^(?:对[“""](?<t>.+)[”""](?:问题)?的整改(?:进展)?(?:情况)?|关于[“""](?<t>.+)[”""](?:的)?(?:问题)?(?:的)?(?:整改)?(?:进展)?(?:情况)?|关于(?<t>.+?)(?:的)?问题(?:的整改(?:进展)?(?:情况)?)?)$")]
    private static partial Regex TitleFrameRegex();
}
