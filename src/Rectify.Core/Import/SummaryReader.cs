using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>Reads the figures a notice states about itself: the summary claim, outcomes, contacts.</summary>
public static partial class SummaryReader
{
    private const string Num = @"\d+|[零〇一二两三四五六七八九十百千]+";

    /// <summary>
    /// The sentence that counts the problems ("细化分解的四方面14个问题,已完成整改11个,…"), as stated.
    /// Numbers near 问题 that count something else ("发现问题3个" of another check, "问题一个不漏") are passed over.
    /// </summary>
    public static SummaryClaim? ReadClaim(IEnumerable<string> paragraphs)
    {
        var sentences = paragraphs.SelectMany(p => SentenceRegex().Matches(p).Select(m => m.Value.Trim())).Where(s => s.Length > 0).ToList();
        for (var i = 0; i < sentences.Count; i++)
        {
            var key = MaskOrdinals(ChineseText.Key(sentences[i]));
            if (!CountedNounRegex().IsMatch(key) || ProblemCount(key) is not { } count) continue;
            var claim = new SummaryClaim { Text = sentences[i], Problems = ChineseText.Number(count.Groups["n"].Value) };
            var before = key[..count.Index];
            if (count.Groups["c"].Success) claim.Categories = ChineseText.Number(count.Groups["c"].Value);
            else if (CategoryCountRegex().Match(before) is { Success: true } c) claim.Categories = ChineseText.Number(c.Groups["c"].Value);
            var buckets = ReadBuckets(key, count, claim);
            // The split may follow in the next sentence ("共梳理问题25个。截至目前,已完成19个…").
            if (!buckets && i + 1 < sentences.Count && MaskOrdinals(ChineseText.Key(sentences[i + 1])) is var next
                && ProblemCount(next) is null && ReadBuckets(next, null, claim))
                claim.Text += sentences[i + 1];
            // The counts of other things the summary states around it (整改措施9条, 建立制度12项, 问责5人): kept as stated.
            var paragraph = paragraphs.First(p => p.Contains(sentences[i], StringComparison.Ordinal));
            var stated = StatedCounts(paragraph[paragraph.IndexOf(sentences[i], StringComparison.Ordinal)..]);
            if (stated.Count > 0) claim.Counts = stated;
            return claim;
        }
        return null;
    }

    private static Match? ProblemCount(string sentence)
    {
        foreach (Match m in ProblemCountRegex().Matches(sentence))
        {
            var lead = sentence[Math.Max(0, m.Index - 8)..m.Index];
            var text = m.Value;
            // "发现问题3个" after a check of our own is not the inspection's count.
            if (OtherCheckRegex().IsMatch(lead + text) && !lead.Contains("巡察") && !lead.Contains("巡视")) continue;
            var arabic = m.Groups["n"].Value.All(char.IsAsciiDigit);
            var framed = FrameRegex().IsMatch(lead + text) || BucketRegex().IsMatch(sentence);
            if (!framed) continue;
            // "问题一个不漏" is an idiom, not a count: a Chinese numeral must end the clause.
            var after = m.Index + m.Length < sentence.Length ? sentence[m.Index + m.Length] : '。';
            if (!arabic && m.Groups["tail"].Success && !",,。;、(".Contains(after)) continue;
            return m;
        }
        return null;
    }

    /// <summary>
    /// Ordinals are never counts: the number of "第3次", "第二轮", "第5批", "第九届", "第12号", "第3个" is blanked
    /// (same length, so positions still cut the original text), and so is a list or range of them under one 第
    /// ("第3、4个问题", "第5至7项"), whose last number would otherwise read as a count.
    /// </summary>
    public static string MaskOrdinals(string key) =>
        key.Contains('第') ? OrdinalRegex().Replace(key, m => new string('#', m.Length)) : key;

    private static bool ReadBuckets(string sentence, Match? count, SummaryClaim claim)
    {
        var any = false;
        var offset = 0;
        foreach (var clause in ClauseRegex().Split(sentence))
        {
            var at = offset;
            offset += clause.Length + 1;
            if (RateRegex().Match(clause) is { Success: true } r)
            {
                claim.CompletionRate = decimal.Parse(r.Groups["r"].Value, CultureInfo.InvariantCulture);
                any = true;
                continue;
            }
            var part = clause;
            if (count is not null && at <= count.Index && count.Index < at + clause.Length + 1)
            {
                // The clause that counts the problems may go on: "12个问题已完成整改10个", "14个问题已全部整改完成".
                part = clause[Math.Min(clause.Length, count.Index + count.Length - at)..];
            }
            // "已全部完成整改", in the clause of the count or after it: all the problems counted.
            if (claim.Problems is { } counted && part.Contains("全部") && !BucketNumberRegex().IsMatch(part) && !CountsOtherThing(part)
                && Statuses.FromText(part) is { } all && all.IsCompleted())
            {
                Add(claim, StatusWords(part), counted, all, within: false);
                any = true;
                continue;
            }
            if (BucketNumberRegex().Match(part) is not { Success: true } n || part.Contains("方面") || CountsOtherThing(part)) continue;
            if (Statuses.FromText(part) is not { } status) continue;
            Add(claim, StatusWords(part), ChineseText.Number(n.Groups["n"].Value) ?? 0, status, within: part.TrimStart().StartsWith("其中"));
            any = true;
        }
        return any;
    }

