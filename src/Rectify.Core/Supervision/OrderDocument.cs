using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Core.Supervision;

/// <summary>A problem an order names: its number in its ledger and its title as written.</summary>
public sealed record OrderedProblem(int Ordinal, string Title);

/// <summary>
/// A 责令限期整改 as the commission recorded it: the unit ordered (its full name), the date, the
/// deadline, what was found, the problems it concerns, and who issues the notice.
/// </summary>
public sealed record OrderFacts(string? Unit, DateOnly Date, DateOnly? Deadline, string? Findings, IReadOnlyList<OrderedProblem> Problems,
    string? Department, string? Person, string Issuer);

/// <summary>
/// 责令限期整改通知: the formal notice of an order to rectify, sent down to the unit ordered (its 主送机关)
/// in the frame of GB/T 9704 (<see cref="Documents.OfficialDocument"/>). Written from the record alone, so
/// that the notice says what the record says; nothing in it is left for a person to fill in.
/// </summary>
public static class OrderDocument
{
    public const string Name = "责令限期整改通知";

    public static ComposedNotice Compose(OrderFacts f)
    {
        var unit = string.IsNullOrWhiteSpace(f.Unit) ? "" : f.Unit.Trim();
        var blocks = new List<NoticeBlock> { new(NoticeBlockLevel.Title, $"关于责令{unit}限期整改的通知") };
        blocks.Add(new(NoticeBlockLevel.Body, $"{ChineseText.Date(f.Date)}，经监督检查，发现你单位在巡察整改工作中存在以下问题："));
        if (!string.IsNullOrWhiteSpace(f.Findings)) blocks.Add(new(NoticeBlockLevel.Body, Sentence(f.Findings)));
        var n = 0;
        foreach (var p in f.Problems)
            blocks.Add(new(NoticeBlockLevel.Body, $"{++n}．巡察反馈问题第{p.Ordinal}项“{p.Title.Trim().TrimEnd('。')}”整改不到位。"));
        var who = string.Join("、", new[] { f.Department, f.Person }.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s!.Trim()));
        var deadline = f.Deadline is { } d ? $"于{ChineseText.Date(d)}前" : "限期";
        blocks.Add(new(NoticeBlockLevel.Body,
            $"现责令你单位{deadline}整改到位{(who.Length > 0 ? $"，{who}切实履行整改责任" : "")}，并将整改情况书面报告{f.Issuer}。逾期未整改或整改不力的，将依规依纪依法严肃追究相关人员责任。"));
        blocks.Add(new(NoticeBlockLevel.Body, "特此通知。"));
        blocks.Add(new(NoticeBlockLevel.Signature, f.Issuer));
        blocks.Add(new(NoticeBlockLevel.Date, ChineseText.Date(f.Date)));
        return new ComposedNotice(blocks[0].Text, blocks, new LedgerCounts(), f.Issuer, f.Date);
    }

    static string Sentence(string s)
    {
        var t = s.Trim();
        return t.EndsWith('。') || t.EndsWith('；') || t.EndsWith('！') ? t : t + "。";
    }
}
