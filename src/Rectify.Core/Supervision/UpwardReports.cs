using System.Globalization;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Core.Supervision;

/// <summary>The two reports sent upward within the report deadline.</summary>
public enum UpwardReportKind
{
    /// <summary>整改情况报告.</summary>
    Rectification,
    /// <summary>主要负责人组织落实情况报告.</summary>
    PrincipalLeader,
}

/// <summary>Supervision facts a report mentions besides the ledger.</summary>
public sealed record SupervisionFacts(int Orders, int OrdersAccepted, int Summons, int Reviews, int Reopened);

/// <summary>What the principal leader's own report tells of the person: the role in the leading group and the meetings held.</summary>
public sealed record LeaderFacts(string? GroupRole, IReadOnlyList<NoticeMeeting> Meetings);

/// <summary>
/// The upward reports with the ledger's facts in full sentences, full-width punctuation, and no
/// clause about nothing ("约谈0人" is left out, not printed). The result has the shape of a composed
/// notice; its GB/T 9704 frame (发文字号, 签发人, 主送机关…) is <see cref="Documents.OfficialDocument.Frame"/>.
/// </summary>
public static partial class UpwardReports
{
    public static string Code(this UpwardReportKind k) => k == UpwardReportKind.Rectification ? "rectification" : "principal-leader";
    public static UpwardReportKind? FromCode(string? s) => s switch
    {
        "rectification" => UpwardReportKind.Rectification,
        "principal-leader" => UpwardReportKind.PrincipalLeader,
        _ => null,
    };

    public static string Chinese(this UpwardReportKind k) => k == UpwardReportKind.Rectification ? "整改情况报告" : "主要负责人组织落实情况报告";

    /// <summary>What the rectification report attaches: the ledger (the Excel export of the inspection), named for its kind (巡察, 巡视…).</summary>
    public static IReadOnlyList<string> Attachments(UpwardReportKind k, InspectionKind inspection) =>
        k == UpwardReportKind.Rectification ? [$"{inspection.Chinese()}反馈问题整改台账"] : [];

    public static ComposedNotice Compose(UpwardReportKind kind, LedgerDocument ledger, string? principalLeader, SupervisionFacts facts, DateOnly asOf, LeaderFacts? leader = null) =>
        kind == UpwardReportKind.Rectification
            ? Rectification(ledger, facts, asOf)
            : PrincipalLeader(ledger, string.IsNullOrWhiteSpace(principalLeader) ? null : principalLeader.Trim(), facts, leader ?? new LeaderFacts(null, []), asOf);

    /// <summary>The unit, the round, the counts (the aspects without a flat notice's placeholder), the feedback date, and the inspection's kind (巡察, 巡视…) the reports speak of.</summary>
    static (string Org, string Round, LedgerCounts Counts, string Feedback, string Kind) Basics(LedgerDocument ledger)
    {
        var i = ledger.Inspection;
        var counts = LedgerCounts.Of(ledger.Aspects, ledger.AllProblems.Select(p => Statuses.TryParseCode(p.Status, out var s) ? s : RectificationStatus.NotStated));
        var kind = i.KindOrXuncha.Chinese();
        // "九届区委第二轮巡察" names its kind; a notice that gave only the body ("区委") gets it added: "区委巡察反馈意见".
        var round = NoticeComposer.InspectionName(i.Body, i.Round, kind);
        return (i.Target ?? ledger.Issuer ?? "本单位", round, counts, i.FeedbackDate is { } f ? f.ToChinese() : "反馈时", kind);
    }

    /// <summary>"四个方面14个问题", or "14个问题" for a notice without aspects.</summary>
    static string Scope(LedgerCounts counts) => (counts.Categories > 0 ? $"{ChineseText.Counted(counts.Categories)}个方面" : "") + $"{counts.Problems}个问题";