    // Each stated count is kept as stated; the groups are sums by the one status table, a "其中…" part not added again.
    private static void Add(SummaryClaim claim, string words, int value, RectificationStatus status, bool within)
    {
        (claim.Buckets ??= []).Add(new StatedBucket { Text = words, Count = value, Status = status.Code(), Within = within });
        if (within) return;
        // A summary sentence counts in the notice's groups (the one table: Statuses.Bucket, then InNotice).
        switch (status.Bucket().InNotice())
        {
            case NoticeGroup.Completed: claim.Completed = (claim.Completed ?? 0) + value; break;
            case NoticeGroup.NotFeasible: claim.NotFeasible = (claim.NotFeasible ?? 0) + value; break;
            case NoticeGroup.InProgress: claim.InProgress = (claim.InProgress ?? 0) + value; break;
        }
    }

    /// <summary>
    /// A clause that counts measures, rules, people, meetings or money, not problems ("已完成整改措施40条",
    /// "建立制度12项", "问责5人"): never a problem count or a status bucket, whatever its status words.
    /// </summary>
    public static bool CountsOtherThing(string clauseKey) => OtherThingRegex().IsMatch(clauseKey);

    /// <summary>
    /// Each clause of a text that states a count of something other than problems, as written ("制定整改措施9条" is
    /// count 9, unit 条). Ordinals (第3次) and dates are no counts; a clause about problems is the claim's own.
    /// </summary>
    public static List<StatedCount> StatedCounts(string text)
    {
        var result = new List<StatedCount>();
        var key = MaskOrdinals(ChineseText.Key(text));
        var at = 0;
        foreach (var clause in StatedClauseRegex().Split(key))
        {
            var start = at;
            at += clause.Length + 1;
            if (!CountsOtherThing(clause) || clause.Contains("问题") || StatedNumberRegex().Match(clause) is not { Success: true } n) continue;
            var lead = clause.Length - clause.TrimStart().Length;
            result.Add(new StatedCount
            {
                Text = ChineseText.TrimEnd(text.Substring(start + lead, clause.Trim().Length)),
                Count = ChineseText.Number(n.Groups["n"].Value) ?? 0,
                Unit = n.Groups["u"].Value,
            });
        }
        return result;
    }

    /// <summary>
    /// The number of measures a summary states as their total ("共制定整改措施9条", "细化45条整改措施"), or null:
    /// a count of measures completed, under way or "其中…" is a part, not the total.
    /// </summary>
    public static StatedCount? StatedMeasureTotal(SummaryClaim claim) =>
        (claim.Counts ?? []).FirstOrDefault(c => MeasureTotalRegex().IsMatch(ChineseText.Key(c.Text)) && !MeasurePartRegex().IsMatch(ChineseText.Key(c.Text)));

    /// <summary>The clause's words without its number and unit: "已完成整改19个" → "已完成整改".</summary>
    private static string StatusWords(string clause) =>
        ChineseText.TrimEnd(BucketNumberRegex().Replace(clause, "").Replace("其中", "").Replace("问题", "").Trim()).Trim();

    /// <summary>Accountability, rules adopted, meetings, funds and measures counted in the narrative parts.</summary>
    public static Outcomes ReadOutcomes(string text)
    {
        var key = MaskOrdinals(ChineseText.Key(text));
        var o = new Outcomes();
        foreach (var (code, hint, regex) in AccountabilityRegexes)
        {
            if (!key.Contains(hint, StringComparison.Ordinal)) continue; // cheap test before the regex
            var m = regex.Match(key);
            if (!m.Success) continue;
            o.Accountability ??= [];
            o.Accountability[code] = ChineseText.Number(m.Groups["n"].Value) ?? 0;
        }
        o.Policies = Sum(key, "制度", PoliciesRegex);
        o.WorkPlans = Sum(key, "工作计划", WorkPlansRegex);
        o.Schemes = Sum(key, "方案", SchemesRegex);
        o.Meetings = Sum(key, "次", MeetingsRegex);
        o.Measures = Sum(key, "整改措施", MeasuresRegex);
        o.SubMeasures = Sum(key, "具体", SubMeasuresRegex);
        // Funds rectified in every form the notice lists ("清退…66.57万元、追回…146万元,挽回经济损失…"), in yuan: the one rule of AuditAmounts.
        o.FundsRecoveredYuan = AuditAmounts.Rectified(AuditAmounts.Parse(text));
        return o;
    }

