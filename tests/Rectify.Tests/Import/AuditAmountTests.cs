using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// The money a problem's text states, kept per problem as kind and exact yuan by one rule
/// (AuditAmounts): each amount takes the words of its clause from the last rectification or
/// involvement word up to the number.
/// </summary>
public class AuditAmountTests
{
    static List<(string, decimal)> Read(string text) => [.. AuditAmounts.Parse(text).Select(a => (a.Text, a.Yuan))];

    [Fact]
    public void A_stated_breakdown_keeps_each_kind_with_its_amount_in_yuan()
    {
        Assert.Equal([("追回资金", 125_000m), ("归还原渠道", 80_000m), ("规范管理", 300_000m)],
            Read("已追回资金12.5万元，归还原渠道8万元，规范管理30万元。"));
    }

    [Theory]
    [InlineData("清退违规发放津补贴3.26万元", "清退违规发放津补贴", "32600")]
    [InlineData("挽回经济损失1.5亿元", "挽回经济损失", "150000000")]
    [InlineData("整改金额共计0.0123万元", "整改金额", "123")]
    [InlineData("收回资金1,205,000.50元", "收回资金", "1205000.50")]
    [InlineData("上缴财政７.１３２万元", "上缴财政", "71320")]
    [InlineData("追缴资金为0.000001亿元", "追缴资金", "100")]
    public void Kinds_in_yuan_wan_and_yi_are_exact_decimals(string text, string kind, string yuan)
    {
        var a = Assert.Single(AuditAmounts.Parse(text));
        Assert.Equal(kind, a.Text);
        // Exact: decimal equality, and no trailing zeros that would show as "71320.000".
        Assert.Equal(decimal.Parse(yuan, System.Globalization.CultureInfo.InvariantCulture), a.Yuan);
        Assert.Equal(yuan.TrimEnd('0').TrimEnd('.') is var t && yuan.Contains('.') ? t : yuan, a.Yuan.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("投入资金500万元用于改造。")]
    [InlineData("未收回资金30万元。")]
    [InlineData("存在不规范使用资金12万元的情况。")]
    [InlineData("召开第3次会议，预算2025年安排。")]
    public void Money_that_is_no_rectification_is_no_breakdown(string text) => Assert.Empty(AuditAmounts.Parse(text));

    [Fact]
    public void A_total_is_the_amount_rectified_and_its_parts_are_not_added_again()
    {
        var stated = AuditAmounts.Parse("涉及资金20万元，整改金额18万元，其中追回10万元、归还原渠道8万元。");
        Assert.Equal(200_000m, AuditAmounts.Involved(stated));
        Assert.Equal(180_000m, AuditAmounts.Rectified(stated));
        Assert.Equal(150_000m, AuditAmounts.Rectified(AuditAmounts.Parse("追回资金7万元，规范管理8万元")));
    }

    [Fact]
    public void The_notice_sums_each_problems_rectified_amount_and_the_parts_by_kind()
    {
        ProblemItem P(string text) => new() { Title = "问题", Amounts = AuditAmounts.Parse(text) };
        var summary = AuditAmounts.Summary([P("问题金额12万元，整改金额10万元，其中追回资金6万元"), P("追回资金1.5万元，归还原渠道2万元"), new ProblemItem()]);
        Assert.Equal("问题金额合计12万元；整改到位合计13.5万元，其中追回资金7.5万元、归还原渠道2万元", summary);
        Assert.Null(AuditAmounts.Summary([new ProblemItem()]));
    }

    [Theory]
    [InlineData(125_000, "12.5万元")]
    [InlineData(12_345.67, "1.234567万元")]
    [InlineData(3_500, "3500元")]
    [InlineData(0.5, "0.5元")]
    public void An_amount_written_back_reads_back_to_the_same_yuan(decimal yuan, string words)
    {
        var written = new ProblemAmount("追回资金", yuan).ToString();
        Assert.Equal("追回资金" + words, written);
        Assert.Equal(yuan, Assert.Single(AuditAmounts.Parse(written)).Yuan);
    }

    [Fact]
    public void The_stored_form_keeps_the_kind_and_the_exact_yuan()
    {
        List<ProblemAmount> amounts = [new("追回资金", 125_000m), new("规范管理", 12_345.67m)];
        var json = ProblemAmount.ToJson(amounts);
        Assert.Contains("追回资金", json, StringComparison.Ordinal);
        Assert.Equal(amounts, ProblemAmount.FromJson(json));
    }

    [Fact]
    public void An_imported_problem_keeps_its_breakdown_and_the_sums_beside_it()
    {
        var doc = NoticeImporter.Parse(new ExtractedNotice(OtherSourcesTests.Audit.Replace("修订预算编制规程。", "修订预算编制规程，追回资金12.5万元，归还原渠道8万元，规范管理30万元。"), NoticeFormat.Text));
        var first = doc.AllProblems.First();
        Assert.Equal([("追回资金", 125_000m), ("归还原渠道", 80_000m), ("规范管理", 300_000m)], first.Amounts!.Select(a => (a.Text, a.Yuan)));
        Assert.Equal(505_000m, first.AmountRectified);
        Assert.Contains("资金：追回资金12.5万元；归还原渠道8万元；规范管理30万元", LedgerTreePrinter.Print(doc), StringComparison.Ordinal);
    }

    [Fact]
    public void The_ledgers_breakdown_column_is_read_by_the_same_rule_and_an_unreadable_part_is_refused()
    {
        string?[][] Rows(string breakdown)
        {
            var rows = Excel.LedgerSamples.GoodRows();
            rows[1][Array.IndexOf(Excel.LedgerSamples.Headers, "资金明细")] = breakdown;
            return rows;
        }
        var good = Excel.LedgerSamples.Read(Excel.LedgerSamples.Sheet(Rows("追回资金12.5万元；归还原渠道8万元")));
        Assert.True(good.Succeeded, string.Join("; ", good.Errors));
        Assert.Equal([("追回资金", 125_000m), ("归还原渠道", 80_000m)], good.Ledger!.AllProblems.Single().Amounts!.Select(a => (a.Text, a.Yuan)));

        var bad = Excel.LedgerSamples.Read(Excel.LedgerSamples.Sheet(Rows("追回资金12.5万元；另有若干")));
        Assert.False(bad.Succeeded);
        var error = Assert.Single(bad.Errors);
        Assert.Equal("资金明细", error.Column);
        Assert.Contains("读不出金额", error.Message, StringComparison.Ordinal);
    }
}