    static ComposedNotice Rectification(LedgerDocument ledger, SupervisionFacts facts, DateOnly asOf)
    {
        var (org, round, counts, fb, kind) = Basics(ledger);
        var group = ledger.Inspection.Group;
        var title = $"{org}关于{round}反馈意见整改情况的报告";
        var split = counts.Categories > 0 ? $"细化分解为{Scope(counts)}，" : $"对反馈的{Scope(counts)}";
        var blocks = new List<NoticeBlock>
        {
            new(NoticeBlockLevel.Title, title),
            new(NoticeBlockLevel.Opening, $"{fb}，{round}{group}向{org}反馈了{kind}意见。{org}坚持把{kind}整改作为重大政治任务，{split}逐项明确责任领导、责任部门和整改时限。现将整改情况报告如下。"),
            new(NoticeBlockLevel.Heading1, "一、整改工作总体情况"),
            new(NoticeBlockLevel.Body, Progress(ledger, counts, asOf)),
        };
        if (Accountability(ledger.Outcomes) is { } acc) blocks.Add(new(NoticeBlockLevel.Body, acc));
        if (Supervision(facts) is { } sup) blocks.Add(new(NoticeBlockLevel.Body, $"接受纪委监委监督情况：{sup}。"));

        blocks.Add(new(NoticeBlockLevel.Heading1, "二、问题整改情况"));
        var n1 = 0;
        foreach (var c in ledger.Categories.OrderBy(c => c.Ordinal))
        {
            if (!CategoryItem.IsUncategorised(c.Title))
                blocks.Add(new(NoticeBlockLevel.Heading2, $"（{ChineseText.Numeral(++n1)}）{ChineseText.FullWidthPunctuation(c.Title)}"));
            foreach (var p in c.Problems.OrderBy(p => p.Ordinal))
            {
                var known = Statuses.TryParseCode(p.Status, out var s);
                var status = Reported(known ? s : RectificationStatus.NotStated);
                blocks.Add(new(NoticeBlockLevel.ProblemHeading, $"{p.Ordinal}．{ChineseText.FullWidthPunctuation(p.Title)}"));
                var who = string.Join("，", new[] { p.ResponsibleLeader is { } l ? "责任领导：" + l : null, p.ResponsibleDepartment is { } d ? "责任部门：" + d : null }.Where(x => x is not null));
                blocks.Add(new(NoticeBlockLevel.Body, $"整改状态：{status}" + (p.ExpectedCompletion is { } e && known && s == RectificationStatus.Phased ? $"，预计{e.ToChinese()}完成" : "") + (who.Length > 0 ? "。" + who : "") + "。"));
                if (p.Measures.Count > 0)
                    blocks.Add(new(NoticeBlockLevel.Body, "整改措施：" + Measures(p.Measures)));
            }
        }

        blocks.Add(new(NoticeBlockLevel.Heading1, "三、下一步工作打算"));
        var open = counts.Problems - counts.Completed;
        blocks.Add(new(NoticeBlockLevel.Body, open > 0
            ? $"对尚未完成整改的{open}个问题，继续盯紧整改时限，逐项推进，整改一个、销号一个；对已完成整改的问题开展回头看，防止反弹回潮；对整改中发现的共性问题，健全制度机制，从源头上加以防范。"
            : "巩固整改成果，对已完成整改的问题开展回头看，防止反弹回潮；对整改中发现的共性问题，健全制度机制，从源头上加以防范。"));
        var signer = ledger.Issuer ?? org;
        blocks.Add(new(NoticeBlockLevel.Signature, signer));
        blocks.Add(new(NoticeBlockLevel.Date, ChineseText.Date(asOf)));
        return new ComposedNotice(title, blocks, counts, signer, asOf) { Unreported = Unreported(ledger) };
    }