    // Persons by kind: "给予政务处分0人", "诫勉谈话3人", "对4名干部进行批评教育".
    private static readonly (string Code, string Hint, Regex Regex)[] AccountabilityRegexes =
    [
        .. new (string Code, string Hint, string Pattern)[]
        {
            ("administrativeSanction", "政务处分", "政务处分"),
            ("partySanction", "党纪处分", "党纪处分"),
            ("organizationalHandling", "组织处理", "组织处理"),
            ("admonishment", "诫勉", "诫勉(?:谈话)?"),
            ("referredToCommission", "纪委", "(?:交由|移交|移送)[^,,。;;]{0,6}?纪委(?:监委)?(?:调查|处理|审查)?"),
            ("criticismHelp", "批评帮助", "批评帮助"),
            ("orderedSelfExamination", "责令", "责令(?:作出)?(?:书面)?检查"),
            ("criticismEducation", "批评教育", "批评教育"),
            ("reminderTalk", "谈话", "提醒谈话|谈话提醒"),
        }.Select(k => (k.Code, k.Hint, Compiled($@"(?:{k.Pattern})\s*(?<n>{Num})\s*(?:人次|人|名)|对\s*(?<n>{Num})\s*(?:人|名)[^,,。;;]{{0,8}}?(?:{k.Pattern})"))),
    ];

    private static readonly Regex PoliciesRegex = Compiled($@"制度(?:机制)?\s*(?<n>{Num})\s*[项个份条]|(?<=(?<n>{Num})\s*[项个份条]\s*(?:规章)?)制度");
    private static readonly Regex WorkPlansRegex = Compiled($@"(?<=(?<n>{Num})\s*[项个份]\s*)工作计划");
    private static readonly Regex SchemesRegex = Compiled($@"(?<=(?<n>{Num})\s*[项个份]\s*(?:工作|实施|整改)?)方案");
    private static readonly Regex MeetingsRegex = Compiled($@"(?<=(?<n>{Num})\s*)次[^,,。;;、]{{0,14}}?会(?:议)?|(?:会议|会)\s*(?<n>{Num})\s*次");
    // "45条整改措施" and "制定整改措施45条"; a part ("已完成整改措施40条", "其中…") is not added to the total.
    private static readonly Regex MeasuresRegex = Compiled($@"(?<![完成落实中已]\s*)(?:(?<=(?<n>{Num})\s*[项条个]\s*)整改措施|整改措施\s*(?<n>{Num})\s*[项条个])");
    private static readonly Regex SubMeasuresRegex = Compiled($@"(?<![完成落实中已]\s*)(?:(?<=(?<n>{Num})\s*[项条个]\s*)具体(?:整改)?措施|具体(?:整改)?措施\s*(?<n>{Num})\s*[项条个])");

    // Counts are matched from the word they count, looking back for the number: a pattern that starts
    // with the number would be tried at every numeral of the text, hundreds of times slower.
    private static Regex Compiled(string pattern) => new(pattern, RegexOptions.Compiled);

    private static int? Sum(string key, string hint, Regex regex)
    {
        int? total = null;
        if (!key.Contains(hint, StringComparison.Ordinal)) return total;
        foreach (Match m in regex.Matches(key))
            total = (total ?? 0) + (ChineseText.Number(m.Groups["n"].Value) ?? 0);
        return total;
    }

    /// <summary>电话, 邮政信箱, 邮政编码, 电子邮箱 as given, from the original text.</summary>
    public static Contacts? ReadContacts(string text)
    {
        var key = ChineseText.Key(text);
        string? Get(Regex r) => r.Match(key) is { Success: true } m ? text.Substring(m.Groups["v"].Index, m.Groups["v"].Length).Trim() : null;
        var c = new Contacts
        {
            Phone = Get(PhoneRegex()),
            Mailbox = Get(MailboxRegex()),
            Postcode = Get(PostcodeRegex()),
            Email = Get(EmailRegex()),
        };
        return c is { Phone: null, Mailbox: null, Postcode: null, Email: null } ? null : c;
    }

