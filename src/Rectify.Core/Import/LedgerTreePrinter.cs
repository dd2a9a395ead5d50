using System.Text;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>A readable plain-text tree of a parsed notice, for a CLI: header, categories, problems, counts, findings.</summary>
public static class LedgerTreePrinter
{
    public static string Print(LedgerDocument doc)
    {
        var sb = new StringBuilder();
        sb.AppendLine(doc.Title ?? "（无标题）");
        Line(sb, "发布", Join(doc.Issuer, doc.Date?.ToString("yyyy-MM-dd") ?? doc.DateMonth?.ToString()));
        var i = doc.Inspection;
        Line(sb, "巡察", Join(i.Body, i.Round, i.Group, i.Target is null ? null : "对" + i.Target, i.Kind is null ? null : $"[{i.Kind}]"));
        if (i.OnSite is { } on) Line(sb, "进驻", $"{on.From?.ToString() ?? "?"} 至 {on.To?.ToString() ?? "?"}");
        Line(sb, "反馈", i.FeedbackDate?.ToString());
        if (doc.SummaryClaim is { } s)
            Line(sb, "摘要", $"方面 {N(s.Categories)} 问题 {N(s.Problems)} 已完成 {N(s.Completed)} 推进中 {N(s.InProgress)} 暂不具备 {N(s.NotFeasible)}"
                + (s.CompletionRate is { } r ? $" 完成率 {r}%" : ""));
        sb.AppendLine();
        foreach (var c in doc.Categories)
        {
            sb.AppendLine($"{c.Ordinal}. {c.Title}");
            foreach (var p in c.Problems)
            {
                var due = p.ExpectedCompletion is { } e ? $" 预计 {e}" : "";
                sb.AppendLine($"   {p.Ordinal}. {p.Title}  [{p.Status}{due}]");
                foreach (var item in p.Items ?? []) sb.AppendLine($"      · {Short(item)}");
                if (p.Amounts is { Count: > 0 } amounts) sb.AppendLine("      资金：" + string.Join("；", amounts.Select(a => new Domain.ProblemAmount(a.Text, a.Yuan))));
                for (var m = 0; m < p.Measures.Count; m++) sb.AppendLine($"      {m + 1}) {Short(p.Measures[m])}");
            }
        }
        var n = doc.Counts;
        sb.AppendLine();
        sb.AppendLine($"统计（按正文）： 方面 {n.Categories} 问题 {n.Problems} 已完成 {n.Completed} 推进中 {n.InProgress} 暂不具备 {n.NotFeasible} 未写状态 {n.NotStated}");
        var o = doc.Outcomes;
        var outcomes = Join(
            o.Policies is { } pol ? $"制度 {pol}" : null, o.WorkPlans is { } wp ? $"工作计划 {wp}" : null, o.Schemes is { } sc ? $"方案 {sc}" : null,
            o.Meetings is { } mt ? $"会议 {mt}" : null, o.FundsRecoveredYuan is { } f ? $"追缴资金 {f} 元" : null,
            o.Measures is { } ms ? $"整改措施 {ms}" : null, o.SubMeasures is { } sm ? $"具体措施 {sm}" : null,
            o.Accountability is { Count: > 0 } a ? string.Join(" ", a.Select(x => $"{x.Key} {x.Value}人")) : null);
        Line(sb, "成果", outcomes);
        Line(sb, "资金", AuditAmounts.Summary(doc.AllProblems));
        if (doc.Contacts is { } ct) Line(sb, "联系", Join(ct.Phone, ct.Mailbox, ct.Postcode, ct.Email));
        if (doc.Narrative is { Count: > 0 } told)
            Line(sb, "叙述", string.Join("、", told.Where(p => p.Role != "problems").GroupBy(p => p.Role).Select(g => $"{RoleName(g.Key)} {g.Sum(p => p.Paragraphs.Count + (p.Heading is null ? 0 : 1))} 段")));
        if (doc.Notes is { Count: > 0 } notes) Line(sb, "备注", $"{notes.Count} 段未归入问题的文字");
        if (doc.Findings.Count > 0)
        {
            sb.AppendLine();
            foreach (var x in doc.Findings) sb.AppendLine(ForScripts(x));
        }
        return sb.ToString();
    }

    /// <summary>A finding as `check` and the tree print it: the Chinese message, then its code in brackets for scripts to match.</summary>
    public static string ForScripts(Finding f) => $"{f.Message} [{f.Code}]";

    private static void Line(StringBuilder sb, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value)) sb.AppendLine($"{label}: {value}");
    }

    private static string? Join(params string?[] parts)
    {
        var s = string.Join(" ", parts.Where(p => !string.IsNullOrEmpty(p)));
        return s.Length == 0 ? null : s;
    }

    private static string N(int? n) => n?.ToString() ?? "-";

    private static string Short(string s) => s.Length <= 50 ? s : s[..50] + "…";

    private static string RoleName(string role) => role switch
    {
        "opening" => "开头",
        "summary" => "总体情况",
        "work-done" => "整改工作开展情况",
        "next-steps" => "下一步工作",
        "closing" => "结尾",
        _ => role,
    };
}
