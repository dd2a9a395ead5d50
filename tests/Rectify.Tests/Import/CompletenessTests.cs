using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>A notice says when it is incomplete: cut mid-sentence, fewer problems than its summary, no summary at all.</summary>
public class CompletenessTests
{
    private const string Intro = "根据区委统一部署,2024年3月4日至5月10日,区委第二巡察组对区林业局党组进行了巡察,6月12日反馈了巡察意见。现将整改进展情况予以公布。\n";

    private const string OneProblem = """
        一、反馈问题整改落实情况
        1.关于护林员管理不规范的问题
        整改状态:已完成整改
        整改措施:修订护林员考核办法。
        中共某区林业局党组
        2024年9月30日
        """;

    [Fact]
    public void A_signed_notice_with_fewer_problems_than_its_summary_claims_is_truncated()
    {
        var doc = NoticeParser.Parse(Intro + "巡察反馈问题3个,已完成整改3个。\n" + OneProblem);
        Assert.Contains(doc.Findings, f => f.Code == "truncated" && f.Message.Contains("称问题3个，正文只有1个"));
        Assert.Contains(doc.Findings, f => f.Code == "summary-mismatch");
    }

    [Fact]
    public void A_text_that_stops_mid_sentence_is_truncated_once()
    {
        var doc = NoticeParser.Parse(Intro + "巡察反馈问题3个,已完成整改3个。\n" + """
            一、反馈问题整改落实情况
            1.关于护林员管理不规范的问题
            整改措施:修订护林员考核办法,组织
            """);
        Assert.Single(doc.Findings, f => f.Code == "truncated" && f.Message.Contains("组织"));
    }

    [Fact]
    public void A_notice_without_a_summary_says_so_and_a_whole_one_with_it_does_not()
    {
        var missing = NoticeParser.Parse(Intro + OneProblem);
        Assert.Contains(missing.Findings, f => f.Code == "summary-missing");
        Assert.DoesNotContain(missing.Findings, f => f.Code == "truncated");
        var whole = NoticeParser.Parse(Intro + "巡察反馈问题1个,已完成整改1个。\n" + OneProblem);
        Assert.DoesNotContain(whole.Findings, f => f.Code is "summary-missing" or "truncated" or "summary-mismatch");
    }
}
