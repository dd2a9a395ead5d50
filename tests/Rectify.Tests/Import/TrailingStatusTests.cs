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

    // ---- A status that closes the problem's own paragraph, or a rectification paragraph not split into measures

    [Theory]
    [InlineData("目前已整改完成。", "completed")]
    [InlineData("该问题已完成整改。", "completed")]
    [InlineData("此问题正在整改中。", "in-progress")]
    [InlineData("正在整改中。", "in-progress")]
    [InlineData("该问题已完成。", "completed")]
    public void A_status_sentence_closing_a_rectification_paragraph_is_the_status(string sentence, string status)
    {
        var p = Only("1.村级财务管理不规范。\n整改情况：局党组督促各村清理账目，落实村账镇管制度。" + sentence + "\n");
        Assert.Equal((status, ChineseText.TrimEnd(sentence)), (p.Status, p.StatusText));
        Assert.Equal(["局党组督促各村清理账目，落实村账镇管制度。"], p.Measures);
    }

    [Fact]
    public void A_status_sentence_closing_the_problem_s_own_line_is_the_status()
    {
        var p = Only("1.村级财务管理不规范。局党组督促各村清理账目，落实村账镇管制度。该问题已完成整改。\n");
        Assert.Equal(("completed", "该问题已完成整改"), (p.Status, p.StatusText));
        Assert.Equal("村级财务管理不规范", p.Title);
        Assert.Equal(["局党组督促各村清理账目，落实村账镇管制度。"], p.Measures);
    }

    [Fact]
    public void A_status_sentence_closing_the_problem_s_description_before_its_labelled_measures_is_the_status()
    {
        var doc = NoticeParser.Parse(Intro + "1.村级财务管理不规范。\n部分村存在白条入账、坐收坐支等情况。目前已整改完成。\n整改措施：清理村级账目。\n"
            + "2.党员教育管理偏松。\n部分支部主题党日流于形式。\n整改状态：正在推进\n整改措施：规范主题党日。\n");
        var p = doc.AllProblems.ToList();
        Assert.Equal(("completed", "目前已整改完成"), (p[0].Status, p[0].StatusText));
        Assert.Equal("部分村存在白条入账、坐收坐支等情况。", p[0].Detail);
        Assert.Equal(["清理村级账目。"], p[0].Measures);
        Assert.Equal(("in-progress", "部分支部主题党日流于形式。"), (p[1].Status, p[1].Detail));
    }

    [Theory]
    [InlineData("已完成排查工作。")]
    [InlineData("该问题已整改到位，目前运行良好。")]
    [InlineData("已完成3个村的账目清理。")]
    [InlineData("正在推进村账镇管系统建设和人员培训等多项工作。")]
    public void A_closing_sentence_that_tells_work_done_stays_a_measure(string sentence)
    {
        var p = Only("1.村级财务管理不规范。\n整改情况：局党组督促各村全面清理历年村级账目。" + sentence + "\n");
        Assert.Equal("not-stated", p.Status);
        Assert.Equal(["局党组督促各村全面清理历年村级账目。" + sentence], p.Measures);
    }
}
