using System.Text.RegularExpressions;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>The role a part of a notice plays (DOMAIN.md "Parts of a notice, by role"). Only <see cref="Problems"/> yields problems.</summary>
public enum PartRole { Opening, Summary, WorkDone, Problems, NextSteps, Closing, Unknown }

/// <summary>
/// Splits the body of a notice into its parts by role, before any problem is looked for. A part starts
/// at each heading of the notice's top marker kind (whatever that marker is: "一、", "(一)" or "1.");
/// the lines before the first one are the opening, and the first closing line ("欢迎…监督", "联系电话:")
/// starts the closing. A part's role comes from what it says, in this order:
/// <list type="number">
/// <item>its heading names the problems part ("反馈问题整改落实情况", "整改落实情况"): problems, the heading no category;</item>
/// <item>its heading names an aspect ("…方面") or reads as a problem ("关于…的问题", "…不到位", "未落实…"): problems;</item>
/// <item>its heading names another part: 总体情况 (summary), 下一步工作打算 (next steps), 公开监督 (closing), 整改工作开展情况 or 主要做法 (work done);</item>
/// <item>its text holds status or measures labels, or aspects under it: problems;</item>
/// <item>its heading speaks of how the unit organised itself (提高政治站位, 加强组织领导, 压实主体责任, 建立台账…): work done;</item>
/// <item>its sub-headings mostly read as problems: problems;</item>
/// <item>else unknown: the tree builder may still find problems in it (when no part holds labels or aspects, only the items
/// that carry a label, state a status or read as a problem), and what it cannot place is a note.</item>
/// </list>
/// Numbers and "一是…二是…" in a work-done part therefore never become problems or measures.
/// </summary>
public static partial class NoticeParts
{
    /// <param name="Heading">The part's heading line, if it has one.</param>
    /// <param name="Lines">The lines after the heading.</param>
    /// <param name="Wrapper">The heading only names the problems part ("二、反馈问题整改落实情况"): no category of its own.</param>
    public sealed record Part(PartRole Role, NoticeLine? Heading, List<NoticeLine> Lines, bool Wrapper = false)
    {
        public IEnumerable<NoticeLine> All => Heading is null ? Lines : Lines.Prepend(Heading);
    }

    public static List<Part> Split(IReadOnlyList<NoticeLine> lines)
    {
        var top = lines.FirstOrDefault(l => l.Kind == LineKind.Heading)?.Marker;
        var sections = new List<(NoticeLine? Heading, List<NoticeLine> Lines, bool Closing)> { (null, [], false) };
        foreach (var l in lines)
        {
            var closing = sections[^1].Closing;
            if (!closing && l.Kind == LineKind.Closing) sections.Add((null, [l], true));
            else if (!closing && l.Kind == LineKind.Heading && l.Marker == top) sections.Add((l, [], false));
            else sections[^1].Lines.Add(l);
        }
        var parts = new List<Part>();
        foreach (var (heading, body, closing) in sections)
        {
            if (heading is null && body.Count == 0) continue;
            if (closing) { parts.Add(new Part(PartRole.Closing, null, body)); continue; }
            if (heading is null) { parts.Add(new Part(PartRole.Opening, null, body)); continue; }
            var (role, wrapper) = RoleOf(heading, body);
            if (wrapper && role == PartRole.Problems)
            {
                // The lead paragraphs of a problems part, before its first aspect or problem, sum it up.
                var lead = body.TakeWhile(l => l.Kind == LineKind.Paragraph).ToList();
                if (lead.Count > 0) parts.Add(new Part(PartRole.Summary, null, lead));
                parts.Add(new Part(PartRole.Problems, heading, body.Skip(lead.Count).ToList(), Wrapper: true));
                continue;
            }
            parts.Add(new Part(role, heading, body, wrapper));
        }
        return parts;
    }

    /// <summary>The parts' headings are numbered 1, 2, 3… whatever their roles (the tree builder numbers the levels below).</summary>
    public static IEnumerable<Finding> CheckNumbering(IEnumerable<Part> parts)
    {
        var last = 0;
        foreach (var h in parts.Select(p => p.Heading).OfType<NoticeLine>())
        {
            if (h.Ordinal != last + 1)
                yield return new Finding(h.Ordinal <= last ? "numbering-repeat" : "numbering-gap", Finding.Warning,
                    last == 0 ? $"编号不从1开始：“{ChineseText.Quote(h.Text)}”"
                        : $"编号{(h.Ordinal <= last ? "重复或倒退" : "不连续")}：“{ChineseText.Quote(h.Text)}”的序号是{h.Ordinal}，前一个是{last}");
            last = h.Ordinal;
        }
    }

