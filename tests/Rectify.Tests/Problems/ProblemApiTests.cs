using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

public class ProblemApiTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public async ValueTask InitializeAsync() => await CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Get_returns_the_whole_problem_with_its_allowed_moves()
    {
        var client = await _app.As("editor");
        var p = await client.GetProblemAsync(Phased);
        Assert.Equal(Phased, p.GetProperty("id").GetInt32());
        Assert.Equal(1, p.GetProperty("inspectionId").GetInt32());
        Assert.Equal("撂荒复耕工作开展不扎实", p.GetProperty("title").GetString());
        Assert.Equal("phased", p.GetProperty("status").GetString());
        Assert.Equal("2023-12", p.GetProperty("expectedCompletion").GetString());
        Assert.Equal(3, p.GetProperty("measures").GetArrayLength());
        Assert.Equal("none", p.GetProperty("closure").GetProperty("state").GetString());
        var moves = p.GetProperty("allowedMoves").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["in-progress", "phased", "completed", "completed-sustained"], moves);
        Assert.True(p.GetProperty("rights").GetProperty("edit").GetBoolean());
        Assert.False(p.GetProperty("rights").GetProperty("verify").GetBoolean());
    }

    [Fact]
    public async Task A_legal_status_change_is_saved_bumps_the_version_and_is_kept_in_history()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "in-progress", version = v });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in-progress", p.GetProperty("status").GetString());
        Assert.Equal("正在推进", p.GetProperty("statusText").GetString());
        Assert.Equal(v + 1, p.GetProperty("version").GetInt32());

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/problems/{Phased}/history");
        var row = history.EnumerateArray().First(h => h.GetProperty("field").GetString() == "Status");
        Assert.Equal("整改状态", row.GetProperty("fieldText").GetString());
        Assert.Equal("取得阶段性成效", row.GetProperty("before").GetString());
        Assert.Equal("正在推进", row.GetProperty("after").GetString());
        Assert.Equal("editor", row.GetProperty("by").GetString());
    }

    [Fact]
    public async Task An_illegal_status_move_is_refused_with_the_rule_and_changes_nothing()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Sustained);
        var r = await client.PostAsJsonAsync($"/api/problems/{Sustained}/status", new { status = "in-progress", version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("只能通过驳回销号或回头看重新打开", await DetailAsync(r));
        var p = await client.GetProblemAsync(Sustained);
        Assert.Equal("completed-sustained", p.GetProperty("status").GetString());
        Assert.Equal(v, p.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Phased_needs_a_month_not_feasible_needs_a_reason_and_an_unknown_code_is_malformed()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "in-progress", version = v });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        v++;

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "phased", version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("须填写预计完成月份", await DetailAsync(r));

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "not-feasible", reason = " ", version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("须说明理由", await DetailAsync(r));

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "done", version = v });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("未知的整改状态代码“done”", await DetailAsync(r));

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "phased", expectedCompletion = "2024-13", version = v });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);

        r = await client.PostAsync($"/api/problems/{Phased}/status", new StringContent("{\"status\":", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "phased", expectedCompletion = "2024-06", version = v });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("2024-06", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expectedCompletion").GetString());
        Assert.Equal(v + 1, await client.VersionAsync(Phased));
    }

    [Fact]
    public async Task Completed_without_evidence_is_refused()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("须至少有一条附有佐证材料的整改进展", await DetailAsync(r));

        // A progress entry without a file is not evidence either.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("已召开专题会", v))).StatusCode);
        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", version = v + 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("phased", (await client.GetProblemAsync(Phased)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_stale_version_gets_409_and_nothing_changes()
    {
        var client = await _app.As("editor");
        var before = await client.GetProblemAsync(Phased);
        var v = before.GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "in-progress", version = v })).StatusCode);

        // Someone else still holds version v.
        var other = await _app.As("editor2");
        var r = await other.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "被覆盖的标题", kind = "deadline", version = v });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Contains("数据已被他人修改", await DetailAsync(r));
        r = await other.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = "新措施", version = v });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        r = await other.PostAsync($"/api/problems/{Phased}/progress", Progress("进展", v, ("a.pdf", Pdf())));
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);

        var after = await client.GetProblemAsync(Phased);
        Assert.Equal("撂荒复耕工作开展不扎实", after.GetProperty("title").GetString());
        Assert.Equal(v + 1, after.GetProperty("version").GetInt32());
        Assert.Equal(3, after.GetProperty("measures").GetArrayLength());
        Assert.Equal(0, after.GetProperty("progress").GetArrayLength());

        r = await other.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "没有版本号" });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
    }

    [Fact]
    public async Task Fields_are_edited_and_the_deadline_is_set_once_then_only_by_an_extension()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PutAsJsonAsync($"/api/problems/{Phased}", new
        {
            title = "撂荒复耕工作开展不扎实", detail = "部分地块仍撂荒", items = new[] { "东村 30 亩", "西村 12 亩" }, goal = "年底前全部复耕",
            kind = "立行立改", leader = "李书记", department = "农业办", person = "刘某", deadline = "2026-12-31",
            amountInvolved = 12000.5m, amountRectified = 8000m, remarks = "备注", withheld = true, withheldReason = "涉及个人信息", version = v,
        });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("immediate", p.GetProperty("kind").GetString());
        Assert.Equal("2026-12-31", p.GetProperty("deadline").GetString());
        Assert.Equal(2, p.GetProperty("items").GetArrayLength());
        Assert.Equal(12000.5m, p.GetProperty("amountInvolved").GetDecimal());
        Assert.True(p.GetProperty("withheld").GetBoolean());

        r = await client.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", deadline = "2027-06-30", version = v + 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("只能通过申请延期并获批准来变更", await DetailAsync(r));

        r = await client.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", withheld = true, version = v + 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不予公开须写明理由", await DetailAsync(r));
        Assert.Equal("2026-12-31", (await _app.StoredAsync(Phased)).Deadline?.ToString("yyyy-MM-dd"));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/problems/{Phased}/history");
        var fields = history.EnumerateArray().Select(h => h.GetProperty("fieldText").GetString()).ToList();
        Assert.Contains("整改时限", fields);
        Assert.Contains("整改类型", fields);
        Assert.Contains("问题资金（元）", fields);
        var kind = history.EnumerateArray().First(h => h.GetProperty("field").GetString() == "Kind");
        Assert.Equal("限期整改", kind.GetProperty("before").GetString());
        Assert.Equal("立行立改", kind.GetProperty("after").GetString());
    }

    [Fact]
    public async Task Extensions_are_requested_and_decided_by_someone_else_and_the_deadlines_are_kept()
    {
        var editor = await _app.As("editor");
        var v = await editor.VersionAsync(Phased);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", deadline = "2026-12-31", version = v })).StatusCode);

        var r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2027-03-31", reason = "", version = v + 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("申请延期须说明理由", await DetailAsync(r));
        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2027-03-31", reason = "冬季无法耕种", version = v + 1 });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var ext = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("extensions")[0];
        var extId = ext.GetProperty("id").GetInt32();
        Assert.Equal("requested", ext.GetProperty("state").GetString());
        Assert.Equal("2026-12-31", ext.GetProperty("oldDeadline").GetString());

        // An editor cannot approve; a leader must give a reason to refuse.
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions/{extId}/approve", new { })).StatusCode);
        var leader = await _app.As("leader");
        r = await leader.PostAsJsonAsync($"/api/problems/{Phased}/extensions/{extId}/refuse", new { reason = "" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("不同意延期须说明理由", await DetailAsync(r));
        Assert.Equal(HttpStatusCode.NotFound, (await leader.PostAsJsonAsync($"/api/problems/{Phased}/extensions/9999/approve", new { })).StatusCode);
        r = await leader.PostAsJsonAsync($"/api/problems/{Phased}/extensions/{extId}/approve", new { });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("2027-03-31", p.GetProperty("deadline").GetString());
        Assert.Equal("approved", p.GetProperty("extensions")[0].GetProperty("state").GetString());
        Assert.Equal("leader", p.GetProperty("extensions")[0].GetProperty("decidedBy").GetString());

        // The office may not approve its own request.
        var admin = await _app.As("admin");
        r = await admin.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2027-06-30", reason = "再延", version = p.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var ext2 = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("extensions")[1].GetProperty("id").GetInt32();
        r = await admin.PostAsJsonAsync($"/api/problems/{Phased}/extensions/{ext2}/approve", new { });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("申请人不能审批自己的延期申请", await DetailAsync(r));
        Assert.Equal(new DateOnly(2027, 3, 31), (await _app.StoredAsync(Phased)).Deadline);
    }

    [Fact]
    public async Task A_leader_claims_a_problem_an_editor_cannot()
    {
        var editor = await _app.As("editor");
        var v = await editor.VersionAsync(Phased);
        var r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/claim", new { version = v });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("认领", await DetailAsync(r));

        var leader = await _app.As("leader");
        r = await leader.PostAsJsonAsync($"/api/problems/{Phased}/claim", new { version = v });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("李书记", p.GetProperty("leader").GetString());
        Assert.NotEqual(JsonValueKind.Null, p.GetProperty("claimedAt").ValueKind);
    }

    [Fact]
    public async Task Measures_are_added_edited_reordered_and_deleted()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = "建立复耕台账", owner = "农业办", deadline = "2026-12-31", version = v });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(4, p.GetProperty("measures").GetArrayLength());
        var added = p.GetProperty("measures")[3];
        var id = added.GetProperty("id").GetInt32();
        Assert.Equal(4, added.GetProperty("ordinal").GetInt32());

        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = " ", version = v + 1 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);

        // Move it first and mark it done.
        r = await client.PutAsJsonAsync($"/api/problems/{Phased}/measures/{id}", new { text = "建立复耕台账并公示", owner = "农业办", doneOn = DateTime.Today.ToString("yyyy-MM-dd"), ordinal = 1, version = v + 1 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        p = await r.Content.ReadFromJsonAsync<JsonElement>();
        var first = p.GetProperty("measures")[0];
        Assert.Equal(id, first.GetProperty("id").GetInt32());
        Assert.Equal("建立复耕台账并公示", first.GetProperty("text").GetString());
        Assert.Equal([1, 2, 3, 4], p.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("ordinal").GetInt32()));

        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/problems/{Phased}/measures/99999?version={v + 2}")).StatusCode);
        r = await client.DeleteAsync($"/api/problems/{Phased}/measures/{id}?version={v + 2}");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(3, p.GetProperty("measures").GetArrayLength());
        Assert.Equal([1, 2, 3], p.GetProperty("measures").EnumerateArray().Select(m => m.GetProperty("ordinal").GetInt32()));

        var history = await client.GetFromJsonAsync<JsonElement>($"/api/problems/{Phased}/history");
        var measureRows = history.EnumerateArray().Where(h => h.GetProperty("fieldText").GetString() == "整改措施").ToList();
        Assert.Equal(3, measureRows.Count);
        Assert.Equal("已删除", measureRows[0].GetProperty("after").GetString());
    }

    [Fact]
    public async Task Progress_with_evidence_stores_the_file_by_its_sha256_outside_the_web_root_and_downloads_as_attachment()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var pdf = Pdf();
        var sha = Convert.ToHexStringLower(SHA256.HashData(pdf));
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("已完成复耕 42 亩", v, ("复耕照片说明.pdf", pdf), ("台账.zip", Zip("a.txt"))));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        var entry = p.GetProperty("progress")[0];
        Assert.Equal("王填报", entry.GetProperty("author").GetString());
        var ev = entry.GetProperty("evidence")[0];
        Assert.Equal("复耕照片说明.pdf", ev.GetProperty("fileName").GetString());
        Assert.Equal(sha, ev.GetProperty("sha256").GetString());
        Assert.Equal(pdf.Length, ev.GetProperty("size").GetInt64());
        Assert.Equal(2, entry.GetProperty("evidence").GetArrayLength());

        var stored = Path.Combine(_app.DataFolder, "evidence", sha[..2], sha);
        Assert.Equal(pdf, await File.ReadAllBytesAsync(stored));
        Assert.Empty(Directory.GetFiles(Path.Combine(_app.DataFolder, "evidence", "tmp")));

        var download = await client.GetAsync(ev.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("复耕照片说明.pdf", download.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(pdf, await download.Content.ReadAsByteArrayAsync());

        // Now the status may be completed.
        r = await client.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", reason = "复耕面积经乡镇核实，其余措施转入长效机制", version = v + 1 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task A_file_too_big_is_refused_with_413_and_nothing_is_written()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var big = new byte[20 * 1024 * 1024 + 1];
        Pdf().CopyTo(big, 0);
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("大文件", v, ("ok.pdf", Pdf()), ("big.pdf", big)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Contains("超过单个文件 20 MB 的上限", await DetailAsync(r));
        await AssertNothingWritten(client, v);
    }

    [Theory]
    [InlineData("program.exe", "exe", "不接受“program.exe”")]
    [InlineData("IMG_0001.HEIC", "exe", "这是手机保存的 HEIC 格式照片，暂只接受 jpg/jpeg、png 格式的照片。请在手机相机的设置中把照片格式改为“兼容性最佳”（JPEG）")]
    [InlineData("photo.webp", "exe", "这是手机保存的 WEBP 格式照片")]
    [InlineData("report.pdf", "exe", "内容不是PDF")]
    [InlineData("photo.png", "pdf", "内容不是PNG 图片")]
    [InlineData("plan.docx", "zip", "内容不是Word 文档（docx）")]
    [InlineData("scan.ofd", "zip", "内容不是OFD 版式文件")]
    public async Task A_refused_type_or_content_is_refused_with_415_and_nothing_is_written(string name, string content, string message)
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var bytes = content switch { "exe" => Exe(), "pdf" => Pdf(), _ => Zip("readme.txt") };
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("材料", v, ("ok.pdf", Pdf()), (name, bytes)));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, r.StatusCode);
        Assert.Contains(message, await DetailAsync(r));
        await AssertNothingWritten(client, v);
    }

    [Fact]
    public async Task Office_documents_are_recognised_by_their_parts()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("方案", v,
            ("方案.docx", Zip("[Content_Types].xml", "word/document.xml")), ("台账.xlsx", Zip("[Content_Types].xml", "xl/workbook.xml")),
            ("公文.ofd", Zip("OFD.xml", "Doc_0/Document.xml")), ("旧表.xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0]),
            ("照片.JPG", [0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10])));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var ev = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("progress")[0].GetProperty("evidence");
        Assert.Equal(5, ev.GetArrayLength());
        Assert.Equal("image/jpeg", ev[4].GetProperty("contentType").GetString());
    }

    async Task AssertNothingWritten(HttpClient client, int version)
    {
        var p = await client.GetProblemAsync(Phased);
        Assert.Equal(version, p.GetProperty("version").GetInt32());
        Assert.Equal(0, p.GetProperty("progress").GetArrayLength());
        var folder = Path.Combine(_app.DataFolder, "evidence");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Another_organisations_problem_and_evidence_are_404()
    {
        var editor = await _app.As("editor");
        var v = await editor.VersionAsync(Phased);
        var p = await (await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("材料", v, ("a.pdf", Pdf())))).Content.ReadFromJsonAsync<JsonElement>();
        var url = p.GetProperty("progress")[0].GetProperty("evidence")[0].GetProperty("url").GetString();

        var outsider = await _app.As("outsider");
        var r = await outsider.GetAsync($"/api/problems/{Phased}");
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Contains("不在您的范围内", await DetailAsync(r));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "in-progress", version = v + 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/problems/{Phased}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/api/problems/99999")).StatusCode);
        Assert.Equal("phased", (await editor.GetProblemAsync(Phased)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_reader_sees_but_cannot_change()
    {
        var reader = await _app.As("reader");
        var p = await reader.GetProblemAsync(Phased);
        var v = p.GetProperty("version").GetInt32();
        Assert.False(p.GetProperty("rights").GetProperty("edit").GetBoolean());
        var r = await reader.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "in-progress", version = v });
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("您的角色不能更改整改状态", await DetailAsync(r));
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "x", version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/problems/{Phased}/progress", Progress("x", v, ("a.pdf", Pdf())))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v })).StatusCode);
        var after = await reader.GetProblemAsync(Phased);
        Assert.Equal(v, after.GetProperty("version").GetInt32());
        Assert.Equal("phased", after.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Closure_is_requested_by_the_unit_and_verified_by_someone_else_outside_it()
    {
        var editor = await _app.As("editor");
        var v = await editor.VersionAsync(Phased);
        var r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("只有“已完成整改”的问题才能申请销号", await DetailAsync(r));

        await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("已全部复耕", v, ("a.pdf", Pdf())));
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", reason = "其余措施转入长效机制", version = v + 1 })).StatusCode);
        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v + 2 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("requested", p.GetProperty("closure").GetProperty("state").GetString());
        Assert.Equal("editor", p.GetProperty("closure").GetProperty("requestedBy").GetString());
        Assert.Empty(p.GetProperty("allowedMoves").EnumerateArray());
        v = p.GetProperty("version").GetInt32();

        // The unit cannot verify its own closure; while under review nothing may change.
        Assert.Equal(HttpStatusCode.Forbidden, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/approve", new { version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.As("leader")).PostAsJsonAsync($"/api/problems/{Phased}/closure/approve", new { version = v })).StatusCode);
        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = "补充措施", version = v });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("销号申请正在审核", await DetailAsync(r));

        var supervisor = await _app.As("supervisor");
        r = await supervisor.PostAsJsonAsync($"/api/problems/{Phased}/closure/approve", new { version = v });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", p.GetProperty("closure").GetProperty("state").GetString());
        Assert.Equal("supervisor", p.GetProperty("closure").GetProperty("decidedBy").GetString());

        r = await editor.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "改标题", version = p.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("问题已销号，只读", await DetailAsync(r));
    }

    [Fact]
    public async Task Closure_by_the_requester_is_refused_and_a_rejection_needs_a_reason_and_reopens()
    {
        var admin = await _app.As("admin");
        var v = await admin.VersionAsync(Phased);
        await admin.PostAsync($"/api/problems/{Phased}/progress", Progress("已全部复耕", v, ("a.pdf", Pdf())));
        await admin.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", reason = "其余措施转入长效机制", version = v + 1 });
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v + 2 })).StatusCode);

        var r = await admin.PostAsJsonAsync($"/api/problems/{Phased}/closure/approve", new { version = v + 3 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("申请人不能审核自己的销号申请", await DetailAsync(r));

        var supervisor = await _app.As("supervisor");
        r = await supervisor.PostAsJsonAsync($"/api/problems/{Phased}/closure/reject", new { reason = "", version = v + 3 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("驳回销号须说明理由", await DetailAsync(r));
        r = await supervisor.PostAsJsonAsync($"/api/problems/{Phased}/closure/reject", new { reason = "照片不能证明复耕", version = v + 3 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rejected", p.GetProperty("closure").GetProperty("state").GetString());
        Assert.Equal("照片不能证明复耕", p.GetProperty("closure").GetProperty("reason").GetString());
        Assert.Equal("in-progress", p.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_api_is_described_in_openapi()
    {
        var json = await _app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/problems/{id}/status", json);
        Assert.Contains("/api/evidence/{id}", json);
    }
}
