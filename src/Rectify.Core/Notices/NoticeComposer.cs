using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Core.Notices;

/// <summary>
/// Composes a progress notice (整改进展情况公告) in the shape of the published ones
/// (samples/chengbei-2023-09-08.txt): opening, 一、 leadership and figures, 二、 problem by
/// problem, 三、 next steps, contacts, signature and date. Every figure is computed from the input.
/// </summary>
public static partial class NoticeComposer
{
    public static ComposedNotice Compose(NoticeInput input)
    {
        Refuse(input);
        var counts = LedgerCounts.Of(input.Categories.Count(c => !IsUncategorised(c)), input.AllProblems.Select(p => p.Status));
        var kind = input.Inspection.Kind.Chinese();
        var blocks = new List<NoticeBlock>();
        void Add(NoticeBlockLevel level, string text) => blocks.Add(new(level, ChineseText.FullWidthPunctuation(OneLine(text))));

        var title = Title(input);
        Add(NoticeBlockLevel.Title, title);
        if (input.Narrative is { } told && told.Any(p => p.Role != "problems"))
            ComposeTold(input, told, counts, kind, Add);
        else
            ComposeDrafted(input, counts, kind, Add);

        Add(NoticeBlockLevel.Signature, input.Issuer.Trim());
        Add(NoticeBlockLevel.Date, ChineseText.Date(input.AsOf));
        return new ComposedNotice(blocks[0].Text, blocks, counts, input.Issuer.Trim(), input.AsOf);
    }

    /// <summary>
    /// What the notice page offers to edit when nothing is saved yet: the imported notice's work-done and
    /// next-steps paragraphs as written, or for a ledger typed here the text drafted from its records.
    /// </summary>
    public static (string Leadership, string NextSteps) StartingDraft(NoticeInput input)
    {
        if (input.Narrative is { } told && told.Any(p => p.Role != "problems"))
            return (ChineseText.FullWidthPunctuation(string.Join("\n", told.FirstOrDefault(p => p.Role == "work-done")?.Paragraphs ?? [])),
                    ChineseText.FullWidthPunctuation(string.Join("\n", told.FirstOrDefault(p => p.Role == "next-steps")?.Paragraphs ?? [])));
        var kind = input.Inspection.Kind.Chinese();
        var counts = LedgerCounts.Of(input.Categories.Count(c => !IsUncategorised(c)), input.AllProblems.Select(p => p.Status));
        return (ChineseText.FullWidthPunctuation(string.Join("\n", DefaultLeadership(input, kind))),
                ChineseText.FullWidthPunctuation(string.Join("\n", DefaultNextSteps(input, counts, kind))));
    }

    /// <summary>A ledger typed in Rectify: the shape of the published notices, the free sections as edited or drafted from the records.</summary>
    static void ComposeDrafted(NoticeInput input, LedgerCounts counts, string kind, Action<NoticeBlockLevel, string> add)
    {
        add(NoticeBlockLevel.Opening, Opening(input, kind));
        add(NoticeBlockLevel.Heading1, $"一、强化政治担当，扛起{kind}整改责任");
        foreach (var p in Paragraphs(input.LeadershipText) is { Count: > 0 } given ? given : DefaultLeadership(input, kind))
            if (WithoutZeroClauses(p) is { Length: > 0 } kept) add(NoticeBlockLevel.Body, kept);
        add(NoticeBlockLevel.Body, CountsSentence(input, counts));
        if (OutcomesSentence(input) is { } outcomes) add(NoticeBlockLevel.Body, outcomes);

        add(NoticeBlockLevel.Heading1, $"二、坚持问题导向，推动{kind}整改工作");
        AddProblems(input, NoticeBlockLevel.Heading2, 0, add);

        add(NoticeBlockLevel.Heading1, $"三、坚持统筹兼顾，巩固{kind}整改成效");
        foreach (var p in Paragraphs(input.NextStepsText) is { Count: > 0 } given ? given : DefaultNextSteps(input, counts, kind))
            if (WithoutZeroClauses(p) is { Length: > 0 } kept) add(NoticeBlockLevel.Body, kept);
        add(NoticeBlockLevel.Body, ContactSentence(input.Contacts, kind));
    }

