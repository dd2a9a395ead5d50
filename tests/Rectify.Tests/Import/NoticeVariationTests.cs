using Rectify.Core;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>The ways real notices vary (DOMAIN.md "How real notices vary"), each on a short notice of its own.</summary>
public class NoticeVariationTests
{
    private const string Intro = "根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对区水务局党组进行了巡察,5月20日反馈了巡察意见。现将整改情况予以公布。\n";

    private static LedgerDocument Parse(string text) => NoticeParser.Parse(text);

    [Fact]
    public void Paren_chinese_is_the_problem_level_when_yi_comma_headings_hold_the_aspects()
    {
        var doc = Parse(Intro + """
            一、在贯彻落实党中央决策部署方面
            (一)关于学习贯彻不深入的问题。
            整改情况:组织专题学习3次。
            整改状态:已完成
            (二)关于落实意识形态责任制不到位的问题。
            整改情况:一是制定责任清单。二是开展专项检查。
            整改状态:正在推进,预计2024年6月完成
            二、在全面从严治党方面
            (三)关于财务管理不规范的问题。
            整改情况:修订财务制度。
            整改状态:暂不具备整改条件
            中共某区水务局党组
            2023年10月8日
            """);
        Assert.Equal(["在贯彻落实党中央决策部署方面", "在全面从严治党方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习贯彻不深入", "落实意识形态责任制不到位", "财务管理不规范"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["completed", "in-progress", "not-feasible"], doc.AllProblems.Select(p => p.Status));
        Assert.Equal(new YearMonth(2024, 6), doc.AllProblems.ElementAt(1).ExpectedCompletion);
        Assert.Equal(["制定责任清单。", "开展专项检查。"], doc.AllProblems.ElementAt(1).Measures);
        Assert.Equal("中共某区水务局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2023, 10, 8), doc.Date);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void Paren_chinese_is_the_category_level_when_arabic_problems_sit_under_it()
    {
        var doc = Parse(Intro + """
            (一)党的建设方面
            1.关于“三会一课”不规范问题的整改
            整改措施:制定年度计划。
            整改状态:已完成整改
            (二)作风建设方面
            2.关于“文山会海”问题的整改
            整改措施:精简会议。
            整改状态:已完成整改
            """);
        Assert.Equal(["党的建设方面", "作风建设方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["“三会一课”不规范", "文山会海"], doc.AllProblems.Select(p => p.Title));
    }

    [Fact]
    public void Yi_comma_guan_yu_quoted_categories_and_a_notice_without_labels()
    {
        var doc = Parse(Intro + """
            一、关于“党的领导弱化”
            1.关于学习不深入的问题。
            一是加强学习。二是开展研讨。
            2.关于决策不民主的问题。
            修订议事规则。
            二、关于“全面从严治党不力”
            3.关于监督缺位的问题。
            建立监督清单。
            """);
        Assert.Equal(["党的领导弱化", "全面从严治党不力"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习不深入", "决策不民主", "监督缺位"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["加强学习。", "开展研讨。"], doc.AllProblems.First().Measures);
        Assert.All(doc.AllProblems, p => Assert.Equal("not-stated", p.Status));
        Assert.Contains(doc.Findings, f => f.Code == "status-not-stated");
    }

    [Fact]
    public void Fan_kui_wen_ti_categories_are_named_after_the_colon()
    {
        var doc = Parse(Intro + """
            (一)反馈问题:党建工作薄弱
            1.支部活动不规范。
            整改措施:制定活动计划。
            2.党员教育不经常。
            整改措施:开展党员轮训。
            (二)反馈问题:内控制度不健全
            3.采购程序不规范。
            整改措施:修订采购办法。
            """);
        Assert.Equal(["党建工作薄弱", "内控制度不健全"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["支部活动不规范", "党员教育不经常", "采购程序不规范"], doc.AllProblems.Select(p => p.Title));
    }

    [Fact]
    public void Fourth_level_paren_arabic_items_are_specific_manifestations_of_the_problem()
    {
        var doc = Parse(Intro + """
            一、总体情况
            局党组高度重视巡察整改。
            二、问题整改情况
            (一)政治建设方面
            1.关于理论学习不扎实的问题
            (1)中心组学习次数不足。
            (2)研讨发言质量不高。
            整改措施:制定年度学习计划。
            整改状态:已完成
            2.关于议事规则执行不严的问题
            (1)个别重大事项未经集体研究。
            整改措施:修订议事规则。
            整改状态:已完成
            """);
        var c = Assert.Single(doc.Categories);
        Assert.Equal("政治建设方面", c.Title);
        Assert.Equal(["理论学习不扎实", "议事规则执行不严"], c.Problems.Select(p => p.Title));
        Assert.Equal(["中心组学习次数不足。", "研讨发言质量不高。"], c.Problems[0].Items);
        Assert.Equal(["制定年度学习计划。"], c.Problems[0].Measures);
    }

    [Fact]
    public void Measures_label_variants_and_a_label_on_its_own_line()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于制度不健全的问题
            整改落实情况:
            建立健全制度5项。
            2.关于台账不规范的问题
            整改措施:规范台账。
            3.关于宣传不到位的问题
            整改过程:加强宣传。
            """);
        Assert.Equal([["建立健全制度5项。"], ["规范台账。"], ["加强宣传。"]], doc.AllProblems.Select(p => p.Measures));
    }

    [Fact]
    public void Yi_shi_er_shi_in_a_framing_section_are_not_measures()
    {
        var doc = Parse(Intro + """
            一、提高站位,压实责任
            局党组一是成立领导小组。二是制定整改方案。三是建立工作台账。
            二、问题整改情况
            (一)组织建设方面
            1.关于发展党员不规范的问题
            整改情况:严格发展程序。
            整改状态:已完成整改
            """);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(["严格发展程序。"], p.Measures);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void A_paragraph_inside_a_category_but_outside_its_problems_is_kept_as_a_note()
    {
        var doc = Parse(Intro + """
            一、问题整改情况
            (一)组织建设方面
            针对组织建设方面的问题,局党组专题研究部署。
            1.关于发展党员不规范的问题
            整改情况:严格发展程序。
            整改状态:已完成整改
            """);
        Assert.Equal(["针对组织建设方面的问题,局党组专题研究部署。"], doc.Notes);
        Assert.Contains(doc.Findings, f => f.Code == "unplaced" && f.Message.Contains("专题研究部署"));
    }

    [Fact]
    public void Numbers_near_wen_ti_that_are_not_problem_counts_are_passed_over()
    {
        var doc = Parse(Intro + """
            局党组聚焦四个方面,明确8项重点整改事项。区纪委督查发现问题3个,已全部整改。确保问题一个不漏整改到位。截至目前,巡察反馈的12个问题已完成整改10个,正在整改2个。
            一、党建方面
            1.关于制度不健全的问题
            整改情况:建立制度。
            """);
        var s = doc.SummaryClaim!;
        Assert.StartsWith("截至目前", s.Text);
        Assert.Equal((null, 12, 10, 2), (s.Categories, s.Problems, s.Completed, s.InProgress));
    }

    [Theory]
    [InlineData("反馈的六个方面47个问题,已完成整改40个,基本完成4个,未完成3个。", 6, 47, 40, 7, null)]
    [InlineData("共梳理问题697个,完成688个,基本完成4个,未完成5个。", null, 697, 688, 9, null)]
    [InlineData("巡察反馈的十四个问题已全部整改完成。", null, 14, 14, null, null)]
    [InlineData("区委巡察组共反馈问题3个方面15个,已完成整改12个,正在整改3个。", 3, 15, 12, 3, null)]
    [InlineData("巡察反馈的4个方面26个具体问题中,已整改到位23个,正在整改3个。", 4, 26, 23, 3, null)]
    [InlineData("3个方面共25个问题中,已完成整改20个,5个暂不具备整改条件,整改完成率80%。", 3, 25, 20, null, 5)]
    public void Summary_sentences_in_chinese_or_arabic_numerals_and_three_way_splits(string sentence, int? categories, int problems, int completed, int? inProgress, int? notFeasible)
    {
        var s = SummaryReader.ReadClaim([sentence])!;
        Assert.Equal((categories, problems, completed, inProgress, notFeasible), (s.Categories, s.Problems, s.Completed, s.InProgress, s.NotFeasible));
    }

    [Fact]
    public void Completion_rate_is_read_as_written()
    {
        Assert.Equal(76m, SummaryReader.ReadClaim(["巡察反馈25个问题,已完成整改19个、正在整改6个,整改完成率76%。"])!.CompletionRate);
    }

    [Fact]
    public void Summary_mismatch_gives_one_finding_per_differing_bucket()
    {
        var doc = Parse(Intro + """
            截至目前,反馈的2个方面3个问题,已完成整改3个。
            一、党建方面
            1.关于甲的问题
            整改状态:已完成
            2.关于乙的问题
            整改状态:正在推进
            """);
        var codes = doc.Findings.Where(f => f.Code == "summary-mismatch").Select(f => f.Message).ToList();
        Assert.Equal(3, codes.Count);
        Assert.Contains(codes, m => m.Contains("方面2个，正文为1个"));
        Assert.Contains(codes, m => m.Contains("问题3个，正文为2个"));
        Assert.Contains(codes, m => m.Contains("已完成3个，正文为1个"));
    }

    [Fact]
    public void Dates_with_lost_characters_are_repaired_when_only_one_reading_exists()
    {
        var doc = Parse("""
            2024717日至830日,市委第一巡察组对市档案局党组进行了巡察,2024年9月10日反馈了巡察意见。
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            """);
        Assert.Equal(new PartialDate(2024, 7, 17), doc.Inspection.OnSite!.From);
        Assert.Equal(new PartialDate(2024, 8, 30), doc.Inspection.OnSite.To);
        Assert.Equal(2, doc.Findings.Count(f => f.Code == "repaired-date"));
        Assert.Equal(new PartialDate(2024, 9, 10), doc.Inspection.FeedbackDate);
    }

    [Theory]
    [InlineData("717", 7, 17)]
    [InlineData("830", 8, 30)]
    [InlineData("1130", 11, 30)]
    public void Lost_month_and_day_split_only_one_way(string digits, int month, int day) =>
        Assert.Equal((month, day), NoticeDates.SplitMonthDay(2024, digits));

    [Theory]
    [InlineData("112")]   // 1月12日 or 11月2日
    [InlineData("1332")]
    public void Ambiguous_or_impossible_digits_are_not_repaired(string digits) =>
        Assert.Null(NoticeDates.SplitMonthDay(2024, digits));

    [Fact]
    public void An_implied_year_rolls_over_after_a_period_ending_in_december()
    {
        var doc = Parse("""
            2023年11月1日至12月15日,县委第二巡察组对城关镇党委进行了巡察,1月10日反馈了巡察意见。
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            """);
        Assert.Equal(new PartialDate(2023, 12, 15), doc.Inspection.OnSite!.To);
        Assert.Equal(new PartialDate(2024, 1, 10), doc.Inspection.FeedbackDate);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message.Contains("1月10日"));
    }

    [Fact]
    public void A_skipped_number_is_a_numbering_gap()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            2.关于乙的问题
            整改情况:已整改。
            4.关于丁的问题
            整改情况:已整改。
            """);
        var f = Assert.Single(doc.Findings, f => f.Code == "numbering-gap");
        Assert.Contains("4.关于丁的问题", f.Message);
        Assert.Equal([1, 2, 4], doc.AllProblems.Select(p => p.Ordinal));
    }

    [Fact]
    public void A_number_used_twice_is_a_numbering_repeat_and_problems_are_renumbered()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            2.关于乙的问题
            整改情况:已整改。
            2.关于丙的问题
            整改情况:已整改。
            """);
        Assert.Single(doc.Findings, f => f.Code == "numbering-repeat");
        Assert.Equal([1, 2, 3], doc.AllProblems.Select(p => p.Ordinal));
        LedgerJson.Validate(doc);
    }

    [Fact]
    public void Problems_numbered_per_category_restart_without_a_warning()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            二、作风方面
            1.关于乙的问题
            整改情况:已整改。
            """);
        Assert.DoesNotContain(doc.Findings, f => f.Code.StartsWith("numbering-") && f.Severity == Finding.Warning);
        Assert.Equal([1, 2], doc.AllProblems.Select(p => p.Ordinal));
    }

    [Fact]
    public void Traditional_characters_are_matched_but_kept_in_the_output()
    {
        var doc = Parse("""
            中共某鎮委員會關於巡察整改進展情況的通報
            根據區委統一部署,2023年3月1日至4月30日,區委第一巡察組對某鎮黨委進行了巡察,並於5月10日反饋了巡察意見。
            一、黨的建設方面
            1.對“組織生活不規範”的整改進展情況
            整改狀態:已完成整改並長期堅持
            整改過程:一是建立臺賬。二是加強督導。
            2.對“財務管理不嚴”的整改進展情況
            整改狀態:已取得階段性成效,預計2023年12月完成
            整改過程:修訂財務制度。
            """);
        Assert.Equal("中共某鎮委員會關於巡察整改進展情況的通報", doc.Title);
        Assert.Equal("中共某鎮委員會", doc.Issuer);
        Assert.Equal("黨的建設方面", doc.Categories.Single().Title);
        Assert.Equal(["組織生活不規範", "財務管理不嚴"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["completed-sustained", "phased"], doc.AllProblems.Select(p => p.Status));
        Assert.Equal(new YearMonth(2023, 12), doc.AllProblems.Last().ExpectedCompletion);
        Assert.Equal(["建立臺賬。", "加強督導。"], doc.AllProblems.First().Measures);
        Assert.Equal(("第一巡察組", "某鎮黨委"), (doc.Inspection.Group, doc.Inspection.Target));
        Assert.Equal(new PartialDate(2023, 5, 10), doc.Inspection.FeedbackDate);
    }

    [Fact]
    public void Full_width_punctuation_is_read_like_half_width()
    {
        var doc = Parse("""
            根据区委统一部署，2023年3月1日至4月30日，区委第一巡察组对某局党组进行了巡察。
            一、党建方面
            （一）关于甲的问题。
            整改状态：已完成整改
            整改措施：一是建章立制。二是加强督查。
            """);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(("甲", "completed"), (p.Title, p.Status));
        Assert.Equal(["建章立制。", "加强督查。"], p.Measures);
    }

    [Fact]
    public void Title_split_over_two_lines_and_given_twice_is_joined_once()
    {
        var doc = Parse("""
            中共某镇委员会关于九届区委第二轮
            巡察整改进展情况的公告
            中共某镇委员会关于九届区委第二轮巡察整改进展情况的公告
            根据区委统一部署,2023年3月1日至4月30日,九届区委第二轮巡察第一组对某镇党委进行了巡察。
            一、党建方面
            1.关于甲的问题
            整改情况:已整改。
            """);
        Assert.Equal("中共某镇委员会关于九届区委第二轮巡察整改进展情况的公告", doc.Title);
        Assert.Equal(("九届区委", "第二轮巡察", "第一组"), (doc.Inspection.Body, doc.Inspection.Round, doc.Inspection.Group));
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void Expected_completion_before_the_notice_date_while_not_completed_is_flagged()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改状态:取得阶段性成效,预计2023年6月完成
            整改情况:推进中。
            2.关于乙的问题
            整改状态:已完成整改
            整改情况:已整改。
            某局党组
            2023年10月8日
            """);
        var f = Assert.Single(doc.Findings, f => f.Code == "expected-past");
        Assert.Contains("2023年6月", f.Message);
    }

    [Fact]
    public void A_notice_ending_mid_sentence_keeps_what_is_there_and_says_it_is_cut_short()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:一是建立制度。二是加强
            """);
        Assert.Equal(["建立制度。", "加强"], Assert.Single(doc.AllProblems).Measures);
        Assert.Contains(doc.Findings, f => f.Code == "truncated" && f.Severity == Finding.Warning);
    }

    [Fact]
    public void A_notice_ending_on_a_heading_is_cut_short()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:建立制度。
            2.关于乙的问题
            """);
        Assert.Contains(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void Accountability_funds_and_measure_counts_are_outcomes()
    {
        var doc = Parse(Intro + """
            整改中,给予党纪处分2人,诫勉谈话3人,对4名干部进行批评教育,移交区纪委监委处理1人,追缴资金12.5万元。制定了97项整改措施,并细化为171条具体措施,召开专题会议3次。
            一、党建方面
            1.关于甲的问题
            整改情况:建立制度。
            """);
        var o = doc.Outcomes;
        Assert.Equal(2, o.Accountability!["partySanction"]);
        Assert.Equal(3, o.Accountability["admonishment"]);
        Assert.Equal(4, o.Accountability["criticismEducation"]);
        Assert.Equal(1, o.Accountability["referredToCommission"]);
        Assert.Equal(125000m, o.FundsRecoveredYuan);
        Assert.Equal((97, 171, 3), (o.Measures, o.SubMeasures, o.Meetings));
    }

    [Fact]
    public void Ledger_fields_under_a_problem_are_kept()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            具体表现:学习计划未落实。
            责任领导:张三
            责任单位:办公室
            整改时限:2023年12月
            整改措施:建立制度。
            """);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(("张三", "办公室", "学习计划未落实"), (p.ResponsibleLeader, p.ResponsibleDepartment, p.Detail));
        Assert.Equal(["建立制度。"], p.Measures);
    }

    [Fact]
    public void Status_in_brackets_after_the_problem_title_is_read()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题(已完成整改)
            建立制度。
            """);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(("甲", "completed"), (p.Title, p.Status));
    }

    [Fact]
    public void Bullets_of_a_framing_section_do_not_decide_the_levels_of_the_problem_section()
    {
        var doc = Parse(Intro + """
            一、整改工作开展情况
            1.成立领导小组。
            2.制定整改方案。
            二、问题整改情况
            (一)政治建设方面
            1.关于学习不深入的问题
            整改情况:制定学习计划。
            2.关于决策不规范的问题
            整改情况:修订议事规则。
            (二)作风建设方面
            3.关于会议过多的问题
            整改情况:精简会议。
            """);
        Assert.Equal(["政治建设方面", "作风建设方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习不深入", "决策不规范", "会议过多"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["精简会议。"], doc.AllProblems.Last().Measures);
    }

    [Fact]
    public void A_closing_section_numbered_like_problems_is_not_problems_in_a_notice_without_labels()
    {
        var doc = Parse(Intro + """
            一、关于“党的领导弱化”方面的问题
            1.关于学习不深入的问题。
            制定学习计划。
            2.关于决策不民主的问题。
            修订议事规则。
            二、下一步工作打算
            1.持续巩固整改成果。
            2.建立长效机制。
            """);
        Assert.Equal(["关于“党的领导弱化”方面的问题"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习不深入", "决策不民主"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["修订议事规则。"], doc.AllProblems.Last().Measures);
    }

    [Fact]
    public void A_short_status_under_a_measures_label_is_the_status()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改情况:已完成整改。
            2.关于乙的问题
            整改情况:建立制度,加强督查,定期通报整改情况。
            """);
        Assert.Equal(["completed", "not-stated"], doc.AllProblems.Select(p => p.Status));
        Assert.Empty(doc.AllProblems.First().Measures);
    }

