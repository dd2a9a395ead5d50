using System.Text.RegularExpressions;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// Issue 15 item 10: every finding reads as a Chinese sentence with full-width punctuation and quotes the
/// text it is about; the code is for scripts (`check` prints it in brackets after the message).
/// </summary>
public partial class FindingTextTests
{
    /// <summary>A short notice that sets off most findings at once.</summary>
    const string Faulty = """
        中共某局党组关于巡察整改情况的通报
        根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对某局党组进行了巡察,并于5月10日反馈了意见。
        截至目前,反馈的2个方面3个问题,已完成整改3个,整改完成率80%。
        一、党建方面
        这一段说不清是哪个问题的。
        1.关于甲的问题
        整改状态:已完成
        3.关于乙的问题
        整改措施:建立制度。
        2.关于丙的问题
        整改状态:正在推进,预计2023年6月完成
        某局党组
        2023年10月8日
        """;

    const string LostDates = """
        根据区委统一部署,2023年1023日至1215日,区委第一巡察组对区交通局党组进行了巡察,2023年111日至2023年111日
        一、党建方面
        1.关于甲的问题
        整改情况:已整改。建立了
        """;

    static IEnumerable<Finding> AllFindings() =>
        Directory.GetFiles(Samples.Path(""), "*.txt").Select(f => NoticeImporter.Import(File.ReadAllBytes(f)))
            .Append(NoticeParser.Parse(Faulty)).Append(NoticeParser.Parse(LostDates))
            .SelectMany(d => d.Findings);

    // Findings that are about the notice as a whole, with nothing in it to quote.
    static readonly HashSet<string> Unquoted = ["no-problems", "numbering-restart", "status-not-stated"];

    [Fact]
    public void Every_finding_is_chinese_with_full_width_punctuation_and_quotes_the_text()
    {
        var findings = AllFindings().ToList();
        // The set is worth checking only if it holds the findings a reader meets.
        Assert.Superset(new HashSet<string>(["summary-mismatch", "rate-mismatch", "unplaced", "numbering-gap", "status-not-stated", "expected-past",
            "implied-year", "repaired-date", "ambiguous-date", "truncated", "summary-missing"]), findings.Select(f => f.Code).ToHashSet());
        foreach (var f in findings)
        {
            // The quoted text is as the notice wrote it (web copies have half-width punctuation); the sentence around it is not.
            var own = QuoteRegex().Replace(f.Message, "“”");
            Assert.False(HalfWidthRegex().IsMatch(own), $"half-width punctuation in {f.Code}: {f.Message}");
            Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", own);
            Assert.DoesNotContain(f.Code, f.Message);
            if (!Unquoted.Contains(f.Code)) Assert.True(f.Message.Contains('“'), $"{f.Code} quotes nothing: {f.Message}");
        }
    }

    [Fact]
    public void A_summary_mismatch_reads_as_the_summary_said_against_the_body()
    {
        var doc = NoticeParser.Parse(Faulty);
        var f = Assert.Single(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Equal("摘要“截至目前,反馈的2个方面3个问题,已完成整改3个,整改完成率80%。”称方面2个，正文为1个", f.Message);
        Assert.Equal("摘要“截至目前,反馈的2个方面3个问题,已完成整改3个,整改完成率80%。”称方面2个，正文为1个 [summary-mismatch]", LedgerTreePrinter.ForScripts(f));
        Assert.Matches("^问题\\d“乙”未写整改状态$", Assert.Single(doc.Findings, f => f.Code == "status-not-stated").Message);
    }

    /// <summary>Files that no importer accepts, one for each refusal a user meets.</summary>
    public static TheoryData<string, byte[]> Refused() => new()
    {
        { "空.txt", [] },
        { "工具.exe", Rectify.Tests.Problems.ProblemKit.Exe() },
        { "旧版.doc", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0] },
        { "压缩.zip", Rectify.Tests.Problems.ProblemKit.Zip("readme.txt") },
        { "损坏.docx", Rectify.Tests.Problems.ProblemKit.Zip("[Content_Types].xml", "word/document.xml") },
        { "表格.xlsx", Rectify.Tests.Problems.ProblemKit.Zip("[Content_Types].xml", "xl/workbook.xml") },
        { "纪要.txt", System.Text.Encoding.UTF8.GetBytes("会议纪要\n今天上午召开了全体干部大会,传达学习了上级会议精神。") },
        { "乱码.txt", [.. Enumerable.Range(1, 300).Select(i => (byte)(i % 8 + 1))] },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void Every_refusal_is_one_chinese_line_with_full_width_punctuation(string name, byte[] content)
    {
        var e = Assert.Throws<ImportRefusedException>(() => NoticeImporter.Import(content, name));
        Assert.DoesNotContain("\n", e.Message);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", e.Message);
        Assert.DoesNotMatch(Rectify.Tests.Notices.PunctuationScanTests.HalfWidthRegex(), QuoteRegex().Replace(e.Message, "“”"));
    }

    [GeneratedRegex("“[^”]*”")]
    private static partial Regex QuoteRegex();

    // ASCII sentence punctuation next to Chinese; "%" and "–" in "1–14" are fine.
    [GeneratedRegex(@"[,;:()!?]")]
    private static partial Regex HalfWidthRegex();
}