    /// <summary>
    /// A ledger that came from a notice: the office's own words in their order, the problems where the
    /// notice had them (after the heading of its problems part and the summary leading it, else after the
    /// parts that come before problems), and only the summary's figures restated from the ledger. Without
    /// a summary sentence of its own, the notice gets the computed one before the problems; without a
    /// closing, the contact sentence.
    /// </summary>
    static void ComposeTold(NoticeInput input, List<NarrativePart> told, LedgerCounts counts, string kind, Action<NoticeBlockLevel, string> add)
    {
        // A problems part without a heading only keeps how the notice headed its problems: it marks no place.
        var marker = told.FindIndex(p => p.Role == "problems" && p.Heading is not null);
        var split = marker >= 0 ? marker : told.FindIndex(p => p.Role is "next-steps" or "closing");
        if (split < 0) split = told.Count;
        var before = told.Take(split).ToList();
        var after = told.Skip(split).ToList();
        NarrativePart? problemsPart = null;
        var leads = new List<NarrativePart>();
        if (marker >= 0)
        {
            problemsPart = after[0];
            leads.AddRange(after.Skip(1).TakeWhile(p => p.Role == "summary" && p.Heading is null));
            after = after.Skip(1 + leads.Count).ToList();
        }

        var restated = false;
        void Part(NarrativePart part)
        {
            if (part.Heading is { } h) add(LevelOf(h), h);
            // The text edited on the notice page replaces the first part of its role.
            var given = part == told.FirstOrDefault(p => p.Role == part.Role) ? part.Role switch
            {
                "work-done" => Paragraphs(input.LeadershipText),
                "next-steps" => Paragraphs(input.NextStepsText),
                _ => [],
            } : [];
            foreach (var line in given.Count > 0 ? given : part.Paragraphs)
            {
                var text = line;
                if (!restated && RestateCounts(line, counts, input) is { } r) { text = r; restated = true; }
                text = WithoutZeroClauses(text);
                if (text.Length == 0) continue;
                add(part.Role == "opening" ? NoticeBlockLevel.Opening : LevelOf(text), text);
            }
        }

        foreach (var p in before) Part(p);
        if (problemsPart?.Heading is { } ph) add(LevelOf(ph), ph);
        foreach (var p in leads) Part(p);
        if (!restated)
        {
            add(NoticeBlockLevel.Body, CountsSentence(input, counts));
            restated = true;
        }
        // Aspects sit under the problems part's heading; without one they are the notice's top headings,
        // numbered on from the headings before them.
        var top = problemsPart is null ? before.Count(p => p.Heading is not null && LevelOf(p.Heading) == NoticeBlockLevel.Heading1) : 0;
        AddProblems(input, problemsPart is null ? NoticeBlockLevel.Heading1 : NoticeBlockLevel.Heading2, top, add, items: true);
        foreach (var p in after) Part(p);
        if (!after.Any(p => p.Role == "closing")) add(NoticeBlockLevel.Body, ContactSentence(input.Contacts, kind));
    }

    /// <summary>Each aspect's heading ("(一)…方面" or "一、…方面"; none for problems under no aspect), then problem by problem.</summary>
    static void AddProblems(NoticeInput input, NoticeBlockLevel aspectLevel, int numberedBefore, Action<NoticeBlockLevel, string> add, bool items = false)
    {
        var n = numberedBefore;
        // The office's own form for a ledger that came from a notice ("1．关于…的问题。"), Rectify's for one typed here.
        var form = input.Narrative?.FirstOrDefault(p => p.Role == "problems")?.ProblemHeading ?? NarrativePart.RectifyProblemHeading;
        foreach (var c in input.Categories.OrderBy(c => c.Ordinal))
        {
            if (!IsUncategorised(c))
            {
                var heading = c.Title.Trim().TrimEnd('。');
                if (!heading.EndsWith("方面", StringComparison.Ordinal)) heading += "方面";
                var numeral = ChineseText.Numeral(++n);
                add(aspectLevel, aspectLevel == NoticeBlockLevel.Heading1 ? $"{numeral}、{heading}" : $"（{numeral}）{heading}");
            }
            foreach (var p in c.Problems.Where(p => !p.Withheld).OrderBy(p => p.Ordinal))
            {
                add(NoticeBlockLevel.ProblemHeading, $"{p.Ordinal}．" + form.Replace(NarrativePart.TitleSlot, p.Title.Trim(), StringComparison.Ordinal));
                // 具体表现 as the office's notice listed them; a notice drafted here names the problem only.
                if (items)
                    for (var i = 0; i < p.Items.Count; i++) add(NoticeBlockLevel.Body, $"（{i + 1}）{p.Items[i].Trim()}");
                if (StatusLine(p) is { } status) add(NoticeBlockLevel.Body, status);
                foreach (var line in MeasureLines(p.Measures)) add(NoticeBlockLevel.Body, line);
            }
            if (WithheldSentence(c.Problems.Where(p => p.Withheld).ToList()) is { } withheld) add(NoticeBlockLevel.Body, withheld);
        }
    }

