using Rectify.Core.Import;

namespace Rectify.Tests.Import;

public class LedgerTreePrinterTests
{
    [Fact]
    public void Tree_shows_header_categories_problems_statuses_counts_and_findings()
    {
        var tree = LedgerTreePrinter.Print(Samples.Chengbei);
        Assert.Contains("巡察: 九届区委 第二轮巡察 第一组 对城北镇党委", tree);
        Assert.Contains("1. 党中央各项决策部署在基层的落实情况方面", tree);
        Assert.Contains("   3. 撂荒复耕工作开展不扎实  [phased 预计 2023-12]", tree);
        Assert.Contains("统计（按正文）： 方面 4 问题 14 已完成 11 推进中 3 暂不具备 0 未写状态 0", tree);
        Assert.Contains("称正在推进2个，正文为3个 [summary-mismatch]", tree);
    }

    [Fact]
    public void Tree_of_a_cut_short_web_copy_shows_items_and_the_truncation()
    {
        var tree = LedgerTreePrinter.Print(Samples.Wucheng);
        Assert.Contains("· 关于“学思践悟", tree);
        Assert.Contains("truncated", tree);
    }
}
