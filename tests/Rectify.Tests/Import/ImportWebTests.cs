using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Interchange;
using Rectify.Tests.Problems;
using Rectify.Tests.Web;

namespace Rectify.Tests.Import;

/// <summary>The import page and API: preview beside the source, correct, confirm; nothing stored before.</summary>
public sealed partial class ImportWebTests : IAsyncLifetime
{
    readonly RectifyApp app = new();
    public async ValueTask InitializeAsync() => await ProblemKit.CreateUsersAsync(app);
    public ValueTask DisposeAsync() => app.DisposeAsync();

    static byte[] Chengbei => File.ReadAllBytes(Samples.Path("chengbei-2023-09-08.txt"));

    async Task<int> InspectionCountAsync()
    {
        await using var db = app.CreateDb();
        return await db.Inspections.CountAsync();
    }

    static async Task<string> PreviewAsync(HttpClient client, byte[] file, string name)
    {
        var page = await client.GetStringAsync("/inspections/import");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new ByteArrayContent(file), "Upload", name },
        };
        var r = await client.PostAsync("/inspections/import?handler=Preview", form);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        return await r.Content.ReadAsStringAsync();
    }

    /// <summary>The values a browser would post back from the preview form: inputs, textareas, selected options.</summary>
    static Dictionary<string, string> FormValues(string html)
    {
        var form = html[html.IndexOf("class=\"import-review\"", StringComparison.Ordinal)..];
        var values = new Dictionary<string, string>();
        foreach (Match m in InputRegex().Matches(form)) values[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        foreach (Match m in TextareaRegex().Matches(form)) values[m.Groups[1].Value] = WebUtility.HtmlDecode(m.Groups[2].Value);
        foreach (Match m in SelectRegex().Matches(form))
            values[m.Groups[1].Value] = SelectedRegex().Match(m.Groups[2].Value) is { Success: true } o ? WebUtility.HtmlDecode(o.Groups[1].Value) : "";
        return values;
    }

    static Task<HttpResponseMessage> ConfirmAsync(HttpClient client, Dictionary<string, string> values) =>
        client.PostAsync("/inspections/import?handler=Confirm", new FormUrlEncodedContent(values));

    [Fact]
    public async Task Preview_shows_the_parsed_ledger_beside_the_source_with_the_findings_and_stores_nothing()
    {
        var client = await app.As("editor");
        var html = await PreviewAsync(client, Chengbei, "chengbei-2023-09-08.txt");
        Assert.Equal(14, ProblemFieldset().Matches(html).Count);
        Assert.Contains("data-code=\"summary-mismatch\"", html);
        // The reader sees the Chinese sentence only; the code is an attribute for scripts and tests.
        foreach (Match li in FindingItemRegex().Matches(html))
            Assert.DoesNotMatch("[a-z]+-[a-z]+", WebUtility.HtmlDecode(li.Groups[1].Value));
        Assert.Contains("称正在推进2个，正文为3个", WebUtility.HtmlDecode(html));
        Assert.Contains("class=\"source-lines\"", html);
        Assert.Contains("<li id=\"src-1\"", html);
        Assert.Matches("<li id=\"src-\\d+\" class=\"marked\"", html); // the summary sentence the finding quotes
        Assert.Contains("<b>14</b> 个问题", html);
        var values = FormValues(html);
        Assert.Equal("第一组", values["Header.Group"]);
        Assert.Equal("2023-03-10", values["Header.FeedbackDate"]);
        Assert.Equal(14, LedgerJson.Read(values["DocumentJson"]).AllProblems.Count());
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task Confirm_stores_the_corrected_ledger_for_the_chosen_organisation()
    {
        var client = await app.As("editor");
        var values = FormValues(await PreviewAsync(client, Chengbei, "chengbei.txt"));
        Assert.Equal(1, await InspectionCountAsync());
        await using (var db = app.CreateDb())
            Assert.Equal((await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture), values["OrganizationId"]);
        values["Problems[2].Status"] = "completed";
        values["Problems[2].Measures"] = "更正后的唯一措施";
        values["Header.Group"] = "第三组";
        var r = await ConfirmAsync(client, values);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var id = int.Parse(r.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, await InspectionCountAsync());
        var ledger = await client.GetFromJsonAsync<LedgerDocument>($"/api/inspections/{id}/ledger", LedgerJson.Options);
        Assert.Equal(14, ledger!.Counts.Problems);
        Assert.Equal("第三组", ledger.Inspection.Group);
        var third = ledger.AllProblems.Single(p => p.Ordinal == 3);
        Assert.Equal("completed", third.Status);
        Assert.Equal(["更正后的唯一措施"], third.Measures);
        Assert.Equal(12, ledger.Counts.Completed);
    }

    [Fact]
    public async Task A_notice_already_saved_is_shown_as_a_duplicate_in_the_preview_with_a_link_to_it()
    {
        var client = await app.As("editor");
        var r = await ConfirmAsync(client, FormValues(await PreviewAsync(client, Chengbei, "chengbei.txt")));
        var id = int.Parse(r.Headers.Location!.OriginalString.Split('/')[^1], System.Globalization.CultureInfo.InvariantCulture);

        // The same text, saved again by another name with Windows line ends.
        var again = await PreviewAsync(client, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(Chengbei).Replace("\n", "\r\n")), "copy.txt");
        var banner = DuplicateRegex().Match(again);
        Assert.True(banner.Success, "no duplicate shown");
        Assert.Contains("全文相同", WebUtility.HtmlDecode(banner.Value));
        Assert.Contains($"href=\"/inspections/{id}\"", banner.Value);
        Assert.Contains("class=\"import-review\"", again); // shown, not refused: the user decides

        var other = await PreviewAsync(client, File.ReadAllBytes(Samples.Path("21_changge-funeral-special-xuncha-2025.txt")), "changge.txt");
        Assert.DoesNotMatch(DuplicateRegex(), other);
    }

    [Fact]
    public async Task A_later_notice_of_a_unit_whose_ledger_for_the_round_is_saved_is_shown_as_a_second_ledger_in_the_preview()
    {
        var client = await app.As("admin");
        // The demo holds 城北镇's ledger of this round; a later notice of the same unit and round (another date, a word
        // changed) is not the same notice, but saving it would make a second ledger, which the API and CLI refuse.
        var later = Encoding.UTF8.GetString(Chengbei).Replace("2023年9月8日", "2024年1月8日").Replace("增强学习效果", "提升学习效果");
        var page = await PreviewAsync(client, Encoding.UTF8.GetBytes(later), "later.txt");
        var banner = DuplicateRegex().Match(page);
        Assert.True(banner.Success, "no second ledger shown");
        Assert.Contains("被巡察单位和巡察轮次相同", WebUtility.HtmlDecode(banner.Value));
        Assert.Contains("href=\"/inspections/1\"", banner.Value);
        Assert.Contains("class=\"import-review\"", page); // shown, not refused: the user decides
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task An_xlsx_notice_table_is_previewed_as_its_problems()
    {
        var client = await app.As("editor");
        var html = await PreviewAsync(client, TableAndListTests.NoticeWorkbook(), "整改情况表.xlsx");
        Assert.Equal(3, ProblemFieldset().Matches(html).Count);
        var doc = LedgerJson.Read(FormValues(html)["DocumentJson"]);
        Assert.Equal(["学习不深入", "制度不健全", "会议过多"], doc.AllProblems.Select(p => p.Title));
        Assert.Equal(1, await InspectionCountAsync());
    }

    public static TheoryData<string, string, string> Refusals() => new()
    {
        { "empty.txt", "", "空文件" },
        { "tool.exe", "binary", "二进制文件" },
        { "ledger.xlsx", "xlsx", "电子表格" },
        { "minutes.txt", "会议纪要\n今天上午召开了全体干部大会,传达学习了上级会议精神。\n会议要求大家做好本职工作。", "不像是巡察整改情况通报" },
        { "plan.txt", "关于巡察整改工作的安排\n各单位要高度重视巡察整改工作,认真抓好落实。", "不像是巡察整改情况通报" },
        { "summary.txt", "关于巡察整改进展情况的公告\n截至2023年9月8日,巡察反馈的四个方面14个问题,已完成整改11个,正在推进3个。", "没有找到逐条列出的问题" },
        // Only the work done, under headings of its own words: its items are no problems, and nothing is saved.
        { "work-done.txt", "区委第二巡察组对区卫健局党组进行了巡察。现将整改进展情况予以公布。\n一、我们这样干\n(一)先学一步,带头深学细悟。局党组召开会议6次。\n(二)多走一步,上门听取意见。\n", "正文中没有找到逐条列出的问题（问题的标题、整改状态或整改措施），不能保存为台账" },
        // PDFs and pictures the importer cannot read: the same one-line reasons as the importer's own (PdfRefusalTests).
        { "通报.pdf", "encrypted-pdf", "“通报.pdf”已加密（设有打开密码），请去除密码后再导入" },
        { "通报.pdf", "broken-pdf", "“通报.pdf”看似 PDF 文件但无法读取（文件可能已损坏）" },
        { "空白.png", "blank-png", "“空白.png”中没有识别出文字" },
    };

    static byte[] Bytes(string content) => content switch
    {
        "binary" => ProblemKit.Exe(),
        "xlsx" => ProblemKit.Zip("[Content_Types].xml", "xl/workbook.xml"),
        "encrypted-pdf" => PdfRefusalTests.Encrypted(),
        "broken-pdf" => PdfRefusalTests.Broken(),
        "blank-png" => PdfRefusalTests.BlankPng(),
        _ => Encoding.UTF8.GetBytes(content),
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Bad_files_re_show_the_page_with_a_one_line_reason(string name, string content, string reason)
    {
        var client = await app.As("admin");
        var html = await PreviewAsync(client, Bytes(content), name);
        var error = ErrorRegex().Match(html);
        Assert.True(error.Success, "no error shown");
        Assert.Contains(reason, WebUtility.HtmlDecode(error.Groups[1].Value));
        Assert.DoesNotContain("\n", error.Groups[1].Value);
        Assert.DoesNotContain("class=\"import-review\"", html);
        Assert.Equal(1, await InspectionCountAsync());

        using var form = new MultipartFormDataContent { { new ByteArrayContent(Bytes(content)), "file", name } };
        var api = await client.PostAsync("/api/import/preview", form);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, api.StatusCode);
        Assert.Contains(reason, await ProblemKit.DetailAsync(api));
    }

    [Fact]
    public async Task An_organisation_outside_the_users_scope_is_refused_and_nothing_stored()
    {
        var client = await app.As("editor");
        var values = FormValues(await PreviewAsync(client, Chengbei, "chengbei.txt"));
        await using (var db = app.CreateDb())
            values["OrganizationId"] = (await db.Organizations.SingleAsync(o => o.Name == "西阳镇")).Id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(HttpStatusCode.NotFound, (await ConfirmAsync(client, values)).StatusCode);

        var api = await client.PostAsJsonAsync("/api/import", new { document = LedgerJson.Read(values["DocumentJson"]), organizationId = int.Parse(values["OrganizationId"], System.Globalization.CultureInfo.InvariantCulture) }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task A_tampered_hidden_ledger_with_a_repeated_ordinal_is_refused_with_the_message()
    {
        var client = await app.As("editor");
        var values = FormValues(await PreviewAsync(client, Chengbei, "chengbei.txt"));
        var doc = LedgerJson.Read(values["DocumentJson"]);
        doc.Categories[0].Problems[1].Ordinal = 1;
        values["DocumentJson"] = LedgerJson.Write(doc);
        var r = await ConfirmAsync(client, values);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var error = ErrorRegex().Match(await r.Content.ReadAsStringAsync());
        Assert.True(error.Success, "no error shown");
        Assert.Contains("问题序号 1 重复", WebUtility.HtmlDecode(error.Groups[1].Value));
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task A_wrong_status_code_typed_into_the_form_is_refused_and_the_edits_are_kept()
    {
        var client = await app.As("editor");
        var values = FormValues(await PreviewAsync(client, Chengbei, "chengbei.txt"));
        values["Problems[0].Status"] = "done";
        values["Problems[1].Title"] = "改过的标题";
        var r = await ConfirmAsync(client, values);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("未知的整改状态代码“done”", WebUtility.HtmlDecode(ErrorRegex().Match(html).Groups[1].Value));
        Assert.Equal("改过的标题", FormValues(html)["Problems[1].Title"]);
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task Api_previews_then_creates_the_inspection()
    {
        var client = await app.As("editor");
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Chengbei), "file", "chengbei.txt" } };
        var preview = await client.PostAsync("/api/import/preview", form);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var doc = (await preview.Content.ReadFromJsonAsync<LedgerDocument>(LedgerJson.Options))!;
        Assert.Equal(14, doc.Counts.Problems);
        Assert.Contains(doc.Findings, f => f.Code == "summary-mismatch");
        Assert.Equal(1, await InspectionCountAsync());

        int town;
        await using (var db = app.CreateDb()) town = (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id;
        // The demo inspection is this very notice: saved again only when the caller says so.
        Assert.Contains(doc.Findings, f => f.Code == "duplicate");
        var created = await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = town, allowDuplicate = true }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(14, body.GetProperty("problems").GetInt32());
        Assert.Equal($"/inspections/{body.GetProperty("id").GetInt32()}", created.Headers.Location!.OriginalString);
        Assert.Equal(2, await InspectionCountAsync());
    }

    [Fact]
    public async Task Api_refuses_to_save_a_ledger_without_problems()
    {
        var client = await app.As("editor");
        var doc = await ApiPreviewAsync(client, Chengbei, "chengbei.txt");
        doc.Categories.Clear();
        var refused = await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = await TownAsync("城北镇"), allowDuplicate = true }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal("正文中没有找到逐条列出的问题（问题的标题、整改状态或整改措施），不能保存为台账", await ProblemKit.DetailAsync(refused));
        Assert.Equal(1, await InspectionCountAsync());
    }

    static async Task<LedgerDocument> ApiPreviewAsync(HttpClient client, byte[] file, string name)
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(file), "file", name } };
        var preview = await client.PostAsync("/api/import/preview", form);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        return (await preview.Content.ReadFromJsonAsync<LedgerDocument>(LedgerJson.Options))!;
    }

    async Task<int> TownAsync(string name)
    {
        await using var db = app.CreateDb();
        return (await db.Organizations.SingleAsync(o => o.Name == name)).Id;
    }

    [Fact]
    public async Task Api_shows_a_notice_already_saved_as_a_duplicate_and_refuses_to_save_it_again_unless_allowed()
    {
        var client = await app.As("admin"); // the office: a notice of a new round creates the round
        var town = await TownAsync("城北镇");
        var notice = File.ReadAllBytes(Samples.Path("21_changge-funeral-special-xuncha-2025.txt"));
        var first = await ApiPreviewAsync(client, notice, "changge.txt");
        Assert.DoesNotContain(first.Findings, f => f.Code == "duplicate");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/import", new { document = first, organizationId = town }, LedgerJson.Options)).StatusCode);

        // The same text again, with Windows line ends and another name: the preview says so.
        var again = await ApiPreviewAsync(client, Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(notice).Replace("\n", "\r\n")), "copy.txt");
        var duplicate = Assert.Single(again.Findings, f => f.Code == "duplicate");
        Assert.Contains("全文相同", duplicate.Message);
        var refused = await client.PostAsJsonAsync("/api/import", new { document = again, organizationId = town }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.StartsWith("未保存：该公告与已保存的巡察", await ProblemKit.DetailAsync(refused));
        Assert.Equal(2, await InspectionCountAsync());

        // The same issuer, date and round without the text's fingerprint (a document edited by hand) is a duplicate too.
        again.SourceHash = null;
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsJsonAsync("/api/import", new { document = again, organizationId = town }, LedgerJson.Options)).StatusCode);

        var allowed = await client.PostAsJsonAsync("/api/import", new { document = again, organizationId = town, allowDuplicate = true }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(3, await InspectionCountAsync());
    }

    [Fact]
    public async Task Api_refuses_a_second_ledger_of_the_unit_in_the_same_round_as_the_excel_page_does_unless_allowed()
    {
        var client = await app.As("admin");
        // The demo's ledger of 城北镇 in its round, under another date and without a fingerprint: not the same notice,
        // but a second ledger of the unit in the round.
        var doc = Rectify.Setup.DemoLedger();
        doc.Date = new DateOnly(2024, 3, 1);
        doc.SourceHash = null;
        var refused = await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = await TownAsync("城北镇") }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var detail = await ProblemKit.DetailAsync(refused);
        Assert.StartsWith("未保存：该台账与已保存的巡察", detail);
        Assert.Contains("被巡察单位和巡察轮次相同", detail);
        Assert.Contains("\"allowDuplicate\": true", detail);
        Assert.Equal(1, await InspectionCountAsync());

        // Another unit in the same round has no ledger yet.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = await TownAsync("西阳镇") }, LedgerJson.Options)).StatusCode);
        var allowed = await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = await TownAsync("城北镇"), allowDuplicate = true }, LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);
        Assert.Equal(3, await InspectionCountAsync());
    }

    [Fact]
    public async Task An_audit_notice_imported_keeps_each_problems_amounts_and_its_page_shows_them()
    {
        var client = await app.As("admin"); // the office: a notice of a new round creates the round
        var doc = await ApiPreviewAsync(client, Encoding.UTF8.GetBytes(OtherSourcesTests.Audit), "审计整改.txt");
        var created = await client.PostAsJsonAsync("/api/import", new { document = doc, organizationId = await TownAsync("城北镇") }, LedgerJson.Options);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        int third;
        await using (var db = app.CreateDb())
        {
            var problems = await db.Problems.Where(p => p.InspectionId == id).OrderBy(p => p.Ordinal).ToListAsync();
            Assert.Equal([(null, null), (null, 1_555_000m), (120_000m, 86_000m)], problems.Select(p => (p.AmountInvolved, p.AmountRectified)));
            third = problems[2].Id;
        }
        var page = await client.GetStringAsync($"/problems/{third}");
        decimal Shown(string field) => decimal.Parse(Regex.Match(page, $"name=\"Fields.{field}\" value=\"([0-9.]+)\"").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(120_000m, Shown("AmountInvolved"));
        Assert.Equal(86_000m, Shown("AmountRectified"));
        // The breakdown as stated is kept beside the sums, shown on the page and carried by the ledger's 资金明细 column.
        Assert.Contains("资金明细：问题金额12万元；追回资金8.6万元；整改金额8.6万元", page, StringComparison.Ordinal);
        var workbook = await client.GetByteArrayAsync($"/inspections/{id}/export.xlsx");
        var read = Rectify.Core.Excel.LedgerWorkbook.Read(new MemoryStream(workbook));
        Assert.True(read.Succeeded, string.Join("\n", read.Errors));
        var second = read.Ledger!.AllProblems.ElementAt(1);
        Assert.Equal([("收回结余资金", 1_205_000m), ("归还原渠道", 350_000m)], second.Amounts!.Select(a => (a.Text, a.Yuan)));
    }

    [Fact]
    public async Task Readers_may_not_import()
    {
        var client = await app.As("reader");
        var page = await client.GetAsync("/inspections/import");
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Chengbei), "file", "chengbei.txt" } };
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/import/preview", form)).StatusCode);
        Assert.DoesNotContain("/inspections/import", await client.GetStringAsync("/"));
        Assert.Contains("导入公告", await (await app.As("editor")).GetStringAsync("/"));
    }

    [GeneratedRegex("<p class=\"duplicate\"[^>]*>.*?</p>", RegexOptions.Singleline)]
    private static partial Regex DuplicateRegex();

    [GeneratedRegex("<li class=\"finding[^\"]*\"[^>]*>(.*?)</li>", RegexOptions.Singleline)]
    private static partial Regex FindingItemRegex();

    [GeneratedRegex("<input[^>]*?name=\"([^\"]+)\"[^>]*?value=\"([^\"]*)\"")]
    private static partial Regex InputRegex();
    [GeneratedRegex("<textarea name=\"([^\"]+)\"[^>]*>([^<]*)</textarea>")]
    private static partial Regex TextareaRegex();
    [GeneratedRegex("<select name=\"([^\"]+)\"[^>]*>(.*?)</select>", RegexOptions.Singleline)]
    private static partial Regex SelectRegex();
    [GeneratedRegex("<option value=\"([^\"]*)\" selected=\"selected\"")]
    private static partial Regex SelectedRegex();
    [GeneratedRegex("<p class=\"error\" role=\"alert\" id=\"import-error\">([^<]*)</p>")]
    private static partial Regex ErrorRegex();
    [GeneratedRegex("<fieldset class=\"problem\"")]
    private static partial Regex ProblemFieldset();
}