    static bool IsUncategorised(NoticeCategory c) => CategoryItem.IsUncategorised(c.Title);

    /// <summary>A line of the office's text as a heading when it is one: "一、…" 黑体, a short "(一)…" without a sentence 楷体.</summary>
    static NoticeBlockLevel LevelOf(string line)
    {
        var t = line.Trim();
        if (TopHeadingRegex().IsMatch(t)) return NoticeBlockLevel.Heading1;
        if (SubHeadingRegex().IsMatch(t) && !t.TrimEnd('。').Contains('。') && t.Length <= 40) return NoticeBlockLevel.Heading2;
        return NoticeBlockLevel.Body;
    }

    /// <summary>What makes a notice impossible to publish; nothing is composed then.</summary>
    static void Refuse(NoticeInput input)
    {
        // Before the feedback no problem exists yet: the date is what is wrong, so it is named first.
        if (input.Inspection.FeedbackDate is { } f && input.AsOf < f.Start)
            throw new DomainException($"截至日期{ChineseText.Date(input.AsOf)}早于反馈日期{f.ToChinese()}，不能公布反馈前的整改进展");
        if (!input.AllProblems.Any())
            throw new DomainException("没有任何整改问题，不能生成整改进展情况公告");
        if (string.IsNullOrWhiteSpace(input.Issuer))
            throw new DomainException("缺少发文机关名称，不能生成公告");
        if (!input.Contacts.HasAny)
            throw new DomainException("缺少监督联系方式：电话、邮政信箱和电子邮箱至少要有一项，公告须向群众公布反映渠道");
        var blank = input.AllProblems.FirstOrDefault(p => string.IsNullOrWhiteSpace(p.Title));
        if (blank is not null)
            throw new DomainException($"问题{blank.Ordinal}没有标题");
    }

    static string Title(NoticeInput input)
    {
        var i = input.Inspection;
        return input.TitleTemplate
            .Replace("{issuer}", input.Issuer.Trim())
            .Replace("{short}", input.Name)
            .Replace("{inspection}", InspectionName(i.Body, i.Round, i.Kind.Chinese()))
            .Replace("{body}", i.Body ?? "")
            .Replace("{round}", i.Round ?? "")
            .Replace("{group}", i.Group ?? "")
            .Replace("{target}", i.Target ?? "")
            .Replace("{kind}", i.Kind.Chinese())
            .Replace("{doc}", input.DocumentKind == NoticeDocumentKind.Circular ? "通报" : "公告");
    }

    /// <summary>
    /// The inspection as titles name it: "九届区委第二轮巡察". A round that does not name its kind gets it
    /// ("区委" → "区委巡察"; no body and no round → "巡察"), so a title never lacks what it is about.
    /// </summary>
    public static string InspectionName(string? body, string? round, string kind)
    {
        var name = $"{body?.Trim()}{round?.Trim()}";
        return name.Contains(kind, StringComparison.Ordinal) ? name : name + kind;
    }

    static string Opening(NoticeInput input, string kind)
    {
        var i = input.Inspection;
        // "九届区委" deploys as "区委"; the term (届) is not repeated in "根据区委巡察工作统一部署".
        var authority = string.IsNullOrWhiteSpace(i.Body) ? "上级" : TermPrefix().Replace(i.Body, "");
        var when = i.OnSiteFrom is { } from
            ? i.OnSiteTo is { } to ? $"{from.ToChinese()}至{to.ToChinese()}，" : $"{from.ToChinese()}起，"
            : "";
        var who = $"{i.Body}{i.Round}{i.Group}";
        if (who.Length == 0) who = authority + kind + "组";
        var target = i.Target ?? input.Name;
        var feedback = i.FeedbackDate is { } f ? $"，并于{f.ToChinese()}向{input.Name}反馈了{kind}情况" : "";
        return $"根据{authority}{kind}工作统一部署，{when}{who}对{target}进行了集中{kind}{feedback}。"
             + $"按照党务公开原则和{kind}工作有关要求，现将{kind}整改阶段性进展情况予以公布。";
    }

