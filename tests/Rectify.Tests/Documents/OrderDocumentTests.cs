using Rectify.Core.Documents;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;

namespace Rectify.Tests.Documents;

/// <summary>责令限期整改通知 composed from the record alone: what the record says, nothing left to fill, no empty clause.</summary>
public class OrderDocumentTests
{
    static readonly DateOnly May20 = new(2026, 5, 20);

    [Fact]
    public void The_notice_says_what_the_order_records_in_full_width_marks()
    {
        var c = OrderDocument.Compose(new OrderFacts("和平村", May20, new DateOnly(2026, 6, 30), "村务公开不及时,群众意见较大",
            [new OrderedProblem(3, "集体资产台账不清。"), new OrderedProblem(7, "撂荒地复耕推进缓慢")], "村委会", "李主任", "中共梅江区纪律检查委员会"));
        var text = NoticeTextWriter.Write(c);
        Assert.Equal("关于责令和平村限期整改的通知", c.Title);
        Assert.Contains("村务公开不及时，群众意见较大。", text);
        Assert.Contains("1．巡察反馈问题第3项“集体资产台账不清”整改不到位。", text);
        Assert.Contains("2．巡察反馈问题第7项“撂荒地复耕推进缓慢”整改不到位。", text);
        Assert.Contains("现责令你单位于2026年6月30日前整改到位，村委会、李主任切实履行整改责任，并将整改情况书面报告中共梅江区纪律检查委员会。", text);
        Assert.EndsWith("中共梅江区纪律检查委员会\n2026年5月20日\n", text);
        Assert.Empty(OfficialDocument.Of(c).Missing());
    }

    [Fact]
    public void An_order_with_only_a_deadline_has_no_empty_clause()
    {
        var c = OrderDocument.Compose(new OrderFacts("城北镇", May20, new DateOnly(2026, 6, 30), null, [], null, null, "区委巡察办"));
        var text = NoticeTextWriter.Write(c);
        Assert.DoesNotContain("第项", text);
        Assert.DoesNotContain("，，", text);
        Assert.DoesNotContain("、，", text);
        Assert.Contains("现责令你单位于2026年6月30日前整改到位，并将整改情况书面报告区委巡察办。", text);
    }

    [Fact]
    public void Addressed_down_it_needs_its_number_and_the_unit_ordered()
    {
        var c = OrderDocument.Compose(new OrderFacts("城北镇", May20, May20.AddDays(30), null, [], null, null, "区委巡察办"));
        var bare = OfficialDocument.Frame(c, null, OrderDocument.Name, upward: false, addressed: true);
        Assert.Equal(["发文字号（本单位的机关代字未设置）", "主送机关"], bare.Missing());
        var complete = OfficialDocument.Frame(c, new Rectify.Core.Domain.DocumentSettings { AgencyCode = "梅江纪" }, OrderDocument.Name, upward: false, serial: 2, addressed: true)
            with { MainRecipient = "中共城北镇委员会" };
        Assert.Empty(complete.Missing());
        Assert.Equal("梅江纪〔2026〕2号", complete.DocumentNumber);
        var refusal = Assert.Throws<Rectify.Core.Domain.DomainException>(() => bare.EnsureComplete(OrderDocument.Name, "印发"));
        Assert.Equal("责令限期整改通知还有未填写的要素，不能印发：发文字号（本单位的机关代字未设置）；主送机关", refusal.Message);
    }
}
