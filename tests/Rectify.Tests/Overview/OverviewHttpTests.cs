using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Features.Inspections;
using Rectify.Tests.Web;

namespace Rectify.Tests.Overview;

public class OverviewHttpTests : IAsyncLifetime
{
    // 2023-09-10 10:00 in Beijing: the demo's notice date, so its phased problems are not yet late.
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2023, 9, 10, 2, 0, 0, TimeSpan.Zero));
    readonly RectifyApp _root;
    readonly bool _postgres;
    Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app = null!;

    public OverviewHttpTests() : this(postgres: false) { }

    protected OverviewHttpTests(bool postgres)
    {
        _postgres = postgres;
        _root = postgres && RectifyApp.ConfiguredPostgres is { Length: > 0 } server ? new RectifyApp(server) : new RectifyApp();
    }

    public ValueTask InitializeAsync()
    {
        // No background reminder scans: this test moves the clock by years.
        _app = _root.WithWebHostBuilder(b => b.UseSetting("Rectify:Reminders:IntervalSeconds", "0").ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    async Task<HttpClient> AdminAsync(string user = "admin", string password = RectifyApp.AdminPassword)
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    Rectify.Data.RectifyDb Db()
    {
        var db = _app.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb();
        db.Clock = _clock;
        return db;
    }

    static Dictionary<string, int> StatusCounts(JsonElement figures) =>
        figures.GetProperty("byStatus").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("count").GetInt32());

    [Fact]
    public async Task The_figures_match_counts_taken_from_the_database_independently()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();
        var f = await client.GetFromJsonAsync<JsonElement>("/api/overview");
        await using var db = Db();
        var all = await db.Problems.AsNoTracking().ToListAsync();
        Assert.Equal(all.Count, f.GetProperty("problems").GetInt32());
        Assert.Equal(all.Count(p => p.Status.IsCompleted()), f.GetProperty("completed").GetInt32());
        var today = new DateOnly(2026, 11, 27);
        Assert.Equal(all.Count(p => !p.Status.IsCompleted() && p.DueDate < today), f.GetProperty("red").GetInt32());
        Assert.Equal(all.GroupBy(p => p.Status.Code()).ToDictionary(g => g.Key, g => g.Count()), StatusCounts(f));
        // 城北镇 with its own problems, and 梅江区 above it with none of its own and 城北镇's as its subtotal.
        var units = f.GetProperty("organizations").EnumerateArray().ToList();
        Assert.Equal(["城北镇", "梅江区"], units.Select(u => u.GetProperty("name").GetString()!));
        var (town, district) = (units[0], units[1]);
        Assert.Equal(78.6m, town.GetProperty("rate").GetDecimal());
        Assert.Equal(all.Count, town.GetProperty("subtreeTotal").GetInt32());
        Assert.Equal(0, district.GetProperty("total").GetInt32());
        Assert.Equal(all.Count, district.GetProperty("subtreeTotal").GetInt32());
        Assert.Equal(78.6m, district.GetProperty("subtreeRate").GetDecimal());
        Assert.Equal(district.GetProperty("id").GetInt32(), town.GetProperty("parentId").GetInt32());
    }

    [Fact]
    public async Task Every_figure_drills_down_to_the_problems_behind_it()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();
        var page = await client.GetStringAsync("/overview");
        Assert.Contains("href=\"/overview/problems?light=red\"", page);
        Assert.Contains("id=\"overview-data\"", page);
        foreach (var (query, expected) in new[] { ("light=red", 3), ("status=phased", 3), ("bucket=done", 11), ("bucket=completed-sustained", 11), ("category=%E5%9F%BA%E5%B1%82%E5%85%9A%E7%BB%84%E7%BB%87%E5%BB%BA%E8%AE%BE%E6%96%B9%E9%9D%A2", 2) })
        {
            var list = await client.GetStringAsync("/overview/problems?" + query);
            Assert.Equal(expected.ToString(), Regex.Match(list, "<b id=\"total\">(\\d+)</b>").Groups[1].Value);
            Assert.Equal(expected, Regex.Matches(list, "<tr class=\"problem\"").Count);
        }
        var bad = await client.GetStringAsync("/overview/problems?light=purple");
        Assert.Contains("未知的预警灯“purple”", bad);
    }

    [Fact]
    public async Task A_drill_down_asked_again_counts_a_status_changed_elsewhere_in_between()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await AdminAsync();
        async Task<(int Total, int Rows)> ListAsync(string query)
        {
            var list = await client.GetStringAsync("/overview/problems?" + query, ct);
            return (Total(list), Regex.Matches(list, "<tr class=\"problem\"").Count);
        }
        Assert.Equal((3, 3), await ListAsync("status=phased"));
        Assert.Equal((3, 3), await ListAsync("status=phased")); // the count kept under the ledger's stamp
        var inProgress = await ListAsync("status=in-progress");

        // Saved by another context, as the CLI or a second server would: the next request must see it.
        await using (var db = _app.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb())
        {
            var problem = await db.Problems.Where(p => p.Status == RectificationStatus.Phased).OrderBy(p => p.Id).FirstAsync(ct);
            problem.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync(ct);
        }
        Assert.Equal((2, 2), await ListAsync("status=phased"));
        Assert.Equal((inProgress.Total + 1, inProgress.Rows + 1), await ListAsync("status=in-progress"));
    }

    [Fact]
    public async Task The_ledger_on_a_past_date_is_what_it_was_then()
    {
        var client = await AdminAsync();
        var first = StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview"));

        _clock.SetUtcNow(new DateTimeOffset(2023, 10, 15, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            (await db.Problems.SingleAsync(p => p.Ordinal == 3)).ChangeStatus(RectificationStatus.InProgress);
            (await db.Problems.SingleAsync(p => p.Ordinal == 7)).ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        client = await AdminAsync(); // the session of a month ago has expired
        var second = StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview"));

        _clock.SetUtcNow(new DateTimeOffset(2023, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            (await db.Problems.SingleAsync(p => p.Ordinal == 7)).ChangeStatus(RectificationStatus.NotFeasible, reason: "待上级政策");
            (await db.Problems.SingleAsync(p => p.Ordinal == 14)).ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        client = await AdminAsync();
        var third = StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview"));
        Assert.NotEqual(first, second);
        Assert.NotEqual(second, third);

        Assert.Equal(first, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-09-10")));
        Assert.Equal(second, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-10-15")));
        Assert.Equal(second, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-11-19")));
        Assert.Equal(third, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-11-20")));
        // The problems exist from the feedback date (2023-03-10), before the notice stated their statuses.
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-03-09")).GetProperty("problems").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["not-started"] = 14 }, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-09-01")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.GetAsync("/api/overview?asOf=2030-01-01")).StatusCode);
    }

    static void Complete(Problem p, DateOnly day)
    {
        var entry = p.AddProgress(day, "已整改到位", "测试");
        entry.Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Size = 1, Sha256 = new string('0', 64), StoredPath = "x", UploadedBy = "测试" });
        p.ChangeStatus(RectificationStatus.Completed, reason: "措施另行核实");
    }

    static Dictionary<string, int> Trend(JsonElement figures) =>
        figures.GetProperty("trend").EnumerateArray().ToDictionary(t => t.GetProperty("month").GetString()!, t => t.GetProperty("completed").GetInt32());

    static int Total(string listPage) => int.Parse(Regex.Match(listPage, "<b id=\"total\">(\\d+)</b>").Groups[1].Value);

    [Fact]
    public async Task The_trend_counts_each_problem_from_the_day_it_was_completed_and_a_point_lists_its_problems()
    {
        // 2023-09-10: the demo ledger enters with 11 problems completed (that day, as far as Rectify knows).
        var client = await AdminAsync();
        int a, b, c;
        await using (var db = Db())
        {
            var phased = await db.Problems.Where(p => p.Status == RectificationStatus.Phased).OrderBy(p => p.Ordinal).Select(p => p.Id).ToListAsync();
            (a, c) = (phased[0], phased[1]);
            b = await db.Problems.Where(p => p.Status == RectificationStatus.CompletedSustained).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2023, 10, 15, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            Complete(await db.Problems.SingleAsync(p => p.Id == a), new DateOnly(2023, 10, 15));
            await db.SaveChangesAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2023, 11, 20, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            (await db.Problems.SingleAsync(p => p.Id == b)).ReopenByLookBack("回头看发现问题反弹", "测试", new DateOnly(2023, 11, 20));
            Complete(await db.Problems.SingleAsync(p => p.Id == c), new DateOnly(2023, 11, 20));
            await db.SaveChangesAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2023, 12, 5, 2, 0, 0, TimeSpan.Zero));
        client = await AdminAsync();

        await using (var db = Db())
        {
            var days = await db.Problems.Where(p => p.Id == a || p.Id == b || p.Id == c).ToDictionaryAsync(p => p.Id, p => p.CompletedOn);
            Assert.Equal(new DateOnly(2023, 10, 15), days[a]);
            Assert.Null(days[b]);
            Assert.Equal(new DateOnly(2023, 11, 20), days[c]);
        }
        // Today's trend: today's 12 completed problems by the day each became completed (the reopened one has left it).
        var today = await client.GetFromJsonAsync<JsonElement>("/api/overview");
        Assert.Equal(12, today.GetProperty("completed").GetInt32());
        var trend = Trend(today);
        Assert.Equal(12, trend.Count);
        Assert.Equal(("2023-01", "2023-12"), (trend.Keys.First(), trend.Keys.Last()));
        Assert.Equal(new[] { 0, 10, 11, 12, 12 }, new[] { "2023-08", "2023-09", "2023-10", "2023-11", "2023-12" }.Select(m => trend[m]));
        // Each point links to the problems behind it.
        var page = await client.GetStringAsync("/overview");
        Assert.Contains("/overview/problems?completedBy=2023-10", page);
        var october = await client.GetStringAsync("/overview/problems?completedBy=2023-10");
        Assert.Equal(11, Total(october));
        Assert.Contains($"href=\"/problems/{a}\"", october);
        Assert.DoesNotContain($"href=\"/problems/{b}\"", october);
        Assert.DoesNotContain($"href=\"/problems/{c}\"", october);
        Assert.Contains("截至2023年10月底已完成", october);
        Assert.Contains("不是月份", await client.GetStringAsync("/overview/problems?completedBy=10月"));

        // On a past date the trend is rebuilt from the history: the reopened problem still counted then.
        var before = await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-11-19");
        Assert.Equal(12, before.GetProperty("completed").GetInt32());
        var then = Trend(before);
        Assert.Equal(("2022-12", "2023-11"), (then.Keys.First(), then.Keys.Last()));
        Assert.Equal(new[] { 0, 11, 12, 12 }, new[] { "2023-08", "2023-09", "2023-10", "2023-11" }.Select(m => then[m]));
        var after = await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-11-20");
        Assert.Equal(12, after.GetProperty("completed").GetInt32());
        Assert.Equal(12, Trend(after)["2023-11"]);
        Assert.Equal(12, Trend(after)["2023-10"]);
    }

    [Fact]
    public async Task A_change_to_the_ledger_shows_on_the_very_next_request()
    {
        var client = await AdminAsync();
        static string Timing(HttpResponseMessage r) => string.Join(";", r.Headers.GetValues("Server-Timing"));
        var first = await client.GetAsync("/api/overview");
        Assert.Contains("computed", Timing(first));
        var again = await client.GetAsync("/api/overview");
        Assert.Contains("reused", Timing(again));
        // Reused figures are sent as the JSON written for the first request, byte for byte.
        Assert.Equal("application/json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(await first.Content.ReadAsByteArrayAsync(), await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(11, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completed").GetInt32());

        await using (var db = Db())
        {
            Complete(await db.Problems.FirstAsync(p => p.Status == RectificationStatus.Phased), new DateOnly(2023, 9, 10));
            await db.SaveChangesAsync();
        }
        var changed = await client.GetAsync("/api/overview");
        Assert.Contains("computed", Timing(changed));
        Assert.Equal(12, (await changed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("completed").GetInt32());
        var page = await client.GetStringAsync("/overview");
        // The chips count by bucket: the newly completed one under 已完成, the 11 sustained under 长期坚持.
        Assert.Contains("<b>1</b> 已完成", page);
        Assert.Contains("<b>11</b> 长期坚持", page);

        // A closure asked for: the figure and the list behind it, at once.
        int asked;
        await using (var db = Db())
        {
            var p = await db.Problems.Include(x => x.Progress).ThenInclude(e => e.Evidence).FirstAsync(x => x.Status == RectificationStatus.Completed);
            p.RequestClosure("城北镇填报员", _clock.GetUtcNow());
            await db.SaveChangesAsync();
            asked = p.Id;
        }
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("closuresWaiting").GetInt32());
        var waiting = await client.GetStringAsync("/overview/problems?closure=requested");
        Assert.Equal(1, Total(waiting));
        Assert.Contains($"href=\"/problems/{asked}\"", waiting);
    }

    [Fact]
    public async Task A_change_only_the_audit_log_marks_shows_on_the_very_next_request_whichever_chain_it_lands_in()
    {
        var client = await AdminAsync();
        static string Timing(HttpResponseMessage r) => string.Join(";", r.Headers.GetValues("Server-Timing"));
        var figures = await client.GetFromJsonAsync<JsonElement>("/api/overview");
        var orgIds = figures.GetProperty("organizations").EnumerateArray().Select(o => o.GetProperty("id").GetInt32()).ToList();
        Assert.Contains("reused", Timing(await client.GetAsync("/api/overview")));

        // A renamed unit: no problem and no problem history changes, only an audit entry is appended.
        await using (var db = Db())
        {
            var heads = await Rectify.Data.AuditLog.ReadHeadsAsync(db, TestContext.Current.CancellationToken);
            long HeadOf(int orgId) => heads.Where(h => h.Chain == Rectify.Core.Audit.AuditChain.ChooseChain(
                "Organization", orgId.ToString(System.Globalization.CultureInfo.InvariantCulture), db.AuditChains)).Sum(h => h.Seq);
            // A unit whose chain stays below the longest one, so that the largest Seq of the log does not move
            // and only a reader that sums every chain's head sees the change.
            var orgId = orgIds.FirstOrDefault(id => HeadOf(id) + 1 < heads.Max(h => h.Seq));
            Assert.True(orgId != 0, "每个单位的审计链都是最长的一条，无法检验");
            (await db.Organizations.SingleAsync(o => o.Id == orgId)).Name = "改名后的单位";
            await db.SaveChangesAsync();
        }
        var changed = await client.GetAsync("/api/overview");
        Assert.Contains("computed", Timing(changed));
        Assert.Contains("改名后的单位", await changed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Every_unit_of_a_district_is_on_the_page_a_page_or_a_search_away_with_figures_counted_independently()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();
        await Rectify.Features.Overview.DistrictGenerator.GenerateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 70, 700, seed: 7);

        // Independently: every problem with its inspection's first target, round and aspect.
        await using var db = Db();
        var today = new DateOnly(2026, 11, 27);
        var owners = await db.InspectionTargets.Where(t => t.Ordinal == 1).ToDictionaryAsync(t => t.InspectionId, t => t.OrganizationId);
        var rounds = await db.Inspections.ToDictionaryAsync(i => i.Id, i => i.RoundId);
        var titles = await db.Categories.ToDictionaryAsync(c => c.Id, c => c.Title);
        var all = await db.Problems.AsNoTracking().ToListAsync();
        bool Red(Problem p) => Rectify.Core.Supervision.Warnings.For(p, today, new DeadlineSettings()) == Rectify.Core.Supervision.WarningLight.Red;

        var f = await client.GetFromJsonAsync<JsonElement>("/api/overview");
        Assert.Equal(all.Count, f.GetProperty("problems").GetInt32());
        Assert.Equal(all.Count(p => p.Status.IsCompleted()), f.GetProperty("completed").GetInt32());
        Assert.Equal(all.Count(Red), f.GetProperty("red").GetInt32());
        var orgs = f.GetProperty("organizations").EnumerateArray().ToList();
        // The 70 units and 城北镇 with problems of their own, and above them 示范区7 and 梅江区 with subtotals.
        Assert.Equal(73, orgs.Count);
        foreach (var o in orgs)
        {
            var mine = all.Where(p => owners[p.InspectionId] == o.GetProperty("id").GetInt32()).ToList();
            Assert.Equal(mine.Count, o.GetProperty("total").GetInt32());
            Assert.Equal(mine.Count(p => p.Status.IsCompleted()), o.GetProperty("completed").GetInt32());
            Assert.Equal(mine.Count(Red), o.GetProperty("red").GetInt32());
        }
        var rates = orgs.Where(o => o.GetProperty("total").GetInt32() > 0).Select(o => o.GetProperty("rate").GetDecimal()).ToList();
        Assert.Equal(rates.Order(), rates); // laggards first
        Assert.Equal(71, rates.Count);
        // Each unit's subtotal is its own problems and its children's subtotals (the district's: all 700).
        var byId = orgs.ToDictionary(o => o.GetProperty("id").GetInt32());
        foreach (var o in orgs)
        {
            var children = orgs.Where(c => c.TryGetProperty("parentId", out var p) && p.ValueKind == JsonValueKind.Number && p.GetInt32() == o.GetProperty("id").GetInt32()).ToList();
            foreach (var (sub, own) in new[] { ("subtreeTotal", "total"), ("subtreeCompleted", "completed"), ("subtreeRed", "red") })
                Assert.Equal(o.GetProperty(own).GetInt32() + children.Sum(c => c.GetProperty(sub).GetInt32()), o.GetProperty(sub).GetInt32());
        }
        Assert.Equal(700, orgs.Single(o => o.GetProperty("name").GetString() == "示范区7").GetProperty("subtreeTotal").GetInt32());
        foreach (var r in f.GetProperty("rounds").EnumerateArray())
            Assert.Equal(all.Count(p => rounds[p.InspectionId] == r.GetProperty("id").GetInt32()), r.GetProperty("total").GetInt32());
        foreach (var c in f.GetProperty("byCategory").EnumerateArray())
            Assert.Equal(all.Count(p => titles[p.CategoryId] == c.GetProperty("title").GetString()), c.GetProperty("total").GetInt32());

        // The page shows every unit in the tree, each with the figures of the API, under its parent.
        var first = await client.GetStringAsync("/overview");
        var tree = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(first).QuerySelectorAll("#org-tree li[data-org]").ToList();
        Assert.Equal(orgs.Count, tree.Count);
        foreach (var li in tree)
        {
            var o = byId[int.Parse(li.GetAttribute("data-org")!)];
            Assert.Equal((o.GetProperty("total").GetInt32(), o.GetProperty("subtreeTotal").GetInt32(), o.GetProperty("subtreeRed").GetInt32()),
                (int.Parse(li.GetAttribute("data-total")!), int.Parse(li.GetAttribute("data-subtree-total")!), int.Parse(li.GetAttribute("data-subtree-red")!)));
            var parent = li.ParentElement?.Closest("li[data-org]");
            Assert.Equal(o.TryGetProperty("parentId", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : (int?)null,
                parent is null ? (int?)null : int.Parse(parent.GetAttribute("data-org")!));
        }
        Assert.Contains("<b>73</b> 个单位", first);

        // A search lists the matching units flat, 50 at a time, laggards first; every one is a page or "all" away.
        static List<string> Units(string html) => Regex.Matches(Regex.Match(html, "<table class=\"grid\" id=\"org-table\">.*?</table>", RegexOptions.Singleline).Value,
            "href=\"/overview/problems\\?org=\\d+\">([^<]+)</a>").Select(m => m.Groups[1].Value).ToList();
        var names = orgs.Select(o => o.GetProperty("name").GetString()!).Where(n => n.Contains("示范")).ToList();
        Assert.Equal(71, names.Count);
        var search = await client.GetStringAsync("/overview?unit=%E7%A4%BA%E8%8C%83");
        Assert.Equal(names.Take(50), Units(search));
        Assert.Contains("<b>71</b> 个单位", search);
        Assert.Contains("units=2#units\"", search);
        Assert.Equal(names.Skip(50), Units(await client.GetStringAsync("/overview?unit=%E7%A4%BA%E8%8C%83&units=2")));
        Assert.Equal(names, Units(await client.GetStringAsync("/overview?unit=%E7%A4%BA%E8%8C%83&units=all")));
        Assert.Equal(new[] { "城北镇" }, Units(await client.GetStringAsync("/overview?unit=%E5%9F%8E%E5%8C%97")));

        // A subtotal drills down to the problems of the unit and every unit below it.
        var districtRow = orgs.Single(o => o.GetProperty("name").GetString() == "示范区7");
        Assert.Equal(700, Total(await client.GetStringAsync($"/overview/problems?org={districtRow.GetProperty("id").GetInt32()}&subtree=true")));
        Assert.Equal(districtRow.GetProperty("subtreeRed").GetInt32(), Total(await client.GetStringAsync($"/overview/problems?org={districtRow.GetProperty("id").GetInt32()}&subtree=true&light=red")));

        // A unit's name links to its problems; a round's bar to the round's.
        var laggard = orgs[0];
        Assert.Equal(laggard.GetProperty("total").GetInt32(), Total(await client.GetStringAsync($"/overview/problems?org={laggard.GetProperty("id").GetInt32()}")));
        Assert.Equal(laggard.GetProperty("red").GetInt32(), Total(await client.GetStringAsync($"/overview/problems?org={laggard.GetProperty("id").GetInt32()}&light=red")));
        var round = f.GetProperty("rounds").EnumerateArray().Last();
        Assert.Equal(round.GetProperty("total").GetInt32(), Total(await client.GetStringAsync($"/overview/problems?round={round.GetProperty("id").GetInt32()}")));

        // A reader of the generated district sees its 70 units and their problems, not 城北镇.
        var district = await db.Organizations.SingleAsync(o => o.Name == "示范区7");
        var chengbei = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
            var reader = new Rectify.Data.AppUser { UserName = "district-reader", OrganizationId = district.Id };
            Assert.True((await users.CreateAsync(reader, "district-pass-2026")).Succeeded);
            await users.AddToRoleAsync(reader, Rectify.Infrastructure.Roles.Reader);
        }
        var theirs = all.Where(p => owners[p.InspectionId] != chengbei.Id).ToList();
        var readerClient = await AdminAsync("district-reader", "district-pass-2026");
        var seen = await readerClient.GetFromJsonAsync<JsonElement>("/api/overview");
        Assert.Equal(theirs.Count, seen.GetProperty("problems").GetInt32());
        Assert.Equal(theirs.GroupBy(p => p.Status.Code()).ToDictionary(g => g.Key, g => g.Count()), StatusCounts(seen));
        Assert.Equal(theirs.Count(Red), seen.GetProperty("red").GetInt32());
        // The district's 70 units, and the district above them with their subtotal; nothing above it, nothing of 梅江区.
        Assert.Equal(71, seen.GetProperty("organizations").GetArrayLength());
        Assert.Equal(theirs.Count, seen.GetProperty("organizations").EnumerateArray().Single(o => o.GetProperty("id").GetInt32() == district.Id).GetProperty("subtreeTotal").GetInt32());
        Assert.Equal(0, Total(await readerClient.GetStringAsync($"/overview/problems?org={chengbei.Id}")));
        Assert.Equal(theirs.Count(Red), Total(await readerClient.GetStringAsync("/overview/problems?light=red")));
        // Their scope and one round together.
        var roundId = f.GetProperty("rounds").EnumerateArray().Last().GetProperty("id").GetInt32();
        var theirRound = theirs.Where(p => rounds[p.InspectionId] == roundId).ToList();
        var seenRound = await readerClient.GetFromJsonAsync<JsonElement>($"/api/overview?round={roundId}");
        Assert.Equal(theirRound.Count, seenRound.GetProperty("problems").GetInt32());
        Assert.Equal(theirRound.Count(p => p.Status.IsCompleted()), seenRound.GetProperty("completed").GetInt32());
        Assert.Equal(theirRound.Count(Red), Total(await readerClient.GetStringAsync($"/overview/problems?round={roundId}&light=red")));
    }

    [Fact]
    public async Task The_common_problems_of_a_generated_district_keep_the_rules_and_each_unit_sees_only_its_own()
    {
        var client = await AdminAsync();
        await Rectify.Features.Overview.DistrictGenerator.GenerateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 100, 3000, seed: 5);
        await using var db = Db();
        var problems = await db.Problems.AsNoTracking().Select(p => new Rectify.Core.Overview.ProblemText(p.Id, p.Inspection!.TargetName!, p.Title)).ToListAsync();
        var byId = problems.ToDictionary(p => p.Id);

        var answer = await client.GetFromJsonAsync<JsonElement>("/api/overview/common");
        var groups = answer.GetProperty("groups").EnumerateArray().ToList();
        Assert.True(groups.Count >= 20, $"{groups.Count} groups");
        var cap = (int)(problems.Count * Rectify.Core.Overview.CommonProblems.MaxShare);
        var synonyms = Rectify.Core.Overview.FindingVocabulary.Categories.SelectMany(c => c.Phrases.Select(p => (Phrase: p, c.Phrases))).ToDictionary(x => x.Phrase, x => x.Phrases);
        foreach (var g in groups)
        {
            var label = g.GetProperty("label").GetString()!;
            var ids = g.GetProperty("problemIds").EnumerateArray().Select(e => e.GetInt32()).ToList();
            Assert.Equal(ids.Count, g.GetProperty("count").GetInt32());
            Assert.True(ids.Count <= cap, $"{label}: {ids.Count} of {problems.Count}");
            foreach (var part in label.Split('·'))
            {
                IReadOnlyList<string> allowed = synonyms.TryGetValue(part, out var list) ? list : [part];
                Assert.All(ids, id => Assert.True(allowed.Any(p => byId[id].Title.Contains(p)), $"“{byId[id].Title}” in {label}"));
            }
        }
        // Some problems say two things and are in two groups.
        Assert.Contains(groups.SelectMany(g => g.GetProperty("problemIds").EnumerateArray().Select(e => e.GetInt32())).GroupBy(id => id), x => x.Count() > 1);

        // The page states each group's completion rate: its completed problems (已完成, 长期坚持) over its problems.
        var status = await db.Problems.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Status);
        var html = await client.GetStringAsync("/overview/common");
        foreach (var g in groups.Take(5))
        {
            var ids = g.GetProperty("problemIds").EnumerateArray().Select(e => e.GetInt32()).ToList();
            var rate = Math.Round(100.0 * ids.Count(id => status[id].IsCompleted()) / ids.Count, 1);
            Assert.Contains($"{ids.Count} 个问题 · 完成率 {rate}%", html);
        }

        // A reader of one unit sees the groups of that unit's problems only.
        var unit = await db.Organizations.SingleAsync(o => o.Name == "示范第2镇");
        var own = (await db.InspectionTargets.Where(t => t.OrganizationId == unit.Id).Select(t => t.InspectionId).ToListAsync()).ToHashSet();
        var ownIds = (await db.Problems.Where(p => own.Contains(p.InspectionId)).Select(p => p.Id).ToListAsync()).ToHashSet();
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
            var reader = new Rectify.Data.AppUser { UserName = "unit-reader", OrganizationId = unit.Id };
            Assert.True((await users.CreateAsync(reader, "unit-reader-pass-2026")).Succeeded);
            await users.AddToRoleAsync(reader, Rectify.Infrastructure.Roles.Reader);
        }
        var theirs = await (await AdminAsync("unit-reader", "unit-reader-pass-2026")).GetFromJsonAsync<JsonElement>("/api/overview/common");
        Assert.All(theirs.GetProperty("groups").EnumerateArray().SelectMany(g => g.GetProperty("problemIds").EnumerateArray()), id => Assert.Contains(id.GetInt32(), ownIds));
    }

    [Fact]
    public async Task Common_problems_kept_and_read_again_in_part_are_those_a_fresh_grouping_gives()
    {
        var client = await AdminAsync();
        await Rectify.Features.Overview.DistrictGenerator.GenerateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 60, 1500, seed: 7);
        async Task<List<(string Label, int[] Ids)>> AskAsync() =>
            (await client.GetFromJsonAsync<JsonElement>("/api/overview/common")).GetProperty("groups").EnumerateArray()
                .Select(g => (g.GetProperty("label").GetString()!, g.GetProperty("problemIds").EnumerateArray().Select(e => e.GetInt32()).Order().ToArray())).ToList();
        async Task<List<(string Label, int[] Ids)>> FreshAsync()
        {
            await using var db = Db();
            var rows = await db.Problems.AsNoTracking().OrderBy(p => p.Id).Select(p => new Rectify.Core.Overview.ProblemText(p.Id, p.Inspection!.TargetName ?? "?", p.Title)).ToListAsync();
            return Rectify.Core.Overview.CommonProblems.Group(rows).Select(g => (g.Label, g.Members.Select(m => m.Id).Order().ToArray())).ToList();
        }
        static void Same(List<(string Label, int[] Ids)> expected, List<(string Label, int[] Ids)> actual, string after)
        {
            Assert.True(expected.Select(g => g.Label).SequenceEqual(actual.Select(g => g.Label)), $"after {after}: labels {string.Join("、", actual.Select(g => g.Label))}");
            for (var i = 0; i < expected.Count; i++) Assert.True(expected[i].Ids.SequenceEqual(actual[i].Ids), $"after {after}: members of {expected[i].Label}");
        }
        var before = await AskAsync();
        Same(await FreshAsync(), before, "the first ask");

        // Titles changed through the save (their history moves the kept groups' stamp) and a problem added: only those are read again.
        int moved;
        await using (var db = Db())
        {
            var inGroup = before.First(g => g.Ids.Length > 3);
            var retitle = await db.Problems.Where(p => inGroup.Ids.Contains(p.Id)).OrderBy(p => p.Id).Take(3).ToListAsync();
            foreach (var p in retitle) p.Title = "食堂账目未按规定公开，群众意见较大";
            moved = retitle[0].Id;
            var template = await db.Problems.AsNoTracking().OrderByDescending(p => p.Id).FirstAsync();
            db.Problems.Add(new Problem { InspectionId = template.InspectionId, CategoryId = template.CategoryId, Ordinal = 900, Title = "违规发放津补贴，标准把关不严" });
            await db.SaveChangesAsync();
        }
        var after = await AskAsync();
        Same(await FreshAsync(), after, "retitling three problems and adding one");

        // A deletion: everything is read again.
        await using (var db = Db())
        {
            db.Problems.Remove(await db.Problems.SingleAsync(p => p.Id == moved));
            await db.SaveChangesAsync();
        }
        Same(await FreshAsync(), await AskAsync(), "deleting a problem");
    }

    [Fact]
    public async Task Similar_problems_of_two_units_become_a_named_district_list()
    {
        var client = await AdminAsync();
        await using (var db = Db())
        {
            var doc = Setup.DemoLedger();
            doc.Issuer = "中共梅州市梅江区西阳镇委员会";
            doc.Inspection.Target = "西阳镇党委";
            await LedgerTransfer.LoadAsync(db, doc, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>());
        }
        var page = await client.GetStringAsync("/overview/common");
        Assert.Contains("2 个单位", page);
        var response = await client.PostAsync("/overview/common", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["group"] = "0", ["name"] = "财务管理类共性问题", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("共性问题清单：财务管理类共性问题", list);
        Assert.Contains("城北镇党委", list);
        Assert.Contains("西阳镇党委", list);
    }

    [Fact]
    public async Task The_figures_export_to_excel_and_a_round_summary_to_word()
    {
        var client = await AdminAsync();
        var xlsx = await client.GetByteArrayAsync("/overview/export.xlsx");
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true, sheetName: "按状态").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(11, Convert.ToInt32(rows.Single(r => (string)r["状态"] == "长期坚持")["问题数"]));
        Assert.Equal(3, Convert.ToInt32(rows.Single(r => (string)r["状态"] == "取得阶段性成效")["问题数"]));

        var docx = await client.GetByteArrayAsync("/overview/rounds/1/summary.docx");
        using var word = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("九届区委第二轮巡察整改情况汇总", text);
        Assert.Contains("共反馈问题14个，已完成整改11个，整改完成率78.6%", text); // full-width (issue 16)
    }
}

/// <summary>The same figures, lists and trend on PostgreSQL (the tallies, the completion date and its migration).</summary>
public sealed class PostgresOverviewHttpTests() : OverviewHttpTests(postgres: true);
