using Rectify.Core;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>A problem's status stated at the end of its text ("…。目前，该问题已整改到位。"): read as the status, not kept as a measure.</summary>
public class TrailingStatusTests
{
    private const string Intro = "根据县委统一部署，2024年4月8日至5月31日，县委第二巡察组对县农业农村局党组开展了巡察，7月10日反馈了巡察意见。\n一、反馈问题整改落实情况\n";

    private static ProblemItem Only(string problem) => Assert.Single(NoticeParser.Parse(Intro + problem).AllProblems);

    [Fact]
    public void A_last_sentence_stating_the_status_is_the_status_and_no_measure()
    {
        var p = Only("1.高标准农田建设管护不到位。\n针对此问题，局党组制定管护办法，开展专项检查2次，修复设施15处。目前，该问题已整改到位。\n");
        Assert.Equal(("completed", "目前，该问题已整改到位"), (p.Status, p.StatusText));
        Assert.Equal(["针对此问题，局党组制定管护办法，开展专项检查2次，修复设施15处。"], p.Measures);
    }

    [Fact]
    public void A_last_paragraph_stating_the_status_gives_the_status_and_its_expected_month()
    {
        var p = Only("1.农村集体资产管理不规范。\n一是开展集体资产清查；二是修订资产管理制度。\n目前正在推进，预计2024年12月底前完成。\n");
        Assert.Equal(("in-progress", new YearMonth(2024, 12)), (p.Status, p.ExpectedCompletion));
        Assert.Equal(["开展集体资产清查；", "修订资产管理制度。"], p.Measures);
    }

    [Theory]
    [InlineData("截至目前，已完成整改。", "completed")]
    [InlineData("现已基本完成整改。", "phased")]
    [InlineData("经整改，该问题已销号。", "completed")]
    [InlineData("目前，整改工作取得阶段性成效。", "phased")]
    public void The_ways_a_notice_states_where_a_problem_stands(string sentence, string status)
    {
        var p = Only("1.项目资金拨付滞后。\n局党组督促项目单位加快进度，建立资金拨付台账。" + sentence + "\n");
        Assert.Equal(status, p.Status);
        Assert.Equal(["局党组督促项目单位加快进度，建立资金拨付台账。"], p.Measures);
    }

    [Theory]
    [InlineData("目前已完成3个村的改造。")]
    [InlineData("下一步将持续推进。")]
    [InlineData("该问题已整改到位，目前运行良好。")]
    public void A_last_sentence_that_counts_work_or_does_not_report_where_things_stand_stays_a_measure(string sentence)
    {
        var p = Only("1.村庄规划编制滞后。\n局党组督促各镇加快编制进度。" + sentence + "\n");
        Assert.Equal("not-stated", p.Status);
        Assert.Equal(["局党组督促各镇加快编制进度。" + sentence], p.Measures);
    }

    [Fact]
    public void A_status_given_last_counts_against_the_summary()
    {
        var doc = NoticeParser.Parse(Intro.Replace("一、", "反馈问题2个，已整改到位1个，正在推进1个。\n一、") +
            "1.甲问题。\n修订制度。目前，该问题已整改到位。\n2.乙问题。\n开展检查。目前正在推进。\n");
        Assert.Equal((1, 1), (doc.Counts.Completed, doc.Counts.InProgress));
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "status-not-stated");
    }
}