    private static (PartRole Role, bool Wrapper) RoleOf(NoticeLine heading, List<NoticeLine> body)
    {
        var title = ChineseText.TrimEnd(NoticeStructure.SplitTitle(heading.RestKey).Title);
        var subheadings = body.Where(l => l.Kind == LineKind.Heading).ToList();
        if (ProblemsPartRegex().IsMatch(title)) return (PartRole.Problems, subheadings.Count > 0);
        if (NoticeStructure.IsCategoryTitle(title) || NoticeStructure.IsProblemTitle(title) || ReadsAsShortcoming(title))
            return (PartRole.Problems, false);
        if (SummaryPartRegex().IsMatch(title)) return (PartRole.Summary, false);
        if (NextStepsPartRegex().IsMatch(title)) return (PartRole.NextSteps, false);
        if (ClosingPartRegex().IsMatch(title)) return (PartRole.Closing, false);
        if (WorkDonePartRegex().IsMatch(title)) return (PartRole.WorkDone, false);
        var labelled = InlineLabelRegex().IsMatch(heading.RestKey) || body.Any(l => l.Kind is LineKind.StatusLabel or LineKind.MeasuresLabel
            || (l.Kind == LineKind.Heading && InlineLabelRegex().IsMatch(l.RestKey)));
        // Aspects under it: the heading frames the problems part ("二、坚持问题导向,推动巡察整改工作").
        if (subheadings.Any(s => NoticeStructure.IsCategoryTitle(SubTitle(s)))) return (PartRole.Problems, true);
        if (labelled) return (PartRole.Problems, false);
        if (WorkDoneRegex().IsMatch(title)) return (PartRole.WorkDone, false);
        if (subheadings.Count > 0 && subheadings.Count(s => NoticeStructure.IsProblemTitle(SubTitle(s)) || ReadsAsShortcoming(SubTitle(s))) * 2 > subheadings.Count)
            return (PartRole.Problems, false);
        return (PartRole.Unknown, false);
    }

    private static string SubTitle(NoticeLine l) => ChineseText.TrimEnd(NoticeStructure.SplitTitle(l.RestKey).Title);

    /// <summary>
    /// A title that states a shortcoming, as problems do ("干部队伍结构不够优化", "未落实管办分离", "学习贯彻有偏差");
    /// work items state an action ("提高政治站位,加强组织领导") and never read so.
    /// </summary>
    public static bool ReadsAsShortcoming(string title) => ShortcomingRegex().IsMatch(title);

    // Only wording that negates or finds fault; "短板", "漏洞", "风险" also head work items ("补齐短板", "防范风险").
    [GeneratedRegex(@"不(?:够|足|到位|严|实|力|规范|健全|完善|明显|深入|扎实|及时|全面|准确|充分|细致|落实|高|强|清|畅|合理|精准|彻底|平衡|透明|科学|主动|有效|严格|严肃|严谨)|(?:^|[,;、])未(?!来)|没有|缺乏|缺少|缺失|缺位|薄弱|偏差|偏离|滞后|较多|较大|有待|欠缺|弱化|淡化|虚化|边缘化|走过场|宽松|宽软|失职|失责|失管|失控|存在.{0,10}问题")]
    private static partial Regex ShortcomingRegex();

    [GeneratedRegex(@"总体情况|总体进展|总体完成|基本情况|整改情况概述|整改成效总体")]
    private static partial Regex SummaryPartRegex();

    // "反馈问题整改落实情况", "具体问题整改情况", "问题整改情况", "整改落实情况", "整改进展情况".
    [GeneratedRegex(@"^(?:(?:巡察|巡视|审计)?反馈(?:意见|问题)[^:]{0,10}|(?:具体|反馈)?问题(?:的)?整改.{0,8}|(?:集中)?整改(?:落实|进展|完成)?情况)$")]
    private static partial Regex ProblemsPartRegex();

    [GeneratedRegex(@"下一步|工作打算|今后|巩固.{0,8}成(?:效|果)|深化.{0,8}成(?:效|果)运用|长效机制建设")]
    private static partial Regex NextStepsPartRegex();

    [GeneratedRegex(@"公开监督|联系方式|监督渠道|意见建议")]
    private static partial Regex ClosingPartRegex();

    // The work-done part by its name: decided before labels, since "主要措施:" may label its paragraphs.
    [GeneratedRegex(@"^(?:.{0,12}整改工作(?:开展|推进|落实)?情况|(?:主要)?(?:做法|工作措施)(?:和成效)?|.{0,8}履行.{0,6}主体责任情况)$")]
    private static partial Regex WorkDonePartRegex();

    // How the unit organised itself: responsibility, leadership, plans, ledgers, supervision of the work.
    [GeneratedRegex(@"整改工作开展|工作开展情况|主要做法|主要措施|组织领导|领导小组|工作专班|站位|主体责任|政治责任|整改责任|领导责任|工作责任|责任担当|政治担当|思想自觉|政治自觉|行动自觉|思想认识|以上率下|示范引领|压实|扛起|扛牢|扛稳|扛实|扛好|统筹|部署|台账|清单|合力|督导|督促|督查|整改方案|结果导向|问题导向|目标导向|系统施治|传导压力|压力传导|分解细化|细化分解|强化监督|全面推进|高位推动|精心组织|建章立制")]
    private static partial Regex WorkDoneRegex();

    [GeneratedRegex(@"(?:整改状态|整改过程|整改情况|整改措施|整改落实情况|完成情况)\s*:")]
    private static partial Regex InlineLabelRegex();
}
