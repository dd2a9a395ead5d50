using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// Gaps found after the last stop: a garbled "title:" line of a saved or OCR'd copy taken for the title; several measures
/// in one table cell kept as one; "制定整改措施9条" and the like neither kept nor checked, and at risk of being read as problem counts.
/// </summary>
public class SummaryCountsAndCellMeasuresTests
{
    const string Title = "中共某镇委员会关于县委第三巡察组巡察反馈意见整改进展情况的通报";
    const string Intro = "根据县委统一部署，县委第三巡察组对某镇党委进行了巡察。";
    const string Signature = "中共某镇委员会\n2024年5月6日\n";

    // ---- 1. A saved copy's "title:" line in every form it takes

    [Theory]
    [InlineData("title: " + Title)]
    [InlineData("title：" + Title)]
    [InlineData("tit1e：" + Title)]
    [InlineData("Tit le : " + Title)]
    [InlineData("| tit|e: " + Title)]
    [InlineData("·TITLE=" + Title)]
    [InlineData("tltle：关于某某的通报_某某县人民政府门户网站")]
    [InlineData("sourse: https://www.example.gov.cn/art/2024/5/6/art_1.html")]
    [InlineData("url：https://www.example.gov.cn/art/2024/5/6/art_1.html")]
    public void A_saved_copy_label_line_however_garbled_is_dropped_and_the_real_title_line_is_the_title(string label)
    {
        var doc = NoticeParser.Parse(label + "\n" + Title + "\n" + Intro + "\n一、整改工作总体情况\n反馈问题1个，已完成整改1个。\n二、反馈问题整改落实情况\n1.关于甲工作不到位的问题\n整改情况：已完成整改。\n" + Signature);
        Assert.Equal(Title, doc.Title);
        Assert.Equal("中共某镇委员会", doc.Issuer);
        var kept = (doc.Narrative ?? []).SelectMany(n => n.Paragraphs).Concat(doc.Notes ?? []).Concat(doc.AllProblems.Select(p => p.Title));
        Assert.DoesNotContain(kept, t => t.Contains("://", StringComparison.Ordinal) || t.Contains(':') && t.StartsWith(label[..2], StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Tel: 0371-5551234")]
    [InlineData("E-mail: xuncha@example.cn")]
    public void A_latin_label_that_is_no_saved_copy_label_is_kept(string line)
    {
        var doc = NoticeParser.Parse(Title + "\n" + Intro + "\n一、反馈问题整改落实情况\n1.关于甲工作不到位的问题\n整改情况：已完成整改。\n二、公开监督\n" + line + "\n" + Signature);
        Assert.Contains(doc.Narrative!, n => n.Paragraphs.Contains(line));
    }

    // ---- 2. Several measures in one cell, split by the one measure rule

    static readonly string[] Three = ["建立台账；", "开展培训；", "加强督查。"];

    [Theory]
    [InlineData("建立台账；开展培训；加强督查。")]
    [InlineData("1.建立台账；2.开展培训；3.加强督查。")]
    [InlineData("1、建立台账；2、开展培训；3、加强督查。")]
    [InlineData("（1）建立台账；（2）开展培训；（3）加强督查。")]
    [InlineData("①建立台账；②开展培训；③加强督查。")]
    [InlineData("一是建立台账；二是开展培训；三是加强督查。")]
    [InlineData("1.建立台账；\n2.开展培训；\n3.加强督查。")]
    public void A_measures_cell_holding_several_measures_gives_one_measure_each(string cell)
    {
        GridCell[] Row(int r, params string[] cells) => cells.Select((t, k) => new GridCell(t, r, k)).ToArray();
        var lines = ProblemTable.Lines([Row(0, "序号", "存在问题", "整改措施", "整改情况"), Row(1, "1", "关于甲工作不到位的问题", cell, "已完成整改")])!;
        var doc = NoticeParser.Parse(Title + "\n" + Intro + "\n一、反馈问题整改落实情况\n" + string.Join("\n", lines) + "\n" + Signature);
        var problem = Assert.Single(doc.AllProblems);
        Assert.Equal(Three, problem.Measures);
        Assert.Equal("completed", problem.Status);
    }

    [Theory]
    [InlineData("整改措施：1.建立台账；2.开展培训；3.加强督查。")]
    [InlineData("整改措施：（1）建立台账；（2）开展培训；（3）加强督查。")]
    [InlineData("整改措施：一是建立台账；二是开展培训；三是加强督查。")]
    [InlineData("整改措施：\n（1）建立台账；\n（2）开展培训；\n（3）加强督查。")]
    public void Measures_counted_in_running_text_split_by_the_same_rule(string measures)
    {
        var doc = NoticeParser.Parse(Title + "\n" + Intro + "\n一、反馈问题整改落实情况\n1.关于甲工作不到位的问题\n整改情况：已完成整改。\n" + measures + "\n" + Signature);
        Assert.Equal(Three, Assert.Single(doc.AllProblems).Measures);
    }

    [Theory]
    [InlineData("开展培训，全年培训2.5万人次。")]
    [InlineData("建立台账，其中1.对账；不再分列。")]
    public void A_paragraph_that_opens_with_no_count_stays_one_measure(string measure)
    {
        var doc = NoticeParser.Parse(Title + "\n" + Intro + "\n一、反馈问题整改落实情况\n1.关于甲工作不到位的问题\n整改情况：已完成整改。\n整改措施：" + measure + "\n" + Signature);
        Assert.Equal([measure], Assert.Single(doc.AllProblems).Measures);
    }

    // ---- 3. Counts of measures and outcomes in the summary

    static string Notice(string summary, string measuresOfSecond = "整改措施：压缩会议。") =>
        Title + "\n" + Intro + "\n一、整改工作总体情况\n" + summary + "\n二、反馈问题整改落实情况\n"
        + "1.关于甲工作不到位的问题\n整改情况：已完成整改。\n整改措施：一是建立台账。二是开展培训。\n"
        + "2.关于乙工作不规范的问题\n整改情况：已完成整改。\n" + measuresOfSecond + "\n" + Signature;

    [Fact]
    public void Counts_of_measures_rules_and_people_are_kept_as_stated_and_never_counted_as_problems()
    {
        var doc = NoticeParser.Parse(Notice("反馈问题2个，已完成整改2个。共制定整改措施3条，已完成整改措施3条，建立制度12项，问责5人，召开第3次专题会议。"));
        var claim = doc.SummaryClaim!;
        Assert.Equal((2, 2), (claim.Problems, claim.Completed));
        Assert.Equal(["共制定整改措施3条", "已完成整改措施3条", "建立制度12项", "问责5人"], claim.Counts!.Select(c => c.Text));
        Assert.Equal([3, 3, 12, 5], claim.Counts!.Select(c => c.Count));
        Assert.Equal((3, 12), (doc.Outcomes.Measures, doc.Outcomes.Policies));
        Assert.DoesNotContain(doc.Findings, f => f.Code is "summary-mismatch" or "truncated");
    }

    [Theory]
    [InlineData("反馈问题2个，制定整改措施9条，已完成整改2个。")]
    [InlineData("反馈问题2个，已完成整改2个。针对上述问题，细化9条整改措施。")]
    public void A_stated_total_of_measures_that_the_listed_measures_contradict_is_a_mismatch(string summary)
    {
        var doc = NoticeParser.Parse(Notice(summary, measuresOfSecond: "整改措施：一是压缩会议。"));
        var finding = Assert.Single(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Contains("9条", finding.Message);
        Assert.Contains("正文各问题列出的整改措施共3条", finding.Message);
        Assert.Equal(2, doc.SummaryClaim!.Completed);
    }

    [Theory]
    [InlineData("反馈问题2个，已完成整改2个，已完成整改措施9条。")]  // a part, not the total
    [InlineData("反馈问题2个，已完成整改2个，其中落实整改措施9条。")]
    public void A_count_of_measures_done_is_no_total_and_no_status_bucket(string summary)
    {
        var doc = NoticeParser.Parse(Notice(summary));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Equal((2, (int?)null), (doc.SummaryClaim!.Completed, doc.SummaryClaim.InProgress));
    }

    [Fact]
    public void A_stated_total_is_not_checked_when_a_problem_lists_no_measures()
    {
        var doc = NoticeParser.Parse(Notice("反馈问题2个，已完成整改2个，制定整改措施9条。", measuresOfSecond: ""));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Equal(9, doc.Outcomes.Measures);
    }

    // Work told in running paragraphs: what the reader splits into "measures" is no count the notice gives.
    [Theory]
    [InlineData("整改措施：压缩会议。")]
    [InlineData("针对此问题，镇党委制定专项方案，开展集中整治3次。")]
    [InlineData("整改措施：镇党委召开专题会议研究部署，逐村开展排查整治。\n同步建立长效机制，定期督促检查。")]
    public void A_stated_total_is_only_noted_when_a_problem_tells_its_work_in_running_paragraphs(string measuresOfSecond)
    {
        var doc = NoticeParser.Parse(Notice("反馈问题2个，已完成整改2个。针对上述问题，细化整改措施12项。", measuresOfSecond));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "summary-mismatch" || f.Severity == Finding.Error);
        var note = Assert.Single(doc.Findings, f => f.Code == "measures-not-listed");
        Assert.Equal(Finding.Info, note.Severity);
        Assert.Equal("摘要称“细化整改措施12项”，正文未逐项列出每个问题的整改措施，无法核对整改措施总数", note.Message);
        Assert.Equal(12, SummaryReader.StatedMeasureTotal(doc.SummaryClaim!)!.Count);
    }

    [Theory]
    [InlineData("整改措施：\n①压缩会议。\n②精简文件。")]
    [InlineData("(1)压缩会议；(2)精简文件。")]
    [InlineData("一是压缩会议。二是精简文件。\n同时建立长效机制。")]
    public void Measures_numbered_or_counted_in_every_problem_are_compared_with_the_stated_total(string measuresOfSecond)
    {
        var doc = NoticeParser.Parse(Notice("反馈问题2个，已完成整改2个。针对上述问题，细化整改措施12项。", measuresOfSecond));
        Assert.Equal(4, doc.AllProblems.Sum(p => p.Measures.Count));
        var mismatch = Assert.Single(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Equal("摘要称“细化整改措施12项”，正文各问题列出的整改措施共4条", mismatch.Message);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "measures-not-listed");
    }

    [Fact]
    public void Completed_in_full_after_the_count_counts_every_problem()
    {
        var doc = NoticeParser.Parse(Notice("反馈问题2个，已全部完成整改。"));
        Assert.Equal((2, 2), (doc.SummaryClaim!.Problems, doc.SummaryClaim.Completed));
    }

    // A table gives each problem its measures cell: what it lists is listed item by item, running paragraphs or not.
    [Theory]
    [InlineData(5, null)]
    [InlineData(7, "摘要称“细化整改措施7项”，正文各问题列出的整改措施共5条")]
    public void Measures_given_in_a_table_are_compared_with_the_stated_total(int stated, string? mismatch)
    {
        var html = $"""
            <html><body><p>{Title}</p><p>{Intro}</p><p>一、整改工作总体情况</p><p>反馈问题2个，已完成整改2个。针对上述问题，细化整改措施{stated}项。</p>
            <p>二、反馈问题整改落实情况</p>
            <table><tr><td>序号</td><td>存在问题</td><td>整改措施</td><td>整改情况</td></tr>
            <tr><td>1</td><td>关于甲工作不到位的问题</td><td><p>镇党委召开专题会议研究部署，逐村开展排查整治。</p><p>同步建立长效机制，定期督促检查。</p></td><td>已完成整改</td></tr>
            <tr><td>2</td><td>关于乙工作不规范的问题</td><td>建立台账；开展培训；加强督查。</td><td>已完成整改</td></tr></table>
            <p>中共某镇委员会</p><p>2024年5月6日</p></body></html>
            """;
        var doc = NoticeImporter.Import(System.Text.Encoding.UTF8.GetBytes(html), "notice.html");
        Assert.Equal(2, doc.AllProblems.Count());
        Assert.Equal(["镇党委召开专题会议研究部署，逐村开展排查整治。", "同步建立长效机制，定期督促检查。"], doc.AllProblems.First().Measures);
        Assert.Equal(Three, doc.AllProblems.Last().Measures);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "measures-not-listed");
        if (mismatch is null) Assert.DoesNotContain(doc.Findings, f => f.Code == "summary-mismatch");
        else Assert.Equal(mismatch, Assert.Single(doc.Findings, f => f.Code == "summary-mismatch").Message);
    }
}