    static List<string> DefaultLeadership(NoticeInput input, string kind)
    {
        var name = input.Name;
        var list = new List<string>
        {
            $"{name}高度重视{kind}反馈问题整改工作，始终牢牢扛起整改主体责任，将{kind}整改作为重要政治任务，全力抓好问题整改落实。",
        };
        var leader = input.LeadingGroup.FirstOrDefault(m => m.Role.Contains("组长", StringComparison.Ordinal) && !m.Role.Contains("副组长", StringComparison.Ordinal));
        if (leader is not null)
        {
            var deputies = input.LeadingGroup.Where(m => m.Role.Contains("副组长", StringComparison.Ordinal)).Select(Person).ToList();
            list.Add($"成立了以{Person(leader)}为组长"
                + (deputies.Count > 0 ? $"、{string.Join("、", deputies)}为副组长" : "")
                + $"的整改工作领导小组（成员共{input.LeadingGroup.Count}人），负责整改工作的统筹协调，逐项明确责任领导、责任部门和整改时限，确保问题整改到位。");
        }

        var did = new List<string>();
        if (input.Meetings.Count > 0)
        {
            var byKind = input.Meetings.GroupBy(m => m.Kind.Trim()).Select(g => $"{g.Count()}次{g.Key}");
            did.Add("共召开" + string.Join("、", byKind));
        }
        if (input.Policies.Count > 0)
        {
            var byKind = input.Policies.GroupBy(k => k).OrderBy(g => g.Key).Select(g => $"{g.Count()}项{g.Key.Chinese()}");
            did.Add("共建立健全完善" + string.Join("、", byKind));
        }
        if (did.Count > 0) list.Add($"{kind}反馈后，{name}{string.Join("，", did)}。");
        return list;
    }

    static string Person(LeadingGroupEntry m) => $"{m.Title}{m.Name}";

    /// <summary>
    /// "截至2023年9月8日，巡察反馈的四个方面14个问题，已完成整改11个，正在推进3个，整改完成率78.6%。"
    /// A group with no problem is left out, never stated as 0; no aspects, no "N个方面".
    /// </summary>
    static string CountsSentence(NoticeInput input, LedgerCounts c)
    {
        var aspects = c.Categories > 0 ? $"{ChineseText.Counted(c.Categories)}个方面" : "";
        var clauses = new List<string> { $"截至{ChineseText.Date(input.AsOf)}", $"{input.Inspection.Kind.Chinese()}反馈的{aspects}{c.Problems}个问题" };
        clauses.AddRange(GroupClauses(c, []));
        if (c.CompletionRate is { } rate && c.Completed > 0) clauses.Add($"整改完成率{ChineseText.Percent(rate)}");
        return string.Join("，", clauses) + "。";
    }

