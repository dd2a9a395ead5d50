using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Domain;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

/// <summary>
/// Every sample notice (TestData, as published on the web) imported, written back as .docx and read
/// again: the office's own words come back in order (≥ 95 % of the original's characters, by the longest
/// common subsequence), every problem and measure as written, the status words as written, and the
/// summary's figures equal to the ledger's.
/// </summary>
public partial class SampleNoticeWordsTests
{
    /// <summary>Contacts for samples cut short before their closing; the app takes them from the organisation.</summary>
    static readonly NoticeContacts Contacts = new() { Phone = "0374-1234567" };

    /// <summary>Every sample notice in TestData: the web copies (.txt) and the Word files (.docx).</summary>
    public static TheoryData<string> Samples() =>
        [.. new[] { "*.txt", "*.docx" }.SelectMany(p => Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData"), p)).Select(f => Path.GetFileName(f)!).Order()];

    static (LedgerDocument Ledger, string Original) Import(string sample)
    {
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", sample));
        var ledger = NoticeImporter.Import(bytes, sample);
        // A Word file's original is its paragraphs, one a line, as the office typed them.
        var text = sample.EndsWith(".docx", StringComparison.Ordinal) ? WordParagraphs(bytes) : Encoding.UTF8.GetString(bytes);
        return (ledger, Original(text, ledger));
    }

    static string WordParagraphs(byte[] docx)
    {
        using var d = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", d.MainDocumentPart!.Document!.Body!.Descendants<Paragraph>().Select(p => p.InnerText));
    }

    /// <summary>
    /// The notice as published: from its title (its last line before the opening, for pages that repeat it)
    /// or its opening, without the web page's furniture (日期/来源/浏览量 lines) around it.
    /// </summary>
    static string Original(string text, LedgerDocument ledger)
    {
        var lines = text.Split('\n').Select(l => l.Trim().TrimStart('•').Trim()).Where(l => l.Length > 0).ToList();
        var opening = ledger.Narrative?.FirstOrDefault(p => p.Role == "opening")?.Paragraphs.FirstOrDefault() ?? ledger.AllProblems.First().Title;
        var start = lines.FindIndex(l => l.Contains(opening, StringComparison.Ordinal));
        if (ledger.Title is { } title && lines.FindLastIndex(start, l => l == title) is >= 0 and var t) start = t;
        // The notice leaves out what did not happen ("提醒谈话0人", and a summary clause whose group the ledger
        // holds no problem of, "已完成整改0个"): those clauses are not the office's words it lost.
        return string.Join("\n", lines.Skip(Math.Max(start, 0)).Where(l => !FurnitureRegex().IsMatch(l)).Select(l => NoticeComposer.WithoutZeroClauses(WithoutEmptyGroups(l, ledger.Counts))));
    }

    /// <summary>The summary sentence of a line without the clauses of groups that are empty in the ledger.</summary>
    static string WithoutEmptyGroups(string line, LedgerCounts counts)
    {
        if (SummaryReader.ReadClaim([line]) is not { Problems: not null } claim || !line.Contains(claim.Text, StringComparison.Ordinal)) return line;
        bool Empty(string clause) =>
            clause.Contains("完成率", StringComparison.Ordinal) ? counts.Completed == 0
            : Regex.IsMatch(clause, @"\d") && !clause.Contains("问题", StringComparison.Ordinal) && Statuses.FromText(clause) is { } status
              && status.Bucket().InNotice() switch { NoticeGroup.Completed => counts.Completed, NoticeGroup.NotFeasible => counts.NotFeasible, NoticeGroup.InProgress => counts.InProgress, _ => counts.NotStated } == 0;
        var kept = Regex.Split(claim.Text, "[，,、；;]").Where(c => !Empty(c));
        return line.Replace(claim.Text, string.Join("，", kept), StringComparison.Ordinal);
    }

    static ComposedNotice Compose(LedgerDocument ledger)
    {
        // A page that lost its title and signature (23): the app signs with the organisation's full name.
        ledger.Issuer ??= "中共许昌市民政局党组";
        return NoticeComposer.Compose(NoticeInput.FromLedger(ledger, asOf: ledger.Date ?? new DateOnly(2025, 1, 3),
            contacts: ledger.Contacts is { } c && (c.Phone ?? c.Mailbox ?? c.Email) is not null ? null : Contacts));
    }

    static string DocxText(ComposedNotice notice, string? keepAs = null)
    {
        var bytes = NoticeDocxWriter.ToBytes(notice);
        if (keepAs is not null) File.WriteAllBytes(Path.Combine(AppContext.BaseDirectory, keepAs), bytes); // for looking at the pages
        using var d = WordprocessingDocument.Open(new MemoryStream(bytes), false);
        return string.Join("\n", d.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText));
    }

    /// <summary>Whitespace gone, punctuation in one width (the importer's matching form).</summary>
    static string Norm(string s) => Rectify.Core.Import.ChineseText.Key(new string([.. s.Where(c => !char.IsWhiteSpace(c))]));

    /// <summary>Longest common subsequence over the original's length.</summary>
    static double Kept(string original, string written)
    {
        var prev = new int[written.Length + 1];
        var row = new int[written.Length + 1];
        foreach (var a in original)
        {
            for (var j = 1; j <= written.Length; j++)
                row[j] = a == written[j - 1] ? prev[j - 1] + 1 : Math.Max(prev[j], row[j - 1]);
            (prev, row) = (row, prev);
        }
        return (double)prev[written.Length] / original.Length;
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void The_notice_written_from_an_imported_sample_keeps_its_words(string sample)
    {
        var (ledger, original) = Import(sample);
        if (!ledger.AllProblems.Any())
        {
            // Cut short before its problems (26, 29): imported as far as it goes, with its warning, but
            // there is no notice to write until a problem is there, and the answer says why.
            Assert.Contains(ledger.Findings, f => f.Code == "truncated");
            Assert.NotEmpty(ledger.Narrative!.Single(p => p.Role == "work-done").Paragraphs);
            var refused = Assert.Throws<DomainException>(() => Compose(ledger));
            Assert.Contains("没有任何整改问题", refused.Message);
            // The clerk types the problem the copy lost; the notice then keeps every word the copy had.
            ledger.Categories.Add(new CategoryItem
            {
                Ordinal = 1, Title = "落实全面从严治党责任方面",
                Problems = [new ProblemItem { Ordinal = 1, Title = "对下属单位监督管理不够到位", Status = "completed", StatusText = "已完成整改", Measures = ["建立下属单位定期报告制度。"] }],
            });
            ledger.WithComputedCounts();
        }
        var written = DocxText(Compose(ledger), sample + ".written.docx");
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, sample + ".written.txt"), written);
        var norm = Norm(written);

        var ratio = Kept(Norm(original), norm);
        TestContext.Current.TestOutputHelper?.WriteLine($"{sample}: {ratio:P1} of {Norm(original).Length} characters kept in order");
        File.AppendAllText(Path.Combine(AppContext.BaseDirectory, "sample-ratios.txt"), $"{sample}\t{ratio:P1}\t{Norm(original).Length}\n");
        Assert.True(ratio >= 0.95, $"{sample}: only {ratio:P1} of the original's characters kept in order");

        foreach (var p in ledger.AllProblems)
        {
            Assert.Contains(Norm(p.Title), norm);
            foreach (var m in p.Measures) Assert.Contains(Norm(m), norm);
            if (p.StatusText is { } words) Assert.Contains(Norm(Rectify.Core.Import.ChineseText.TrimEnd(words.Split("预计")[0])), norm);
        }
        foreach (var part in ledger.Narrative ?? [])
            foreach (var line in part.Paragraphs.Where(l => SummaryReader.ReadClaim([l]) is null))
                Assert.Contains(Norm(NoticeComposer.WithoutZeroClauses(line)), norm);
        Assert.DoesNotMatch(NoticeClauseTests.ZeroClauseRegex(), written);
        Assert.DoesNotContain("未说明整改状态", written);

        var claim = SummaryReader.ReadClaim(written.Split('\n'));
        Assert.NotNull(claim);
        Assert.Equal(ledger.Counts.Problems, claim.Problems);
        Assert.Equal(ledger.Counts.Completed, claim.Completed ?? 0);
        Assert.Equal(ledger.Counts.NotFeasible, claim.NotFeasible ?? 0);
        Assert.Equal(ledger.Counts.InProgress, claim.InProgress ?? 0);
    }

    [Fact]
    public void Chengbei_keeps_its_status_words_and_restates_only_the_figures()
    {
        var (ledger, _) = Import("chengbei-2023-09-08.txt");
        var written = DocxText(Compose(ledger));
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "chengbei-written.txt"), written);
        Assert.Contains("整改状态：已取得阶段性成效，预计2023年12月完成", written);
        Assert.Contains("整改状态：已完成整改，长期坚持", written);
        // The notice claimed 1 not feasible and 2 in progress; its body has none not feasible and 3 phased.
        Assert.Contains("目前，细化分解的四方面14个问题，已完成整改11个，正在推进3个，正按整改方案的要求，有序推进。", written);
        Assert.DoesNotContain("0个", written);
        Assert.Contains("二、坚持问题导向，推动巡察整改工作\n（一）党中央各项决策部署在基层的落实情况方面", written);
    }

    [GeneratedRegex(@"^(?:【|当前位置|日期[:：]|发布日期|文章来源|来源[:：]|分享|朗读|浏览量)")]
    private static partial Regex FurnitureRegex();
}