    // What a count may count besides problems: measures, rules and plans, people, meetings, money, cases.
    [GeneratedRegex(@"措施|举措|制度|机制|办法|方案|规定|台账|清单|会议|问责|处分|诫勉|谈话|资金|万元|\d\s*元|(?:\d|[一二两三四五六七八九十])\s*(?:人|名|次|件|份|场|期|篇|家|户)")]
    private static partial Regex OtherThingRegex();

    [GeneratedRegex(@"[,;、。!?]")]
    private static partial Regex StatedClauseRegex();

    [GeneratedRegex(@"(?<n>\d+|[零〇一二两三四五六七八九十百千]+)\s*(?<u>条|项|个|人次|人|名|次|件|份|场|期|篇|家|户|万元|元)")]
    private static partial Regex StatedNumberRegex();

    [GeneratedRegex(@"(?:整改|具体)?(?:措施|举措)\s*(?:\d+|[零〇一二两三四五六七八九十百千]+)\s*[条项个]|(?:\d+|[零〇一二两三四五六七八九十百千]+)\s*[条项个]\s*(?:整改|具体)?(?:措施|举措)")]
    private static partial Regex MeasureTotalRegex();

    [GeneratedRegex(@"完成|落实|推进|其中|已|剩余|尚未|正在")]
    private static partial Regex MeasurePartRegex();

    [GeneratedRegex(@"[^。!?]+[。!?]?")]
    private static partial Regex SentenceRegex();

    [GeneratedRegex(@"[,;、]")]
    private static partial Regex ClauseRegex();

    // What a notice counts as its problems: 问题 (反馈问题), or the inspection's 意见, 整改事项, 整改任务
    // ("反馈的2个方面3条意见"); one list for the counts and for the test of a sentence that may hold one.
    private const string CountedNoun = "(?:问题|意见|整改事项|整改任务)";

    [GeneratedRegex(CountedNoun)]
    private static partial Regex CountedNounRegex();

    [GeneratedRegex(CountedNoun + @"\s*(?:共|总计|合计)?\s*(?<c>\d+|[一二三四五六七八九十]+)\s*(?:个|大)?\s*(?:方面|类)\s*(?:共)?\s*(?<n>\d+|[零〇一二两三四五六七八九十百千]+)\s*(?<tail>个|项|条)|(?<n>\d+|[零〇一二两三四五六七八九十百千]+)\s*(?:个|项|条)\s*(?:巡察|巡视|反馈|具体|共性|个性|意见|的)*\s*" + CountedNoun + @"(?!线索)|" + CountedNoun + @"\s*(?:共|总计|合计)?\s*(?<n>\d+|[零〇一二两三四五六七八九十百千]+)\s*(?<tail>个|项|条)")]
    private static partial Regex ProblemCountRegex();

    [GeneratedRegex(@"反馈|梳理|细化|分解|交办|指出|共|涉及|巡察|巡视|方面|整改")]
    private static partial Regex FrameRegex();

    [GeneratedRegex(@"已完成|完成整改|整改完成|已整改|基本完成|未完成|长期坚持|正在|推进|阶段性|暂不具备")]
    private static partial Regex BucketRegex();

    [GeneratedRegex(@"发现|查出|检查|督查|自查|排查|抽查|暗访")]
    private static partial Regex OtherCheckRegex();

    [GeneratedRegex(@"(?<c>\d+|[一二三四五六七八九十]+)\s*(?:个|大)?\s*(?:方面|类)[^,,。;]{0,6}$")]
    private static partial Regex CategoryCountRegex();

    [GeneratedRegex(@"(?<n>\d+|[零〇一二两三四五六七八九十百千]+)\s*(?:个|项|条)")]
    private static partial Regex BucketNumberRegex();

    [GeneratedRegex(@"(?:完成率|整改率)\s*(?:为|达|达到|是)?\s*(?<r>\d+(?:\.\d+)?)\s*%")]
    private static partial Regex RateRegex();

    [GeneratedRegex(@"(?<=第\s*)(?:\d+|[零〇一二两三四五六七八九十百千]+)(?:\s*[、至到\-—~]\s*(?:\d+|[零〇一二两三四五六七八九十百千]+))*")]
    private static partial Regex OrdinalRegex();

    [GeneratedRegex(@"(?:电话|热线)\s*[:]?\s*(?<v>\d[\d\-—–() ]{4,}\d)")]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"(?:邮政信箱|来信地址|通信地址|信箱)\s*[:]\s*(?<v>[^;,。\n]+)")]
    private static partial Regex MailboxRegex();

    [GeneratedRegex(@"(?:邮政编码|邮编)\s*[:]?\s*(?<v>\d{6})")]
    private static partial Regex PostcodeRegex();

    [GeneratedRegex(@"(?<v>[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)")]
    private static partial Regex EmailRegex();
}
