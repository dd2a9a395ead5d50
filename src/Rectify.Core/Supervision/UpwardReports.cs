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

/// <summary>
/// Drafts of the upward reports with the ledger's facts filled in. The result has the shape of a
/// composed notice, so the notice writers (Word, text, HTML) write it; the unit edits the draft.
/// </summary>
public static class UpwardReports
{
    public static string Code(this UpwardReportKind k) => k == UpwardReportKind.Rectification ? "rectification" : "principal-leader";
    public static UpwardReportKind? FromCode(string? s) => s switch
    {
        "rectification" => UpwardReportKind.Rectification,
        "principal-leader" => UpwardReportKind.PrincipalLeader,
        _ => null,
    };

    public static string Chinese(this UpwardReportKind k) => k == UpwardReportKind.Rectification ? "整改情况报告" : "主要负责人组织落实情况报告";

    /// <summary>"(其中取得阶段性成效2个、未启动1个)": the buckets inside the notice's "正在推进", when there are any beside it.</summary>
    static string OpenDetail(LedgerCounts c)
    {
        var parts = new[] { StatusBucket.Phased, StatusBucket.NotStarted }.Where(b => c.Bucket(b) > 0).Select(b => $"{b.Chinese()}{c.Bucket(b)}个").ToList();
        return parts.Count == 0 ? "" : $"(其中{string.Join("、", parts)})";
    }

