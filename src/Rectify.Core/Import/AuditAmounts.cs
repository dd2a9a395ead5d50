using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>
/// The money a rectification text states (审计整改 and any notice that gives amounts), by one rule: every
/// amount in 元, 万元 or 亿元 takes as its kind the words of its own clause from the last word of
/// <see cref="Words"/> up to the number ("已追回资金12.5万元" is 追回资金, "规范管理30万元" is 规范管理,
/// "挽回经济损失50万元" is 挽回经济损失); an amount whose clause has none of those words (投入资金, 预算) is no
/// breakdown and is left alone. The class of the word decides what the amount is: 问题金额 and 涉及 the amount
/// involved, 整改金额 the amount rectified, and without it the parts it is made of (追回, 归还原渠道, 规范管理…)
/// add up to it. The yuan are exact decimals: "7.132万元" is 71320, never a rounded floating-point number.
/// </summary>
public static partial class AuditAmounts
{
    public enum AmountClass { Involved, Total, Part }

    /// <summary>The words that open a stated amount, each with its class. Longer words first where one holds another.</summary>
    static readonly (string Word, AmountClass Class)[] Words =
    [
        ("问题金额", AmountClass.Involved), ("问题资金", AmountClass.Involved), ("涉及", AmountClass.Involved), ("违规金额", AmountClass.Involved),
        ("整改金额", AmountClass.Total), ("整改到位资金", AmountClass.Total), ("整改到位金额", AmountClass.Total), ("整改到位", AmountClass.Total),
        ("追回", AmountClass.Part), ("追缴", AmountClass.Part), ("收回", AmountClass.Part), ("收缴", AmountClass.Part), ("缴回", AmountClass.Part),
        ("清退", AmountClass.Part), ("退还", AmountClass.Part), ("退回", AmountClass.Part), ("挽回", AmountClass.Part), ("归还", AmountClass.Part),
        ("上缴", AmountClass.Part), ("补缴", AmountClass.Part), ("调账", AmountClass.Part), ("调整账目", AmountClass.Part), ("规范", AmountClass.Part),
        ("盘活", AmountClass.Part), ("核减", AmountClass.Part), ("纠正", AmountClass.Part),
    ];

    /// <summary>"未收回资金30万元", "不规范使用资金": a negated word states money not rectified.</summary>
    const string Negations = "不未没";

    /// <summary>Words between the kind and the number that say nothing about the kind ("追回资金共计12.5万元").</summary>
    static readonly string[] Fillers = ["共计", "合计", "累计", "总计", "总额", "共", "计", "约", "达到", "达", "为", "是", "已", " "];