    [Fact]
    public void Signature_date_in_chinese_numerals_is_the_notice_date()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改状态:已完成
            中共某区水务局党组
            二〇二三年九月八日
            """);
        Assert.Equal(new DateOnly(2023, 9, 8), doc.Date);
        Assert.Equal("中共某区水务局党组", doc.Issuer);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void An_inspection_notice_with_no_problem_list_is_imported_with_a_warning()
    {
        var doc = Parse(Intro + "局党组高度重视,成立整改工作领导小组,制定整改方案。\n");
        Assert.Empty(doc.Categories);
        Assert.Contains(doc.Findings, f => f.Code == "no-problems");
        Assert.Equal("第三巡察组", doc.Inspection.Group);
    }

    [Fact]
    public void Problem_before_any_category_heading_goes_to_an_unnamed_category()
    {
        var doc = Parse(Intro + """
            1.关于甲的问题
            整改情况:建立制度。
            2.关于乙的问题
            整改情况:加强督查。
            """);
        var c = Assert.Single(doc.Categories);
        Assert.Equal("未分类问题", c.Title);
        Assert.Equal(2, c.Problems.Count);
        LedgerJson.Validate(doc);
        // The placeholder holds the problems but is no aspect of the feedback: the counts have none.
        Assert.Equal((0, 2), (doc.WithComputedCounts().Counts.Categories, doc.Counts.Problems));
    }

    [Fact]
    public void District_wide_summary_with_three_way_split_decimal_rate_and_several_funds()
    {
        const string paragraph = "截止目前,巡察反馈的697个问题,完成整改688个,基本完成取得阶段性成果并持续整改问题4个,未完成5个,总体完成率98.71%。截至目前,完善和新建制度589项,清退违规资金66.57万元、追回应由个人承担的资金146万元,挽回经济损失1369.5万元。";
        var s = SummaryReader.ReadClaim([paragraph])!;
        Assert.Equal((697, 688, 9, 98.71m), (s.Problems, s.Completed, s.InProgress, s.CompletionRate));
        var o = SummaryReader.ReadOutcomes(paragraph);
        Assert.Equal(589, o.Policies);
        Assert.Equal(665_700m + 1_460_000m + 13_695_000m, o.FundsRecoveredYuan);
    }

    [Fact]
    public void Web_metadata_run_together_on_one_line_is_left_out_and_gives_the_date()
    {
        var doc = Parse("""
            首页
            -> 要闻 -> 审计公告
            某市审计局关于审计查出问题整改情况的报告
            发布日期:2023-01-06 11:16信息来源:某市审计局浏览次数: 字号:[ ]
            根据市委统一部署,2022年8月1日至9月30日,市委第一巡察组对某市审计局党组进行了巡察,2022年11月1日反馈了巡察意见。
            一、党建方面
            1.关于甲的问题
            整改情况:建立制度。
            """);
        Assert.Equal(new DateOnly(2023, 1, 6), doc.Date);
        Assert.Equal("某市审计局关于审计查出问题整改情况的报告", doc.Title);
        Assert.Equal("某市审计局", doc.Issuer);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void Lines_after_the_signature_date_stay_out_of_the_last_problem()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改措施:建立制度。
            中共某区水务局党组
            2023年10月8日
            (此件公开发布)
            """);
        Assert.Equal(["建立制度。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Equal(new DateOnly(2023, 10, 8), doc.Date);
        Assert.Equal("中共某区水务局党组", doc.Issuer);
    }

    [Fact]
    public void A_closing_paragraph_without_a_heading_does_not_join_the_last_problem()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题
            整改措施:建立制度。
            广大干部群众如对巡察整改情况有意见建议,请及时向我们反映。
            联系电话:0753-1234567;电子邮箱:abc@example.cn。
            """);
        Assert.Equal(["建立制度。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Equal(("0753-1234567", "abc@example.cn"), (doc.Contacts!.Phone, doc.Contacts.Email));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void A_short_status_sentence_opening_the_text_of_a_problem_without_labels_is_its_status()
    {
        var doc = Parse(Intro + """
            一、党建方面
            1.关于甲的问题。
            已完成整改。
            建立了学习制度。
            2.关于乙的问题。
            建立了督查制度。
            """);
        Assert.Equal(["completed", "not-stated"], doc.AllProblems.Select(p => p.Status));
        Assert.Equal(["建立了学习制度。"], doc.AllProblems.First().Measures);
    }

    [Fact]
    public void Framing_and_closing_sections_at_the_category_level_are_not_categories()
    {
        var doc = Parse(Intro + """
            一、提高政治站位,压实整改责任
            (一)加强组织领导。成立整改工作领导小组。
            (二)细化整改措施。逐项制定整改清单。
            二、贯彻落实党中央决策部署方面
            (一)关于学习不深入的问题
            整改情况:制定学习计划。
            整改状态:已完成
            三、全面从严治党方面
            (二)关于监督不到位的问题
            整改情况:建立监督清单。
            整改状态:正在推进
            四、下一步工作打算
            (一)持续巩固整改成果。
            (二)建立健全长效机制。
            """);
        Assert.Equal(["贯彻落实党中央决策部署方面", "全面从严治党方面"], doc.Categories.Select(c => c.Title));
        Assert.Equal(["学习不深入", "监督不到位"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["建立监督清单。"], doc.AllProblems.Last().Measures);
        Assert.Null(doc.Notes);
    }
}
