using Rectify.Core;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>Four more web copies (TestData/SAMPLES.md): a work-done part first, flat problem lists, inline statuses; all cut short.</summary>
public class WorkDoneSampleTests
{
    private static LedgerDocument Import(string name) => NoticeImporter.Import(File.ReadAllBytes(Samples.Path(name)), name);

    [Fact]
    public void Qingpu_work_done_part_yields_no_problem_and_is_kept_as_narrative()
    {
        var doc = Import("26_qingpu-civil-affairs-bureau-2026.txt");
        Assert.Empty(doc.AllProblems);
        var work = Assert.Single(doc.Narrative!, p => p.Role == "work-done");
        Assert.StartsWith("一、锚定政治“定盘星”", work.Heading);
        Assert.Equal(4, work.Paragraphs.Count);
        Assert.StartsWith("(一)提高思想认识", work.Paragraphs[0]);
        // 186条具体整改措施, 7个重点难点问题 and 6个方面 count no problems.
        Assert.Null(doc.SummaryClaim);
        Assert.Contains(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void Weidu_work_done_part_yields_no_problem_and_its_51_problems_claim_shows_the_text_cut_short()
    {
        var doc = Import("29_weidu-district-provincial-xunshi-2023.txt");
        Assert.Empty(doc.AllProblems);
        Assert.Equal("xunshi", doc.Inspection.Kind);
        var work = Assert.Single(doc.Narrative!, p => p.Role == "work-done");
        Assert.StartsWith("魏都区委积极履行配合巡视整改的政治责任", work.Paragraphs[0]);
        Assert.Equal(51, doc.SummaryClaim!.Problems);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void Changge_flat_problems_with_the_status_inline()
    {
        var doc = Import("21_changge-funeral-special-xuncha-2025.txt");
        Assert.Equal(["基本殡葬服务制度不健全", "未落实殡葬服务机构管办分离"], doc.AllProblems.Select(p => p.Title));
        Assert.All(doc.AllProblems, p => Assert.Equal(("completed", "已完成"), (p.Status, p.StatusText)));
        // Read from the text: problem 1 counts 一是…三是; problem 2 is cut short in its 二是.
        Assert.Equal([3, 2], doc.AllProblems.Select(p => p.Measures.Count));
        Assert.Equal(["完善制度体系。", "彻底实现管办分离。"], doc.AllProblems.Select(p => p.Measures[0][..(p.Measures[0].IndexOf('。') + 1)]));
        Assert.StartsWith("建立双向监督机制。", doc.AllProblems.Last().Measures[1]);
    }

    [Fact]
    public void Xuchang_wrapper_heading_is_no_category_and_the_three_problems_have_no_status()
    {
        var doc = Import("23_xuchang-civil-affairs-bureau-2025.txt");
        Assert.Equal(["干部队伍结构不够优化", "中层轮岗交流不足", "局党组压力传导不到位,内部管理宽松,违规违纪较多"], doc.AllProblems.Select(p => p.Title));
        Assert.DoesNotContain(doc.Categories, c => c.Title.Contains("整改落实情况"));
        Assert.All(doc.AllProblems, p => Assert.Equal("not-stated", p.Status));
        // Read from the text: 一是…三是, 一是…二是, and problem 3 cut short in its 一是.
        Assert.Equal([3, 2, 1], doc.AllProblems.Select(p => p.Measures.Count));
        Assert.Equal(["开展干部队伍建设专题调研。", "学习领会政策。"], doc.AllProblems.Take(2).Select(p => p.Measures[0][..(p.Measures[0].IndexOf('。') + 1)]));
        Assert.StartsWith("充分发挥领导干部", doc.AllProblems.Last().Measures[0]);
    }

    // The headers, read by hand from the sample texts: page noise before the title is no part of it, and a copy that lost its
    // title and signature (23) has no title, issuer or date rather than one made up from other lines.

    [Fact]
    public void Changge_header_is_read_past_the_breadcrumb_and_the_toolbar()
    {
        var doc = Import("21_changge-funeral-special-xuncha-2025.txt");
        Assert.Equal("长葛市委、市政府关于许昌市委殡葬领域突出问题专项巡察整改情况的通报", doc.Title);
        Assert.Equal("长葛市委、市政府", doc.Issuer);
        Assert.Equal(new DateOnly(2025, 10, 22), doc.Date);
        var i = doc.Inspection;
        Assert.Equal(("市委", null, "第五巡察组", "长葛市殡葬领域突出问题"), (i.Body, i.Round, i.Group, i.Target));
        Assert.Equal((new PartialDate(2025, 3, 6), new PartialDate(2025, 4, 16)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2025, 6, 10), i.FeedbackDate);
        AssertNoPageNoise(doc, "当前位置", "信息来源", "阅读次数", "字号", "我要打印", "关闭");
    }

    [Fact]
    public void Xuchang_without_title_or_signature_has_no_title_issuer_or_date()
    {
        var doc = Import("23_xuchang-civil-affairs-bureau-2025.txt");
        Assert.Null(doc.Title);
        Assert.Null(doc.Issuer);
        Assert.Null(doc.Date);
        Assert.Null(doc.DateMonth);
        var i = doc.Inspection;
        Assert.Equal(("市委", null, "第六巡察组", "许昌市民政局"), (i.Body, i.Round, i.Group, i.Target));
        Assert.Equal((new PartialDate(2024, 7, 2), new PartialDate(2024, 8, 21)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2024, 9, 19), i.FeedbackDate);
    }

    [Fact]
    public void Qingpu_header_is_read_past_the_page_buttons_with_the_date_on_the_title_line()
    {
        var doc = Import("26_qingpu-civil-affairs-bureau-2026.txt");
        Assert.Equal("中共上海市青浦区民政局党组关于巡察集中整改进展情况的通报", doc.Title);
        Assert.Equal("中共上海市青浦区民政局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2026, 2, 13), doc.Date);
        var i = doc.Inspection;
        Assert.Equal(("区委", null, "第五巡察组", "区民政局党组"), (i.Body, i.Round, i.Group, i.Target));
        Assert.Equal((new PartialDate(2025, 4, 15), new PartialDate(2025, 6, 30)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2025, 9, 8), i.FeedbackDate);
        AssertNoPageNoise(doc, "返回上一级", "字号", "打印");
    }

    [Fact]
    public void Weidu_header_is_read_past_the_breadcrumb_and_names_the_provincial_xunshi_group()
    {
        var doc = Import("29_weidu-district-provincial-xunshi-2023.txt");
        Assert.Equal("中共魏都区委关于巡视整改情况的通报", doc.Title);
        Assert.Equal("中共魏都区委", doc.Issuer);
        Assert.Equal(new DateOnly(2023, 11, 24), doc.Date);
        var i = doc.Inspection;
        Assert.Equal(("省委", null, "第三巡视组", "魏都区"), (i.Body, i.Round, i.Group, i.Target));
        Assert.Equal((new PartialDate(2023, 2, 20), new PartialDate(2023, 4, 19)), (i.OnSite!.From, i.OnSite.To));
        Assert.Equal(new PartialDate(2023, 6, 20), i.FeedbackDate);
        AssertNoPageNoise(doc, "当前位置", "政府公告", "信息来源", "阅读次数", "字号", "我要打印");
    }

    private static void AssertNoPageNoise(LedgerDocument doc, params string[] noise)
    {
        var all = LedgerJson.Write(doc);
        foreach (var word in noise) Assert.DoesNotContain(word, all);
    }
}
