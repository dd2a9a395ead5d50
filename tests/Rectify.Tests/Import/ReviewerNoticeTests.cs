using Rectify.Core;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// Three short notices a reviewer wrote in the forms real ones take (TestData/review): a web copy with a one-step
/// breadcrumb and a site footer, opinions counted in 条 with statuses stated last, dates whose 年/月 were lost.
/// </summary>
public class ReviewerNoticeTests
{
    private static Rectify.Core.Interchange.LedgerDocument Import(string name) =>
        NoticeImporter.Import(File.ReadAllBytes(Samples.Path(Path.Combine("review", name))), name);

    [Fact]
    public void A_web_copy_keeps_its_title_signature_and_measures_clear_of_the_page()
    {
        var doc = Import("n1-breadcrumb-footer.txt");
        Assert.Equal("中共许昌市民政局党组关于市委第六轮巡察整改进展情况的通报", doc.Title);
        Assert.Equal("中共许昌市民政局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2025, 1, 3), doc.Date);
        Assert.Equal([["开展干部队伍建设专题调研；", "建立年轻干部信息库。"], ["修订财务报销管理办法；", "对2023年以来报销凭证全面复核。"]],
            doc.AllProblems.Select(p => p.Measures));
        Assert.All(doc.AllProblems, p => Assert.Equal("completed", p.Status));
        Assert.Null(doc.Contacts);
        Assert.Null(doc.Notes);
    }

    [Fact]
    public void Opinions_in_tiao_and_statuses_stated_last_agree_with_the_summary()
    {
        var doc = Import("n2-yijian-tiao-status-last.txt");
        Assert.Equal((3, 2, 1, 66.7m), (doc.SummaryClaim!.Problems, doc.SummaryClaim.Completed, doc.SummaryClaim.InProgress, doc.SummaryClaim.CompletionRate));
        Assert.Equal(["completed", "in-progress", "completed"], doc.AllProblems.Select(p => p.Status));
        Assert.Equal(new YearMonth(2024, 12), doc.AllProblems.ElementAt(1).ExpectedCompletion);
        Assert.DoesNotContain(doc.AllProblems.SelectMany(p => p.Measures), m => m.Contains("目前"));
        // Read from the text: problems 1 and 3 are one running paragraph each, problem 2 counts 一是 and 二是.
        Assert.Equal([["针对此问题，局党组制定专项方案，开展“清四乱”行动3次，清理违建12处。"], ["修订《工程建设项目管理办法》；", "对在建项目开展全覆盖检查。"],
            ["局党组专题研究党风廉政建设工作，与各股室签订责任书。"]], doc.AllProblems.Select(p => p.Measures));
        // The counts of opinions and statuses agree; problems 1 and 3 tell their work in running paragraphs, so the 12 measures
        // stated are no total of listed ones to compare with: a note, no mismatch.
        Assert.DoesNotContain(doc.Findings, f => f.Code is "rate-mismatch" or "summary-missing" or "status-not-stated" or "summary-mismatch");
        Assert.Equal(Finding.Info, Assert.Single(doc.Findings, f => f.Code == "measures-not-listed").Severity);
        Assert.Equal(("中共某县水利局党组", new DateOnly(2024, 11, 5)), (doc.Issuer, doc.Date));
    }

    [Fact]
    public void Lost_characters_are_repaired_in_the_introduction_fields_status_and_signature_each_with_a_finding()
    {
        var doc = Import("n3-lost-dates-signature.txt");
        Assert.Equal((new PartialDate(2023, 10, 23), new PartialDate(2023, 12, 15)), (doc.Inspection.OnSite!.From, doc.Inspection.OnSite.To));
        var first = doc.AllProblems.First();
        Assert.Equal((new DateOnly(2024, 6, 30), new YearMonth(2024, 6)), (first.Deadline, first.ExpectedCompletion));
        Assert.Equal(["建立医保基金监管联席会议制度。"], first.Measures);
        Assert.Equal(["修订定点医药机构协议管理办法。"], doc.AllProblems.Last().Measures);
        Assert.Equal(("中共某县医疗保障局党组", new DateOnly(2024, 3, 25)), (doc.Issuer, doc.Date));
        var repaired = doc.Findings.Where(f => f.Code == "repaired-date").Select(f => f.Message).ToList();
        foreach (var source in new[] { "“2023年1023日”", "“1215日”", "“2024年630日”", "“2024年325日”" })
            Assert.Contains(repaired, m => m.Contains(source));
    }
}