    /// <summary>
    /// The office's summary sentence with its figures restated from the ledger, in its own words:
    /// "目前，细化分解的四方面14个问题，已完成整改11个，1个暂不具备整改条件，正在推进2个…" keeps every
    /// word but the numbers; a group that is now empty loses its clause. Null when the line states no
    /// problem count. When the sentence cannot say the ledger's figures in its words (a group it never
    /// named now has problems, two of its clauses fall in one group), the computed sentence replaces it.
    /// </summary>
    static string? RestateCounts(string line, LedgerCounts c, NoticeInput input)
    {
        if (SummaryReader.ReadClaim([line]) is not { Problems: not null } claim || !line.Contains(claim.Text, StringComparison.Ordinal)) return null;
        var stated = claim.Buckets ?? [];
        var aspects = Aspects(c, claim.Categories);
        var parts = ClauseRegex().Split(claim.Text);
        var kept = new List<(string Clause, string Mark)>();
        var lastCount = -1;
        for (var i = 0; i < parts.Length; i += 2)
        {
            var mark = i + 1 < parts.Length ? parts[i + 1] : "";
            if (RestateClause(parts[i], c, stated) is { } restated)
            {
                if (CountRegex().IsMatch(parts[i])) lastCount = kept.Count;
                kept.Add((restated, mark));
                continue;
            }
            // A clause that goes takes the mark before it; the sentence's end stays.
            var end = parts[i].Length > 0 && "。！？".Contains(parts[i][^1]) ? parts[i][^1].ToString() : "";
            if (kept.Count > 0 && mark.Length == 0) kept[^1] = (kept[^1].Clause, end);
        }
        // Groups the sentence never named that now hold problems get a clause in the notice's words, after its
        // last count (before the rate).
        var named = stated.Where(b => !b.Within && Statuses.TryParseCode(b.Status, out _)).Select(b => Statuses.ParseCode(b.Status).Bucket().InNotice()).ToHashSet();
        var extra = GroupClauses(c, named).ToList();
        if (extra.Count > 0 && kept.Count > 0)
        {
            var at = kept.FindIndex(k => k.Clause.Contains("完成率", StringComparison.Ordinal));
            if (at < 0) at = lastCount + 1;
            if (at >= kept.Count)
            {
                var (last, mark) = kept[^1];
                var end = mark.Length > 0 ? mark : last.Length > 0 && "。！？".Contains(last[^1]) ? last[^1].ToString() : "";
                kept[^1] = (mark.Length > 0 ? last : last[..^end.Length], "，");
                kept.AddRange(extra.Select((e, i) => (e, i == extra.Count - 1 ? end : "，")));
            }
            else kept.InsertRange(at, extra.Select(e => (e, "，")));
        }
        var text = string.Concat(kept.Select(k => k.Clause + k.Mark));
        var check = SummaryReader.ReadClaim([text]);
        var says = check is not null && check.Problems == c.Problems
            && (check.Completed ?? 0) == c.Completed && (check.NotFeasible ?? 0) == c.NotFeasible
            && (check.InProgress ?? 0) == c.InProgress
            && (check.Categories is null || check.Categories == aspects)
            && (check.CompletionRate is null || c.Completed > 0 && (check.CompletionRate == c.CompletionRate || check.CompletionRate == Math.Round(c.CompletionRate ?? 0)));
        var restatedLine = line.Replace(claim.Text, says ? text : CountsSentence(input, c).TrimEnd('。') + (claim.Text.EndsWith('。') ? "。" : ""), StringComparison.Ordinal);
        // The figures are the ledger's on the notice's date, so a date the sentence gives them for is that date ("截至目前" stays).
        return AsOfDateRegex().Replace(restatedLine, m => m.Groups[1].Value + ChineseText.Date(input.AsOf));
    }

    /// <summary>"截至2023年9月8日", "截止到2023年9月8日": the date a summary sentence gives its figures for.</summary>
    [GeneratedRegex(@"(截至|截止到|截止)\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")]
    private static partial Regex AsOfDateRegex();

    /// <summary>
    /// "已完成整改11个", "正在推进3个"…: each group with problems, in the notice's words, except those already
    /// named. Problems whose status the ledger does not state are in the total but get no clause: "未说明整改状态"
    /// is the ledger's gap, not something a notice tells the public.
    /// </summary>
    static IEnumerable<string> GroupClauses(LedgerCounts c, HashSet<NoticeGroup> named)
    {
        foreach (var (group, n) in new[] { (NoticeGroup.Completed, c.Completed), (NoticeGroup.NotFeasible, c.NotFeasible), (NoticeGroup.InProgress, c.InProgress) })
            if (n > 0 && !named.Contains(group)) yield return $"{group.Chinese()}{n}个";
    }

    /// <summary>
    /// The number of aspects (方面, 类) a summary sentence says: the ledger's when it can recount them, the
    /// stated one when it cannot: a ledger without aspects, or with fewer aspects
    /// than the notice states has lost some of them (a copy cut short, a flat list) rather than closed them,
    /// since the aspects are the feedback's and rectification does not remove one.
    /// </summary>
    static int Aspects(LedgerCounts c, int? stated) =>
        stated is { } s && (c.Categories == 0 || c.Categories < s) ? s : c.Categories;

