using Rectify.Core.Domain;
using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>Audit, 巡视 and 主题教育检视问题 notices import into the same ledger, their kind told by the text.</summary>
public class OtherSourcesTests
{
    static Rectify.Core.Interchange.LedgerDocument Import(string text) =>
        NoticeImporter.Parse(new ExtractedNotice(text, NoticeFormat.Text));

    internal const string Audit = """
        某区财政局关于2022年度预算执行审计发现问题整改情况的报告
        根据区委审计委员会部署,2023年3月1日至5月10日,区审计局对区财政局2022年度预算执行情况进行了审计,并于6月20日反馈了审计意见。现将审计整改情况报告如下。
        一、整改工作总体情况
        审计发现问题3个,已完成整改2个,正在推进1个。
        二、审计发现问题整改情况
        (一)预算管理方面
        1.部分项目预算编制不细化的问题
        整改情况:已完成整改。修订预算编制规程。
        2.未及时收回结转结余资金的问题
        整改情况:已完成整改。收回结余资金120.5万元,归还原渠道35万元。
        (二)资金使用方面
        3.违规发放津贴补贴的问题
        整改情况:正在推进。问题金额12万元,已追回资金8.6万元,整改金额8.6万元。
        某区财政局
        2023年9月30日
        """;

    [Fact]
    public void An_audit_notice_is_kind_audit_with_findings_by_category_and_amounts_kept_on_the_problem()
    {
        var doc = Import(Audit);
        Assert.Equal("audit", doc.Inspection.Kind);
        Assert.Equal(["预算管理方面", "资金使用方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(3, doc.Counts.Problems);
        Assert.Equal(["completed", "completed", "in-progress"], doc.AllProblems.Select(p => p.Status));
        var (first, second, third) = (doc.AllProblems.ElementAt(0), doc.AllProblems.ElementAt(1), doc.AllProblems.ElementAt(2));
        Assert.Null(first.Amounts);
        Assert.Equal([("收回结余资金", 1_205_000m), ("归还原渠道", 350_000m)], second.Amounts!.Select(a => (a.Text, a.Yuan)));
        Assert.Equal(1_555_000m, second.AmountRectified);
        Assert.Equal([("问题金额", 120_000m), ("追回资金", 86_000m), ("整改金额", 86_000m)], third.Amounts!.Select(a => (a.Text, a.Yuan)));
        // 整改金额 is the total; the 追回 in it is not added again.
        Assert.Equal((120_000m, 86_000m), (third.AmountInvolved, third.AmountRectified));
    }

    [Fact]
    public void A_xunshi_notice_is_kind_xunshi()
    {
        var doc = Import("""
            中共某县委关于省委第三巡视组反馈意见整改进展情况的通报
            根据省委统一部署,2023年4月10日至6月10日,省委第三巡视组对某县进行了巡视,并于8月15日反馈了巡视意见。
            一、整改工作总体情况
            巡视反馈问题2个,已完成整改2个。
            二、反馈问题整改落实情况
            (一)贯彻落实党中央决策部署方面
            1.落实乡村振兴战略不够有力的问题
            整改状态:已完成整改
            整改措施:一是制定乡村振兴实施方案。二是建立县级领导联系村制度。
            2.产业发展后劲不足的问题
            整改状态:已完成整改
            整改措施:引进农产品加工企业3家。
            中共某县委员会
            2023年12月20日
            """);
        Assert.Equal("xunshi", doc.Inspection.Kind);
        Assert.Equal(InspectionKind.Xunshi, InspectionKinds.FromText(doc.Inspection.Kind));
        Assert.Equal(2, doc.Counts.Problems);
    }

    [Fact]
    public void A_theme_education_notice_of_problems_found_by_self_review_is_its_own_kind()
    {
        var doc = Import("""
            中共某区教育局党组关于主题教育检视问题整改落实情况的通报
            按照主题教育安排,局党组班子对照检视出问题2个,现将整改落实情况通报如下。
            一、整改工作总体情况
            检视问题2个,已完成整改1个,正在推进1个。
            二、检视问题整改情况
            (一)理论学习方面
            1.理论学习系统性不强的问题
            整改状态:已完成整改
            整改措施:制定理论学习计划。
            (二)为民服务方面
            2.解决群众急难愁盼问题不够及时的问题
            整改状态:正在推进,预计2024年6月完成
            整改措施:建立群众诉求办理台账。
            中共某区教育局党组
            2023年11月30日
            """);
        Assert.Equal("theme-education", doc.Inspection.Kind);
        Assert.Equal("主题教育检视问题", InspectionKind.ThemeEducation.Chinese());
        Assert.Equal(["completed", "in-progress"], doc.AllProblems.Select(p => p.Status));
    }

    [Theory]
    [InlineData("追回资金8.6万元", "追回资金", 86_000)]
    [InlineData("整改金额1.2亿元", "整改金额", 120_000_000)]
    [InlineData("归还原渠道资金3500元", "归还原渠道资金", 3_500)]
    public void Amounts_in_yuan_wan_and_yi_are_read_in_yuan(string said, string words, decimal yuan)
    {
        var doc = Import(Audit.Replace("修订预算编制规程。", "修订预算编制规程," + said + "。"));
        var amount = Assert.Single(doc.AllProblems.First().Amounts!);
        Assert.Equal((words, yuan), (amount.Text, amount.Yuan));
    }
}
