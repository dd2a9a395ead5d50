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

public sealed class OverviewHttpTests : IAsyncLifetime
{
    // 2023-09-10 10:00 in Beijing: the demo's notice date, so its phased problems are not yet late.
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2023, 9, 10, 2, 0, 0, TimeSpan.Zero));
    readonly RectifyApp _root = new();
    Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> _app = null!;

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

    async Task<HttpClient> AdminAsync()
    {
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
        var org = Assert.Single(f.GetProperty("organizations").EnumerateArray());
        Assert.Equal("城北镇", org.GetProperty("name").GetString());
        Assert.Equal(78.6m, org.GetProperty("rate").GetDecimal());
    }

    [Fact]
    public async Task Every_figure_drills_down_to_the_problems_behind_it()
    {
        _clock.SetUtcNow(new DateTimeOffset(2026, 11, 27, 2, 0, 0, TimeSpan.Zero));
        var client = await AdminAsync();
        var page = await client.GetStringAsync("/overview");
        Assert.Contains("href=\"/overview/problems?light=red\"", page);
        Assert.Contains("id=\"overview-data\"", page);
        foreach (var (query, expected) in new[] { ("light=red", 3), ("status=phased", 3), ("bucket=completed", 11), ("category=%E5%9F%BA%E5%B1%82%E5%85%9A%E7%BB%84%E7%BB%87%E5%BB%BA%E8%AE%BE%E6%96%B9%E9%9D%A2", 2) })
        {
            var list = await client.GetStringAsync("/overview/problems?" + query);
            Assert.Equal(expected.ToString(), Regex.Match(list, "<b id=\"total\">(\\d+)</b>").Groups[1].Value);
            Assert.Equal(expected, Regex.Matches(list, "<tr class=\"problem\"").Count);
        }
        var bad = await client.GetStringAsync("/overview/problems?light=purple");
        Assert.Contains("未知的预警灯“purple”", bad);
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
        // Before the ledger existed there was nothing to count.
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>("/api/overview?asOf=2023-09-01")).GetProperty("problems").GetInt32());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.GetAsync("/api/overview?asOf=2030-01-01")).StatusCode);
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
            await LedgerTransfer.LoadAsync(db, doc, _clock);
        }
        var page = await client.GetStringAsync("/overview/common");
        Assert.Contains("2 个单位", page);
        var response = await client.PostAsync("/overview/common", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["group"] = "0", ["name"] = "财务管理类共性问题", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var list = await client.GetStringAsync(response.Headers.Location!.ToString());
        Assert.Contains("共性问题清单:财务管理类共性问题", list);
        Assert.Contains("城北镇党委", list);
        Assert.Contains("西阳镇党委", list);
    }

    [Fact]
    public async Task The_figures_export_to_excel_and_a_round_summary_to_word()
    {
        var client = await AdminAsync();
        var xlsx = await client.GetByteArrayAsync("/overview/export.xlsx");
        var rows = new MemoryStream(xlsx).Query(useHeaderRow: true, sheetName: "按状态").Cast<IDictionary<string, object>>().ToList();
        Assert.Equal(11, Convert.ToInt32(rows.Single(r => (string)r["状态"] == "已完成整改并长期坚持")["问题数"]));
        Assert.Equal(3, Convert.ToInt32(rows.Single(r => (string)r["状态"] == "取得阶段性成效")["问题数"]));

        var docx = await client.GetByteArrayAsync("/overview/rounds/1/summary.docx");
        using var word = WordprocessingDocument.Open(new MemoryStream(docx), false);
        var text = word.MainDocumentPart!.Document.Body!.InnerText;
        Assert.Contains("九届区委第二轮巡察整改情况汇总", text);
        Assert.Contains("共反馈问题14个,已完成整改11个,整改完成率78.6%", text);
    }
}