    /// <summary>One clause of a summary sentence with its number restated; null when its group is now empty.</summary>
    static string? RestateClause(string clause, LedgerCounts c, List<StatedBucket> stated)
    {
        if (clause.Contains("完成率", StringComparison.Ordinal))
            return c.CompletionRate is { } rate && c.Completed > 0 ? RateRegex().Replace(clause, m => ChineseText.Percent(m.Groups["r"].Value.Contains('.') ? rate : Math.Round(rate)), 1) : null;
        if (clause.Contains("问题", StringComparison.Ordinal) && CountRegex().IsMatch(clause))
            return CountRegex().Replace(clause, m => Number(m.Groups["n"].Value, m.Groups["u"].Value.Contains('方') || m.Groups["u"].Value.Contains('类')
                ? Aspects(c, Import.ChineseText.Number(m.Groups["n"].Value)) : c.Problems) + m.Groups["u"].Value);
        if (Statuses.FromText(clause) is not { } status || !CountRegex().IsMatch(clause)) return clause;
        var group = status.Bucket().InNotice();
        var inGroup = stated.Count(b => !b.Within && Statuses.TryParseCode(b.Status, out var s) && s.Bucket().InNotice() == group);
        var value = inGroup > 1 || clause.Contains("其中", StringComparison.Ordinal)
            ? c.Bucket(status.Bucket())
            : group switch
            {
                NoticeGroup.Completed => c.Completed,
                NoticeGroup.NotFeasible => c.NotFeasible,
                NoticeGroup.InProgress => c.InProgress,
                _ => c.NotStated,
            };
        return value == 0 ? null : CountRegex().Replace(clause, m => Number(m.Groups["n"].Value, value) + m.Groups["u"].Value, 1);
    }

    /// <summary>
    /// A paragraph without the clauses whose only figure is zero ("给予政务处分0人；组织处理0人；交由纪委调查1人。"
    /// → "交由纪委调查1人。"): a public notice does not list what did not happen. A sentence left with only its
    /// lead-in ("在整改中，诫勉0人。") goes whole. Empty when nothing is left.
    /// </summary>
    public static string WithoutZeroClauses(string paragraph)
    {
        if (!ZeroFigureRegex().IsMatch(paragraph)) return paragraph;
        return string.Concat(SentenceRegex().Matches(paragraph).Select(m => WithoutZeroClausesIn(m.Value)));
    }

    static string WithoutZeroClausesIn(string sentence)
    {
        var body = sentence.TrimEnd('。', '！', '？');
        var end = sentence[body.Length..];
        var parts = ClauseRegex().Split(body);
        var clauses = Enumerable.Range(0, (parts.Length + 1) / 2).Select(k => (Text: parts[2 * k], Mark: 2 * k + 1 < parts.Length ? parts[2 * k + 1] : "")).ToList();
        // Offices write a zero as "0"; "零" is a word's part too ("零件").
        bool Zero(string clause) => FigureRegex().Matches(clause) is { Count: > 0 } figures
            && figures.All(f => f.Groups["n"].Value.All(ch => char.IsAsciiDigit(ch) || ch == '.') && decimal.Parse(f.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture) == 0);
        var first = clauses.FindIndex(k => Zero(k.Text));
        if (first < 0) return sentence;
        var kept = clauses.Where(k => !Zero(k.Text)).ToList();
        // Only the lead-in before the zero figures is left: the sentence said nothing else.
        if (kept.Count == 0 || (clauses.Skip(first).All(k => Zero(k.Text)) && !kept.Any(k => FigureRegex().IsMatch(k.Text)))) return "";
        return string.Concat(kept.Select((k, i) => k.Text + (i == kept.Count - 1 ? "" : k.Mark))) + end;
    }

    /// <summary>A sentence with its end mark; a last one without.</summary>
    [GeneratedRegex(@"[^。！？]+(?:[。！？]+|$)|[。！？]+")]
    private static partial Regex SentenceRegex();

    /// <summary>A counted figure: "0人", "3个", "12项", "两起", "7.132万元"; not a year or a phone number.</summary>
    [GeneratedRegex(@"(?<![\d.])(?<n>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+)\s*(?:人次|人|名|个|项|条|次|起|件|家|处|份|篇|场|万元|元)")]
    private static partial Regex FigureRegex();

    [GeneratedRegex(@"(?<![\d.])0(?:\.0+)?\s*(?:人次|人|名|个|项|条|次|起|件|家|处|份|篇|场|万元|元)")]
    private static partial Regex ZeroFigureRegex();