    /// <summary>
    /// 主要负责人组织落实整改情况报告: the leader speaks as "我", in its own five parts (履行第一责任人职责,
    /// 研究部署, 带头整改, 督促检查, 下一步), about what the leader did; the problem list is the other
    /// report's. Signed by the person: without a name on record the 署名 stays empty and the sign-off says so.
    /// </summary>
    static ComposedNotice PrincipalLeader(LedgerDocument ledger, string? leader, SupervisionFacts facts, LeaderFacts lf, DateOnly asOf)
    {
        var (org, round, counts, fb, kind) = Basics(ledger);
        var title = $"{org}主要负责人关于组织落实{round}反馈意见整改情况的报告";
        var problems = ledger.AllProblems.ToList();
        var measures = problems.Sum(p => p.Measures.Count);
        var blocks = new List<NoticeBlock>
        {
            new(NoticeBlockLevel.Title, title),
            new(NoticeBlockLevel.Opening, $"{fb}，{round}{ledger.Inspection.Group}向{org}反馈{kind}意见。我作为{org}主要负责人，是{kind}整改第一责任人。现将我组织落实整改的情况报告如下。"),
            new(NoticeBlockLevel.Heading1, "一、履行第一责任人职责情况"),
            new(NoticeBlockLevel.Body, $"我把{kind}整改作为重大政治任务扛在肩上，" + (lf.GroupRole is { Length: > 0 } role ? $"担任整改工作领导小组{role}，" : "")
                + $"对反馈的{Scope(counts)}逐项审定整改措施" + (measures > 0 ? $"{measures}项" : "") + "，明确责任领导、责任部门和整改时限，对整改工作负总责。"),
            new(NoticeBlockLevel.Heading1, "二、研究部署情况"),
        };
        var meetings = lf.Meetings.Count > 0
            ? $"我主持召开{lf.Meetings.Count}次会议研究部署整改工作（" + string.Join("、", lf.Meetings.Take(6).Select(m => (m.Date is { } d ? ChineseText.Date(d) : "") + m.Kind)) + (lf.Meetings.Count > 6 ? "等" : "") + "），"
            : "我组织研究部署整改工作，";
        var o = ledger.Outcomes;
        var rules = new[] { (o.Policies ?? 0, "制度"), (o.WorkPlans ?? 0, "工作计划"), (o.Schemes ?? 0, "方案") }.Where(x => x.Item1 > 0).Select(x => $"{x.Item2}{x.Item1}项").ToList();
        blocks.Add(new(NoticeBlockLevel.Body, meetings + "逐条研究反馈意见，审定整改方案和问题、任务、责任清单" + (rules.Count > 0 ? $"，推动制定及修改完善{string.Join("、", rules)}" : "") + "。"));

        blocks.Add(new(NoticeBlockLevel.Heading1, "三、带头整改情况"));
        var mine = leader is null ? [] : problems.Where(p => p.ResponsibleLeader?.Contains(leader, StringComparison.Ordinal) == true).ToList();
        if (mine.Count > 0)
        {
            var done = mine.Count(p => Statuses.TryParseCode(p.Status, out var s) && s.Bucket().IsDone());
            // Each problem names its own status; the count of the done ones only when there are some.
            var sofar = done == 0 ? "" : done == mine.Count ? (done > 1 ? "已全部完成" : "已完成") : $"已完成{done}个";
            blocks.Add(new(NoticeBlockLevel.Body, $"我牵头负责{mine.Count}个问题的整改" + (sofar.Length > 0 ? "，" + sofar : "") + "：" + string.Join("；", mine.Take(5).Select(p => $"“{ChineseText.FullWidthPunctuation(p.Title).TrimEnd('。')}”" + (Statuses.TryParseCode(p.Status, out var s) ? Reported(s) : ""))) + (mine.Count > 5 ? "等" : "") + "。"));
        }
        else
        {
            var leaders = problems.Select(p => p.ResponsibleLeader).Where(l => !string.IsNullOrWhiteSpace(l)).Distinct().Count();
            blocks.Add(new(NoticeBlockLevel.Body, "我带头认领整改任务，带头查摆自身问题" + (leaders > 0 ? $"，带动{leaders}名责任领导逐项认领、限时整改" : "") + "。"));
        }
        blocks.Add(new(NoticeBlockLevel.Body, Progress(ledger, counts, asOf)));

        blocks.Add(new(NoticeBlockLevel.Heading1, "四、督促检查情况"));
        blocks.Add(new(NoticeBlockLevel.Body, "我定期听取整改进展汇报，对进度滞后的问题当面督促"
            + (Supervision(facts) is { } sup ? $"。主动接受纪委监委监督：{sup}" : "") + "。"));

        blocks.Add(new(NoticeBlockLevel.Heading1, "五、下一步打算"));
        var open = counts.Problems - counts.Completed;
        blocks.Add(new(NoticeBlockLevel.Body, (open > 0 ? $"对尚未完成整改的{open}个问题，我将继续履行第一责任人职责，亲自盯进度、督质量，确保按时限完成；" : "我将继续履行第一责任人职责，")
            + "对已完成整改的问题组织回头看，防止反弹回潮，把整改成果转化为制度机制。"));
        var signer = leader ?? "";
        blocks.Add(new(NoticeBlockLevel.Signature, signer));
        blocks.Add(new(NoticeBlockLevel.Date, ChineseText.Date(asOf)));
        return new ComposedNotice(title, blocks, counts, signer, asOf) { Unreported = Unreported(ledger) };
    }

