using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MiniExcelLibs;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Overview;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Consistency;

/// <summary>
/// One truth on every screen (issue 17, item 8). On a generated district and on an imported notice,
/// every screen that shows a problem — the ledger page, the problem page, the overview and its
/// drill-down, the API, the Excel exports, the notice and the public page — is read as a user or a
/// program reads it, and what each says of status, bucket, light, deadline and expected month must be
/// the same; today and as of two past dates. A screen that does not show a field is compared on what
/// it shows. Runs on SQLite and (PostgresConsistencyTests) on PostgreSQL.
/// </summary>
public class ConsistencyTests : IAsyncLifetime
{
    const string UserPassword = "user-pass-123";
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2024, 5, 20, 2, 0, 0, TimeSpan.Zero));
    readonly RectifyApp _root;
    readonly bool _postgres;
    WebApplicationFactory<Program> _app = null!;
    static readonly HtmlParser Html = new();

    public ConsistencyTests() : this(postgres: false) { }

    protected ConsistencyTests(bool postgres)
    {
        _postgres = postgres;
        _root = RectifyApp.SqliteOrPostgres(postgres);
    }

    public ValueTask InitializeAsync()
    {
        // No background reminder scans: the test moves the clock.
        _app = _root.WithWebHostBuilder(b => b.UseSetting("Rectify:Reminders:IntervalSeconds", "0").ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_clock)));
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _root.DisposeAsync();
    }

    /// <summary>What one screen says of one problem; null where the screen does not show it. "" is "none" (no deadline, no month).</summary>
    public sealed record Seen(string Status, string? Bucket = null, string? Light = null, string? Deadline = null, string? Expected = null);

    // ---------------------------------------------------------------- the two worlds

    [Fact]
    public async Task A_generated_district_shows_the_same_facts_on_every_screen_today_and_on_two_past_dates()
    {
        // 2025-06-30 10:00 in Beijing.
        _clock.SetUtcNow(new DateTimeOffset(2025, 6, 30, 2, 0, 0, TimeSpan.Zero));
        var admin = await SignInAsync("admin", RectifyApp.AdminPassword);
        await DistrictGenerator.GenerateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), Office, orgs: 30, problems: 400);

        // The round of the inspection fed back first: its past has the most to show.
        int round, first;
        DateOnly feedback;
        await using (var db = Db())
        {
            var earliest = (await db.Inspections.AsNoTracking().Where(i => i.Round!.Name.EndsWith("2026"))
                .Select(i => new { i.Id, i.RoundId, i.FeedbackDate }).ToListAsync())
                .OrderBy(i => i.FeedbackDate!.Value.Start).First();
            (round, first, feedback) = (earliest.RoundId, earliest.Id, earliest.FeedbackDate!.Value.Start);
        }
        var today = Office.Today;
        var dates = new[] { feedback.AddDays(40), feedback.AddDays(40 + (today.DayNumber - feedback.DayNumber - 40) / 2) };
        Assert.True(dates[1] < today);

        await CheckTodayAsync(admin, round, first);
        foreach (var day in dates) await CheckPastAsync(admin, round, first, day);
    }

    [Fact]
    public async Task An_imported_notice_shows_the_same_facts_on_every_screen_today_and_on_two_past_dates()
    {
        // Imported on 2024-05-20 in a round of its own: the notice of 城北镇 of 2023-09-08 (14 problems:
        // 11 completed and sustained, 3 phased), from the sample text, through the import API.
        var admin = await SignInAsync("admin", RectifyApp.AdminPassword);
        const int town = 2; // 城北镇, the demo's organisation (its contacts are on file)
        using var form = new MultipartFormDataContent { { new ByteArrayContent(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt"))), "file", "chengbei-2023-09-08.txt" } };
        var preview = await admin.PostAsync("/api/import/preview", form);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var document = JsonNode.Parse(await preview.Content.ReadAsStringAsync())!;
        document["inspection"]!["round"] = "第三轮巡察";
        var created = await admin.PostAsJsonAsync("/api/import", new JsonObject { ["document"] = document, ["organizationId"] = town });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var inspection = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();

        int round;
        Dictionary<int, int> ids; // ordinal → id
        await using (var db = Db())
        {
            round = await db.Inspections.Where(i => i.Id == inspection).Select(i => i.RoundId).SingleAsync();
            ids = await db.Problems.Where(p => p.InspectionId == inspection).ToDictionaryAsync(p => p.Ordinal, p => p.Id);
            Assert.Equal(14, ids.Count);
            // Deadlines given on the import day: #3 (phased) in 8 days, #7 (phased) in 15 days; #1 (completed) long past.
            var ps = await db.Problems.Where(p => p.InspectionId == inspection).ToDictionaryAsync(p => p.Ordinal);
            ps[3].SetDeadline(new DateOnly(2024, 5, 28));
            ps[7].SetDeadline(new DateOnly(2024, 6, 4));
            ps[1].SetDeadline(new DateOnly(2023, 8, 31));
            await db.SaveChangesAsync();
        }
        // Today (the import day) the round shows a yellow, a green and a red light (#14, expected by 2024-03).
        var admin0 = admin;
        var seen = await CheckTodayAsync(admin0, round, inspection);
        Assert.Equal(["green", "none", "red", "yellow"], seen.Values.Select(s => s.Light!).Distinct().Order());

        // 2024-06-10: #7 is completed and #3's deadline extended to 2024-07-31.
        _clock.SetUtcNow(new DateTimeOffset(2024, 6, 10, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            var seventh = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.Id == ids[7]);
            var entry = seventh.AddProgress(Office.Today, "已整改到位", "测试");
            entry.Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Size = 1, Sha256 = new string('0', 64), StoredPath = "x", UploadedBy = "测试" });
            seventh.ChangeStatus(RectificationStatus.Completed, reason: "已整改到位，经现场核查");
            var third = await db.Problems.Include(p => p.Extensions).SingleAsync(p => p.Id == ids[3]);
            var extension = third.RequestExtension(new DateOnly(2024, 7, 31), "雨季施工受阻", "张干事", _clock.GetUtcNow(), Office.Today);
            third.DecideExtension(extension, approve: true, "王书记", null, _clock.GetUtcNow());
            await db.SaveChangesAsync();
        }
        // 2024-07-10: the look-back reopens #7.
        _clock.SetUtcNow(new DateTimeOffset(2024, 7, 10, 2, 0, 0, TimeSpan.Zero));
        await using (var db = Db())
        {
            (await db.Problems.SingleAsync(p => p.Id == ids[7])).ReopenByLookBack("回头看发现问题反弹", "测试", Office.Today);
            await db.SaveChangesAsync();
        }
        _clock.SetUtcNow(new DateTimeOffset(2024, 7, 20, 2, 0, 0, TimeSpan.Zero));
        var admin1 = await SignInAsync("admin", RectifyApp.AdminPassword);

        seen = await CheckTodayAsync(admin1, round, inspection);
        Assert.Equal(("in-progress", "red", "2024-06-04"), (seen[ids[7]].Status, seen[ids[7]].Light, seen[ids[7]].Deadline));
        Assert.Equal(("phased", "green", "2024-07-31"), (seen[ids[3]].Status, seen[ids[3]].Light, seen[ids[3]].Deadline));

        // The notice's own date: exactly what the notice says, before any deadline was set.
        var then = await CheckPastAsync(admin1, round, inspection, new DateOnly(2023, 9, 8));
        Assert.Equal(new Dictionary<string, int> { ["completed-sustained"] = 11, ["phased"] = 3 }, then.Values.GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count()));
        Assert.All(then.Values, s => Assert.Equal("", s.Deadline));
        // Between the completion and the look-back: #7 completed (no light), #3 on its old deadline's extension.
        then = await CheckPastAsync(admin1, round, inspection, new DateOnly(2024, 7, 1));
        Assert.Equal(("completed", "none"), (then[ids[7]].Status, then[ids[7]].Light));
        Assert.Equal(("phased", "2024-07-31"), (then[ids[3]].Status, then[ids[3]].Deadline));
        Assert.Equal("red", then[ids[14]].Light);
    }

    // ---------------------------------------------------------------- today

    /// <summary>
    /// Today, on the round <paramref name="round"/>: every problem of it as the API lists it, and each
    /// screen read and compared with that. <paramref name="noticed"/> is the inspection whose notice is
    /// published and whose problems are read one by one.
    /// </summary>
    async Task<Dictionary<int, Seen>> CheckTodayAsync(HttpClient admin, int round, int noticed)
    {
        var inspections = await InspectionsOfAsync(round);
        var today = Office.Today;

        // The API's list: every problem of the round, with its light.
        var api = new Dictionary<int, Seen>();
        var inspectionOf = new Dictionary<int, int>();
        foreach (var i in inspections)
        {
            var list = await admin.GetFromJsonAsync<JsonElement>($"/api/problems?inspection={i}&pageSize=200");
            foreach (var row in list.GetProperty("items").EnumerateArray())
            {
                var id = row.GetProperty("id").GetInt32();
                var status = row.GetProperty("status").GetString()!;
                api[id] = new Seen(status, BucketOf(status), row.GetProperty("warning").GetString(), Day(row, "deadline"), Text(row, "expectedCompletion"));
                inspectionOf[id] = i;
            }
        }
        Assert.NotEmpty(api);

        // Each problem of the noticed inspection: the API's own answer and the problem page.
        var mine = inspectionOf.Where(kv => kv.Value == noticed).Select(kv => kv.Key).Order().ToList();
        var one = new Dictionary<int, Seen>();
        var page = new Dictionary<int, Seen>();
        foreach (var id in mine)
        {
            var p = await admin.GetFromJsonAsync<JsonElement>($"/api/problems/{id}");
            one[id] = new Seen(p.GetProperty("status").GetString()!, p.GetProperty("bucket").GetString(), p.GetProperty("light").GetString(), Day(p, "deadline"), Text(p, "expectedCompletion"));
            page[id] = ProblemPage(await admin.GetStringAsync($"/problems/{id}"));
        }
        Agree(api, one, "GET /api/problems/{id}");
        Agree(api, page, "问题页面");

        // The ledger page of each inspection: rows and chips.
        foreach (var i in inspections)
        {
            var ledger = Html.ParseDocument(await admin.GetStringAsync($"/inspections/{i}?pageSize=200"));
            var rows = ledger.QuerySelectorAll("tr.problem").ToDictionary(r => int.Parse(r.GetAttribute("data-id")!), r =>
            {
                // By the column's label (what a phone's card shows too), not its place: columns come and go.
                string Cell(string label) => r.QuerySelector($"td[data-label='{label}']")!.TextContent;
                return new Seen(r.GetAttribute("data-status")!, Light: r.GetAttribute("data-warning"), Deadline: DateIn(Cell("时限")), Expected: MonthIn(Cell("预计完成")));
            });
            var own = Of(api, inspectionOf, i);
            Agree(own, rows, $"台账页面 /inspections/{i}", all: true);
            Assert.Equal(Counts(own.Values), Chips(ledger));

            // The Excel export of the ledger: each row, the summary's buckets and lights.
            var ordinals = await OrdinalsAsync(i);
            var xlsx = new MemoryStream(await admin.GetByteArrayAsync($"/inspections/{i}/export.xlsx"));
            Agree(own, ExcelLedger(xlsx, ordinals), $"台账 Excel /inspections/{i}/export.xlsx", all: true);
            var (buckets, lights) = ExcelSummary(xlsx, ordinals);
            Assert.Equal(Counts(own.Values), buckets.Where(b => b.Value > 0).ToDictionary());
            Assert.Equal(own.Where(kv => kv.Value.Light != "none").ToDictionary(kv => kv.Key, kv => kv.Value.Light!), lights);
        }

        // The overview of the round, its figures, its export and its drill-down.
        await CheckOverviewAsync(admin, round, null, api);

        // The notice of today and the public page of it.
        var (noticeCounts, stated, published) = await PublishAsync(admin, noticed, today);
        var noticedSeen = Of(api, inspectionOf, noticed);
        Assert.Equal(Counts(noticedSeen.Values), noticeCounts);
        Assert.Equal(Stated(noticedSeen.Values), stated);
        Agree(noticedSeen, published, "公开页面(今天的公告)", all: true);
        return api;
    }

    // ---------------------------------------------------------------- a past date

    /// <summary>
    /// As of <paramref name="date"/>: the drill-down of the round lists every problem that existed then,
    /// with its status, deadline and expected month then; the lights are the one rule's on that date. The
    /// overview, its figures and export, the notice of that date and its public page must say the same.
    /// </summary>
    async Task<Dictionary<int, Seen>> CheckPastAsync(HttpClient admin, int round, int noticed, DateOnly date)
    {
        var asOf = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var list = await DrillAsync(admin, $"round={round}&asOf={asOf}", date);
        Assert.NotEmpty(list);

        // Each problem's light on that date by the one rule, with its inspection's thresholds.
        Dictionary<int, int> inspectionOf;
        LightThresholds thresholds;
        await using (var db = Db())
        {
            var ids = list.Keys.ToList();
            inspectionOf = await db.Problems.Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.InspectionId);
            Assert.False(await db.Problems.AnyAsync(p => ids.Contains(p.Id) && p.Closure.State != ClosureState.None), "the worlds of this test close no problem: the drill-down does not show closure");
            thresholds = await LightThresholds.LoadAsync(db, default);
        }
        var then = list.ToDictionary(kv => kv.Key, kv => kv.Value with
        {
            Bucket = BucketOf(kv.Value.Status),
            Light = thresholds.Light(inspectionOf[kv.Key], Date(kv.Value.Deadline), Month(kv.Value.Expected), Statuses.ParseCode(kv.Value.Status), ClosureState.None, date).Code(),
        });

        await CheckOverviewAsync(admin, round, date, then);

        // The notice as of that date (its counts and text) and the public page of it once published.
        var mine = then.Where(kv => inspectionOf[kv.Key] == noticed).ToDictionary();
        var (counts, stated, published) = await PublishAsync(admin, noticed, date);
        Assert.Equal(Counts(mine.Values), counts);
        Assert.Equal(Stated(mine.Values), stated);
        Agree(mine, published, $"公开页面(截至{asOf}的公告)", all: true);
        return then;
    }

    // ---------------------------------------------------------------- the overview

    /// <summary>The overview of a round (today, or as of a date) against what each problem is: chips, figures, export and every drill-down list.</summary>
    async Task CheckOverviewAsync(HttpClient admin, int round, DateOnly? date, Dictionary<int, Seen> truth)
    {
        var q = $"round={round}" + (date is { } d ? $"&asOf={d:yyyy-MM-dd}" : "");
        var expected = Counts(truth.Values);
        var red = truth.Values.Count(s => s.Light == "red");
        var yellow = truth.Values.Count(s => s.Light == "yellow");

        var page = Html.ParseDocument(await admin.GetStringAsync($"/overview?{q}"));
        Assert.Equal(expected, Chips(page));
        Assert.Equal(truth.Count, Number(page.QuerySelector("ul.counts li a b")!));
        Assert.Equal(red, Number(page.QuerySelector("li.late b")!));
        Assert.Equal(yellow, Number(page.QuerySelector("li.doing b")!));
        if (date is { } day) Assert.Contains($"截至{day.Year}年{day.Month}月{day.Day}日", page.QuerySelector("h1")!.TextContent);

        var figures = await admin.GetFromJsonAsync<JsonElement>($"/api/overview?{q}");
        Assert.Equal(truth.Count, figures.GetProperty("problems").GetInt32());
        Assert.Equal(expected, figures.GetProperty("byStatus").EnumerateArray().ToDictionary(s => s.GetProperty("code").GetString()!, s => s.GetProperty("count").GetInt32()));
        Assert.Equal((red, yellow), (figures.GetProperty("red").GetInt32(), figures.GetProperty("yellow").GetInt32()));

        // The overview's export: the same figures, of the same date.
        var xlsx = new MemoryStream(await admin.GetByteArrayAsync($"/overview/export.xlsx?{q}"));
        var total = xlsx.Query(useHeaderRow: true, sheetName: "总体").Cast<IDictionary<string, object>>().ToDictionary(r => (string)r["项目"], r => Convert.ToString(r["数值"], CultureInfo.InvariantCulture));
        Assert.Equal((date ?? Office.Today).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), total["截至日期"]);
        Assert.Equal((truth.Count, red, yellow), (int.Parse(total["问题数"]!), int.Parse(total["逾期（红灯）"]!), int.Parse(total["临期（黄灯）"]!)));
        var byStatus = xlsx.Query(useHeaderRow: true, sheetName: "按状态").Cast<IDictionary<string, object>>()
            .ToDictionary(r => StatusBuckets.All.Single(b => b.Chinese() == (string)r["状态"]).Code(), r => Convert.ToInt32(r["问题数"], CultureInfo.InvariantCulture));
        Assert.Equal(expected, byStatus);

        // Each unit's row (problems, completed, red) and the list behind it, as the unit's own problems say.
        Dictionary<int, int> orgOf;
        await using (var db = Db())
        {
            var ids = truth.Keys.ToList();
            var owners = await db.InspectionTargets.Where(t => t.Ordinal == 1).ToDictionaryAsync(t => t.InspectionId, t => t.OrganizationId);
            orgOf = (await db.Problems.Where(p => ids.Contains(p.Id)).Select(p => new { p.Id, p.InspectionId }).ToListAsync()).ToDictionary(p => p.Id, p => owners[p.InspectionId]);
        }
        var units = truth.GroupBy(kv => orgOf[kv.Key]).ToDictionary(g => g.Key, g => (Total: g.Count(), Completed: g.Count(kv => Statuses.ParseCode(kv.Value.Status).IsCompleted()), Red: g.Count(kv => kv.Value.Light == "red")));
        // The page's unit tree: each unit with problems of its own (the units above them carry only subtotals).
        var unitRows = page.QuerySelectorAll("#org-tree li[data-org]").Where(li => li.GetAttribute("data-total") != "0").ToDictionary(
            li => int.Parse(li.GetAttribute("data-org")!),
            li => (Total: int.Parse(li.GetAttribute("data-total")!), Completed: int.Parse(li.GetAttribute("data-completed")!), Red: int.Parse(li.GetAttribute("data-red")!)));
        Assert.Equal(units, unitRows);
        // And what the unit's line says is what its attributes say.
        foreach (var li in page.QuerySelectorAll("#org-tree li[data-org]"))
        {
            var line = li.FirstElementChild is { LocalName: "details" } details ? details.FirstElementChild! : li.FirstElementChild!;
            var own = line.QuerySelector(".unit-own")!;
            Assert.Equal(li.GetAttribute("data-total"), own.QuerySelector("b")!.TextContent);
        }
        foreach (var (org, _) in units)
            Assert.Equal(truth.Keys.Where(id => orgOf[id] == org).Order(), (await DrillAsync(admin, $"{q}&org={org}", date)).Keys.Order());

        // The drill-down: all the problems, and the list behind each chip and each light.
        var all = await DrillAsync(admin, q, date);
        Agree(truth, all, $"总览问题清单 ?{q}", all: true);
        foreach (var b in StatusBuckets.All)
            Assert.Equal(truth.Where(kv => kv.Value.Bucket == b.Code()).Select(kv => kv.Key).Order(), (await DrillAsync(admin, $"{q}&bucket={b.Code()}", date)).Keys.Order());
        foreach (var light in new[] { "red", "yellow", "green" })
            Assert.Equal(truth.Where(kv => kv.Value.Light == light).Select(kv => kv.Key).Order(), (await DrillAsync(admin, $"{q}&light={light}", date)).Keys.Order());
    }

    /// <summary>Every row of a drill-down list, page by page.</summary>
    static async Task<Dictionary<int, Seen>> DrillAsync(HttpClient client, string query, DateOnly? date)
    {
        var rows = new Dictionary<int, Seen>();
        for (var n = 1; ; n++)
        {
            var doc = Html.ParseDocument(await client.GetStringAsync($"/overview/problems?{query}&page={n}"));
            Assert.Null(doc.QuerySelector("p.error"));
            if (date is { } d) Assert.Contains($"截至{d.Year}年{d.Month}月{d.Day}日", doc.QuerySelector("h1")!.TextContent);
            foreach (var r in doc.QuerySelectorAll("tr.problem"))
            {
                var cells = r.QuerySelectorAll("td");
                var id = int.Parse(Regex.Match(cells[2].QuerySelector("a")!.GetAttribute("href")!, @"/problems/(\d+)$").Groups[1].Value);
                // Each page its own problems ("下一页" moves on).
                Assert.False(rows.ContainsKey(id), $"/overview/problems?{query}: #{id} again on page {n}");
                rows.Add(id, new Seen(r.GetAttribute("data-status")!, Deadline: DateIn(cells[6].TextContent), Expected: MonthIn(cells[7].TextContent)));
            }
            var total = Number(doc.QuerySelector("#total")!);
            if (rows.Count >= total) { Assert.Equal(total, rows.Count); return rows; }
        }
    }

    // ---------------------------------------------------------------- the notice and the public page

    /// <summary>
    /// The notice of <paramref name="inspection"/> as of <paramref name="date"/>, drafted by the unit's
    /// editor, approved and published by the office: its counts by bucket, and each problem as its public page shows it.
    /// </summary>
    async Task<(Dictionary<string, int> Counts, Dictionary<string, int> Stated, Dictionary<int, Seen> Public)> PublishAsync(HttpClient admin, int inspection, DateOnly date)
    {
        var editor = await EditorOfAsync(inspection);
        var asOf = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var draft = await editor.PutAsJsonAsync($"/api/inspections/{inspection}/notice", new { documentKind = "Announcement", asOf });
        Assert.True(draft.IsSuccessStatusCode, await draft.Content.ReadAsStringAsync());
        var view = await draft.Content.ReadFromJsonAsync<JsonElement>();
        var counts = view.GetProperty("counts").GetProperty("buckets").EnumerateObject().Where(b => b.Value.GetInt32() > 0).ToDictionary(b => b.Name, b => b.Value.GetInt32());
        // The text says the date and the numbers of the notice's wording.
        var text = await editor.GetStringAsync($"/api/inspections/{inspection}/notice/txt");
        // The date of the figures: in the notice's own words ("截至2024年5月20日"), or the "目前" of an office's sentence
        // kept as written, with the notice dated that day.
        Assert.Contains(ChineseText.Date(date), text);
        Assert.Matches("截至" + ChineseText.Date(date) + "|目前", text);
        var c = view.GetProperty("counts");
        Assert.Contains($"{c.GetProperty("problems").GetInt32()}个问题", text);
        // The Word document says the same.
        using (var docx = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Open(new MemoryStream(await editor.GetByteArrayAsync($"/api/inspections/{inspection}/notice/docx")), false))
        {
            var paragraphs = docx.MainDocumentPart!.Document.Body!.Descendants<DocumentFormat.OpenXml.Wordprocessing.Paragraph>().Select(x => x.InnerText).ToList();
            Assert.Contains(paragraphs, x => (x.Contains("截至" + ChineseText.Date(date), StringComparison.Ordinal) || x.Contains("目前", StringComparison.Ordinal)) && x.Contains($"{c.GetProperty("problems").GetInt32()}个问题", StringComparison.Ordinal));
            // Each problem's status line, in the text (half-width punctuation, as web copies carry) and in the document alike.
            Assert.Equal(StatusLines(text), paragraphs.SelectMany(StatusLines));
        }
        // The problems by the status each one's line states (a problem without a stated status has none).
        // The status words may be the office's own ("已取得阶段性成效"): read as the importer reads them.
        var stated = StatusLines(text).Select(x => (Statuses.FromText(x) ?? throw new Xunit.Sdk.XunitException($"“{x}” is no status")).Code()).GroupBy(x => x).ToDictionary(g => g.Key, g => g.Count());

        foreach (var (client, path, body) in new[]
        {
            (editor, "submit", (object?)new { secrecyReviewed = true }), (admin, "approve", null), (admin, "publish", null),
        })
        {
            var r = body is null ? await client.PostAsync($"/api/inspections/{inspection}/notice/{path}", null) : await client.PostAsJsonAsync($"/api/inspections/{inspection}/notice/{path}", body);
            Assert.True(r.IsSuccessStatusCode, path + ": " + await r.Content.ReadAsStringAsync());
            if (path == "publish") view = await r.Content.ReadFromJsonAsync<JsonElement>();
        }
        var id = view.GetProperty("id").GetInt32();
        var anonymous = _app.CreateClient();
        var doc = Html.ParseDocument(await anonymous.GetStringAsync($"/public/notices/{id}"));
        Assert.Contains("截至 " + ChineseText.Date(date), doc.QuerySelector("p.meta")!.TextContent);
        var shown = doc.QuerySelectorAll("li[data-problem]").ToDictionary(li => int.Parse(li.GetAttribute("data-problem")!), li =>
        {
            var status = Regex.Match(li.QuerySelector("span.status")!.ClassName!, @"s-([a-z-]+)").Groups[1].Value;
            // The expected month is shown for open work only.
            var expected = Statuses.ParseCode(status).IsCompleted() ? null : MonthIn(li.QuerySelector("span.due")?.TextContent ?? "");
            return new Seen(status, Expected: expected);
        });
        return (counts, stated, shown);
    }

    async Task<HttpClient> EditorOfAsync(int inspection)
    {
        int org;
        await using (var db = Db())
            org = await db.InspectionTargets.Where(t => t.InspectionId == inspection).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstAsync();
        var name = $"editor{org}";
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync(name) is null)
            {
                var u = new AppUser { UserName = name, DisplayName = "填报员", OrganizationId = org };
                Assert.True((await users.CreateAsync(u, UserPassword)).Succeeded);
                await users.AddToRoleAsync(u, Roles.UnitEditor);
            }
        }
        return await SignInAsync(name, UserPassword);
    }

    // ---------------------------------------------------------------- reading the screens

    static Seen ProblemPage(string html)
    {
        var doc = Html.ParseDocument(html);
        var meta = doc.QuerySelector("header.problem-head p.meta")!;
        var status = Regex.Match(meta.QuerySelector("[data-testid=status]")!.ClassName!, @"s-([a-z-]+)").Groups[1].Value;
        var deadline = Regex.Match(meta.TextContent, @"时限 (\d{4}-\d{2}-\d{2}|未定)").Groups[1].Value;
        return new Seen(status,
            Light: meta.QuerySelector("[data-testid=light]")?.GetAttribute("data-light") ?? "none",
            Deadline: deadline == "未定" ? "" : deadline,
            // The expected month is shown for open work only.
            Expected: Statuses.ParseCode(status).IsCompleted() ? null : MonthIn(Regex.Match(meta.TextContent, @"预计 (\S+) 完成").Groups[1].Value));
    }

    /// <summary>The rows of the ledger sheet, read with MiniExcel (not the app's reader): status as written, deadline, expected month.</summary>
    static Dictionary<int, Seen> ExcelLedger(MemoryStream xlsx, Dictionary<int, int> idsByOrdinal)
    {
        xlsx.Position = 0;
        var rows = xlsx.Query(useHeaderRow: false, sheetName: LedgerWorkbook.SheetName).Cast<IDictionary<string, object?>>().ToList();
        var header = rows.FindIndex(r => Cell(r, "A") == "序号");
        var columns = rows[header].Where(kv => kv.Value is string).ToDictionary(kv => (string)kv.Value!, kv => kv.Key);
        var result = new Dictionary<int, Seen>();
        foreach (var r in rows.Skip(header + 1))
        {
            if (!int.TryParse(Convert.ToString(r[columns["序号"]], CultureInfo.InvariantCulture), out var ordinal)) continue;
            var written = Convert.ToString(r[columns["完成情况（整改状态）"]], CultureInfo.InvariantCulture);
            var status = (Statuses.FromText(written) ?? throw new InvalidOperationException($"状态“{written}”")).Code();
            var deadline = r[columns["整改时限"]] switch
            {
                null => "",
                DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                double n => DateTime.FromOADate(n).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                var other => DateIn(Convert.ToString(other, CultureInfo.InvariantCulture)!),
            };
            result[idsByOrdinal[ordinal]] = new Seen(status, Deadline: deadline, Expected: Convert.ToString(r[columns["预计完成"]], CultureInfo.InvariantCulture) ?? "");
        }
        return result;
    }

    /// <summary>The summary sheet: problems per bucket (by the chip's name), and each lit problem's light.</summary>
    static (Dictionary<string, int> Buckets, Dictionary<int, string> Lights) ExcelSummary(MemoryStream xlsx, Dictionary<int, int> idsByOrdinal)
    {
        xlsx.Position = 0;
        var rows = xlsx.Query(useHeaderRow: false, sheetName: LedgerWorkbook.SummarySheetName).Cast<IDictionary<string, object?>>()
            .Select(r => (A: Cell(r, "A"), B: Cell(r, "B"), C: Cell(r, "C"))).ToList();
        // A bucket without problems may have no row.
        var buckets = StatusBuckets.All.ToDictionary(b => b.Code(), b => rows.SingleOrDefault(r => r.A == b.Chinese()) is { A.Length: > 0 } row ? int.Parse(row.B, CultureInfo.InvariantCulture) : 0);
        var lights = rows.SkipWhile(r => r.A != "序号").Skip(1).Where(r => r.A.Length > 0)
            .ToDictionary(r => idsByOrdinal[int.Parse(r.A, CultureInfo.InvariantCulture)], r => WarningLights.FromCode(r.C)!.Value.Code());
        return (buckets, lights);
    }

    static string Cell(IDictionary<string, object?> row, string column) =>
        row.TryGetValue(column, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture) ?? "" : "";

    static Dictionary<string, int> Chips(IDocument doc) =>
        doc.QuerySelectorAll("li[data-bucket]").Select(li => (li.GetAttribute("data-bucket")!, Number(li.QuerySelector("b")!)))
            .Where(c => c.Item2 > 0).ToDictionary(c => c.Item1, c => c.Item2);

    static int Number(IElement e) => int.Parse(e.TextContent.Trim(), CultureInfo.InvariantCulture);

    /// <summary>Problems per bucket code, the buckets with none left out.</summary>
    static Dictionary<string, int> Counts(IEnumerable<Seen> seen) =>
        seen.GroupBy(s => s.Bucket ?? BucketOf(s.Status)).ToDictionary(g => g.Key, g => g.Count());

    /// <summary>The status named by each "整改状态：…" line of a notice's text, in order.</summary>
    // The whole status as written, to the sentence end: an office writes "已完成，长期坚持".
    static IEnumerable<string> StatusLines(string text) => Regex.Matches(text, "整改状态[：:]([^。\\n]+)").Select(m => m.Groups[1].Value.Trim());

    /// <summary>Problems per status code, as a notice states them (not-stated has no line).</summary>
    static Dictionary<string, int> Stated(IEnumerable<Seen> seen) =>
        seen.Where(s => s.Status != "not-stated").GroupBy(s => s.Status).ToDictionary(g => g.Key, g => g.Count());

    static string BucketOf(string status) => Statuses.ParseCode(status).Bucket().Code();

    /// <summary>
    /// Each problem the screen shows agrees with the truth on every field the screen shows; with
    /// <paramref name="all"/> the screen shows exactly the truth's problems. All disagreements are listed at once.
    /// </summary>
    static void Agree(IReadOnlyDictionary<int, Seen> truth, IReadOnlyDictionary<int, Seen> screen, string name, bool all = false)
    {
        var wrong = new List<string>();
        if (all && !truth.Keys.Order().SequenceEqual(screen.Keys.Order()))
            wrong.Add($"problems {string.Join(",", screen.Keys.Order())} instead of {string.Join(",", truth.Keys.Order())}");
        foreach (var (id, s) in screen)
        {
            if (!truth.TryGetValue(id, out var t)) { wrong.Add($"#{id} not expected"); continue; }
            void Check(string field, string? shown, string? actual)
            {
                if (shown is not null && actual is not null && shown != actual) wrong.Add($"#{id} {field}: {shown}, expected {actual}");
            }
            Check("status", s.Status, t.Status);
            Check("bucket", s.Bucket, t.Bucket);
            Check("light", s.Light, t.Light);
            Check("deadline", s.Deadline, t.Deadline);
            Check("expected", s.Expected, t.Expected);
        }
        Assert.True(wrong.Count == 0, $"{name} disagrees: " + string.Join("; ", wrong));
    }

    static Dictionary<int, Seen> Of(Dictionary<int, Seen> seen, Dictionary<int, int> inspectionOf, int inspection) =>
        seen.Where(kv => inspectionOf[kv.Key] == inspection).ToDictionary();

    static string DateIn(string text) => Regex.Match(text, @"\d{4}-\d{2}-\d{2}").Value;

    /// <summary>"2023年12月" (or "2023-12") as "2023-12"; "" when the text holds no month.</summary>
    static string MonthIn(string text) =>
        Regex.Match(text, @"(\d{4})(?:年|-)(\d{1,2})") is { Success: true } m ? $"{m.Groups[1].Value}-{int.Parse(m.Groups[2].Value):00}" : "";

    static string Day(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? "" : e.GetProperty(name).GetString()!;
    static string Text(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? "" : e.GetProperty(name).GetString()!;
    static DateOnly? Date(string? s) => string.IsNullOrEmpty(s) ? null : DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    static YearMonth? Month(string? s) => YearMonth.TryParse(s, out var m) ? m : null;

    // ---------------------------------------------------------------- the app

    OfficeClock Office => _app.Services.GetRequiredService<OfficeClock>();

    RectifyDb Db()
    {
        var db = _app.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb();
        db.Clock = _clock;
        return db;
    }

    async Task<List<int>> InspectionsOfAsync(int round)
    {
        await using var db = Db();
        return await db.Inspections.Where(i => i.RoundId == round).OrderBy(i => i.Id).Select(i => i.Id).ToListAsync();
    }

    async Task<Dictionary<int, int>> OrdinalsAsync(int inspection)
    {
        await using var db = Db();
        return await db.Problems.Where(p => p.InspectionId == inspection).ToDictionaryAsync(p => p.Ordinal, p => p.Id);
    }

    async Task<HttpClient> SignInAsync(string user, string password)
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
}

public sealed class PostgresConsistencyTests() : ConsistencyTests(postgres: true);