    /// <summary>A number in the style it replaces: "14" stays Arabic, "四" Chinese.</summary>
    static string Number(string written, int value) => written.All(char.IsAsciiDigit) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : ChineseText.Numeral(value);

    /// <summary>"整改中，给予政务处分0人、…；追缴资金7.132万元。" when outcomes were recorded.</summary>
    static string? OutcomesSentence(NoticeInput input)
    {
        if (input.Outcomes.Count == 0) return null;
        var persons = input.Outcomes.Where(o => o.Kind != OutcomeKind.FundsRecovered)
            .GroupBy(o => o.Kind).OrderBy(g => g.Key)
            .Where(g => g.Sum(o => o.Persons) > 0)
            .Select(g => $"{g.Key.Chinese()}{g.Sum(o => o.Persons)}人").ToList();
        var parts = new List<string>();
        if (persons.Count > 0) parts.Add("给予" + string.Join("、", persons));
        var yuan = input.Outcomes.Where(o => o.Kind == OutcomeKind.FundsRecovered).Sum(o => o.AmountYuan ?? 0);
        if (yuan > 0) parts.Add("追缴资金" + ChineseText.Yuan(yuan));
        return parts.Count == 0 ? null : "整改中，" + string.Join("；", parts) + "。";
    }

    /// <summary>"整改状态：已完成整改并长期坚持", "整改状态：取得阶段性成效，预计2023年12月完成"; none when not stated.</summary>
    static string? StatusLine(NoticeProblem p)
    {
        if (p.Status == RectificationStatus.NotStated) return null;
        // The office's words up to its own "预计…": the month is the ledger's, added below.
        var words = p.Status.Wording(p.StatusText);
        if (words.IndexOf("预计", StringComparison.Ordinal) is > 0 and var cut) words = words[..cut];
        var s = "整改状态：" + words.TrimEnd(' ', '，', ',', '；', ';', '。', '：', ':');
        if (p.Status == RectificationStatus.NotFeasible && !string.IsNullOrWhiteSpace(p.NotFeasibleReason) && !s.Contains(p.NotFeasibleReason.Trim().TrimEnd('。'), StringComparison.Ordinal))
            s += $"（{p.NotFeasibleReason.Trim().TrimEnd('。')}）";
        if (p.ExpectedCompletion is { } m && p.Status is RectificationStatus.Phased or RectificationStatus.InProgress or RectificationStatus.NotStarted)
            s += $"，预计{m.ToChinese()}完成";
        return s;
    }

    /// <summary>
    /// One measure runs on after "整改过程：", several go one a line as "一是…" "二是…". A measure of
    /// several paragraphs keeps them: the first carries the label or number, the rest follow as they are.
    /// Measures that carry numbering of their own (<see cref="MeasureNumbering"/>: "二是", "（1）", "1、",
    /// also inside: "…流程。一是加强实地走访") keep it and get none added, as the upward reports write
    /// them, so none is doubled or out of order. Counted with a heading's marker ("1．", "（1）") they run on
    /// after "整改过程：" in one paragraph: one a line, each would be read back as a problem.
    /// </summary>
    static IEnumerable<string> MeasureLines(List<string> measures)
    {
        var texts = measures.Select(m => Paragraphs(m).Select(EndSentence).ToList()).Where(m => m.Count > 0).ToList();
        if (texts.Count == 0) yield break;
        if (texts.Any(t => MeasureNumbering.AnyCarries(t)))
        {
            var all = texts.SelectMany(t => t).ToList();
            if (all.Any(MeasureNumbering.OpensLikeAHeading)) { yield return "整改过程：" + string.Concat(all); yield break; }
            if (MeasureNumbering.Opens(all[0])) yield return "整改过程：";
            else { yield return "整改过程：" + all[0]; all.RemoveAt(0); }
            foreach (var p in all) yield return p;
            yield break;
        }
        // A lone measure of several paragraphs is counted too ("一是…" then its paragraphs): after
        // "整改过程：…" each further paragraph would read as a measure of its own.
        var counted = texts.Count > 1 || texts[0].Count > 1;
        if (counted) yield return "整改过程：";
        for (var i = 0; i < texts.Count; i++)
        {
            yield return (counted ? ChineseText.Numeral(i + 1) + "是" : "整改过程：") + texts[i][0];
            foreach (var more in texts[i].Skip(1)) yield return more;
        }
    }

