using System.Text;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;
using Rectify.Core.Import;
using Rectify.Core.Notices;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notices;

/// <summary>
/// Chinese typography: no generated document has a half-width , : ; ( ) ! ? beside a Chinese character,
/// whatever composed it (the notice drafted here or kept from an imported web copy, the upward reports,
/// the round summary, an order to rectify) and whatever the format.
/// </summary>
public partial class PunctuationScanTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static string DocxText(byte[] docx)
    {
        using var d = WordprocessingDocument.Open(new MemoryStream(docx), false);
        return string.Join("\n", d.MainDocumentPart!.Document!.Body!.Elements<Paragraph>().Select(p => p.InnerText));
    }

    /// <summary>The text a reader sees: tags, styles and attributes gone.</summary>
    static string HtmlText(string html) => TagRegex().Replace(StyleRegex().Replace(html, ""), "\n");

    static void AssertFullWidth(string document, string text)
    {
        var bad = HalfWidthRegex().Matches(text).Select(m => m.Value).ToList();
        Assert.True(bad.Count == 0, $"{document}: half-width marks beside Chinese: {string.Join(" ", bad.Take(10))}");
        Assert.True(text.Count(c => c is >= '\u4e00' and <= '\u9fff') > 100, $"{document}: too little text to judge");
        // The importer's word for a problem whose notice stated no status is its bookkeeping, not a document's.
        Assert.False(text.Contains("未说明", StringComparison.Ordinal), $"{document}: says 未说明");
    }

    [Fact]
    public async Task Every_generated_document_sets_full_width_marks()
    {
        var admin = await _app.SignedInClientAsync();
        foreach (var format in new[] { "txt", "md", "html" })
            AssertFullWidth($"公告.{format}", HtmlText(await admin.GetStringAsync($"/api/inspections/1/notice/{format}")));
        AssertFullWidth("公告.docx", DocxText(await admin.GetByteArrayAsync("/api/inspections/1/notice/docx")));
        foreach (var kind in new[] { "rectification", "principal-leader" })
            AssertFullWidth($"{kind}.docx", DocxText(await admin.GetByteArrayAsync($"/api/supervision/inspections/1/reports/{kind}.docx")));
        AssertFullWidth("整改情况汇总.docx", DocxText(await admin.GetByteArrayAsync("/overview/rounds/1/summary.docx")));
        // An order to rectify, its findings typed with half-width marks, in the demo commission's frame.
        int order;
        await using (var db = _app.CreateDb())
        {
            var action = db.SupervisionActions.Add(new Rectify.Core.Domain.SupervisionAction
            {
                Kind = Rectify.Core.Domain.SupervisionKind.OrderToRectify, Date = new DateOnly(2023, 10, 9), ActedBy = "区纪委监督员", InspectionId = 1, TargetOrganizationId = 2,
                Deadline = new DateOnly(2023, 11, 30), Findings = "整改推进缓慢,部分问题(如撂荒地复耕)整改不到位;群众意见较大", ProblemIds = [3, 5],
                TargetDepartment = "镇农办", TargetPerson = "李副镇长", State = Rectify.Core.Domain.SupervisionState.Open,
            }).Entity;
            await db.SaveChangesAsync();
            order = action.Id;
        }
        AssertFullWidth("责令限期整改通知.docx", DocxText(await admin.GetByteArrayAsync($"/api/supervision/records/{order}/order.docx")));
    }

    [Fact]
    public async Task No_document_of_an_imported_ledger_without_statuses_says_未说明()
    {
        // 17 states no status for any problem: the importer files them 未说明.
        var doc = NoticeParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "17_jiangxia-state-assets-group-2026.txt")));
        Assert.All(doc.AllProblems, p => Assert.Equal("not-stated", p.Status));
        doc.Contacts ??= new Rectify.Core.Interchange.Contacts { Phone = "027-81234567" }; // the copy ends before its contacts
        int id, round;
        await using (var db = _app.CreateDb())
        {
            var inspection = await Rectify.Features.Inspections.LedgerTransfer.LoadAsync(db, doc, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 1);
            (id, round) = (inspection.Id, inspection.RoundId);
        }
        var admin = await _app.SignedInClientAsync();
        var notice = await admin.GetStringAsync($"/api/inspections/{id}/notice/txt");
        AssertFullWidth("公告.txt", notice);
        // Kept with the ledger: the problems are headed as the office headed them.
        Assert.Contains("1．关于学习贯彻落实有偏差的问题。", notice);
        AssertFullWidth("公告.docx", DocxText(await admin.GetByteArrayAsync($"/api/inspections/{id}/notice/docx")));
        foreach (var kind in new[] { "rectification", "principal-leader" })
        {
            var text = DocxText(await admin.GetByteArrayAsync($"/api/supervision/inspections/{id}/reports/{kind}.docx"));
            AssertFullWidth($"{kind}.docx", text);
            Assert.Contains($"{doc.AllProblems.Count()}个问题均尚未报送整改进展", text);
        }
        AssertFullWidth("整改情况汇总.docx", DocxText(await admin.GetByteArrayAsync($"/overview/rounds/{round}/summary.docx")));
    }

    [Fact]
    public void Text_kept_from_an_imported_web_copy_is_set_full_width_and_numbers_stay()
    {
        // The web copies lost their full-width marks: "整改状态:取得阶段性成效,预计2023年12月完成".
        foreach (var sample in new[] { "chengbei-2023-09-08.txt", "21_changge-funeral-special-xuncha-2025.txt", "17_jiangxia-state-assets-group-2026.txt" })
        {
            var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", sample));
            Assert.Matches(HalfWidthRegex(), text);
            var notice = NoticeComposer.Compose(NoticeInput.FromLedger(NoticeParser.Parse(text), contacts: new() { Phone = "0374-1234567" }));
            AssertFullWidth(sample + " .docx", DocxText(NoticeDocxWriter.ToBytes(notice)));
            AssertFullWidth(sample + " .txt", NoticeTextWriter.Write(notice));
            AssertFullWidth(sample + " .md", NoticeMarkdownWriter.Write(notice));
            AssertFullWidth(sample + " .html", HtmlText(NoticeHtmlWriter.Write(notice)));
        }
        Assert.Equal("完成率78.6%，截至2023.9.8，电话：0753-2351954（办公室）", Rectify.Core.Notices.ChineseText.FullWidthPunctuation("完成率78.6%,截至2023.9.8,电话:0753-2351954(办公室)"));
    }

    [Theory]
    // A bracket pair goes full-width together when either bracket touches Chinese, never half of it.
    [InlineData("(1)开展排查", "（1）开展排查")]
    [InlineData("(1）开展排查", "（1）开展排查")]
    [InlineData("（2)建立台账", "（2）建立台账")]
    [InlineData("整改(见附件1)。", "整改（见附件1）。")]
    [InlineData("措施(一)健全制度(2023年)", "措施（一）健全制度（2023年）")]
    // Half-width double quotes around Chinese become “…”.
    [InlineData("开展\"三资\"清理", "开展“三资”清理")]
    [InlineData("\"回头看\"发现的问题", "“回头看”发现的问题")]
    // Between Latin characters and digits the marks stay.
    [InlineData("电话(0753)2222222,e-mail:a@b.cn", "电话（0753）2222222,e-mail:a@b.cn")]
    [InlineData("version \"1.2\" (beta)", "version \"1.2\" (beta)")]
    public void Brackets_go_full_width_as_a_pair_and_quotes_around_chinese_become_chinese_quotes(string typed, string set)
    {
        Assert.Equal(set, Rectify.Core.Notices.ChineseText.FullWidthPunctuation(typed));
        Assert.DoesNotMatch(HalfWidthRegex(), set);
    }

    [Theory]
    [InlineData("(1）开展排查")]
    [InlineData("（1)开展排查")]
    [InlineData("开展\"三资\"清理")]
    [InlineData("整改,推进")]
    public void The_scan_finds_mixed_brackets_and_half_width_quotes(string text) => Assert.Matches(HalfWidthRegex(), text);

    [Fact]
    public async Task An_imported_notice_is_stored_with_its_words_and_written_back_in_them()
    {
        var doc = NoticeParser.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt")));
        int id;
        await using (var db = _app.CreateDb())
            id = (await Rectify.Features.Inspections.LedgerTransfer.LoadAsync(db, doc, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 1)).Id;
        var admin = await _app.SignedInClientAsync();
        var text = await admin.GetStringAsync($"/api/inspections/{id}/notice/txt");
        Assert.Contains("（二）加强组织领导，形成整改合力。一方面，成立了以镇党委书记为组长的整改工作领导小组", text);
        Assert.Contains("整改状态：已取得阶段性成效，预计2023年12月完成", text);
        Assert.Contains("目前，细化分解的四方面14个问题，已完成整改11个，正在推进3个，正按整改方案的要求，有序推进。", text);
        Assert.Contains("三、坚持统筹兼顾，巩固巡察整改成效", text);
        // The export carries the words too.
        var exported = await admin.GetStringAsync($"/api/inspections/{id}/ledger");
        Assert.Contains("\"narrative\"", exported);
        Assert.Contains("二、坚持问题导向,推动巡察整改工作", exported);
    }

    /// <summary>
    /// The one scan for half-width marks in Chinese text, every test's: a , : ; ! ? ( ) beside a Chinese
    /// character, a bracket pair of mixed widths ("(1）开展"), and half-width double quotes around Chinese.
    /// </summary>
    [GeneratedRegex(@"[\u4e00-\u9fff][,:;!?()]|[,:;!?()][\u4e00-\u9fff]|\([^()（）\n]*）|（[^()（）\n]*\)|""[^""\n]*[\u4e00-\u9fff][^""\n]*""")]
    internal static partial Regex HalfWidthRegex();

    [GeneratedRegex(@"<style[\s\S]*?</style>|<script[\s\S]*?</script>")]
    private static partial Regex StyleRegex();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex TagRegex();
}
