using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// Four short notices of our own in styles the samples do not show, each imported with nothing invented: a 乡镇 notice
/// with its 问题清单 in a Word table, a 局 notice numbering its problems 1. 2. under （一）（二） aspects, a web copy with
/// breadcrumbs and a 发布时间 line, and a notice counting in 项 with a 完成率.
/// </summary>
public class OwnNoticeStyleTests
{
    static TableCell Cell(params string[] paragraphs) => new(paragraphs.Select(t => new Paragraph(new Run(new Text(t)))));
    static Paragraph Para(string text) => new(new Run(new Text(text)));

    static byte[] Docx(params OpenXmlElement[] body)
    {
        using var ms = new MemoryStream();
        using (var word = WordprocessingDocument.Create(ms, WordprocessingDocumentType.Document))
            word.AddMainDocumentPart().Document = new Document(new Body(body));
        return ms.ToArray();
    }

    static int MeasureCount(LedgerDocument doc) => doc.AllProblems.Sum(p => p.Measures.Count);

    [Fact]
    public void A_township_notice_with_its_problem_list_in_a_word_table()
    {
        var table = new Table(
            new TableRow(Cell("序号"), Cell("存在问题"), Cell("整改措施"), Cell("责任领导"), Cell("完成时限"), Cell("整改情况")),
            new TableRow(Cell("1"), Cell("村级财务管理不规范"), Cell("1.清理村级账目；2.落实村账镇管。"), Cell("李四"), Cell("2024年9月30日"), Cell("已完成")),
            new TableRow(Cell("2"), Cell("人居环境整治不彻底"), Cell("开展集中整治；建立长效保洁机制。"), Cell("王五"), Cell("2024年底"), Cell("正在推进，预计2024年12月完成")),
            new TableRow(Cell("3"), Cell("党员教育管理偏松"), Cell("（1）规范主题党日；（2）开展党员积分管理；（3）建立流动党员台账。"), Cell("赵六"), Cell("长期坚持"), Cell("已完成，长期坚持")));
        var doc = NoticeImporter.Import(Docx(
            Para("中共某某乡委员会关于县委第五巡察组巡察反馈意见整改进展情况的通报"),
            Para("根据县委统一部署，2024年3月4日至4月26日，县委第五巡察组对某某乡党委进行了巡察，并于2024年6月3日反馈了巡察意见。"),
            Para("一、整改工作总体情况"),
            Para("县委第五巡察组反馈问题3个，已完成整改2个，正在推进1个。共制定整改措施7条。"),
            Para("二、问题清单及整改落实情况"),
            table,
            Para("三、下一步工作打算"),
            Para("持续巩固整改成果，防止问题反弹。"),
            Para("中共某某乡委员会"),
            Para("2024年10月8日")));
        var p = doc.AllProblems.ToList();
        Assert.Equal(["村级财务管理不规范", "人居环境整治不彻底", "党员教育管理偏松"], p.Select(x => x.Title));
        Assert.Equal(["completed", "in-progress", "completed-sustained"], p.Select(x => x.Status));
        Assert.Equal("2024-12", p[1].ExpectedCompletion?.ToString());
        Assert.Equal([["清理村级账目；", "落实村账镇管。"], ["开展集中整治；", "建立长效保洁机制。"], ["规范主题党日；", "开展党员积分管理；", "建立流动党员台账。"]],
            p.Select(x => x.Measures));
        Assert.Equal(["李四", "王五", "赵六"], p.Select(x => x.ResponsibleLeader));
        Assert.Equal(new DateOnly(2024, 9, 30), p[0].Deadline);
        Assert.Equal(("中共某某乡委员会", new DateOnly(2024, 10, 8)), (doc.Issuer, doc.Date));
        Assert.Equal("持续巩固整改成果，防止问题反弹。", Assert.Single(doc.Narrative!, n => n.Role == "next-steps").Paragraphs.Single());
        Assert.Equal(7, SummaryReader.StatedMeasureTotal(doc.SummaryClaim!)!.Count);
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "unplaced" or "truncated" or "status-not-stated");
    }

    const string BureauNotice = """
中共某县自然资源局党组关于县委第二巡察组巡察反馈问题整改进展情况的通报
根据县委统一部署，2024年3月11日至5月10日，县委第二巡察组对县自然资源局党组进行了常规巡察，并于2024年6月14日反馈了巡察意见。现将整改进展情况予以公布。
一、整改工作总体情况
局党组共认领反馈问题6个，截至2024年11月30日，已完成整改4个，正在推进2个。
二、反馈问题整改落实情况
（一）贯彻落实党的路线方针政策方面
1.耕地保护责任落实不到位。
整改进展：已完成整改。召开局党组会议专题研究，开展耕地“非粮化”排查。
2.执法监管存在宽松软问题。
整改进展：正在推进，预计2024年12月底前完成。制定执法监督办法，开展案卷评查。
（二）全面从严治党方面
3.“三重一大”决策制度执行不严格。
整改进展：已完成整改。修订议事规则。
4.日常监督偏松偏软。
整改进展：已完成整改。开展谈心谈话。
（三）党的组织建设方面
5.基层党支部组织生活不规范。
整改进展：已完成整改。规范“三会一课”记录。
6.干部队伍年龄结构老化。
整改进展：正在推进，预计2025年6月完成。制定干部培养计划。
三、下一步工作打算
一是持续巩固整改成果。二是建立长效机制。
欢迎广大干部群众对巡察整改落实情况进行监督。联系电话：0371-5551234。
中共某县自然资源局党组
2024年12月5日
""";

    [Fact]
    public void A_bureau_notice_numbering_its_problems_under_aspect_headings()
    {
        var doc = NoticeParser.Parse(BureauNotice);
        Assert.Equal(["贯彻落实党的路线方针政策方面", "全面从严治党方面", "党的组织建设方面"], doc.Categories.Select(c => c.Title));
        var p = doc.AllProblems.ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], p.Select(x => x.Ordinal));
        Assert.Equal(["耕地保护", "执法监管", "“三重一大”", "日常监督", "基层党支部", "干部队伍"], p.Select((x, i) => x.Title[..new[] { 4, 4, 6, 4, 5, 4 }[i]]));
        Assert.Equal(["completed", "in-progress", "completed", "completed", "completed", "in-progress"], p.Select(x => x.Status));
        Assert.Equal([null, "2024-12", null, null, null, "2025-06"], p.Select(x => x.ExpectedCompletion?.ToString()));
        Assert.Equal(6, MeasureCount(doc)); // one paragraph of measures each, none invented from 一是/二是 of the next steps
        Assert.Equal(["opening", "summary", "next-steps", "closing"], doc.Narrative!.Where(n => n.Role != "problems").Select(n => n.Role));
        Assert.Equal((6, 4, 2), (doc.SummaryClaim!.Problems, doc.SummaryClaim.Completed, doc.SummaryClaim.InProgress));
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "unplaced" or "truncated" or "numbering-gap");
    }

    const string WebCopy = """
当前位置：首页 > 信息公开 > 党务公开 > 巡察整改
某某区人民政府网站
中共某区教育局委员会关于区委巡察整改进展情况的通报
发布时间：2025-03-18 10:20  来源：区教育局  浏览次数：356
【字体：大 中 小】 【打印】 【关闭】
根据区委统一部署，2024年9月2日至10月31日，区委第四巡察组对区教育局党委进行了巡察，2024年12月6日反馈了巡察意见。
一、整改工作总体情况
区委第四巡察组反馈问题3个，已全部完成整改。
二、反馈问题整改落实情况
1.关于校外培训治理不彻底的问题
整改情况：已完成整改。开展专项治理行动。
2.关于食堂管理不规范的问题
整改情况：已完成整改。修订食堂管理制度。
3.关于教师培训走过场的问题
整改情况：已完成整改。重新制定培训计划。
欢迎广大干部群众对巡察整改情况进行监督。
中共某区教育局委员会
2025年3月18日
分享到：
上一篇：关于某某的通知
下一篇：关于某某的公告
""";

    [Fact]
    public void A_web_copy_with_breadcrumbs_and_a_publication_line()
    {
        var doc = NoticeParser.Parse(WebCopy);
        Assert.Equal("中共某区教育局委员会关于区委巡察整改进展情况的通报", doc.Title);
        Assert.Equal(("中共某区教育局委员会", new DateOnly(2025, 3, 18)), (doc.Issuer, doc.Date));
        Assert.Equal(["校外培训治理不彻底", "食堂管理不规范", "教师培训走过场"], doc.AllProblems.Select(x => x.Title));
        Assert.All(doc.AllProblems, x => Assert.Equal("completed", x.Status));
        Assert.Equal(3, MeasureCount(doc));
        Assert.Equal((3, 3), (doc.SummaryClaim!.Problems, doc.SummaryClaim.Completed));
        var kept = doc.Narrative!.SelectMany(n => n.Paragraphs).Concat(doc.Notes ?? []).ToList();
        Assert.DoesNotContain(kept, t => t.Contains("首页") || t.Contains("浏览次数") || t.Contains("打印") || t.Contains("上一篇") || t.Contains("分享") || t.Contains("网站"));
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "unplaced" or "truncated");
    }

    const string ItemCounts = """
中共某区卫生健康委员会关于区委巡察反馈意见整改情况的通报
根据区委统一部署，区委第一巡察组于2024年4月至6月对区卫生健康委员会党委进行了巡察，并于2024年7月15日反馈了巡察意见。
一、整改总体情况
巡察反馈的3个方面8项问题，已完成整改6项，取得阶段性成效2项，整改完成率75%。共制定整改措施24条，建立完善制度5项。
二、具体问题整改情况
（一）党的建设方面
1.关于党建与业务融合不够的问题。整改状态：已完成。
2.关于支部标准化建设滞后的问题。整改状态：已完成。
3.关于发展党员工作不规范的问题。整改状态：已完成。
（二）全面从严治党方面
4.关于医德医风监督不到位的问题。整改状态：已完成。
5.关于药品耗材采购监管不严的问题。整改状态：取得阶段性成效，长期坚持。
6.关于公务接待管理不规范的问题。整改状态：已完成。
（三）巡察整改方面
7.关于以往问题整改不彻底的问题。整改状态：已完成。
8.关于整改长效机制不健全的问题。整改状态：取得阶段性成效，预计2025年6月完成。
中共某区卫生健康委员会
2025年1月10日
""";

    [Fact]
    public void A_notice_counting_in_items_with_a_completion_rate()
    {
        var doc = NoticeParser.Parse(ItemCounts);
        var claim = doc.SummaryClaim!;
        Assert.Equal((3, 8, 6, 2, 75m), (claim.Categories, claim.Problems, claim.Completed, claim.InProgress, claim.CompletionRate));
        Assert.Equal(["共制定整改措施24条", "建立完善制度5项"], claim.Counts!.Select(c => c.Text));
        var p = doc.AllProblems.ToList();
        Assert.Equal(8, p.Count);
        Assert.Equal(["phased", "phased"], p.Where(x => x.Status != "completed").Select(x => x.Status));
        Assert.Equal("2025-06", p[7].ExpectedCompletion?.ToString());
        Assert.Equal(0, MeasureCount(doc)); // the notice lists none: the stated 24 is kept, not checked, not invented
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "rate-mismatch" or "unplaced" or "truncated");
    }
}
