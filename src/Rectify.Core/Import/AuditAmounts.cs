using System.Globalization;
using System.Text.RegularExpressions;
using Rectify.Core.Interchange;

namespace Rectify.Core.Import;

/// <summary>
/// The money of an audit rectification notice (审计整改), read per problem: each amount the problem's
/// text states in 元, 万元 or 亿元 is kept with its words (<see cref="ProblemItem.Amounts"/>). 问题金额 and
/// 涉及金额 are the amount involved; 整改金额 is the amount rectified, and without it the parts it is made
/// of (追回, 收回, 归还原渠道, 上缴财政, 调账) add up to it.
/// </summary>
public static partial class AuditAmounts
{
    public static void Read(LedgerDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var p in doc.AllProblems)
        {
            var text = string.Join("\n", new[] { p.Title, p.StatusText, p.Progress }.Concat(p.Measures).Concat(p.Items ?? []).OfType<string>());
            var key = ChineseText.Key(text);
            var amounts = new List<StatedAmount>();
            foreach (Match m in AmountRegex().Matches(key))
            {
                var yuan = decimal.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * m.Groups["u"].Value switch { "亿元" => 100_000_000m, "万元" => 10_000m, _ => 1m };
                // 8.6万元 is 86000, not 86000.0
                amounts.Add(new StatedAmount { Text = text.Substring(m.Groups["k"].Index, m.Groups["k"].Length), Yuan = yuan / 1.000000000000000000000000000m });
            }
            if (amounts.Count == 0) continue;
            p.Amounts = amounts;
            var involved = amounts.Where(a => a.Text is "问题金额" or "涉及金额").ToList();
            if (involved.Count > 0) p.AmountInvolved ??= involved.Sum(a => a.Yuan);
            var total = amounts.Where(a => a.Text == "整改金额").ToList();
            var parts = amounts.Where(a => a.Text is not ("问题金额" or "涉及金额" or "整改金额")).ToList();
            p.AmountRectified ??= total.Count > 0 ? total.Sum(a => a.Yuan) : parts.Count > 0 ? parts.Sum(a => a.Yuan) : null;
        }
    }

    [GeneratedRegex(@"(?<k>问题金额|涉及金额|整改金额|追回资金|追回|收回|归还原渠道|上缴财政|调整账目|调账)[^0-9。;]{0,12}?(?<n>\d+(?:\.\d+)?)\s*(?<u>亿元|万元|元)")]
    private static partial Regex AmountRegex();
}
