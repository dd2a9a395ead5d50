using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Import;
using Rectify.Tests.Problems;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 20: uploads are bounded by settings (here 1 MB a file, 2 MB a request) and an archive that
/// expands too far is refused; every refusal is Chinese, 413 for the sizes, never a 500.
/// </summary>
public sealed class UploadLimitTests : IAsyncLifetime
{
    readonly RectifyApp _app = new() { Settings = { ["Rectify:Uploads:MaxFileMB"] = "1", ["Rectify:Uploads:MaxRequestMB"] = "2" } };

    public async ValueTask InitializeAsync() => await ProblemKit.CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    public const string RequestLimit = "上传的内容超过单次请求 2 MB 的上限，未保存任何内容";
    const string FileLimit = "上传的文件超过单个文件 1 MB 的上限，未保存任何内容";

    public static MultipartFormDataContent FileForm(string field, string name, byte[] bytes, params (string Name, string Value)[] values)
    {
        var form = new MultipartFormDataContent();
        foreach (var (n, v) in values) form.Add(new StringContent(v), n);
        form.Add(new ByteArrayContent(bytes), field, name);
        return form;
    }

    async Task<int> InspectionCountAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Inspections.CountAsync();
    }

    public static async Task<string> PageTextAsync(HttpResponseMessage r)
    {
        Assert.Equal("text/html", r.Content.Headers.ContentType?.MediaType);
        return WebUtility.HtmlDecode(await r.Content.ReadAsStringAsync());
    }

    async Task<string> TokenOfAsync(HttpClient client, string page) => RectifyApp.AntiforgeryToken(await client.GetStringAsync(page));

    [Fact]
    public async Task A_docx_bomb_sent_to_the_import_api_is_refused_in_Chinese_and_nothing_is_stored()
    {
        var client = await _app.As("editor");
        var r = await client.PostAsync("/api/import/preview", FileForm("file", "通报.docx", ZipBombs.Docx));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("“通报.docx”中的“word/document.xml”压缩比超过 100:1 的上限，可能是压缩炸弹，已拒绝", await ProblemKit.DetailAsync(r));
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task A_docx_bomb_sent_through_the_import_page_is_shown_as_the_reason_on_the_page()
    {
        var client = await _app.As("editor");
        var token = await TokenOfAsync(client, "/inspections/import");
        var r = await client.PostAsync("/inspections/import?handler=Preview", FileForm("Upload", "通报.docx", ZipBombs.Docx, ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("可能是压缩炸弹，已拒绝", await PageTextAsync(r));
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task An_xlsx_bomb_sent_through_the_excel_import_is_listed_as_the_error_and_nothing_is_stored()
    {
        var client = await _app.SignedInClientAsync();
        var token = await TokenOfAsync(client, "/inspections/import-xlsx");
        int orgId, roundId;
        await using (var db = _app.CreateDb())
        {
            orgId = await db.Organizations.Where(o => o.Name == "城北镇").Select(o => o.Id).SingleAsync();
            roundId = await db.Rounds.Select(x => x.Id).FirstAsync();
        }
        var r = await client.PostAsync("/inspections/import-xlsx", FileForm("Upload", "台账.xlsx", ZipBombs.Xlsx,
            ("__RequestVerificationToken", token), ("OrganizationId", orgId.ToString()), ("RoundId", roundId.ToString())));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await PageTextAsync(r);
        Assert.Contains("未导入任何内容", html);
        Assert.Contains("Excel 文件中的“xl/worksheets/sheet1.xml”压缩比超过 100:1 的上限，可能是压缩炸弹，已拒绝", html);
        Assert.Equal(1, await InspectionCountAsync());
    }

    [Fact]
    public async Task A_request_over_the_request_limit_gets_413_with_the_limit_as_problem_details_on_the_api()
    {
        var client = await _app.As("editor");
        var r = await client.PostAsync("/api/import/preview", FileForm("file", "通报.txt", new byte[3 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(RequestLimit, await ProblemKit.DetailAsync(r));
    }

    [Fact]
    public async Task A_request_over_the_request_limit_gets_413_with_the_limit_as_a_page_for_a_browser_form()
    {
        var client = await _app.As("editor");
        var token = await TokenOfAsync(client, "/inspections/import");
        var r = await client.PostAsync("/inspections/import?handler=Preview", FileForm("Upload", "通报.txt", new byte[3 * 1024 * 1024], ("__RequestVerificationToken", token)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        var html = await PageTextAsync(r);
        Assert.Contains("<h1>文件过大</h1>", html);
        Assert.Contains(RequestLimit, html);
    }

    [Fact]
    public async Task A_malformed_form_is_answered_400_in_Chinese_not_500()
    {
        var client = await _app.As("editor");
        var body = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes("--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\nno closing boundary"));
        body.Headers.ContentType = MediaTypeHeaderValue.Parse("multipart/form-data; boundary=xyz");
        var r = await client.PostAsync("/api/import/preview", body);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("提交的表单格式错误，无法读取", await ProblemKit.DetailAsync(r));
    }

    [Fact]
    public async Task A_file_over_the_file_limit_gets_413_with_the_limit_and_no_evidence_is_kept()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(ProblemKit.Phased);
        var big = new byte[1536 * 1024];
        ProblemKit.Pdf().CopyTo(big, 0);
        var r = await client.PostAsync($"/api/problems/{ProblemKit.Phased}/progress", ProblemKit.Progress("大文件", v, ("big.pdf", big)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(FileLimit, await ProblemKit.DetailAsync(r));

        // The same file through the problem page's form: a page that says so.
        var token = await TokenOfAsync(client, $"/problems/{ProblemKit.Phased}");
        r = await client.PostAsync($"/problems/{ProblemKit.Phased}?handler=Progress", FileForm("NewProgress.Files", "big.pdf", big,
            ("__RequestVerificationToken", token), ("Version", v.ToString()), ("NewProgress.Date", DateTime.Today.ToString("yyyy-MM-dd")), ("NewProgress.Text", "大文件")));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains(FileLimit, await PageTextAsync(r));

        var p = await client.GetProblemAsync(ProblemKit.Phased);
        Assert.Equal(v, p.GetProperty("version").GetInt32());
        Assert.Equal(0, p.GetProperty("progress").GetArrayLength());
        var folder = Path.Combine(_app.DataFolder, "evidence");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []);
    }
}

/// <summary>
/// The same limits on a real Kestrel port: a declared length over the limit is answered while the
/// client is still sending, and a body of unknown length is stopped by Kestrel's own count.
/// </summary>
public sealed class KestrelUploadLimitTests : IAsyncLifetime
{
    readonly RectifyApp _app = new() { Settings = { ["Rectify:Uploads:MaxFileMB"] = "1", ["Rectify:Uploads:MaxRequestMB"] = "2" } };
    HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        using var scope = _app.Services.CreateScope();
        var admin = await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByNameAsync("admin");
        var token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), admin!, "test", TimeProvider.System);
        _client = new HttpClient { BaseAddress = _app.ClientOptions.BaseAddress };
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task A_declared_length_over_the_limit_is_answered_413_over_a_real_socket()
    {
        var r = await _client.PostAsync("/api/import/preview", UploadLimitTests.FileForm("file", "通报.txt", new byte[3 * 1024 * 1024]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(UploadLimitTests.RequestLimit, await ProblemKit.DetailAsync(r));
    }

    [Fact]
    public async Task A_chunked_body_without_a_length_is_stopped_by_kestrel_at_the_limit_with_the_same_answer()
    {
        // Three files, each under the file limit, together over the request limit.
        var form = UploadLimitTests.FileForm("file", "通报.txt", new byte[900 * 1024]);
        form.Add(new ByteArrayContent(new byte[900 * 1024]), "file2", "附件1.txt");
        form.Add(new ByteArrayContent(new byte[900 * 1024]), "file3", "附件2.txt");
        // Sent as a stream of unknown length: nothing to check up front, Kestrel counts the bytes as they come.
        var chunked = new StreamContent(await form.ReadAsStreamAsync());
        chunked.Headers.ContentType = form.Headers.ContentType;
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/import/preview") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        var r = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(UploadLimitTests.RequestLimit, await ProblemKit.DetailAsync(r));
    }

    [Fact]
    public async Task A_json_body_of_unknown_length_over_the_limit_gets_the_same_answer()
    {
        var json = "{\"organizationId\": 1, \"document\": {\"title\": \"" + new string('长', 1024 * 1024) + "\"}}";
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/import") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var r = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal(UploadLimitTests.RequestLimit, await ProblemKit.DetailAsync(r));
    }
}