    /// <summary>Each amount of the problems' texts, kept on the problem with its kind; 问题资金 and 整改到位资金 filled where the ledger had none.</summary>
    public static void Read(LedgerDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var p in doc.AllProblems)
        {
            var amounts = Parse(string.Join("\n", new[] { p.Title, p.StatusText, p.Progress }.Concat(p.Measures).Concat(p.Items ?? []).OfType<string>()));
            if (amounts.Count == 0) continue;
            p.Amounts = amounts;
            p.AmountInvolved ??= Involved(amounts);
            p.AmountRectified ??= Rectified(amounts);
        }
    }

    /// <summary>The amounts a text states, in order: "追回资金12.5万元，归还原渠道8万元" is (追回资金, 125000), (归还原渠道, 80000).</summary>
    public static List<StatedAmount> Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var key = ChineseText.Key(text);
        var list = new List<StatedAmount>();
        var from = 0;
        foreach (Match m in AmountRegex().Matches(key))
        {
            // The clause of this amount: from the last stop, or the amount before it, up to the number.
            var start = Math.Max(from, key.LastIndexOfAny(ClauseStops, Math.Max(m.Index - 1, 0)) + 1);
            if (start > m.Index) start = m.Index;
            from = m.Index + m.Length;
            var clause = key[start..m.Index];
            var at = Words.Select(w => (w.Word, At: clause.LastIndexOf(w.Word, StringComparison.Ordinal)))
                .Where(w => w.At >= 0 && (w.At == 0 || !Negations.Contains(clause[w.At - 1])))
                .OrderByDescending(w => w.At).ThenByDescending(w => w.Word.Length).Select(w => (int?)w.At).FirstOrDefault();
            if (at is not { } a) continue;
            var kind = TrimFillers(text.Substring(start + a, clause.Length - a));
            if (kind.Length == 0) continue;
            list.Add(new StatedAmount { Text = kind, Yuan = Yuan(m.Groups["n"].Value, m.Groups["u"].Value) });
        }
        return list;
    }

    /// <summary>The class of a stated kind, by the same words the text was read with.</summary>
    public static AmountClass ClassOf(string kind)
    {
        var k = ChineseText.Key(kind);
        return Words.Where(w => k.StartsWith(w.Word, StringComparison.Ordinal)).Select(w => w.Class).DefaultIfEmpty(AmountClass.Part).First();
    }

    /// <summary>The sum of the amounts involved (问题金额, 涉及…), null when none is stated.</summary>
    public static decimal? Involved(IEnumerable<StatedAmount> amounts)
    {
        var involved = amounts.Where(a => ClassOf(a.Text) == AmountClass.Involved).ToList();
        return involved.Count == 0 ? null : involved.Sum(a => a.Yuan);
    }

    /// <summary>整改金额 when stated (its parts are in it, not added again), else the sum of the parts; null when neither.</summary>
    public static decimal? Rectified(IEnumerable<StatedAmount> amounts)
    {
        var list = amounts.ToList();
        var total = list.Where(a => ClassOf(a.Text) == AmountClass.Total).ToList();
        if (total.Count > 0) return total.Sum(a => a.Yuan);
        var parts = list.Where(a => ClassOf(a.Text) == AmountClass.Part).ToList();
        return parts.Count == 0 ? null : parts.Sum(a => a.Yuan);
    }

    /// <summary>
    /// The notice's money in one sentence, summed over its problems: "问题金额合计12万元；整改到位合计164.1万元，其中收回结余资金120.5万元、
    /// 归还原渠道35万元、追回资金8.6万元". Each problem adds its own <see cref="Rectified"/> (its 整改金额, else its parts), so a
    /// total and its parts are never counted twice; the parts are summed by their stated kind. Null when no problem states money.
    /// </summary>
    public static string? Summary(IEnumerable<ProblemItem> problems)
    {
        var stated = problems.Select(p => p.Amounts).OfType<List<StatedAmount>>().Where(a => a.Count > 0).ToList();
        if (stated.Count == 0) return null;
        var parts = new List<string>();
        if (stated.Select(Involved).OfType<decimal>().ToList() is { Count: > 0 } involved)
            parts.Add("问题金额合计" + ProblemAmount.InWords(involved.Sum()));
        if (stated.Select(Rectified).OfType<decimal>().ToList() is { Count: > 0 } rectified)
        {
            var byKind = stated.SelectMany(a => a).Where(a => ClassOf(a.Text) == AmountClass.Part).GroupBy(a => a.Text)
                .Select(g => g.Key + ProblemAmount.InWords(g.Sum(a => a.Yuan))).ToList();
            parts.Add("整改到位合计" + ProblemAmount.InWords(rectified.Sum()) + (byKind.Count > 0 ? "，其中" + string.Join("、", byKind) : ""));
        }
        return parts.Count == 0 ? null : string.Join("；", parts);
    }

    /// <summary>"12.5" 万元 is 125000 exactly: decimal arithmetic, trailing zeros dropped ("7.132万元" is 71320, not 71320.000).</summary>
    static decimal Yuan(string number, string unit)
    {
        var n = decimal.Parse(number.Replace(",", "", StringComparison.Ordinal), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var yuan = n * unit switch { "亿元" => 100_000_000m, "万元" => 10_000m, _ => 1m };
        return yuan / 1.0000000000000000000000000000m;
    }

    static string TrimFillers(string kind)
    {
        var k = kind.Trim();
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var f in Fillers)
                if (k.Length > f.Length && k.EndsWith(f, StringComparison.Ordinal)) { k = k[..^f.Length].TrimEnd(); changed = true; }
        }
        return ChineseText.TrimEnd(k);
    }

    // Clause stops on the matching key (full-width already half-width there).
    static readonly char[] ClauseStops = [',', ';', '.', '。', ':', '、', '\n', '(', ')', '!', '?'];

    // "1,205,000元" (thousands separated) or "12.5万元"; a number glued to a letter or digit before it is not an amount.
    [GeneratedRegex(@"(?<![\d.])(?<n>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?<u>亿元|万元|元)")]
    private static partial Regex AmountRegex();
}
