using Rectify.Core;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>Two notices copied from government web pages: metadata noise, half-width punctuation, cut short.</summary>
public class WebCopySampleTests
{
    private static readonly LedgerDocument Wucheng = Samples.Wucheng;
    private static readonly LedgerDocument Jiangxia = Samples.Jiangxia;

    [Fact]
    public void Wucheng_header_is_read_through_the_metadata_block()
    {
        Assert.Equal("中共金华市婺城区文化和旅游体育局党组关于巡察整改情况的通报", Wucheng.Title);
        Assert.Equal("中共金华市婺城区文化和旅游体育局党组", Wucheng.Issuer);
        Assert.Equal(new DateOnly(2023, 5, 4), Wucheng.Date);
        var i = Wucheng.Inspection;
        Assert.Equal(("第二巡察组", "区文旅体局党组"), (i.Group, i.Target));
        Assert.Equal((new PartialDate(2022, 9, 16), new PartialDate(2022, 10, 18)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2023, 1, 17), i.FeedbackDate);
    }

    [Fact]
    public void Wucheng_metadata_and_share_buttons_stay_out_of_the_body()
    {
        Assert.Null(Wucheng.Notes);
        var all = LedgerJson.Write(Wucheng);
        Assert.DoesNotContain("索引号", all);
        Assert.DoesNotContain("朗读", all);
    }

    [Fact]
    public void Wucheng_summary_gives_problems_split_and_rate()
    {
        var s = Wucheng.SummaryClaim!;
        Assert.Equal((25, 19, 6, 76m), (s.Problems, s.Completed, s.InProgress, s.CompletionRate));
        Assert.Null(s.Categories);
        Assert.Null(s.NotFeasible);
    }

    [Fact]
    public void Wucheng_accountability_and_funds_are_outcomes()
    {
        var o = Wucheng.Outcomes;
        Assert.Equal(new Dictionary<string, int>
        {
            ["administrativeSanction"] = 0, ["organizationalHandling"] = 0, ["admonishment"] = 0, ["referredToCommission"] = 1,
            ["criticismHelp"] = 5, ["orderedSelfExamination"] = 1, ["criticismEducation"] = 6, ["reminderTalk"] = 0,
        }, o.Accountability);
        Assert.Equal(71320m, o.FundsRecoveredYuan);
        Assert.Equal(12, o.Policies);
    }

    [Fact]
    public void Wucheng_three_levels_give_category_problem_and_item()
    {
        var c = Assert.Single(Wucheng.Categories);
        Assert.Equal("在“贯彻落实上级决策部署不够有力,党组领导核心作用发挥不足”方面", c.Title);
        var p = Assert.Single(c.Problems);
        Assert.Equal("学习贯彻习近平新时代中国特色社会主义思想和上级重大决策部署不够到位", p.Title);
        Assert.StartsWith("关于“学思践悟", Assert.Single(p.Items!));
        Assert.Equal("not-stated", p.Status);
    }

    [Fact]
    public void Wucheng_is_reported_cut_short_and_short_of_problems()
    {
        Assert.Contains(Wucheng.Findings, f => f.Code == "truncated" && f.Message.Contains("结合婺城公共文化实际"));
        Assert.Contains(Wucheng.Findings, f => f.Code == "summary-mismatch" && f.Message.Contains("问题25个，正文为1个"));
        // With no status stated in the body, the completed/in-progress split cannot be checked.
        Assert.Single(Wucheng.Findings, f => f.Code == "summary-mismatch");
    }

    [Fact]
    public void Jiangxia_header_round_from_title_and_dates_from_the_intro()
    {
        Assert.Equal("中共武汉市江夏国有资产经营管理集团有限公司党委关于六届区委第八轮巡察整改进展情况的通报", Jiangxia.Title);
        Assert.Equal("中共武汉市江夏国有资产经营管理集团有限公司党委", Jiangxia.Issuer);
        Assert.Equal(new DateOnly(2026, 1, 4), Jiangxia.Date);
        var i = Jiangxia.Inspection;
        Assert.Equal(("六届区委", "第八轮巡察", "第二巡察组", "区国资集团党委"), (i.Body, i.Round, i.Group, i.Target));
        Assert.Equal((new PartialDate(2024, 11, 11), new PartialDate(2025, 1, 3)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2025, 2, 25), i.FeedbackDate);
        Assert.Null(Jiangxia.SummaryClaim);
    }

    [Fact]
    public void Jiangxia_guan_yu_de_wen_ti_problems_with_zheng_gai_qing_kuang_measures()
    {
        var c = Assert.Single(Jiangxia.Categories);
        Assert.EndsWith("工作要求情况方面", c.Title);
        Assert.Equal(["学习贯彻落实有偏差", "议事决策不规范", "国有资产保值增值有不足", "重大项目综合效益发挥不充分"], c.Problems.Select(p => p.Title));
        Assert.Single(c.Problems[0].Measures);
        Assert.Equal(2, c.Problems[1].Measures.Count);
        Assert.StartsWith("加强议事决策制度建设", c.Problems[1].Measures[0]);
        Assert.Equal(3, c.Problems[2].Measures.Count);
        Assert.Equal("文创产业园项目启动青", c.Problems[3].Measures[^1]);
    }

    [Fact]
    public void Jiangxia_without_status_words_says_status_not_stated_once_and_is_cut_short()
    {
        Assert.All(Jiangxia.AllProblems, p => Assert.Equal("not-stated", p.Status));
        Assert.Equal(4, Jiangxia.Counts.NotStated);
        Assert.Single(Jiangxia.Findings, f => f.Code == "status-not-stated");
        Assert.Single(Jiangxia.Findings, f => f.Code == "truncated");
    }
}
