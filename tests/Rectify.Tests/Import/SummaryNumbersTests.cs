using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>The figures of a notice's summary: units, ordinals, stated buckets kept apart, rates checked.</summary>
public class SummaryNumbersTests
{
    private const string Intro = "根据区委统一部署,2024年3月4日至5月10日,区委第二巡察组对区医保局党组进行了巡察,6月12日反馈了巡察意见。现将整改进展情况予以公布。\n";

    private const string TwoProblems = """
        一、反馈问题整改落实情况
        1.关于基金监管不严的问题
        整改状态:已完成整改
        整改措施:开展专项检查。
        2.关于内控制度不健全的问题
        整改状态:正在推进
        整改措施:修订内控制度。
        """;

    private static LedgerDocument Parse(string text) => NoticeParser.Parse(text);

    [Fact]
    public void Counts_in_lei_and_xiang_are_read_and_each_stated_bucket_is_kept()
    {
        var s = Parse(Intro + "巡察反馈问题3类21项,已完成整改15项,基本完成4项,正在推进2项,整改完成率71.4%。\n").SummaryClaim!;
        Assert.Equal((3, 21, 15, 6, 71.4m), (s.Categories, s.Problems, s.Completed, s.InProgress, s.CompletionRate));
        Assert.Equal([("已完成整改", 15, "completed"), ("基本完成", 4, "phased"), ("正在推进", 2, "in-progress")],
            s.Buckets!.Select(b => (b.Text, b.Count, b.Status)));
    }

    [Theory]
    [InlineData("已完成", "completed")]
    [InlineData("长期坚持", "completed-sustained")]
    [InlineData("基本完成", "phased")]
    [InlineData("取得阶段性成效", "phased")]
    [InlineData("正在推进", "in-progress")]
    [InlineData("未完成", "in-progress")]
    [InlineData("暂不具备整改条件", "not-feasible")]
    public void A_stated_bucket_maps_to_its_status_by_the_one_table(string words, string status)
    {
        var s = Parse(Intro + $"巡察反馈问题10个,{words}10个。\n").SummaryClaim!;
        Assert.Equal(status, Assert.Single(s.Buckets!).Status);
    }

    [Fact]
    public void A_qi_zhong_part_is_kept_but_not_counted_twice()
    {
        var s = Parse(Intro + "巡察反馈问题12个,已完成整改10个,其中长期坚持3个,正在推进2个。\n").SummaryClaim!;
        Assert.Equal((10, 2), (s.Completed, s.InProgress));
        Assert.Contains(s.Buckets!, b => b is { Text: "长期坚持", Count: 3, Within: true });
    }

    [Fact]
    public void Ordinals_are_never_counts_in_the_summary_or_the_outcomes()
    {
        var doc = Parse(Intro + "局党组召开第3次党组会议专题研究,共召开整改推进会2次。巡察反馈的第二批问题中第4个问题已完成整改。\n" + TwoProblems);
        Assert.Null(doc.SummaryClaim);
        Assert.Equal(2, doc.Outcomes.Meetings);

        // 第N轮, 第N届, 第N号 name a round, a term, a document: no count, even right before a counted word.
        var named = Parse(Intro + "按照第十二届区委第3轮巡察反馈的第5号整改通知,局党组在第2届党组第4次会议上研究部署,第6号问题清单中第2项问题已完成整改。\n" + TwoProblems);
        Assert.Null(named.SummaryClaim);
        Assert.Null(named.Outcomes.Meetings);

        // Among them, the counts the sentence states are read as stated.
        var s = Parse(Intro + "第十二届区委第3轮巡察反馈问题2个,按照第5号整改通知和第2届党组第4次会议部署,已完成整改1个,正在推进1个。\n" + TwoProblems).SummaryClaim!;
        Assert.Equal((2, 1, 1), (s.Problems, s.Completed, s.InProgress));
        Assert.Null(s.Counts);
    }

