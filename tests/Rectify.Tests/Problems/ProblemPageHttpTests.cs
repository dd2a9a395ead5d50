using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Rectify.Core.Domain;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

public partial class ProblemPageHttpTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public async ValueTask InitializeAsync() => await CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static async Task<HttpResponseMessage> PostForm(HttpClient client, int id, string handler, Dictionary<string, string> fields, bool withToken = true)
    {
        var html = await client.GetStringAsync($"/problems/{id}");
        if (withToken) fields["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html);
        return await client.PostAsync($"/problems/{id}?handler={handler}", new FormUrlEncodedContent(fields));
    }

    static string Version(string html) => VersionRegex().Match(html).Groups[1].Value;

    [GeneratedRegex("name=\"Version\" value=\"(\\d+)\"")]
    private static partial Regex VersionRegex();

    [Fact]
    public async Task Who_asked_for_a_closure_or_an_extension_is_shown_by_name_while_the_record_and_api_keep_the_user_name()
    {
        var editor = await _app.As("editor"); // 王填报
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions",
            new { newDeadline = "2099-01-31", reason = "冬季无法施工", version = await editor.VersionAsync(Phased) })).StatusCode);
        // Completed with its evidence, then asked to be closed (销号).
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("已全部复耕", await editor.VersionAsync(Phased), ("a.pdf", Pdf())))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/status",
            new { status = "completed", reason = "其余措施转入长效机制", version = await editor.VersionAsync(Phased) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request",
            new { version = await editor.VersionAsync(Phased) })).StatusCode);

        var page = await editor.GetStringAsync($"/problems/{Phased}");
        // The person by name; the user name stays in the title, for whoever searches the audit log by it.
        Assert.Contains("申请：<span class=\"person\" title=\"editor\">王填报</span>，", page);
        Assert.Contains("<small><span class=\"person\" title=\"editor\">王填报</span> · ", page);
        Assert.DoesNotContain("申请：editor", page);
        var queue = await (await _app.As("supervisor")).GetStringAsync("/supervision");
        Assert.Contains("<td data-label=\"申请人\">王填报</td>", queue);
        // Scripts keep the account's user name, which never changes.
        var p = await editor.GetProblemAsync(Phased);
        Assert.Equal("editor", p.GetProperty("closure").GetProperty("requestedBy").GetString());
    }

    [Fact]
    public async Task The_page_shows_the_problem_in_chinese_with_only_the_allowed_moves()
    {
        var client = await _app.As("editor");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("撂荒复耕工作开展不扎实", html);
        Assert.Contains("取得阶段性成效", html);
        Assert.Contains("预计 2023年12月 完成", html);
        Assert.Contains("已完成 0 / 共 3 项", html);
        var select = html[html.IndexOf("name=\"StatusChange.Status\"", StringComparison.Ordinal)..];
        select = select[..select.IndexOf("</select>", StringComparison.Ordinal)];
        var options = Regex.Matches(select, "<option value=\"([a-z-]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["in-progress", "phased", "completed", "completed-sustained"], options);
        Assert.Contains("变更记录", html);
    }

    [Fact]
    public async Task A_status_change_from_the_form_is_saved_and_listed_in_the_history()
    {
        var client = await _app.As("editor");
        var v = Version(await client.GetStringAsync($"/problems/{Phased}"));
        var r = await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "in-progress", ["Version"] = v });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal($"/problems/{Phased}#status", r.Headers.Location?.OriginalString);

        var html = await client.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("整改状态已改为“正在推进”", html);
        var history = html[html.IndexOf("id=\"history\"", StringComparison.Ordinal)..];
        // Who changed it is shown by name, not by the user name the history keeps.
        Assert.Matches("<td data-label=\"人员\"><span class=\"person\" title=\"editor\">王填报</span></td>\\s*<td[^>]*>整改状态</td>\\s*<td class=\"before\"[^>]*>取得阶段性成效</td>\\s*<td class=\"after\"[^>]*>正在推进</td>", history);
        Assert.DoesNotContain(">editor<", history);
    }

    [Fact]
    public async Task The_audit_log_shows_who_acted_by_name_and_still_finds_them_by_user_name()
    {
        var client = await _app.As("editor"); // 王填报
        var v = Version(await client.GetStringAsync($"/problems/{Phased}"));
        Assert.Equal(HttpStatusCode.Redirect, (await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "in-progress", ["Version"] = v })).StatusCode);

        // The log keeps the user name, which the filter takes; each row shows the person.
        var audit = await (await _app.AuditAdminAsync()).GetStringAsync("/admin/audit?actor=editor");
        var rows = Regex.Matches(audit, "<tr data-audit=\"\\d+\">\\s*<td>[^<]*</td>\\s*<td>(.*?)</td>", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(rows);
        Assert.All(rows, actor => Assert.Equal("<span class=\"person\" title=\"editor\">王填报</span>", actor));
    }

    [Fact]
    public async Task An_illegal_change_is_re_shown_with_its_message_and_nothing_is_written()
    {
        var client = await _app.As("editor");
        var v = Version(await client.GetStringAsync($"/problems/{Phased}"));
        var r = await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "completed", ["Version"] = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"error\" role=\"alert\">改为“已完成整改”前，须至少有一条附有佐证材料的整改进展</p>", html);

        r = await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "phased", ["StatusChange.ExpectedCompletion"] = "2023-12", ["Version"] = v });
        Assert.Contains("已是“取得阶段性成效，预计2023年12月完成”，没有变化", await r.Content.ReadAsStringAsync());

        var stored = await _app.StoredAsync(Phased);
        Assert.Equal(RectificationStatus.Phased, stored.Status);
        Assert.Equal(int.Parse(v, System.Globalization.CultureInfo.InvariantCulture), stored.Version);
    }

    [Fact]
    public async Task A_stale_form_is_refused_and_writes_nothing()
    {
        var client = await _app.As("editor");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        var token = RectifyApp.AntiforgeryToken(html);
        var v = Version(html);
        var api = await _app.As("editor2");
        await api.PostAsync($"/api/problems/{Phased}/progress", Progress("别人先改了", int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)));

        var r = await client.PostAsync($"/problems/{Phased}?handler=Fields", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Fields.Title"] = "我的新标题", ["Fields.Kind"] = "deadline", ["Version"] = v, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        var shown = await r.Content.ReadAsStringAsync();
        Assert.Contains("数据已被他人修改（在您打开这个问题之后），请刷新后重试；本次修改未保存。", shown);
        // The version is kept in the form for the check, never shown: neither the header nor the message speaks of "第 n 版".
        Assert.DoesNotMatch(@"第\s*\d+\s*版", shown);
        Assert.Contains("value=\"我的新标题\"", shown); // what was typed is not lost
        Assert.Equal("撂荒复耕工作开展不扎实", (await _app.StoredAsync(Phased)).Title);
    }

    [Fact]
    public async Task A_form_without_its_antiforgery_token_is_refused()
    {
        var client = await _app.As("editor");
        var v = Version(await client.GetStringAsync($"/problems/{Phased}"));
        var r = await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "in-progress", ["Version"] = v }, withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal(RectificationStatus.Phased, (await _app.StoredAsync(Phased)).Status);
    }

    [Fact]
    public async Task Another_organisations_problem_page_is_404()
    {
        var client = await _app.As("outsider");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/problems/{Phased}")).StatusCode);
        var own = await _app.As("editor");
        var html = await own.GetStringAsync($"/problems/{Phased}");
        // Even with a valid token of its own session, a post to it is 404.
        var outsiderToken = RectifyApp.AntiforgeryToken(await client.GetStringAsync("/account/login"));
        var r = await client.PostAsync($"/problems/{Phased}?handler=Status", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["StatusChange.Status"] = "in-progress", ["Version"] = Version(html), ["__RequestVerificationToken"] = outsiderToken,
        }));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
    }

    [Fact]
    public async Task A_reader_sees_the_page_without_actions_and_a_post_is_refused()
    {
        var client = await _app.As("reader");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("您的角色只能查看这个问题", html);
        Assert.DoesNotContain("更改状态", html);
        Assert.DoesNotContain("添加进展", html);
        Assert.DoesNotContain("保存问题信息", html);
        var r = await PostForm(client, Phased, "Status", new() { ["StatusChange.Status"] = "in-progress", ["Version"] = Version(html) });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("您的角色不能更改整改状态", await r.Content.ReadAsStringAsync());
        Assert.Equal(RectificationStatus.Phased, (await _app.StoredAsync(Phased)).Status);
    }

    [Fact]
    public async Task Progress_with_an_exe_renamed_pdf_is_refused_on_the_page_and_a_real_pdf_is_shown_with_its_sha256()
    {
        var client = await _app.As("editor");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        MultipartFormDataContent Form(string name, byte[] bytes)
        {
            var f = new MultipartFormDataContent
            {
                { new StringContent(DateTime.Today.ToString("yyyy-MM-dd")), "NewProgress.Date" },
                { new StringContent("已复耕 42 亩"), "NewProgress.Text" },
                { new StringContent(Version(html)), "Version" },
                { new StringContent(RectifyApp.AntiforgeryToken(html)), "__RequestVerificationToken" },
            };
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
            f.Add(file, "NewProgress.Files", name);
            return f;
        }
        var r = await client.PostAsync($"/problems/{Phased}?handler=Progress", Form("复耕.pdf", Exe()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        var shown = await r.Content.ReadAsStringAsync();
        Assert.Contains("文件“复耕.pdf”的内容不是PDF", shown);
        Assert.Contains("已复耕 42 亩</textarea>", shown);
        Assert.Empty((await _app.StoredAsync(Phased)).Progress);

        r = await client.PostAsync($"/problems/{Phased}?handler=Progress", Form("复耕.pdf", Pdf()));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var page = await client.GetStringAsync($"/problems/{Phased}");
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf()));
        Assert.Contains("SHA-256 " + sha, page);
        Assert.Matches("<a href=\"/api/evidence/\\d+\" download>复耕.pdf</a>", page);
        Assert.Matches("<td[^>]*>整改进展</td>", page);
    }

    [Fact]
    public async Task Measures_are_added_moved_and_deleted_from_the_page()
    {
        var client = await _app.As("editor");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        var r = await PostForm(client, Phased, "MeasureAdd", new() { ["NewMeasure.Text"] = "建立复耕台账", ["NewMeasure.Owner"] = "农业办", ["Version"] = Version(html) });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var stored = await _app.StoredAsync(Phased);
        var added = stored.Measures.Single(m => m.Text == "建立复耕台账");
        Assert.Equal(4, added.Ordinal);

        html = await client.GetStringAsync($"/problems/{Phased}");
        r = await client.PostAsync($"/problems/{Phased}?handler=MeasureMove&measureId={added.Id}&to=3", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = Version(html), ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(3, (await _app.StoredAsync(Phased)).Measures.Single(m => m.Id == added.Id).Ordinal);

        html = await client.GetStringAsync($"/problems/{Phased}");
        r = await client.PostAsync($"/problems/{Phased}?handler=MeasureEdit&measureId={added.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["EditMeasure.Text"] = "", ["Version"] = Version(html), ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("整改措施内容不能为空", await r.Content.ReadAsStringAsync());

        r = await client.PostAsync($"/problems/{Phased}?handler=MeasureDelete&measureId={added.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Version"] = Version(html), ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(3, (await _app.StoredAsync(Phased)).Measures.Count);
    }

    [Fact]
    public async Task A_bad_date_is_refused_with_a_chinese_message()
    {
        var client = await _app.As("editor");
        var html = await client.GetStringAsync($"/problems/{Phased}");
        var r = await PostForm(client, Phased, "ExtensionRequest", new() { ["NewExtension.NewDeadline"] = "明年", ["NewExtension.Reason"] = "x", ["Version"] = Version(html) });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("“延期后的时限”的值“明年”无效", await r.Content.ReadAsStringAsync());
        Assert.Empty((await _app.StoredAsync(Phased)).Extensions);
    }

    [Fact]
    public async Task The_deadline_is_set_on_the_form_then_extended_by_a_request_a_leader_approves()
    {
        var editor = await _app.As("editor");
        var html = await editor.GetStringAsync($"/problems/{Phased}");
        var r = await PostForm(editor, Phased, "Fields", new()
        {
            ["Fields.Title"] = "撂荒复耕工作开展不扎实", ["Fields.Kind"] = "deadline", ["Fields.Deadline"] = "2026-12-31",
            ["Fields.Items"] = "东村 30 亩\n西村 12 亩", ["Fields.AmountInvolved"] = "1200.50", ["Version"] = Version(html),
        });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var stored = await _app.StoredAsync(Phased);
        Assert.Equal(new DateOnly(2026, 12, 31), stored.Deadline);
        Assert.Equal(["东村 30 亩", "西村 12 亩"], stored.SpecificItems);
        Assert.Equal(1200.50m, stored.AmountInvolved);

        html = await editor.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("已设定；变更须申请延期并获批准", html);
        r = await PostForm(editor, Phased, "ExtensionRequest", new() { ["NewExtension.NewDeadline"] = "2027-03-31", ["NewExtension.Reason"] = "冬季无法耕种", ["Version"] = Version(html) });
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var ext = Assert.Single((await _app.StoredAsync(Phased)).Extensions);

        var leader = await _app.As("leader");
        html = await leader.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("批准延期", html);
        r = await leader.PostAsync($"/problems/{Phased}?handler=ExtensionDecide&extensionId={ext.Id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["approve"] = "true", ["Version"] = Version(html), ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        html = await leader.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("现行时限：<b>2027-03-31</b>", html);
        Assert.Matches("<td>2026-12-31</td>\\s*<td>2027-03-31</td>\\s*<td>冬季无法耕种", html);
        Assert.Contains("已批准", html);
    }
}
