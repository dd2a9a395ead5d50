using System.Text.RegularExpressions;
using Rectify.Core.Domain;
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
        var counts = LedgerCounts.Of(input.Categories.Count, input.AllProblems.Select(p => p.Status));
        var kind = input.Inspection.Kind.Chinese();
        var blocks = new List<NoticeBlock>();
        void Add(NoticeBlockLevel level, string text) => blocks.Add(new(level, ChineseText.FullWidthPunctuation(OneLine(text))));

        var title = Title(input);
        Add(NoticeBlockLevel.Title, title);
        Add(NoticeBlockLevel.Opening, Opening(input, kind));

        Add(NoticeBlockLevel.Heading1, $"一、强化政治担当，扛起{kind}整改责任");
        foreach (var p in Paragraphs(input.LeadershipText) is { Count: > 0 } given ? given : DefaultLeadership(input, kind))
            Add(NoticeBlockLevel.Body, p);
        Add(NoticeBlockLevel.Body, CountsSentence(input, counts));
        if (OutcomesSentence(input) is { } outcomes) Add(NoticeBlockLevel.Body, outcomes);

        Add(NoticeBlockLevel.Heading1, $"二、坚持问题导向，推动{kind}整改工作");
        var n = 0;
        foreach (var c in input.Categories.OrderBy(c => c.Ordinal))
        {
            var heading = c.Title.Trim().TrimEnd('。');
            Add(NoticeBlockLevel.Heading2, $"（{ChineseText.Numeral(++n)}）{heading}{(heading.EndsWith("方面", StringComparison.Ordinal) ? "" : "方面")}");
            foreach (var p in c.Problems.Where(p => !p.Withheld).OrderBy(p => p.Ordinal))
            {
                Add(NoticeBlockLevel.ProblemHeading, $"{p.Ordinal}.对“{p.Title.Trim()}”的整改进展情况");
                if (StatusLine(p) is { } status) Add(NoticeBlockLevel.Body, status);
                foreach (var line in MeasureLines(p.Measures)) Add(NoticeBlockLevel.Body, line);
            }
            if (WithheldSentence(c.Problems.Where(p => p.Withheld).ToList()) is { } withheld) Add(NoticeBlockLevel.Body, withheld);
        }

        Add(NoticeBlockLevel.Heading1, $"三、坚持统筹兼顾，巩固{kind}整改成效");
        foreach (var p in Paragraphs(input.NextStepsText) is { Count: > 0 } given ? given : DefaultNextSteps(input, counts, kind))
            Add(NoticeBlockLevel.Body, p);
        Add(NoticeBlockLevel.Body, ContactSentence(input.Contacts, kind));

        Add(NoticeBlockLevel.Signature, input.Issuer.Trim());
        Add(NoticeBlockLevel.Date, ChineseText.Date(input.AsOf));
        return new ComposedNotice(blocks[0].Text, blocks, counts, input.Issuer.Trim(), input.AsOf);
    }

    /// <summary>What makes a notice impossible to publish; nothing is composed then.</summary>
    static void Refuse(NoticeInput input)
    {
        // Before the feedback no problem exists yet: the date is what is wrong, so it is named first.
        if (input.Inspection.FeedbackDate is { } f && input.AsOf < f.Start)
            throw new DomainException($"截至日期{ChineseText.Date(input.AsOf)}早于反馈日期{f.ToChinese()},不能公布反馈前的整改进展");
        if (!input.AllProblems.Any())
            throw new DomainException("没有任何整改问题,不能生成整改进展情况公告");
        if (string.IsNullOrWhiteSpace(input.Issuer))
            throw new DomainException("缺少发文机关名称,不能生成公告");
        if (!input.Contacts.HasAny)
            throw new DomainException("缺少监督联系方式:电话、邮政信箱和电子邮箱至少要有一项,公告须向群众公布反映渠道");
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
            .Replace("{body}", i.Body ?? "")
            .Replace("{round}", i.Round ?? "")
            .Replace("{group}", i.Group ?? "")
            .Replace("{target}", i.Target ?? "")
            .Replace("{kind}", i.Kind.Chinese())
            .Replace("{doc}", input.DocumentKind == NoticeDocumentKind.Circular ? "通报" : "公告");
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
                + $"的整改工作领导小组(成员共{input.LeadingGroup.Count}人)，负责整改工作的统筹协调，逐项明确责任领导、责任部门和整改时限，确保问题整改到位。");
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

    /// <summary>"截至2023年9月8日，…四个方面14个问题，已完成整改11个，暂不具备整改条件0个，正在推进3个，整改完成率78.6%。"</summary>
    static string CountsSentence(NoticeInput input, LedgerCounts c)
    {
        var s = $"截至{ChineseText.Date(input.AsOf)}，{input.Inspection.Kind.Chinese()}反馈的{ChineseText.Numeral(c.Categories)}个方面{c.Problems}个问题，"
              + $"已完成整改{c.Completed}个，暂不具备整改条件{c.NotFeasible}个，正在推进{c.InProgress}个";
        if (c.NotStated > 0) s += $"，未说明整改状态{c.NotStated}个";
        if (c.CompletionRate is { } rate) s += $"，整改完成率{ChineseText.Percent(rate)}";
        return s + "。";
    }

    /// <summary>"整改中，给予政务处分0人、…；追缴资金7.132万元。" when outcomes were recorded.</summary>
    static string? OutcomesSentence(NoticeInput input)
    {
        if (input.Outcomes.Count == 0) return null;
        var persons = input.Outcomes.Where(o => o.Kind != OutcomeKind.FundsRecovered)
            .GroupBy(o => o.Kind).OrderBy(g => g.Key)
            .Select(g => $"{g.Key.Chinese()}{g.Sum(o => o.Persons)}人").ToList();
        var parts = new List<string>();
        if (persons.Count > 0) parts.Add("给予" + string.Join("、", persons));
        var yuan = input.Outcomes.Where(o => o.Kind == OutcomeKind.FundsRecovered).Sum(o => o.AmountYuan ?? 0);
        if (input.Outcomes.Any(o => o.Kind == OutcomeKind.FundsRecovered)) parts.Add("追缴资金" + ChineseText.Yuan(yuan));
        return "整改中，" + string.Join("；", parts) + "。";
    }

    /// <summary>"整改状态：已完成整改并长期坚持", "整改状态：取得阶段性成效，预计2023年12月完成"; none when not stated.</summary>
    static string? StatusLine(NoticeProblem p)
    {
        if (p.Status == RectificationStatus.NotStated) return null;
        var s = "整改状态：" + p.Status.Chinese();
        if (p.Status == RectificationStatus.NotFeasible && !string.IsNullOrWhiteSpace(p.NotFeasibleReason))
            s += $"（{p.NotFeasibleReason.Trim().TrimEnd('。')}）";
        if (p.ExpectedCompletion is { } m && p.Status is RectificationStatus.Phased or RectificationStatus.InProgress or RectificationStatus.NotStarted)
            s += $"，预计{m.ToChinese()}完成";
        return s;
    }

    /// <summary>
    /// One measure runs on after "整改过程：", several go one a line as "一是…" "二是…". A measure of
    /// several paragraphs keeps them: the first carries the label or number, the rest follow as they are.
    /// </summary>
    static IEnumerable<string> MeasureLines(List<string> measures)
    {
        var texts = measures.Select(m => Paragraphs(m).Select(EndSentence).ToList()).Where(m => m.Count > 0).ToList();
        if (texts.Count == 0) yield break;
        // A lone measure of several paragraphs is counted too ("一是…" then its paragraphs): after
        // "整改过程：…" each further paragraph would read as a measure of its own.
        var counted = texts.Count > 1 || texts[0].Count > 1;
        if (counted) yield return "整改过程：";
        for (var i = 0; i < texts.Count; i++)
        {
            var prefix = counted ? ChineseText.Numeral(i + 1) + "是" : "整改过程：";
            var first = texts[i][0];
            yield return first.StartsWith(prefix, StringComparison.Ordinal) ? first : prefix + first;
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
                + (latest is { } m ? $"确保于{m.ToChinese()}前全面完成；" : "确保按期完成；")
                + $"对已完成整改的{c.Completed}个问题，加强跟踪问效，防止反弹回潮。");
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
}
