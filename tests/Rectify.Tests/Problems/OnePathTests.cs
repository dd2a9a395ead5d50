using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

/// <summary>
/// Issue 17 item 3: every route of an action (Razor page handler, /api endpoint) goes through the
/// same entity method, so the same illegal move gets the same refusal — the same Chinese sentence,
/// nothing written — and the same legal move the same result, whichever route a user takes.
/// </summary>
public partial class OnePathTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public async ValueTask InitializeAsync() => await CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    const int Other = 7; // another phased problem of the demo, with four measures open

    /// <summary>A route's answer: the status and the refusal's sentence (a page's alert, an API's ProblemDetails detail), or null.</summary>
    sealed record Answer(HttpStatusCode Status, string? Refusal);

    static async Task<Answer> Api(Task<HttpResponseMessage> call)
    {
        var r = await call;
        if (r.IsSuccessStatusCode) return new(r.StatusCode, null);
        return new(r.StatusCode, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    /// <summary>Posts a page's form with the antiforgery token of the page; a refusal is re-shown in the page's alert.</summary>
    static async Task<Answer> Page(HttpClient client, string page, string handler, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(page);
        fields["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html);
        var r = await client.PostAsync($"{page}{(page.Contains('?') ? '&' : '?')}handler={handler}", new FormUrlEncodedContent(fields));
        var body = await r.Content.ReadAsStringAsync();
        var alert = AlertRegex().Match(body);
        return new(r.StatusCode, alert.Success ? System.Net.WebUtility.HtmlDecode(alert.Groups[1].Value) : null);
    }

    [GeneratedRegex("<p class=\"error\" role=\"alert\">([^<]*)</p>")]
    private static partial Regex AlertRegex();

    async Task<int> VersionOf(int id) => (await _app.StoredAsync(id)).Version;

    /// <summary>Every route refused with exactly <paramref name="refusal"/> and wrote nothing.</summary>
    async Task AllRefuse(string refusal, int problem, params (string Route, Func<Task<Answer>> Call)[] routes)
    {
        foreach (var (route, call) in routes)
        {
            var before = await VersionOf(problem);
            var a = await call();
            Assert.True(a.Refusal == refusal, $"{route}: {a.Status} “{a.Refusal}”, expected “{refusal}”");
            Assert.Equal(before, await VersionOf(problem));
        }
    }

    async Task EvidenceAsync(HttpClient client, int id) =>
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{id}/progress", Progress("已复耕，见验收单", await client.VersionAsync(id), ("a.pdf", Pdf())))).StatusCode);

    [Fact]
    public async Task A_status_change_to_completed_is_refused_alike_and_done_alike_on_the_page_and_the_api()
    {
        var editor = await _app.As("editor");
        await EvidenceAsync(editor, Phased);
        await EvidenceAsync(editor, Other);
        var v = await VersionOf(Phased);

        await AllRefuse("改为“已完成整改”前，须完成全部整改措施（第1、2、3项尚未完成），或说明未全部完成即认定完成的理由", Phased,
            ("page", () => Page(editor, $"/problems/{Phased}", "Status", new() { ["StatusChange.Status"] = "completed", ["Version"] = $"{v}" })),
            ("api", () => Api(editor.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", version = v }))));

        const string why = "复耕已验收，其余措施转入长效机制";
        Assert.Equal(HttpStatusCode.Redirect, (await Page(editor, $"/problems/{Phased}", "Status", new() { ["StatusChange.Status"] = "completed", ["StatusChange.Reason"] = why, ["Version"] = $"{v}" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api(editor.PostAsJsonAsync($"/api/problems/{Other}/status", new { status = "completed", reason = why, version = await VersionOf(Other) }))).Status);

        // The same result by either route: the status, and the reason kept in the history, shown on the page and in the API.
        foreach (var id in new[] { Phased, Other })
        {
            var p = await editor.GetProblemAsync(id);
            Assert.Equal("completed", p.GetProperty("status").GetString());
            Assert.Equal(why, p.GetProperty("completionReason").GetString());
            Assert.Contains($"措施未全部完成即认定完成的理由：{why}", await editor.GetStringAsync($"/problems/{id}"));
            var history = await editor.GetFromJsonAsync<JsonElement>($"/api/problems/{id}/history");
            Assert.Contains(history.EnumerateArray(), c => c.GetProperty("field").GetString() == "CompletionReason" && c.GetProperty("after").GetString() == why);
        }

        // Back to in progress by a rejected closure, the reason is no longer the problem's.
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = await VersionOf(Phased) })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _app.As("supervisor")).PostAsJsonAsync($"/api/problems/{Phased}/closure/reject", new { reason = "照片不能证明复耕" })).StatusCode);
        var rejected = await editor.GetProblemAsync(Phased);
        Assert.Equal("in-progress", rejected.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, rejected.GetProperty("completionReason").ValueKind);
    }

    [Fact]
    public async Task All_four_closure_routes_check_the_same_rules_and_close_alike()
    {
        await InsiderAsync();
        var editor = await _app.As("editor");
        var supervisor = await _app.As("supervisor");
        var insider = await _app.As("insider");

        (string, Func<Task<Answer>>)[] Routes(HttpClient c, int id) =>
        [
            ("problem page", () => Page(c, $"/problems/{id}", "ClosureApprove", new())),
            ("problem api", () => Api(c.PostAsJsonAsync($"/api/problems/{id}/closure/approve", new { }))),
            ("queue page", () => Page(c, "/supervision", "Approve", new() { ["problemId"] = $"{id}" })),
            ("supervision api", () => Api(c.PostAsync($"/api/supervision/problems/{id}/closure/approve", null))),
        ];

        await AllRefuse("没有待审核的销号申请", Phased, Routes(supervisor, Phased));

        foreach (var id in new[] { Phased, Other })
        {
            await EvidenceAsync(editor, id);
            Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{id}/status", new { status = "completed", reason = "其余措施转入长效机制", version = await VersionOf(id) })).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{id}/closure/request", new { version = await VersionOf(id) })).StatusCode);
        }

        // A supervisor who is also the unit's editor is inside the unit: no route lets them verify.
        await AllRefuse("销号须由被巡察单位以外的人员（巡察办或纪委）核验，本单位人员不能审核", Phased, Routes(insider, Phased));

        // The queue page and the problem API close alike.
        Assert.Equal(HttpStatusCode.Redirect, (await Page(supervisor, "/supervision", "Approve", new() { ["problemId"] = $"{Phased}" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api(supervisor.PostAsJsonAsync($"/api/problems/{Other}/closure/approve", new { }))).Status);
        foreach (var id in new[] { Phased, Other })
        {
            var c = (await supervisor.GetProblemAsync(id)).GetProperty("closure");
            Assert.Equal("approved", c.GetProperty("state").GetString());
            Assert.Equal("supervisor", c.GetProperty("decidedBy").GetString());
        }
    }

    [Fact]
    public async Task Withholding_from_the_problem_and_from_the_notice_refuses_alike_and_records_alike()
    {
        var admin = await _app.As("admin");
        var v = await VersionOf(Phased);
        await AllRefuse("问题3不予公开须写明理由（如“涉及个人隐私”）", Phased,
            ("problem page", () => Page(admin, $"/problems/{Phased}", "Fields", new() { ["Fields.Title"] = "撂荒复耕工作开展不扎实", ["Fields.Withheld"] = "true", ["Version"] = $"{v}" })),
            ("problem api", () => Api(admin.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", withheld = true, version = v }))),
            ("notice page", () => Page(admin, "/inspections/1/notice", "Withhold", new() { ["problemId"] = $"{Phased}", ["withheld"] = "true", ["reason"] = " " })),
            ("notice api", () => Api(admin.PostAsJsonAsync("/api/inspections/1/notice/withhold", new { problemId = Phased, withheld = true, reason = "" }))));

        Assert.Equal(HttpStatusCode.Redirect, (await Page(admin, "/inspections/1/notice", "Withhold", new() { ["problemId"] = $"{Phased}", ["withheld"] = "true", ["reason"] = "涉及个人隐私" })).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api(admin.PutAsJsonAsync($"/api/problems/{Other}", new { title = (await admin.GetProblemAsync(Other)).GetProperty("title").GetString(), withheld = true, withheldReason = "涉及个人隐私", version = await VersionOf(Other) }))).Status);
        foreach (var id in new[] { Phased, Other })
        {
            var p = await admin.GetProblemAsync(id);
            Assert.True(p.GetProperty("withheld").GetBoolean());
            Assert.Equal("涉及个人隐私", p.GetProperty("withheldReason").GetString());
        }
    }

    [Fact]
    public async Task An_extension_to_a_past_day_is_refused_alike_on_the_page_and_the_api()
    {
        var editor = await _app.As("editor");
        var v = await VersionOf(Phased);
        await AllRefuse("延期后的时限 2020-01-31 已经过去", Phased,
            ("page", () => Page(editor, $"/problems/{Phased}", "ExtensionRequest", new() { ["NewExtension.NewDeadline"] = "2020-01-31", ["NewExtension.Reason"] = "冬季", ["Version"] = $"{v}" })),
            ("api", () => Api(editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2020-01-31", reason = "冬季", version = v }))));
    }

    [Fact]
    public async Task Notices_and_reports_share_one_sign_off_and_refuse_alike_on_pages_and_api()
    {
        var admin = await _app.As("admin");
        var draft = new { leadershipText = (string?)null, nextStepsText = "下一步，镇党委将持续巩固整改成果。", titleTemplate = (string?)null, documentKind = "Announcement", asOf = "2023-09-08" };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/inspections/1/notice", draft)).StatusCode);

        async Task Same(string refusal, params (string Route, Func<Task<Answer>> Call)[] routes)
        {
            foreach (var (route, call) in routes)
                Assert.True((await call()).Refusal == refusal, $"{route} did not refuse with “{refusal}”");
        }

        await Same("提交审核前须完成保密审查：请确认公告不含涉密内容和个人隐私",
            ("notice page", () => Page(admin, "/inspections/1/notice", "Submit", new() { ["secrecyReviewed"] = "false" })),
            ("notice api", () => Api(admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = false }))));
        await Same("提交审核前须完成保密审查：请确认报告不含涉密内容和个人隐私",
            ("report page", () => Page(admin, "/inspections/1/supervision", "SubmitReport", new() { ["kind"] = "rectification", ["secrecyReviewed"] = "false" })),
            ("report api", () => Api(admin.PostAsJsonAsync("/api/supervision/inspections/1/reports/rectification/submit", new { secrecyReviewed = false }))));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true })).StatusCode);
        await using (var db = _app.CreateDb()) await Supervision.DocumentSetup.ForInspectionAsync(db);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/supervision/inspections/1/reports/rectification/submit", new { secrecyReviewed = true, serial = 5 })).StatusCode);
        // The submitter approves neither, by any route: the same sentence for both documents.
        await Same("审批人不能是提交人本人：请由单位主要负责人审批",
            ("notice page", () => Page(admin, "/inspections/1/notice", "Approve", new())),
            ("notice api", () => Api(admin.PostAsync("/api/inspections/1/notice/approve", null))),
            ("report page", () => Page(admin, "/inspections/1/supervision", "ApproveReport", new() { ["kind"] = "rectification" })),
            ("report api", () => Api(admin.PostAsync("/api/supervision/inspections/1/reports/rectification/approve", null))));

        // Returned, both are drafts again, and a second return is refused alike.
        Assert.Equal("draft", (await (await admin.PostAsync("/api/inspections/1/notice/return", null)).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.Redirect, (await Page(admin, "/inspections/1/supervision", "ReturnReport", new() { ["kind"] = "rectification" })).Status);
        var report = await admin.GetFromJsonAsync<JsonElement>("/api/supervision/inspections/1/reports/rectification");
        Assert.Equal("draft", report.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("sha256").ValueKind);
        await Same("只有审核中或已审批未发布的公告可以退回修改", ("notice page", () => Page(admin, "/inspections/1/notice", "Return", new())), ("notice api", () => Api(admin.PostAsync("/api/inspections/1/notice/return", null))));
        await Same("只有审核中或已审批未发布的整改情况报告可以退回修改", ("report page", () => Page(admin, "/inspections/1/supervision", "ReturnReport", new() { ["kind"] = "rectification" })), ("report api", () => Api(admin.PostAsync("/api/supervision/inspections/1/reports/rectification/return", null))));
    }

    /// <summary>A 纪委 supervisor who is also an editor of 城北镇.</summary>
    async Task InsiderAsync()
    {
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        var u = new AppUser { UserName = "insider", DisplayName = "镇纪委兼填报", OrganizationId = town.Id };
        Assert.True((await users.CreateAsync(u, Password)).Succeeded);
        await users.AddToRolesAsync(u, [Roles.Supervisor, Roles.UnitEditor]);
    }
}
