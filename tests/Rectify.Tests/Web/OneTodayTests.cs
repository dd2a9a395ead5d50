using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Tests.Supervision;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 17, "one today": at 23:30 UTC on Monday 9 March 2026 it is already 07:30 on Tuesday 10 March
/// in the office (Asia/Shanghai). Every screen, export and document that shows "today" or a
/// timestamp made now gives the 10th; with Rectify:TimeZone=UTC the same moment gives the 9th.
/// </summary>
public class OneTodayTests : IAsyncLifetime
{
    static readonly DateTimeOffset Now = new(2026, 3, 9, 23, 30, 0, TimeSpan.Zero);
    static readonly DateOnly D = new(2026, 3, 9);
    const string Beijing = "2026-03-10";

    readonly SupervisionWorld _w = new(Now);
    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    /// <summary>Problem 7 of the demo (phased, open) given the deadline D: overdue on the office's D+1.</summary>
    static async Task<int> DeadlineOnDAsync(SupervisionWorld w)
    {
        await using var db = w.Db();
        var p = await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 7);
        Assert.False(p.Status.IsCompleted());
        p.SetDeadline(D);
        await db.SaveChangesAsync();
        return p.Id;
    }

    static JsonElement Row(JsonElement list, int id) => list.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == id);

    [Fact]
    public async Task A_deadline_of_the_utc_day_is_red_on_the_ledger_overview_supervision_and_reminders()
    {
        var id = await DeadlineOnDAsync(_w);
        var admin = await _w.ClientAsync("admin");

        var ledger = await admin.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1");
        Assert.Equal("red", Row(ledger, id).GetProperty("warning").GetString());
        Assert.True(Row(ledger, id).GetProperty("overdue").GetBoolean());
        var page = await admin.GetStringAsync("/inspections/1");
        Assert.Matches($"data-id=\"{id}\" data-overdue=\"true\" data-warning=\"red\"", page);
        Assert.Contains("截至 2026年3月10日", page);
        var reds = ledger.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("warning").GetString() == "red");

        var overview = await admin.GetFromJsonAsync<JsonElement>("/api/overview");
        Assert.Equal(Beijing, overview.GetProperty("today").GetString());
        Assert.Equal(reds, overview.GetProperty("red").GetInt32());
        Assert.Contains($"href=\"/problems/{id}\"", await admin.GetStringAsync("/overview/problems?light=red"));

        var supervisor = await _w.ClientAsync("jw1");
        var queue = await supervisor.GetFromJsonAsync<JsonElement>("/api/supervision/queue");
        var warning = queue.GetProperty("warnings").EnumerateArray().Single(x => x.GetProperty("id").GetInt32() == id);
        Assert.Equal(("red", -1, "2026-03-09"), (warning.GetProperty("light").GetString(), warning.GetProperty("daysLeft").GetInt32(), warning.GetProperty("due").GetString()));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/supervision/reminders/scan", null)).StatusCode);
        var leader = await _w.ClientAsync("wang");
        var inbox = await leader.GetStringAsync("/notifications");
        Assert.Contains("问题7", inbox);
        Assert.Contains("已超期 1 天", inbox);
        Assert.Contains("2026-03-10 07:30", inbox);
    }

    [Fact]
    public async Task Exports_and_upward_reports_are_dated_the_office_day()
    {
        var admin = await _w.ClientAsync("admin");
        var ledger = await admin.GetAsync("/inspections/1/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, ledger.StatusCode);
        Assert.EndsWith("-20260310.xlsx", ledger.Content.Headers.ContentDisposition!.FileNameStar);
        using (var zip = new ZipArchive(new MemoryStream(await ledger.Content.ReadAsByteArrayAsync())))
        // The ledger sheet is streamed with its text in each cell (no shared strings table).
        using (var strings = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open()))
            Assert.Contains("截至2026年3月10日", await strings.ReadToEndAsync());

        var overview = await admin.GetAsync("/overview/export.xlsx");
        Assert.Equal("整改总览-20260310.xlsx", overview.Content.Headers.ContentDisposition!.FileNameStar);

        var report = await admin.GetAsync("/api/supervision/inspections/1/reports/rectification.docx");
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        using var doc = WordprocessingDocument.Open(new MemoryStream(await report.Content.ReadAsByteArrayAsync()), false);
        var text = doc.MainDocumentPart!.Document!.InnerText;
        Assert.Contains("2026年3月10日", text);
        Assert.DoesNotContain("2026年3月9日", text);
    }

    [Fact]
    public async Task The_problem_page_offers_the_office_day_and_what_is_done_now_is_dated_by_it()
    {
        int id;
        await using (var db = _w.Db())
            id = (await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 3)).Id;
        var admin = await _w.ClientAsync("admin");
        var page = await admin.GetStringAsync($"/problems/{id}");
        Assert.Contains($"name=\"NewProgress.Date\" value=\"{Beijing}\" max=\"{Beijing}\"", page);

        // Progress dated the office's today is not "in the future".
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/problems/{id}")).GetProperty("version").GetInt32();
        var form = new MultipartFormDataContent { { new StringContent(Beijing), "date" }, { new StringContent("已完成复耕"), "text" }, { new StringContent(version.ToString(System.Globalization.CultureInfo.InvariantCulture)), "version" },
            { new ByteArrayContent(Problems.ProblemKit.Pdf()), "files", "复耕验收.pdf" } };
        var added = await admin.PostAsync($"/api/problems/{id}/progress", form);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var problem = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Beijing, problem.GetProperty("progress")[0].GetProperty("date").GetString());

        // Completed now: the completion is dated the office's day.
        var done = await admin.PostAsJsonAsync($"/api/problems/{id}/status", new { status = "completed", reason = "其余措施转入长效机制", version = problem.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        await using (var db = _w.Db())
            Assert.Equal(DateOnly.Parse(Beijing, System.Globalization.CultureInfo.InvariantCulture), (await db.Problems.SingleAsync(x => x.Id == id)).CompletedOn);

        // The history shows the change at the office's time; the API keeps the instant, ISO 8601 with its offset.
        Assert.Contains("2026-03-10 07:30", await admin.GetStringAsync($"/problems/{id}"));
        var history = await admin.GetFromJsonAsync<JsonElement>($"/api/problems/{id}/history");
        var status = history.EnumerateArray().First(c => c.GetProperty("field").GetString() == "Status");
        Assert.Equal(Now, status.GetProperty("at").GetDateTimeOffset());
        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$", status.GetProperty("at").GetString()!);
    }

    [Fact]
    public async Task A_notice_published_now_its_public_page_and_a_comment_on_it_carry_the_office_day()
    {
        var admin = await _w.ClientAsync("admin");
        var form = await admin.GetStringAsync("/inspections/1/notice");
        Assert.Matches($"<input[^>]*name=\"Draft.AsOf\"[^>]*value=\"{Beijing}\"", form);
        Assert.Equal(Beijing, (await admin.GetFromJsonAsync<JsonElement>("/api/inspections/1/notice")).GetProperty("asOf").GetString());

        // A draft without a date is as of the office's today, and is allowed to be.
        var draft = await admin.PutAsJsonAsync("/api/inspections/1/notice", new { nextStepsText = "持续巩固整改成果。", documentKind = "Announcement" });
        Assert.Equal(HttpStatusCode.OK, draft.StatusCode);
        Assert.Equal(Beijing, (await draft.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asOf").GetString());
        Assert.EndsWith("2026年3月10日\n", await admin.GetStringAsync("/api/inspections/1/notice/txt"));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true })).StatusCode);
        var leader = await _w.ClientAsync("wang");
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/inspections/1/notice/approve", null)).StatusCode);
        var published = await leader.PostAsync("/api/inspections/1/notice/publish", null);
        Assert.Equal(HttpStatusCode.OK, published.StatusCode);
        Assert.Equal(Now, (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("publishedAt").GetDateTimeOffset());
        Assert.Contains("2026-03-10 07:30", await admin.GetStringAsync("/inspections/1/notice"));

        int noticeId;
        await using (var db = _w.Db())
            noticeId = (await db.Notices.SingleAsync()).Id;
        var reader = _w.App.CreateClient(new() { AllowAutoRedirect = false });
        var publicPage = await reader.GetStringAsync($"/public/notices/{noticeId}");
        Assert.Contains($"发布于 {Beijing}", publicPage);
        Assert.Contains("截至 2026年3月10日", publicPage);

        var sent = await reader.PostAsync("/public/feedback", new FormUrlEncodedContent(Public.PublicData.Comment(noticeId, RectifyApp.AntiforgeryToken(publicPage))));
        var code = Public.PublicData.CodeOf(sent);
        Assert.Contains("2026-03-10 07:30", await reader.GetStringAsync($"/public/feedback/{code}"));

        // Received on Tuesday the 10th: 15 working days later is Tuesday the 31st (from Monday the 9th it would be the 30th).
        var inbox = await admin.GetStringAsync("/feedback");
        var row = Regex.Match(inbox, $"<tr class=\"fb[^\"]*\" data-code=\"{code}\">.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains($">{Beijing}<", row);
        Assert.Contains(">2026-03-31<", row);
        int feedbackId;
        await using (var db = _w.Db())
            feedbackId = (await db.PublicFeedback.SingleAsync(f => f.TrackingCode == code)).Id;
        var detail = await admin.GetStringAsync($"/feedback/{feedbackId}");
        Assert.Contains("<dd>2026-03-10 07:30</dd>", detail);
        Assert.Contains("<dd>2026-03-31", detail);
    }

    [Fact]
    public async Task A_supervision_record_made_now_without_a_date_is_dated_the_office_day()
    {
        var supervisor = await _w.ClientAsync("jw1");
        var r = await supervisor.PostAsJsonAsync("/api/supervision/records", new { kind = "明察暗访", inspectionId = 1, targetOrganizationId = SupervisionWorld.Town, problemIds = Array.Empty<int>(), findings = "台账更新不及时" });
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.Equal(Beijing, (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("date").GetString());
        Assert.Contains(Beijing, await supervisor.GetStringAsync("/supervision"));
    }

    [Fact]
    public async Task The_inspection_list_gives_the_feedback_date_as_iso_8601()
    {
        var list = await (await _w.ClientAsync("admin")).GetFromJsonAsync<JsonElement>("/api/inspections");
        Assert.Equal("2023-03-10", list.EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == 1).GetProperty("feedbackDate").GetString());
    }

    [Fact]
    public async Task With_the_time_zone_set_to_utc_the_same_moment_is_the_utc_day()
    {
        var root = new RectifyApp();
        root.Settings["Rectify:TimeZone"] = "UTC";
        await using var w = new SupervisionWorld(Now, root);
        await w.PeopleAsync();
        var id = await DeadlineOnDAsync(w);
        var admin = await w.ClientAsync("admin");
        var ledger = await admin.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1");
        Assert.Equal("yellow", Row(ledger, id).GetProperty("warning").GetString());
        Assert.Equal("2026-03-09", (await admin.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("today").GetString());
        Assert.Contains("name=\"NewProgress.Date\" value=\"2026-03-09\" max=\"2026-03-09\"", await admin.GetStringAsync($"/problems/{id}"));
        var version = (await admin.GetFromJsonAsync<JsonElement>($"/api/problems/{id}")).GetProperty("version").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/problems/{id}/status", new { status = "in-progress", version })).StatusCode);
        Assert.Contains("2026-03-09 23:30", await admin.GetStringAsync($"/problems/{id}"));
    }

    [Fact]
    public void The_office_clock_gives_the_date_and_time_of_its_zone()
    {
        var time = new FakeTimeProvider(Now);
        var shanghai = new OfficeClock(time, OfficeClock.FindZone(null));
        var utc = new OfficeClock(time, OfficeClock.FindZone("UTC"));
        Assert.Equal(D.AddDays(1), shanghai.Today);
        Assert.Equal(D, utc.Today);
        Assert.Equal(Now, shanghai.UtcNow);
        Assert.Equal(TimeSpan.FromHours(8), shanghai.Now.Offset);
        Assert.Equal("2026-03-10 07:30", shanghai.Show(Now));
        Assert.Equal("2026-03-09 23:30", utc.Show(Now));
        Assert.Equal(Beijing, shanghai.ShowDate(Now));
        Assert.Equal(D, shanghai.DateOf(new DateTimeOffset(2026, 3, 9, 15, 59, 0, TimeSpan.Zero)));
        // The office's day runs from its midnight: 16:00 UTC the day before, in Shanghai.
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 16, 0, 0, TimeSpan.Zero), shanghai.StartOf(D.AddDays(1)));
        Assert.Equal(D.AddDays(1), shanghai.DateOf(shanghai.EndOf(D.AddDays(1))));
        Assert.Equal(D.AddDays(2), shanghai.DateOf(shanghai.EndOf(D.AddDays(1)).AddTicks(1)));
        // Time passes: just after 16:00 UTC on the 10th it is the 11th in Shanghai.
        time.Advance(TimeSpan.FromHours(16.5));
        Assert.Equal(D.AddDays(2), shanghai.Today);
        Assert.Equal(D.AddDays(1), utc.Today);
    }
}