    public static ComposedNotice Compose(UpwardReportKind kind, LedgerDocument ledger, string? principalLeader, SupervisionFacts facts, DateOnly asOf)
    {
        var i = ledger.Inspection;
        var org = i.Target ?? ledger.Issuer ?? "本单位";
        var round = $"{i.Body}{i.Round}";
        var counts = LedgerCounts.Of(ledger.Categories.Count, ledger.AllProblems.Select(p => Statuses.TryParseCode(p.Status, out var s) ? s : RectificationStatus.NotStated));
        var title = kind == UpwardReportKind.Rectification
            ? $"{org}关于{round}反馈意见整改情况的报告"
            : $"{org}主要负责人关于组织落实{round}反馈意见整改情况的报告";
        var blocks = new List<NoticeBlock> { new(NoticeBlockLevel.Title, title) };
        var fb = i.FeedbackDate is { } f ? f.ToChinese() : "反馈";
        var rate = counts.CompletionRate?.ToString("0.#", CultureInfo.InvariantCulture) ?? "0";
        blocks.Add(new(NoticeBlockLevel.Opening, kind == UpwardReportKind.Rectification
            ? $"{fb},{round}{i.Group}向{org}反馈了巡察意见。{org}坚持把巡察整改作为重大政治任务,细化分解为{Cn(counts.Categories)}个方面{counts.Problems}个问题,逐项明确责任领导、责任部门和整改时限。现将整改情况报告如下。"
            : $"{fb},{round}{i.Group}向{org}反馈巡察意见。{(string.IsNullOrWhiteSpace(principalLeader) ? "本人" : principalLeader)}作为整改工作第一责任人,现将组织落实整改情况报告如下。"));

        blocks.Add(new(NoticeBlockLevel.Heading1, kind == UpwardReportKind.Rectification ? "一、整改工作总体情况" : "一、履行第一责任人职责情况"));
        var o = ledger.Outcomes;
        var measures = ledger.AllProblems.Sum(p => p.Measures.Count);
        blocks.Add(new(NoticeBlockLevel.Body,
            $"截至{asOf:yyyy年M月d日},{counts.Problems}个问题中已完成整改{counts.Completed}个,正在推进{counts.InProgress}个{OpenDetail(counts)},暂不具备整改条件{counts.NotFeasible}个" +
            (counts.NotStated > 0 ? $",未说明{counts.NotStated}个" : "") + $",整改完成率{rate}%。共制定整改措施{measures}项" +
            (o.Policies is > 0 || o.WorkPlans is > 0 || o.Schemes is > 0 ? $",制定及修改完善制度{o.Policies ?? 0}项、工作计划{o.WorkPlans ?? 0}项、方案{o.Schemes ?? 0}项" : "") +
            (o.Meetings is > 0 ? $",召开专题会议{o.Meetings}次" : "") + "。"));
        var acc = o.Accountability is { Count: > 0 } a
            ? string.Join(",", OutcomeKinds.All.Where(k => k.Kind != OutcomeKind.FundsRecovered).Select(k => $"{k.Chinese}{(a.TryGetValue(k.Code, out var n) ? n : 0)}人"))
            : null;
        if (acc is not null || o.FundsRecoveredYuan is > 0)
            blocks.Add(new(NoticeBlockLevel.Body, "问责和追缴情况:" + string.Join(";", new[] { acc, o.FundsRecoveredYuan is { } y ? $"追缴资金{(y / 10000m).ToString("0.####", CultureInfo.InvariantCulture)}万元" : null }.Where(x => x is not null)) + "。"));
        blocks.Add(new(NoticeBlockLevel.Body,
            $"接受纪委监督情况:收到责令限期整改{facts.Orders}件,已验收{facts.OrdersAccepted}件;约谈{facts.Summons}人次;回头看{facts.Reviews}次,重新打开问题{facts.Reopened}个。"));

        blocks.Add(new(NoticeBlockLevel.Heading1, "二、问题整改情况"));
        var n1 = 0;
        foreach (var c in ledger.Categories.OrderBy(c => c.Ordinal))
        {
            blocks.Add(new(NoticeBlockLevel.Heading2, $"({Cn(++n1)}){c.Title}"));
            foreach (var p in c.Problems.OrderBy(p => p.Ordinal))
            {
                var status = Statuses.TryParseCode(p.Status, out var s) ? s.Chinese() : p.Status;
                blocks.Add(new(NoticeBlockLevel.ProblemHeading, $"{p.Ordinal}.{p.Title}"));
                var who = string.Join(",", new[] { p.ResponsibleLeader is { } l ? "责任领导:" + l : null, p.ResponsibleDepartment is { } d ? "责任部门:" + d : null }.Where(x => x is not null));
                blocks.Add(new(NoticeBlockLevel.Body, $"整改状态:{status}" + (p.ExpectedCompletion is { } e && s == RectificationStatus.Phased ? $",预计{e.ToChinese()}完成" : "") + (who.Length > 0 ? "。" + who : "") + "。"));
                if (p.Measures.Count > 0)
                    blocks.Add(new(NoticeBlockLevel.Body, "整改措施:" + string.Join("", p.Measures.Select((m, k) => $"{Ordinal(k + 1)}{m.TrimEnd('。', ';', ';')};")).TrimEnd(';') + "。"));
            }
        }

        blocks.Add(new(NoticeBlockLevel.Heading1, kind == UpwardReportKind.Rectification ? "三、下一步工作打算" : "三、下一步打算"));
        blocks.Add(new(NoticeBlockLevel.Body, counts.Problems - counts.Completed > 0
            ? $"对尚未完成整改的{counts.Problems - counts.Completed}个问题,继续盯紧整改时限,逐项推进,整改一个、销号一个;对已完成整改的问题开展回头看,防止反弹回潮。(草稿:请补充)"
            : "巩固整改成果,对已完成整改的问题开展回头看,建立长效机制,防止反弹回潮。(草稿:请补充)"));
        var signer = kind == UpwardReportKind.PrincipalLeader && !string.IsNullOrWhiteSpace(principalLeader) ? principalLeader! : ledger.Issuer ?? org;
        blocks.Add(new(NoticeBlockLevel.Signature, signer));
        blocks.Add(new(NoticeBlockLevel.Date, $"{asOf.Year}年{asOf.Month}月{asOf.Day}日"));
        return new ComposedNotice(title, blocks, counts, signer, asOf);
    }

    static string Cn(int n) => n is >= 1 and <= 10 ? "一二三四五六七八九十"[n - 1].ToString() : n.ToString(CultureInfo.InvariantCulture);
    static string Ordinal(int n) => n <= 10 ? Cn(n) + "是" : $"第{n}项";
}