    /// <summary>A block is one paragraph: line breaks and control characters (invalid in XML) go.</summary>
    static string OneLine(string s) => new([.. s.Where(c => !char.IsControl(c))]);

    static string EndSentence(string s) => "。！？；…”".Contains(s[^1]) ? s : s + "。";

    /// <summary>"另有1个问题涉及个人隐私，按规定不予公开。" Counted above, never titled.</summary>
    static string? WithheldSentence(List<NoticeProblem> withheld)
    {
        if (withheld.Count == 0) return null;
        var reasons = withheld.Select(p => p.WithheldReason?.Trim().TrimEnd('。')).Where(r => !string.IsNullOrEmpty(r)).Distinct().ToList();
        var about = reasons.Count > 0 ? string.Join("、", reasons.Select(r => r!.StartsWith("涉及", StringComparison.Ordinal) ? r[2..] : r)) : "保密等事项";
        return $"另有{withheld.Count}个问题涉及{about}，按规定不予公开，已纳入整改台账一并推进。";
    }

    static List<string> DefaultNextSteps(NoticeInput input, LedgerCounts c, string kind)
    {
        var name = input.Name;
        var open = c.Problems - c.Completed;
        var list = new List<string>
        {
            $"经过集中整改，{kind}整改工作取得阶段性成效。下一步，{name}将继续按照上级工作要求，聚焦全面从严治党，健全完善工作机制，巩固深化{kind}整改成果。",
        };
        var latest = input.AllProblems.Where(p => !p.Status.IsCompleted()).Select(p => p.ExpectedCompletion).Max();
        if (open > 0)
            list.Add($"对尚未完成整改的{open}个问题，紧盯整改时限，逐项跟踪督促，"
                + (latest is { } m ? $"确保于{m.ToChinese()}前全面完成" : "确保按期完成")
                + (c.Completed > 0 ? $"；对已完成整改的{c.Completed}个问题，加强跟踪问效，防止反弹回潮。" : "。"));
        else
            list.Add($"对已完成整改的{c.Completed}个问题，加强跟踪问效，做到长期坚持，防止反弹回潮。");
        list.Add($"坚持把{kind}整改与日常工作结合起来，以建章立制巩固整改成效，切实把整改成果转化为推动高质量发展的实际成效。");
        return list;
    }

    /// <summary>"欢迎广大干部群众对巡察整改落实情况进行监督。…联系方式：电话：…；邮政信箱：…；邮政编码：…；电子邮箱：…。"</summary>
    static string ContactSentence(NoticeContacts c, string kind)
    {
        var ways = new List<string>();
        if (!string.IsNullOrWhiteSpace(c.Phone)) ways.Add("电话：" + c.Phone.Trim());
        if (!string.IsNullOrWhiteSpace(c.Mailbox)) ways.Add("邮政信箱：" + c.Mailbox.Trim());
        if (!string.IsNullOrWhiteSpace(c.Postcode)) ways.Add("邮政编码：" + c.Postcode.Trim());
        if (!string.IsNullOrWhiteSpace(c.Email)) ways.Add("电子邮箱：" + c.Email.Trim());
        return $"欢迎广大干部群众对{kind}整改落实情况进行监督。如有意见建议，请及时向我们反映。联系方式：{string.Join("；", ways)}。";
    }

    static List<string> Paragraphs(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];

    [GeneratedRegex(@"^.*?届")]
    private static partial Regex TermPrefix();

    [GeneratedRegex(@"^[一二三四五六七八九十]+、")]
    private static partial Regex TopHeadingRegex();

    [GeneratedRegex(@"^[（(][一二三四五六七八九十]+[）)]")]
    private static partial Regex SubHeadingRegex();

    /// <summary>Clauses of a summary sentence and the marks between them (kept, at odd indexes).</summary>
    [GeneratedRegex(@"([，,、；;])")]
    private static partial Regex ClauseRegex();

    /// <summary>A count in a summary clause: "14个", "四方面", "3类", "11项"; 方面 and 类 count aspects.</summary>
    [GeneratedRegex(@"(?<n>\d+|[零〇一二两三四五六七八九十百]+)(?<u>个方面|方面|个类|类|个|项|条)")]
    private static partial Regex CountRegex();

    [GeneratedRegex(@"(?<r>\d+(?:\.\d+)?)\s*[%％]")]
    private static partial Regex RateRegex();
}
