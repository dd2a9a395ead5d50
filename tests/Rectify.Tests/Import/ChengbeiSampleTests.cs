using Rectify.Core;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>The whole notice of 城北镇 (2023-09-08) against the hand-made ledger of it.</summary>
public class ChengbeiSampleTests
{
    private static readonly LedgerDocument Doc = Samples.Chengbei;
    private static readonly LedgerDocument Expected = LedgerJson.Read(Samples.Text("chengbei-2023-09-08.expected.json"));

    [Fact]
    public void Categories_problems_and_measures_match_the_hand_made_ledger_exactly()
    {
        Assert.Equal(Expected.Categories.Select(c => (c.Ordinal, c.Title)), Doc.Categories.Select(c => (c.Ordinal, c.Title)));
        var expected = Expected.AllProblems.ToList();
        var actual = Doc.AllProblems.ToList();
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal((e.Ordinal, e.Title, e.Status, e.StatusText, e.ExpectedCompletion), (a.Ordinal, a.Title, a.Status, a.StatusText, a.ExpectedCompletion));
            Assert.Equal(e.Measures, a.Measures);
        }
        Assert.Equal(Expected.Categories.Select(c => c.Problems.Count), Doc.Categories.Select(c => c.Problems.Count));
    }

    [Fact]
    public void Four_categories_named_by_their_aspect()
    {
        Assert.Equal(
            ["党中央各项决策部署在基层的落实情况方面", "群众身边腐败问题和不正之风以及群众反映强烈的问题方面", "基层党组织建设方面", "对巡察、审计等问题整改情况监督的方面"],
            Doc.Categories.Select(c => c.Title));
    }

    [Fact]
    public void Statuses_are_sustained_except_three_phased_problems_with_their_expected_months()
    {
        var phased = new Dictionary<int, string> { [3] = "2023-12", [7] = "2023-12", [14] = "2024-03" };
        foreach (var p in Doc.AllProblems)
        {
            if (phased.TryGetValue(p.Ordinal, out var month))
            {
                Assert.Equal("phased", p.Status);
                Assert.Equal(YearMonth.Parse(month), p.ExpectedCompletion);
            }
            else
            {
                Assert.Equal("completed-sustained", p.Status);
                Assert.Null(p.ExpectedCompletion);
            }
        }
        Assert.Equal("已完成整改,长期坚持", Doc.AllProblems.Single(p => p.Ordinal == 10).StatusText);
    }

    [Fact]
    public void Problem_titles_are_the_words_inside_the_quotes()
    {
        var titles = Doc.AllProblems.ToDictionary(p => p.Ordinal, p => p.Title);
        Assert.Equal(Enumerable.Range(1, 14), titles.Keys);
        Assert.Equal("学习贯彻习近平新时代中国特色社会主义思想不够深入扎实", titles[1]);
        Assert.Equal("对建档立卡贫困户在申请资金补助材料弄虚作假方面审核把关不严", titles[9]);
        Assert.Equal("‘部分往来款长期未清理’问题整改不到位", titles[14]);
    }

    [Fact]
    public void Numbered_measures_lose_their_yi_shi_prefixes_and_a_single_sentence_is_one_measure()
    {
        var p2 = Doc.AllProblems.Single(p => p.Ordinal == 2);
        Assert.Equal(5, p2.Measures.Count);
        Assert.All(p2.Measures, m => Assert.DoesNotMatch("^[一二三四五]是", m));
        Assert.StartsWith("借力暨南大学", p2.Measures[0]);
        Assert.Equal(["按照国家最新政策要求,抓好疫情常态化防控工作。"], Doc.AllProblems.Single(p => p.Ordinal == 5).Measures);
    }

    [Fact]
    public void Framing_section_one_with_its_yi_fang_mian_and_numbered_subsections_holds_no_problems()
    {
        Assert.DoesNotContain(Doc.Categories, c => c.Title.Contains("政治站位") || c.Title.Contains("认真梳理"));
        Assert.DoesNotContain(Doc.AllProblems.SelectMany(p => p.Measures), m => m.Contains("一方面"));
        Assert.Null(Doc.Notes);
    }

    [Fact]
    public void Work_done_next_steps_and_closing_are_kept_verbatim_as_the_narrative()
    {
        Assert.Equal(["opening", "work-done", "problems", "next-steps", "closing"], Doc.Narrative!.Select(p => p.Role));
        var work = Doc.Narrative![1];
        Assert.Equal("二、坚持问题导向,推动巡察整改工作", Doc.Narrative![2].Heading);
        Assert.Empty(Doc.Narrative![2].Paragraphs);
        Assert.Equal("一、强化政治担当,扛起巡察整改责任", work.Heading);
        Assert.StartsWith("(一)提高政治站位,强化责任担当。城北镇党委高度重视", work.Paragraphs[0]);
        Assert.Contains("目前,细化分解的四方面14个问题,已完成整改11个,1个暂不具备整改条件,正在推进2个,正按整改方案的要求,有序推进。", work.Paragraphs);
        var next = Doc.Narrative![3];
        Assert.Equal("三、坚持统筹兼顾,巩固巡察整改成效", next.Heading);
        Assert.StartsWith("(三)运用成效,深化作风转变。", next.Paragraphs[^1]);
        Assert.StartsWith("欢迎广大干部群众对巡察整改落实情况进行监督。", Assert.Single(Doc.Narrative![4].Paragraphs));
    }

    [Fact]
    public void Counts_come_from_the_body()
    {
        var c = Doc.Counts;
        Assert.Equal((4, 14, 11, 0, 3, 0), (c.Categories, c.Problems, c.Completed, c.NotFeasible, c.InProgress, c.NotStated));
    }

    [Fact]
    public void Summary_is_kept_as_stated_and_its_disagreements_with_the_body_are_findings()
    {
        var s = Doc.SummaryClaim!;
        Assert.StartsWith("目前,细化分解的四方面14个问题", s.Text);
        Assert.Equal((4, 14, 11, 1, 2), (s.Categories, s.Problems, s.Completed, s.NotFeasible, s.InProgress));
        var mismatches = Doc.Findings.Where(f => f.Code == "summary-mismatch").ToList();
        Assert.Equal(2, mismatches.Count);
        Assert.Contains(mismatches, f => f.Message.Contains("暂不具备整改条件1个，正文为0个"));
        Assert.Contains(mismatches, f => f.Message.Contains("正在推进2个，正文为3个"));
        Assert.All(mismatches, f => Assert.Equal(Finding.Warning, f.Severity));
    }

    [Fact]
    public void Header_names_the_issuer_date_and_inspection()
    {
        Assert.Equal("中共梅州市梅江区城北镇委员会", Doc.Issuer);
        Assert.Equal(new DateOnly(2023, 9, 8), Doc.Date);
        var i = Doc.Inspection;
        Assert.Equal(("xuncha", "九届区委", "第二轮巡察", "第一组", "城北镇党委"), (i.Kind, i.Body, i.Round, i.Group, i.Target));
        Assert.Equal("2022-08-12", i.OnSite!.From.ToString());
        Assert.Equal("2023-01-上旬", i.OnSite.To.ToString());
    }

    [Fact]
    public void Feedback_date_without_a_year_takes_it_from_the_on_site_period_and_says_so()
    {
        Assert.Equal(new PartialDate(2023, 3, 10), Doc.Inspection.FeedbackDate);
        var f = Assert.Single(Doc.Findings, f => f.Code == "implied-year");
        Assert.Contains("3月10日", f.Message);
        Assert.Equal(Finding.Info, f.Severity);
    }

    [Fact]
    public void Outcomes_count_rules_plans_schemes_and_meetings()
    {
        var o = Doc.Outcomes;
        Assert.Equal((12, 2, 2, 5), (o.Policies, o.WorkPlans, o.Schemes, o.Meetings));
        Assert.Null(o.Accountability);
        Assert.Null(o.FundsRecoveredYuan);
    }

    [Fact]
    public void Contacts_are_read_from_the_closing()
    {
        var c = Doc.Contacts!;
        Assert.Equal(("0753-2351954", "梅州市梅江区城北镇人民政府", "514089", "mjqcbz@163.com"), (c.Phone, c.Mailbox, c.Postcode, c.Email));
    }

    [Fact]
    public void A_whole_notice_is_not_called_truncated_and_has_no_other_findings()
    {
        Assert.Equal(["implied-year", "summary-mismatch", "summary-mismatch"], Doc.Findings.Select(f => f.Code).Order());
    }

    [Fact]
    public void The_parse_round_trips_through_the_interchange_json()
    {
        var json = LedgerJson.Write(Doc);
        var back = LedgerJson.Read(json);
        Assert.Equal(14, back.AllProblems.Count());
        Assert.Contains("\"feedbackDate\": \"2023-03-10\"", json);
        Assert.Contains("\"to\": \"2023-01-上旬\"", json);
    }
}