    [Fact]
    public void A_list_or_range_of_ordinals_under_one_di_is_no_count()
    {
        var doc = Parse(Intro + "局党组召开第2、3次党组会议专题研究,巡察反馈的第3、4个问题和第5至7项问题已完成整改。\n" + TwoProblems);
        Assert.Null(doc.SummaryClaim);
        Assert.Null(doc.Outcomes.Meetings);
        // A count after a listed ordinal is still read: "第一、二批问题共12个".
        Assert.Equal(12, Parse(Intro + "巡察反馈的第一、二批问题共12个,已完成整改12个。\n").SummaryClaim!.Problems);
    }

    [Fact]
    public void A_rate_that_disagrees_with_the_counts_is_a_finding()
    {
        var doc = Parse(Intro + "巡察反馈问题20个,已完成整改15个,正在推进5个,整改完成率80%。\n");
        Assert.Contains(doc.Findings, f => f.Code == "rate-mismatch" && f.Message.Contains("应为75"));
        var agreeing = Parse(Intro + "巡察反馈问题2个,已完成整改1个,正在推进1个,整改率50%。\n" + TwoProblems);
        Assert.DoesNotContain(agreeing.Findings, f => f.Code is "rate-mismatch" or "summary-mismatch");
    }

    [Fact]
    public void Two_stated_buckets_in_one_group_are_named_in_a_mismatch()
    {
        var doc = Parse(Intro + "巡察反馈问题2个,基本完成1个,正在推进1个。\n" + TwoProblems);
        Assert.Contains(doc.Findings, f => f.Code == "summary-mismatch" && f.Message.Contains("正在推进2个（基本完成1个、正在推进1个），正文为1个"));
    }

    [Fact]
    public void Opinions_counted_in_tiao_give_the_claim_its_buckets_and_rate()
    {
        var s = Parse(Intro + "对照反馈的2个方面3条意见，局党组逐条细化整改措施12项。截至10月31日，已整改到位2条，剩余1条正在持续推进，整改完成率66.7%。\n").SummaryClaim!;
        Assert.Equal((2, 3, 2, 1, 66.7m), (s.Categories, s.Problems, s.Completed, s.InProgress, s.CompletionRate));
        Assert.Equal([("已整改到位", 2, "completed"), ("剩余正在持续推进", 1, "in-progress")], s.Buckets!.Select(b => (b.Text, b.Count, b.Status)));
    }

    [Theory]
    [InlineData("巡察反馈意见共8条，已完成整改6条，正在推进2条。", 8, 6, 2)]
    [InlineData("区委巡察组交办整改事项15项，已完成12项，正在推进3项。", 15, 12, 3)]
    [InlineData("对照反馈问题，梳理形成整改任务10项，已完成9项，正在推进1项。", 10, 9, 1)]
    [InlineData("巡察反馈的9个问题已完成整改7个，正在推进2个。", 9, 7, 2)]
    public void Each_counted_noun_of_the_inspection_gives_the_claim(string sentence, int problems, int completed, int inProgress)
    {
        var s = Parse(Intro + sentence + "\n").SummaryClaim!;
        Assert.Equal((problems, completed, inProgress), (s.Problems, s.Completed, s.InProgress));
    }

    [Fact]
    public void Opinions_gathered_from_the_public_are_no_claim()
    {
        var doc = Parse(Intro + "召开座谈会3次，收集群众意见建议26条。\n" + TwoProblems);
        Assert.Null(doc.SummaryClaim);
        Assert.Contains(doc.Findings, f => f.Code == "summary-missing");
    }

    [Fact]
    public void A_claim_in_opinions_that_the_body_contradicts_is_a_mismatch()
    {
        var doc = Parse(Intro + "巡察反馈的2条意见，已整改到位2条，整改完成率100%。\n" + TwoProblems);
        Assert.Contains(doc.Findings, f => f.Code == "summary-mismatch" && f.Message.Contains("已完成2个") && f.Message.Contains("正文为1个"));
    }
}
