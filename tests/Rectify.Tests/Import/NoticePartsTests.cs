using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>A notice is read by the role of each part (DOMAIN.md "Parts of a notice, by role"): only the problems part yields problems.</summary>
public class NoticePartsTests
{
    private const string Intro = "根据区委统一部署,2024年3月4日至5月10日,区委第二巡察组对区卫健局党组进行了巡察,6月12日反馈了巡察意见。现将整改进展情况予以公布。\n";

    private static LedgerDocument Parse(string text) => NoticeParser.Parse(text);

    private static NarrativePart Part(LedgerDocument doc, string role) => Assert.Single(doc.Narrative!, p => p.Role == role);

    [Fact]
    public void Work_done_headings_and_their_yi_shi_are_never_problems_or_measures()
    {
        var doc = Parse(Intro + """
            一、整改工作开展情况
            (一)提高政治站位,加强组织领导。局党组一是成立整改工作领导小组。二是召开党组会议6次。
            (二)压实主体责任,建立整改台账。制定186条具体措施,逐项明确责任人。
            二、反馈问题整改落实情况
            (一)党的建设方面
            1.关于发展党员程序不规范的问题
            整改情况:已完成。一是重新审核发展材料。二是开展专题培训。
            2.关于支部活动开展不经常的问题
            整改情况:正在推进。制定支部活动计划。
            """);
        Assert.Equal(["发展党员程序不规范", "支部活动开展不经常"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["重新审核发展材料。", "开展专题培训。"], doc.AllProblems.First().Measures);
        Assert.Equal(["completed", "in-progress"], doc.AllProblems.Select(p => p.Status));
        Assert.DoesNotContain(doc.AllProblems.SelectMany(p => p.Measures), m => m.Contains("领导小组"));
        var work = Part(doc, "work-done");
        Assert.Equal("一、整改工作开展情况", work.Heading);
        Assert.Equal("(一)提高政治站位,加强组织领导。局党组一是成立整改工作领导小组。二是召开党组会议6次。", work.Paragraphs[0]);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void A_notice_holding_only_its_work_done_part_yields_no_problem_and_keeps_the_text()
    {
        var doc = Parse(Intro + """
            一、扛牢政治责任,以高度自觉推进巡察整改
            (一)提高思想认识,扛牢主体责任。局党组第一时间召开专题会议,主动认领问题。
            (二)坚持以上率下,强化示范引领。党组书记主持召开整改推进会3次,领办7个重点难点问题。
            (三)细化整改方案,建立工作台账。聚焦5个方面,制定96条具体整改措施。一是倒排工期。二是挂图作战。
            """);
        Assert.Empty(doc.AllProblems);
        Assert.Contains(doc.Findings, f => f.Code == "no-problems");
        var work = Part(doc, "work-done");
        Assert.Equal(3, work.Paragraphs.Count);
        Assert.StartsWith("(三)细化整改方案,建立工作台账。", work.Paragraphs[2]);
        // "7个重点难点问题" and "5个方面" are no summary of the problems.
        Assert.Null(doc.SummaryClaim);
    }

    [Fact]
    public void Flat_list_a_work_item_beside_problems_is_told_apart_by_what_it_says()
    {
        var doc = Parse(Intro + """
            1.提高政治站位,加强组织领导。局党组召开专题会议研究部署整改工作。
            2.干部队伍结构不够优化。
            整改情况:已完成。一是开展专题调研。二是建立年轻干部信息库。
            3.未落实轮岗交流制度。
            整改情况:正在推进。制定轮岗交流计划。
            """);
        Assert.Equal(["干部队伍结构不够优化", "未落实轮岗交流制度"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal("1.提高政治站位,加强组织领导。局党组召开专题会议研究部署整改工作。", Part(doc, "work-done").Heading);
    }

    [Fact]
    public void Next_steps_and_closing_are_kept_verbatim_as_narrative()
    {
        var doc = Parse(Intro + """
            一、反馈问题整改落实情况
            1.关于财务报销不规范的问题
            整改情况:已完成整改。修订报销制度。
            二、下一步工作打算
            经过集中整改,整改工作取得阶段性成效。下一步,局党组将持续巩固整改成果。
            (一)坚持问题导向,一是持续跟踪。二是建立长效机制。
            欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0374-1234567。
            """);
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(["修订报销制度。"], p.Measures);
        var next = Part(doc, "next-steps");
        Assert.Equal("二、下一步工作打算", next.Heading);
        Assert.Equal(["经过集中整改,整改工作取得阶段性成效。下一步,局党组将持续巩固整改成果。", "(一)坚持问题导向,一是持续跟踪。二是建立长效机制。"], next.Paragraphs);
        Assert.Equal(["欢迎广大干部群众对巡察整改落实情况进行监督。联系电话:0374-1234567。"], Part(doc, "closing").Paragraphs);
        Assert.Equal("0374-1234567", doc.Contacts!.Phone);
    }

    [Fact]
    public void A_part_of_no_known_role_beside_the_problems_is_kept_as_a_note_with_an_unplaced_finding()
    {
        var doc = Parse(Intro + """
            一、反馈问题整改落实情况
            1.关于财务报销不规范的问题
            整改情况:已完成整改。修订报销制度。
            二、其他事项
            本局另行印发了年度工作要点。
            """);
        Assert.Single(doc.AllProblems);
        Assert.Contains("本局另行印发了年度工作要点。", doc.Notes!);
        Assert.Contains(doc.Findings, f => f.Code == "unplaced" && f.Message.Contains("年度工作要点"));
        Assert.Equal(["修订报销制度。"], doc.AllProblems.Single().Measures);
    }

    [Fact]
    public void A_wrapper_heading_of_the_problems_part_is_no_category()
    {
        var doc = Parse(Intro + """
            一、整改落实情况
            1.干部队伍结构不够优化。
            整改情况:一是开展专题调研。二是补充年轻干部。
            2.中层轮岗交流不足。
            整改情况:制定轮岗计划。
            """);
        Assert.DoesNotContain(doc.Categories, c => c.Title.Contains("整改落实情况"));
        Assert.Equal(["干部队伍结构不够优化", "中层轮岗交流不足"], doc.AllProblems.Select(p => p.Title));
    }

    [Fact]
    public void A_work_done_part_named_so_stays_narrative_even_with_a_measures_label_in_it()
    {
        var doc = Parse(Intro + """
            一、整改工作开展情况
            主要措施:成立领导小组,制定整改方案。
            二、反馈问题整改落实情况
            1.关于财务报销不规范的问题
            整改情况:已完成整改。修订报销制度。
            """);
        Assert.Equal(["财务报销不规范"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(["主要措施:成立领导小组,制定整改方案。"], Part(doc, "work-done").Paragraphs);
    }

    // Headings in words of the notice's own, none of those the parts are told by: the items must say what they are.
    [Fact]
    public void Under_a_heading_of_no_known_role_work_items_are_notes_never_problems()
    {
        var doc = Parse(Intro + """
            一、我们这样干
            (一)先学一步,带头深学细悟。局党组召开会议6次,逐条研究巡察意见。
            (二)多走一步,上门听取意见。班子成员走访服务对象40余户。
            (三)再快一步,限时办结。
            对照清单逐项推进。
            (四)紧盯不放,一抓到底。
            建立周调度机制。目前,各项整改工作正在有序推进。
            中共某区卫健局党组
            2024年9月8日
            """);
        Assert.Empty(doc.AllProblems);
        Assert.Contains("目前,各项整改工作正在有序推进。", string.Join("\n", doc.Notes!));
        Assert.Equal(Finding.Error, Assert.Single(doc.Findings, f => f.Code == "no-problems").Severity);
        Assert.Contains("(一)先学一步,带头深学细悟。局党组召开会议6次,逐条研究巡察意见。", doc.Notes!);
        Assert.Contains(doc.Findings, f => f.Code == "unplaced" && f.Message.Contains("多走一步"));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "status-not-stated");
    }

    [Fact]
    public void Under_headings_of_no_known_role_items_that_read_as_shortcomings_stay_problems_and_work_items_do_not()
    {
        var doc = Parse(Intro + """
            一、我们这样干
            (一)先学一步,带头深学细悟。局党组召开会议6次。
            (二)多走一步,上门听取意见。班子成员走访服务对象40余户。
            二、查摆出来的情况
            (一)干部学习不够深入。
            局党组制定学习计划,每月集中学习1次。
            (二)财务报销审核不严。
            修订财务报销制度。
            (三)再快一步,限时办结。
            对照清单逐项推进。
            中共某区卫健局党组
            2024年9月8日
            """);
        Assert.Equal(["干部学习不够深入", "财务报销审核不严"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal([1, 2], doc.AllProblems.Select(p => p.Ordinal));
        Assert.Equal(["修订财务报销制度。"], doc.AllProblems.Last().Measures);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "no-problems");
        Assert.Contains("(三)再快一步,限时办结。", doc.Notes!);
        Assert.Contains("(一)先学一步,带头深学细悟。局党组召开会议6次。", doc.Notes!);
        Assert.Contains(doc.Findings, f => f.Code == "unplaced" && f.Message.Contains("再快一步"));
    }

    // A status stated under a neutral title keeps the item a problem.
    [Fact]
    public void Under_a_heading_of_no_known_role_an_item_with_a_status_stays_a_problem()
    {
        var doc = Parse(Intro + """
            一、我们这样干
            (一)先学一步,带头深学细悟。局党组召开会议6次。
            (二)公车使用管理。
            修订公车管理办法。目前,该问题已完成整改。
            中共某区卫健局党组
            2024年9月8日
            """);
        var problem = Assert.Single(doc.AllProblems);
        Assert.Equal(("公车使用管理", "completed"), (problem.Title, problem.Status));
        Assert.Contains("(一)先学一步,带头深学细悟。局党组召开会议6次。", doc.Notes!);
    }

    [Theory]
    [InlineData("干部队伍结构不够优化", true)]
    [InlineData("未落实殡葬服务机构管办分离", true)]
    [InlineData("学习贯彻落实有偏差", true)]
    [InlineData("局党组压力传导不到位,内部管理宽松", true)]
    [InlineData("提高政治站位,加强组织领导", false)]
    [InlineData("压实主体责任,狠抓问题整改", false)]
    [InlineData("突出问题导向,全面统筹推进", false)]
    [InlineData("补齐短板,防范化解风险", false)]
    public void A_title_reads_as_a_shortcoming_only_when_it_finds_fault(string title, bool shortcoming) =>
        Assert.Equal(shortcoming, NoticeParts.ReadsAsShortcoming(title));
}