    /// <summary>
    /// "截至…，N个问题中已完成整改…，整改完成率…": only the buckets that hold problems, one bucket holding them all
    /// said as "均…", and the rate only when something is done (never "已完成整改0个" or "完成率0%").
    /// </summary>
    static string Progress(LedgerDocument ledger, LedgerCounts counts, DateOnly asOf)
    {
        var parts = new List<(string Words, int Count, string Inner)>();
        if (counts.Completed > 0) parts.Add(("已完成整改", counts.Completed, ""));
        if (counts.InProgress > 0)
        {
            var inner = new[] { StatusBucket.Phased, StatusBucket.NotStarted }.Where(b => counts.Bucket(b) > 0).Select(b => $"{b.Chinese()}{counts.Bucket(b)}个").ToList();
            parts.Add(("正在推进", counts.InProgress, inner.Count > 0 ? $"（其中{string.Join("、", inner)}）" : ""));
        }
        if (counts.NotFeasible > 0) parts.Add(("暂不具备整改条件", counts.NotFeasible, ""));
        // Problems no one has stated a status for are no status group: the report says they have not reported yet.
        var state = counts.Problems == 0 ? "尚无反馈问题"
            : parts.Count == 0 ? $"{counts.Problems}个问题均{NoticeGroup.NotStated.Chinese()}"
            : parts.Count == 1 && counts.Problems > 1 && counts.NotStated == 0 ? $"{counts.Problems}个问题均{parts[0].Words}{parts[0].Inner}"
            : $"{counts.Problems}个问题中" + string.Join("，", parts.Select(p => $"{p.Words}{p.Count}个{p.Inner}"));
        var rate = counts.Completed > 0 && counts.CompletionRate is { } r ? $"，整改完成率{ChineseText.Percent(r)}" : "";
        var unreported = parts.Count > 0 ? "；" + StatusBuckets.UnreportedClause(counts.NotStated) : "";
        var o = ledger.Outcomes;
        var measures = ledger.AllProblems.Sum(p => p.Measures.Count);
        return NoticeComposer.WithoutZeroClauses($"截至{ChineseText.Date(asOf)}，{state}{rate}{unreported}。")
            + (measures > 0 ? $"共制定整改措施{measures}项" : "")
            + (o.Meetings is > 0 ? (measures > 0 ? "，" : "") + $"召开专题会议{o.Meetings}次" : "")
            + (measures > 0 || o.Meetings is > 0 ? "。" : "");
    }

    /// <summary>A problem's status as a report to a higher body says it: "尚未报送整改进展" where no one has stated one.</summary>
    static string Reported(RectificationStatus s) => s == RectificationStatus.NotStated ? s.Bucket().InNotice().Chinese() : s.Chinese();

    /// <summary>The problems whose status no one has stated, by number: the clerk sets them before the report goes out (<see cref="ComposedNotice.Unreported"/>).</summary>
    static IReadOnlyList<int> Unreported(LedgerDocument ledger) =>
        [.. ledger.AllProblems.Where(p => !Statuses.TryParseCode(p.Status, out var s) || s == RectificationStatus.NotStated).Select(p => p.Ordinal).Order()];

    /// <summary>"问责和追缴情况：诫勉谈话2人；追缴资金7.132万元。" with only the kinds that happened; null when none did.</summary>
    static string? Accountability(Outcomes o)
    {
        var persons = OutcomeKinds.All.Where(k => k.Kind != OutcomeKind.FundsRecovered)
            .Select(k => (k.Chinese, n: o.Accountability is { } a && a.TryGetValue(k.Code, out var n) ? n : 0)).Where(x => x.n > 0).Select(x => $"{x.Chinese}{x.n}人").ToList();
        var funds = o.FundsRecoveredYuan is > 0 and var y ? $"追缴资金{ChineseText.Yuan(y)}" : null;
        if (persons.Count == 0 && funds is null) return null;
        return "问责和追缴情况：" + string.Join("；", new[] { persons.Count > 0 ? string.Join("、", persons) : null, funds }.Where(x => x is not null)) + "。";
    }

    /// <summary>"收到责令限期整改2件，已验收1件；约谈1人次" with only what happened; null when nothing did.</summary>
    static string? Supervision(SupervisionFacts f)
    {
        var parts = new List<string>();
        if (f.Orders > 0) parts.Add($"收到责令限期整改{f.Orders}件" + (f.OrdersAccepted > 0 ? $"，已验收{f.OrdersAccepted}件" : ""));
        if (f.Summons > 0) parts.Add($"约谈{f.Summons}人次");
        if (f.Reviews > 0) parts.Add($"回头看{f.Reviews}次" + (f.Reopened > 0 ? $"，重新打开问题{f.Reopened}个" : ""));
        return parts.Count == 0 ? null : string.Join("；", parts);
    }

    /// <summary>The measures as written: a list that carries its own numbering (<see cref="MeasureNumbering"/>, the notice's rule too) keeps it; another list of two or more gets 一是、二是….</summary>
    static string Measures(IReadOnlyList<string> measures)
    {
        // One measure is no list: it gets no 一是.
        var asWritten = measures.Count == 1 || MeasureNumbering.AnyCarries(measures);
        var parts = measures.Select((m, k) => (asWritten ? "" : Ordinal(k + 1)) + ChineseText.FullWidthPunctuation(m.Trim()).TrimEnd('。', '；', ';'));
        return string.Join("；", parts) + "。";
    }

    static string Ordinal(int n) => n <= 10 ? ChineseText.Numeral(n) + "是" : $"第{n}项";
}
