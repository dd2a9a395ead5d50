using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Account;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;
using Rectify.Tests.Problems;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 20 item 9: what a unit's user sees and does stays inside their scope everywhere — common
/// problems, imports, round documents, organisation filters —, sign-in does not tell which names
/// exist, and a malformed request is answered in Chinese without naming code types.
/// Accounts: ProblemKit's (城北镇 editor/leader/reader, "outsider" the editor of 西阳镇) and 东山镇's editor.
/// </summary>
public class ScopeEverywhereTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public ScopeEverywhereTests() : this(postgres: false) { }

    protected ScopeEverywhereTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }

    public async ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        await ProblemKit.CreateUsersAsync(_app);
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var dongshan = db.Organizations.Add(new Organization { Name = "东山镇" }).Entity;
        await db.SaveChangesAsync();
        var u = new AppUser { UserName = "dongshan", DisplayName = "东山填报", OrganizationId = dongshan.Id };
        Assert.True((await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().CreateAsync(u, ProblemKit.Password)).Succeeded);
        await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().AddToRoleAsync(u, Roles.UnitEditor);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    async Task<int> OrgIdAsync(string name)
    {
        await using var db = _app.CreateDb();
        return (await db.Organizations.SingleAsync(o => o.Name == name)).Id;
    }

    /// <summary>The demo ledger again as 西阳镇's, in the same round: its problems are like 城北镇's.</summary>
    async Task LoadXiyangAsync()
    {
        var doc = Setup.DemoLedger();
        doc.Issuer = "中共梅州市梅江区西阳镇委员会";
        doc.Inspection.Target = "西阳镇党委";
        await using var db = _app.CreateDb();
        await LedgerTransfer.LoadAsync(db, doc, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), await OrgIdAsync("西阳镇"));
    }

    [Fact]
    public async Task A_common_problem_list_shows_a_unit_only_its_own_problems_and_other_units_not_at_all()
    {
        await LoadXiyangAsync();
        var admin = await _app.As("admin");
        var page = await admin.GetStringAsync("/overview/common");
        Assert.Contains("2 个单位", page);
        var created = await admin.PostAsync("/overview/common", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["group"] = "0", ["name"] = "财务管理类共性问题", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var listUrl = created.Headers.Location!.OriginalString;
        var all = await admin.GetStringAsync(listUrl);
        Assert.Contains("城北镇党委", all);
        Assert.Contains("西阳镇党委", all);

        // 西阳镇 sees the list with its own problem, nothing of 城北镇.
        var xiyang = await _app.As("outsider");
        var theirs = await xiyang.GetStringAsync(listUrl);
        Assert.Contains("西阳镇党委", theirs);
        Assert.DoesNotContain("城北镇", theirs);
        var index = await xiyang.GetStringAsync("/overview/common");
        Assert.Contains("财务管理类共性问题", index);
        Assert.DoesNotContain("城北镇", index);

        // 东山镇 has no problem in it: neither the list nor the names of the others.
        var dongshan = await _app.As("dongshan");
        var none = await dongshan.GetAsync(listUrl);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        var body = await none.Content.ReadAsStringAsync();
        Assert.DoesNotContain("城北镇", body);
        Assert.DoesNotContain("财务管理类共性问题", body);
        var dongshanIndex = await dongshan.GetStringAsync("/overview/common");
        Assert.DoesNotContain("财务管理类共性问题", dongshanIndex);
        Assert.DoesNotContain("城北镇", dongshanIndex);
        Assert.DoesNotContain("西阳镇", dongshanIndex);
    }

    // The demo's own notice is imported again on purpose: the duplicate is allowed, as an office would after seeing the warning.
    static object ImportBody(LedgerDocument doc, int organizationId) => new { document = doc, organizationId, allowDuplicate = true };

    async Task<int> RoundCountAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Rounds.CountAsync();
    }

    async Task<int> InspectionCountAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Inspections.CountAsync();
    }

    [Fact]
    public async Task A_unit_editor_imports_into_an_existing_round_but_cannot_create_a_district_round()
    {
        var town = await OrgIdAsync("城北镇");
        var editor = await _app.As("editor");
        var doc = Setup.DemoLedger();
        doc.Inspection.Round = "第九轮巡察";

        var refused = await editor.PostAsJsonAsync("/api/import", ImportBody(doc, town), LedgerJson.Options);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("巡察轮次“九届区委第九轮巡察”尚未建立", await ProblemKit.DetailAsync(refused));
        Assert.Equal(1, await RoundCountAsync());
        Assert.Equal(1, await InspectionCountAsync());

        // The same through the import page's confirmation.
        var page = await editor.GetStringAsync("/inspections/import");
        var confirm = await editor.PostAsync("/inspections/import?handler=Confirm", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
            ["DocumentJson"] = LedgerJson.Write(Setup.DemoLedger()),
            ["Header.Body"] = "九届区委", ["Header.Round"] = "第九轮巡察", ["Header.Target"] = "城北镇党委",
            ["OrganizationId"] = town.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }.Concat(Setup.DemoLedger().AllProblems.SelectMany((p, k) => new Dictionary<string, string>
        {
            [$"Problems[{k}].Title"] = p.Title, [$"Problems[{k}].Status"] = p.Status ?? "",
        }))));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.Contains("尚未建立", WebUtility.HtmlDecode(await confirm.Content.ReadAsStringAsync()));
        Assert.Equal(1, await RoundCountAsync());
        Assert.Equal(1, await InspectionCountAsync());

        // Into the round the office set up: accepted.
        var accepted = await editor.PostAsJsonAsync("/api/import", ImportBody(Setup.DemoLedger(), town), LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, await RoundCountAsync());

        // The office may open a new round by importing.
        var admin = await _app.As("admin");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/import", ImportBody(doc, town), LedgerJson.Options)).StatusCode);
        Assert.Equal(2, await RoundCountAsync());
    }

    [Fact]
    public async Task A_round_summary_is_served_only_to_those_who_see_an_inspection_of_the_round()
    {
        const string summary = "/overview/rounds/1/summary.docx";
        Assert.Equal(HttpStatusCode.OK, (await (await _app.As("reader")).GetAsync(summary)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _app.As("supervisor")).GetAsync(summary)).StatusCode);
        var outsider = await _app.As("outsider");
        var refused = await outsider.GetAsync(summary);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        // The same answer as a round that does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync("/overview/rounds/999/summary.docx")).StatusCode);
        Assert.DoesNotContain("第二轮巡察", await refused.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_overview_filter_names_an_organisation_only_inside_the_users_scope()
    {
        var town = await OrgIdAsync("城北镇");
        var xiyang = await OrgIdAsync("西阳镇");
        var dongshan = await OrgIdAsync("东山镇");
        var outsider = await _app.As("outsider");
        foreach (var org in new[] { town, dongshan })
        {
            var page = await outsider.GetStringAsync($"/overview/problems?org={org}");
            Assert.DoesNotContain("城北镇", page);
            Assert.DoesNotContain("东山镇", page);
        }
        Assert.Contains("西阳镇", await outsider.GetStringAsync($"/overview/problems?org={xiyang}"));
        // Inside the scope the filter still says whose problems these are.
        Assert.Contains("城北镇", await (await _app.As("reader")).GetStringAsync($"/overview/problems?org={town}"));
    }

    /// <summary>A wrong sign-in's page, its antiforgery token blanked, and how long it took.</summary>
    async Task<(string Page, TimeSpan Took)> FailedSignInAsync(HttpClient client, string user, string password)
    {
        var form = await client.GetStringAsync("/account/login");
        var started = Stopwatch.GetTimestamp();
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        var took = Stopwatch.GetElapsedTime(started);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var page = Regex.Replace(await r.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
        return (page.Replace(user, "USER"), took);
    }

    [Fact]
    public async Task Sign_in_answers_an_unknown_name_like_a_wrong_password_and_takes_as_long()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var unknown = new List<TimeSpan>();
        var wrong = new List<TimeSpan>();
        string? unknownPage = null, wrongPage = null;
        // Four of each, interleaved (five wrong passwords would lock the account).
        for (var i = 0; i < 4; i++)
        {
            (unknownPage, var u) = await FailedSignInAsync(client, "nobody" + i, "wrong-pass-" + i);
            (wrongPage, var w) = await FailedSignInAsync(client, "reader", "wrong-pass-" + i);
            unknown.Add(u);
            wrong.Add(w);
        }
        Assert.Equal(wrongPage, unknownPage);
        Assert.Contains(LoginModel.Failed, WebUtility.HtmlDecode(unknownPage!));
        // Both check a password hash (tens of milliseconds); without it an unknown name would answer in a few.
        static double Median(List<TimeSpan> t) => t.Select(x => x.TotalMilliseconds).Order().ToList() is var s ? (s[1] + s[2]) / 2 : 0;
        Assert.True(Median(unknown) > 0.5 * Median(wrong), $"unknown name {Median(unknown):0.0} ms, wrong password {Median(wrong):0.0} ms");
        TestContext.Current.SendDiagnosticMessage($"sign-in failure, median of 4: unknown name {Median(unknown):0.0} ms, wrong password {Median(wrong):0.0} ms");
    }

    [Fact]
    public async Task A_disabled_account_is_named_only_to_the_one_who_knows_its_password()
    {
        await using (var db = _app.CreateDb())
        {
            await db.Users.Where(u => u.UserName == "leader").ExecuteUpdateAsync(s => s.SetProperty(u => u.Disabled, true));
        }
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var (wrongPassword, _) = await FailedSignInAsync(client, "leader", "wrong-pass-1");
        var (unknown, _) = await FailedSignInAsync(client, "leader-nobody", "wrong-pass-1");
        Assert.Equal(unknown.Replace("leader-nobody", "leader"), wrongPassword);
        Assert.DoesNotContain("停用", wrongPassword);
        var (rightPassword, _) = await FailedSignInAsync(client, "leader", ProblemKit.Password);
        Assert.Contains("该账户已停用", WebUtility.HtmlDecode(rightPassword));
    }

    public static TheoryData<string, string, string?, string?> Malformed() => new()
    {
        // method, path, content type, body
        { "PUT", $"/api/problems/{ProblemKit.Phased}", "application/json", "{\"title\": " },
        { "POST", $"/api/problems/{ProblemKit.Phased}/claim", "application/json", "{\"version\": \"seven\"}" },
        { "POST", $"/api/problems/{ProblemKit.Phased}/extensions", "application/json", "{\"newDeadline\": \"next week\", \"version\": 1}" },
        { "POST", $"/api/problems/{ProblemKit.Phased}/claim", null, null },
        { "POST", $"/api/problems/{ProblemKit.Phased}/claim", "text/plain", "version=1" },
        { "DELETE", $"/api/problems/{ProblemKit.Phased}/measures/1?version=abc", null, null },
        { "GET", "/api/overview?round=abc", null, null },
        { "GET", "/api/overview?asOf=yesterday", null, null },
        { "GET", "/api/notifications?unread=perhaps", null, null },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_request_is_answered_in_chinese_without_naming_code_types(string method, string path, string? contentType, string? body)
    {
        var client = await _app.As("admin");
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (contentType is not null) request.Content = new StringContent(body ?? "", System.Text.Encoding.UTF8, contentType);
        var r = await client.SendAsync(request);
        var text = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{(int)r.StatusCode}: {text}");
        foreach (var code in new[] { "System.", "Microsoft.", "Int32", "Nullable", "DateOnly", "Boolean", "Exception", "parameter", "VersionInput", "Failed to" })
            Assert.DoesNotContain(code, text, StringComparison.OrdinalIgnoreCase);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", detail);
    }
}

/// <summary>The same on PostgreSQL (the scope queries of lists, rounds and imports).</summary>
public sealed class PostgresScopeEverywhereTests() : ScopeEverywhereTests(postgres: true);
