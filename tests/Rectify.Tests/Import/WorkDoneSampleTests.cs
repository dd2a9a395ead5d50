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
}
