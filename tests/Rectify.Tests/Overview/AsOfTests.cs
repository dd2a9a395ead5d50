using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Rectify.Core.Domain;
using Rectify.Tests.Web;

namespace Rectify.Tests.Overview;

/// <summary>
/// "As of" a past date is what the ledger was then (issue 17, item 5). The demo is the ledger of
/// 城北镇 from its notice of 2023-09-08 (feedback 2023-03-10: 14 problems, 11 completed, 3 phased),
/// imported here on 2024-05-20, long after the notice: nothing it states may date from the import.
/// </summary>
public class AsOfTests : IAsyncLifetime
{
    // 2024-05-20 10:00 in Beijing: the day the demo is imported.
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 20, 2, 0, 0, TimeSpan.Zero));
    readonly RectifyApp _root;
    readonly bool _postgres;
    Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app = null!;

    public AsOfTests() : this(postgres: false) { }

    protected AsOfTests(bool postgres)
    {
        _postgres = postgres;
        _root = postgres && RectifyApp.ConfiguredPostgres is { Length: > 0 } server ? new RectifyApp(server) : new RectifyApp();
    }

    public ValueTask InitializeAsync()
    {
        // No background reminder scans: this test moves the clock.
        _app = _root.WithWebHostBuilder(b => b.UseSetting("Rectify:Reminders:IntervalSeconds", "0").ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    async Task<HttpClient> AdminAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
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

    static Task<JsonElement> Figures(HttpClient c, string asOf) => c.GetFromJsonAsync<JsonElement>("/api/overview?asOf=" + asOf);

    static Dictionary<string, int> StatusCounts(JsonElement figures) =>
        figures.GetProperty("byStatus").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("count").GetInt32());

    static int Total(string listPage) => int.Parse(Regex.Match(listPage, "<b id=\"total\">(\\d+)</b>").Groups[1].Value);

    static void Complete(Problem p, DateOnly day)
    {
        var entry = p.AddProgress(day, "已整改到位", "测试");
        entry.Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Size = 1, Sha256 = new string('0', 64), StoredPath = "x", UploadedBy = "测试" });
        // The imported problems' measures are not loaded here: the completion states its reason.
        p.ChangeStatus(RectificationStatus.Completed, reason: "已整改到位，经现场核查");
    }

    [Fact]
    public async Task As_of_the_day_before_the_feedback_date_a_round_has_no_problems_and_from_it_the_notices_problems_not_yet_started()
    {
        var client = await AdminAsync();
        var round = (await client.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("rounds")[0].GetProperty("id").GetInt32();
        foreach (var q in new[] { "2023-03-09", $"2023-03-09&round={round}" })
        {
            var before = await Figures(client, q);
            Assert.Equal(0, before.GetProperty("problems").GetInt32());
            Assert.Empty(StatusCounts(before));
        }
        // From the feedback date the 14 problems exist; what the notice says of them holds from its date.
        foreach (var day in new[] { "2023-03-10", "2023-09-07" })
        {
            var f = await Figures(client, day);
            Assert.Equal(14, f.GetProperty("problems").GetInt32());
            Assert.Equal(new Dictionary<string, int> { ["not-started"] = 14 }, StatusCounts(f));
        }
        var page = await client.GetStringAsync("/overview?asOf=2023-03-09");
        Assert.Contains("<b>0</b> 个问题", page);
    }

    [Fact]
    public async Task As_of_an_imported_notices_own_date_the_overview_shows_exactly_that_notices_counts()
    {
        var notice = Setup.DemoLedger();
        var stated = notice.AllProblems.GroupBy(p => p.Status).ToDictionary(g => g.Key, g => g.Count());
        var counts = notice.WithComputedCounts().Counts;
        var client = await AdminAsync();

        var f = await Figures(client, "2023-09-08");
        Assert.Equal(counts.Problems, f.GetProperty("problems").GetInt32());
        Assert.Equal(counts.Completed, f.GetProperty("completed").GetInt32());
        Assert.Equal(stated, StatusCounts(f));
        // Today (the day of the import) the same: nothing changed since the notice.
        Assert.Equal(stated, StatusCounts(await client.GetFromJsonAsync<JsonElement>("/api/overview")));

        var page = await client.GetStringAsync("/overview?asOf=2023-09-08");
        Assert.Contains("截至2023年9月8日", page);
        Assert.Contains($"<b>{counts.Problems}</b> 个问题", page);
        // The chip 已完成 is its bucket alone (长期坚持 has its own, docs/lights-and-buckets.md).
        Assert.Contains($"<b>{stated.GetValueOrDefault("completed")}</b> 已完成", page);

        // The problem's history says when its status came, and by the notice, not the import.
        await using var db = Db();
        var first = await db.Problems.AsNoTracking().OrderBy(p => p.Ordinal).FirstAsync();
        Assert.Equal(new DateOnly(2023, 9, 8), first.CompletedOn);
        var change = await db.ProblemChanges.AsNoTracking().SingleAsync(c => c.ProblemId == first.Id && c.Field == "Status");
        Assert.Equal(("not-started", "completed-sustained"), (change.Before, change.After));
        Assert.Equal(new DateOnly(2023, 9, 8), db.Office.DateOf(change.At));
    }

    [Fact]
    public async Task A_completion_date_the_notice_states_for_a_problem_dates_its_completion()
    {
        var notice = Setup.DemoLedger();
        notice.Inspection.Round = "第三轮巡察"; // a round of its own, beside the demo's
        var first = notice.AllProblems.First();
        (first.Status, first.StatusText) = ("completed", "已于2023年6月完成整改");
        int round;
        await using (var db = Db())
        {
            var town = await db.Organizations.Where(o => o.Name == "城北镇").Select(o => o.Id).SingleAsync();
            var inspection = await Rectify.Features.Inspections.LedgerTransfer.LoadAsync(db, notice, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(), town);
            round = inspection.RoundId;
            Assert.Equal(new DateOnly(2023, 6, 30), (await db.Problems.AsNoTracking().SingleAsync(p => p.InspectionId == inspection.Id && p.Ordinal == first.Ordinal)).CompletedOn);
        }
        var client = await AdminAsync();
        async Task<int> Completed(string day) => (await Figures(client, $"{day}&round={round}")).GetProperty("completed").GetInt32();
        Assert.Equal(0, await Completed("2023-06-29"));
        Assert.Equal(1, await Completed("2023-06-30"));
        Assert.Equal(1, await Completed("2023-09-07"));
        Assert.Equal(11, await Completed("2023-09-08"));
    }

    [Fact]
    public async Task The_trend_has_no_step_on_the_import_day()
    {
        var client = await AdminAsync();
        static Dictionary<string, int> Trend(JsonElement figures) =>
            figures.GetProperty("trend").EnumerateArray().ToDictionary(t => t.GetProperty("month").GetString()!, t => t.GetProperty("completed").GetInt32());

        // Today's trend (from each problem's completion date) and the trend of the day before the import (from the history).
        var today = Trend(await client.GetFromJsonAsync<JsonElement>("/api/overview"));
        var dayBefore = await Figures(client, "2024-05-19");
        Assert.Equal(11, dayBefore.GetProperty("completed").GetInt32());
        Assert.Equal(today, Trend(dayBefore));
        Assert.Equal(new[] { 0, 0, 11, 11, 11, 11 }, new[] { "2023-07", "2023-08", "2023-09", "2023-12", "2024-04", "2024-05" }.Select(m => today[m]));
        // A point's list is the problems behind it, on either date.
        Assert.Equal(11, Total(await client.GetStringAsync("/overview/problems?completedBy=2023-09")));
        Assert.Equal(11, Total(await client.GetStringAsync("/overview/problems?completedBy=2023-09&asOf=2024-05-19")));
        Assert.Equal(0, Total(await client.GetStringAsync("/overview/problems?completedBy=2023-08&asOf=2024-05-19")));
    }

    [Fact]
    public async Task Between_two_status_changes_the_older_status_counts_with_its_light_on_that_date()
    {
        int third;
        await using (var db = Db())
            third = await db.Problems.Where(p => p.Ordinal == 3).Select(p => p.Id).SingleAsync();
        // Phased, expected by 2023-12 (#3, #7) and 2024-03 (#14): all three late by the import.
        _clock.SetUtcNow(new DateTimeOffset(2024, 6, 10, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            Complete(await db.Problems.SingleAsync(p => p.Id == third), new DateOnly(2024, 6, 10));
            await db.SaveChangesAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2024, 7, 10, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            (await db.Problems.SingleAsync(p => p.Id == third)).ReopenByLookBack("回头看发现问题反弹", "测试", new DateOnly(2024, 7, 10));
            await db.SaveChangesAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2024, 7, 20, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();

        async Task<(int Completed, int Red, int Yellow)> On(string day)
        {
            var f = await Figures(client, day);
            return (f.GetProperty("completed").GetInt32(), f.GetProperty("red").GetInt32(), f.GetProperty("yellow").GetInt32());
        }
        // On the last day of December #3 and #7 were due that day (yellow); from January they were late.
        Assert.Equal((11, 0, 2), await On("2023-12-31"));
        Assert.Equal((11, 2, 0), await On("2024-01-01"));
        Assert.Equal((11, 3, 0), await On("2024-06-09"));
        Assert.Equal((12, 2, 0), await On("2024-06-10"));
        Assert.Equal((12, 2, 0), await On("2024-07-09"));
        Assert.Equal((11, 3, 0), await On("2024-07-10"));

        // The list behind the red light of a day between the changes: without #3, shown as completed then.
        var red = await client.GetStringAsync("/overview/problems?light=red&asOf=2024-07-09");
        Assert.Equal(2, Total(red));
        Assert.DoesNotContain($"href=\"/problems/{third}\"", red);
        var done = await client.GetStringAsync("/overview/problems?bucket=done&asOf=2024-07-09");
        Assert.Equal(12, Total(done));
        Assert.Matches($"href=\"/problems/{third}\">[^<]*</a></td>\\s*<td[^>]*>[^<]*</td>\\s*<td[^>]*><span class=\"status s-completed\">", done);
        Assert.Equal(3, Total(await client.GetStringAsync("/overview/problems?light=red&asOf=2024-07-10")));
    }

    [Fact]
    public async Task Every_link_and_export_of_an_as_of_overview_keeps_the_date_and_each_list_has_as_many_problems_as_its_count()
    {
        _clock.SetUtcNow(new DateTimeOffset(2024, 7, 20, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();
        const string day = "2024-01-05";
        var f = await Figures(client, day);
        var round = f.GetProperty("rounds")[0].GetProperty("id").GetInt32();
        var page = WebUtility.HtmlDecode(await client.GetStringAsync($"/overview?asOf={day}&round={round}"));

        var drills = Regex.Matches(page, "href=\"(/overview/problems[^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        var data = JsonDocument.Parse(Regex.Match(page, "<script type=\"application/json\" id=\"overview-data\">(.*?)</script>", RegexOptions.Singleline).Groups[1].Value).RootElement;
        var charted = data.EnumerateObject().SelectMany(chart => chart.Value.EnumerateArray()).Select(x => x.GetProperty("link").GetString()!).ToList();
        Assert.NotEmpty(drills);
        Assert.Equal(12, data.GetProperty("trend").GetArrayLength());
        foreach (var link in drills.Concat(charted))
            Assert.Contains($"asOf={day}", link);
        foreach (var export in new[] { "/overview/export.xlsx", $"/overview/rounds/{round}/summary.docx" })
            Assert.Contains($"{export}?round={round}&asOf={day}", page);
        Assert.Contains($"<input type=\"hidden\" name=\"asOf\" value=\"{day}\" />", page);

        // Each count and the list behind it agree: the figures of the day and the problems of the day.
        foreach (var (name, count) in new[] { ("个问题", f.GetProperty("problems").GetInt32()), ("已完成", StatusCounts(f).GetValueOrDefault("completed")), ("逾期（红灯）", f.GetProperty("red").GetInt32()), ("临期（黄灯）", f.GetProperty("yellow").GetInt32()) })
        {
            var link = Regex.Match(page, $"<a href=\"([^\"]+)\"><b>(\\d+)</b> {Regex.Escape(name)}</a>");
            Assert.Equal(count.ToString(), link.Groups[2].Value);
            var list = await client.GetStringAsync(link.Groups[1].Value);
            Assert.Equal(count, Total(list));
            Assert.Contains("截至2024年1月5日", list);
            Assert.Contains($"href=\"/overview?round={round}&amp;asOf={day}\"", list);
        }
        Assert.Equal(2, f.GetProperty("red").GetInt32());
        foreach (var status in data.GetProperty("status").EnumerateArray())
            Assert.Equal(status.GetProperty("value").GetInt32(), Total(await client.GetStringAsync(status.GetProperty("link").GetString()!)));

        // The export is of the same day.
        var xlsx = await client.GetByteArrayAsync($"/overview/export.xlsx?round={round}&asOf={day}");
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true, sheetName: "总体").Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["项目"], r => r["数值"]?.ToString());
        Assert.Equal(day, rows["截至日期"]);
        Assert.Equal("2", rows["逾期（红灯）"]);
    }
}

public sealed class PostgresAsOfTests() : AsOfTests(postgres: true);
