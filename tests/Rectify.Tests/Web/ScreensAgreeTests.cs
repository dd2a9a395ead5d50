using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Supervision;
using Rectify.Tests.Supervision;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 17 items 2 and 4 on one seeded round: the ledger page, the problem page, the overview, the
/// API and the Excel export show each problem's light by the one rule with the inspection's own
/// thresholds, and the same bucket counts by the one counting function.
/// </summary>
public partial class ScreensAgreeTests : IAsyncLifetime
{
    // 10:00 in Beijing on 1 March 2024.
    static readonly DateTimeOffset Now = new(2024, 3, 1, 2, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = new(2024, 3, 1);
    readonly SupervisionWorld _w = new(Now);
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    [Fact]
    public async Task Ledger_problem_page_overview_api_and_excel_show_the_same_lights_and_bucket_counts()
    {
        var admin = await _w.ClientAsync("admin");
        // The round's own thresholds, set where an office sets them (the inspection's supervision settings).
        var set = await admin.PutAsJsonAsync("/api/supervision/inspections/1/deadlines",
            new { planDays = 30, reportDays = 60, centralisedMonths = 3, greenDays = 30, yellowDays = 12 });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());

        // Deadlines at the edges of those thresholds (12 days: yellow here, green by the defaults;
        // 30 days: green here, none by the defaults), and every bucket used.
        await using (var db = _w.Db())
        {
            var ps = await db.Problems.Where(p => p.InspectionId == 1).OrderBy(p => p.Ordinal).ToListAsync();
            var plan = new (RectificationStatus Status, int? DaysLeft)[]
            {
                (RectificationStatus.NotStarted, 12), (RectificationStatus.NotStarted, 13), (RectificationStatus.InProgress, 30),
                (RectificationStatus.InProgress, 31), (RectificationStatus.InProgress, 0), (RectificationStatus.NotStarted, -1),
                (RectificationStatus.NotFeasible, -5), (RectificationStatus.Completed, -30), (RectificationStatus.CompletedSustained, null),
            };
            for (var i = 0; i < plan.Length; i++)
            {
                ps[i].SetImportedStatus(plan[i].Status, null, null, plan[i].Status == RectificationStatus.NotFeasible ? "资金未落实" : null);
                ps[i].SetDeadline(plan[i].DaysLeft is { } d ? Today.AddDays(d) : null);
            }
            await db.SaveChangesAsync();
        }

        // The truth: the one rule and the one counting function, on what is stored.
        Dictionary<int, string> lights;
        StatusCounts buckets;
        await using (var db = _w.Db())
        {
            var settings = await db.Inspections.Where(i => i.Id == 1).Select(i => i.Round!.Deadlines).SingleAsync();
            Assert.Equal((30, 12), (settings.GreenDays, settings.YellowDays));
            var ps = await db.Problems.AsNoTracking().Where(p => p.InspectionId == 1).ToListAsync();
            lights = ps.ToDictionary(p => p.Id, p => Warnings.For(p, Today, settings).Code());
            buckets = StatusCounts.Of(ps.Select(p => p.Status));
        }
        // The seeding reaches every light and more than one bucket of open work.
        Assert.Equal(["green", "none", "red", "yellow"], lights.Values.Distinct().Order());
        Assert.Equal(3, buckets[StatusBucket.NotStarted]);
        Assert.Equal(3, buckets[StatusBucket.InProgress]);
        var expectedBuckets = StatusBuckets.All.Where(b => b != StatusBucket.NotStated).ToDictionary(b => b.Code(), b => buckets[b]);

        // Ledger page: each row's light, and the chips.
        var ledger = await admin.GetStringAsync("/inspections/1?pageSize=50");
        var rows = RowRegex().Matches(ledger).ToDictionary(m => int.Parse(m.Groups[1].Value), m => m.Groups[2].Value);
        Assert.Equal(lights, rows);
        Assert.Equal(expectedBuckets, Chips(ledger));

        // API: the list, each problem, and the ledger's counts.
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&pageSize=50");
        Assert.Equal(lights, list.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetInt32(), i => i.GetProperty("warning").GetString()!));
        foreach (var (id, light) in lights)
        {
            var one = await admin.GetFromJsonAsync<JsonElement>($"/api/problems/{id}");
            Assert.Equal(light, one.GetProperty("light").GetString());
            // Problem page: the same light (none shows no light).
            var page = await admin.GetStringAsync($"/problems/{id}");
            Assert.Equal(light, ProblemLightRegex().Match(page) is { Success: true } m ? m.Groups[1].Value : "none");
        }
        var doc = await admin.GetFromJsonAsync<JsonElement>("/api/inspections/1/ledger");
        var counts = doc.GetProperty("counts");
        Assert.Equal(expectedBuckets, counts.GetProperty("buckets").EnumerateObject().Where(b => b.Name != "not-stated").ToDictionary(b => b.Name, b => b.Value.GetInt32()));
        // The notice's wording: "正在推进" is all open work.
        Assert.Equal(buckets.In(NoticeGroup.InProgress), counts.GetProperty("inProgress").GetInt32());
        Assert.Equal(buckets.Done, counts.GetProperty("completed").GetInt32());

        // Overview of the round: the same chips, and the red and yellow counts of the same lights.
        var overview = await admin.GetStringAsync("/overview?round=1");
        Assert.Equal(expectedBuckets.Where(b => b.Value > 0).ToDictionary(), Chips(overview).Where(b => b.Value > 0).ToDictionary());
        Assert.Contains($"<b>{lights.Values.Count(l => l == "red")}</b> 逾期（红灯）", overview);
        Assert.Contains($"<b>{lights.Values.Count(l => l == "yellow")}</b> 临期（黄灯）", overview);
        // Its drill-down by light lists the same problems.
        var yellowDrill = await admin.GetStringAsync("/overview/problems?light=yellow&round=1");
        foreach (var id in lights.Where(l => l.Value == "yellow").Select(l => l.Key)) Assert.Contains($"/problems/{id}\"", yellowDrill);

        // Excel: the summary sheet's buckets and each lit problem's light.
        var xlsx = await admin.GetByteArrayAsync("/inspections/1/export.xlsx");
        var sheet = SheetRows(xlsx, LedgerWorkbook.SummarySheetName);
        foreach (var b in StatusBuckets.All.Where(b => b != StatusBucket.NotStated))
            Assert.Equal(buckets[b].ToString(), sheet.Single(r => r[0] == b.Chinese())[1]);
        var ordinals = await OrdinalsAsync();
        var excelLights = sheet.SkipWhile(r => r[0] != "序号").Skip(1).ToDictionary(r => int.Parse(r[0]), r => WarningLights.FromCode(r[2])!.Value.Code());
        Assert.Equal(lights.Where(l => l.Value != "none").ToDictionary(l => ordinals[l.Key], l => l.Value), excelLights);
    }

    async Task<Dictionary<int, int>> OrdinalsAsync()
    {
        await using var db = _w.Db();
        return await db.Problems.Where(p => p.InspectionId == 1).ToDictionaryAsync(p => p.Id, p => p.Ordinal);
    }

    static Dictionary<string, int> Chips(string html) =>
        ChipRegex().Matches(html).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value));

    /// <summary>The text of every row of a sheet, cells A to D.</summary>
    static List<string[]> SheetRows(byte[] xlsx, string name)
    {
        using var stream = new MemoryStream(xlsx);
        using var doc = SpreadsheetDocument.Open(stream, false);
        var book = doc.WorkbookPart!;
        var sheet = book.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == name);
        var part = (WorksheetPart)book.GetPartById(sheet.Id!);
        return part.Worksheet.Descendants<Row>().Select(r =>
        {
            var cells = new string[4];
            foreach (var c in r.Elements<Cell>())
            {
                var col = c.CellReference!.Value![0] - 'A';
                // The workbook is streamed: its text is in the cell (inline).
                if (col < 4) cells[col] = c.DataType?.Value == CellValues.InlineString ? c.InlineString!.InnerText : c.CellValue?.Text ?? "";
            }
            return cells.Select(x => x ?? "").ToArray();
        }).ToList();
    }

    [GeneratedRegex("<tr class=\"problem\" data-status=\"[^\"]*\" data-id=\"(\\d+)\" data-overdue=\"[^\"]*\" data-warning=\"([a-z]+)\"")]
    private static partial Regex RowRegex();

    [GeneratedRegex("data-bucket=\"([a-z-]+)\"><a href=\"[^\"]*\"><b>(\\d+)</b>")]
    private static partial Regex ChipRegex();

    [GeneratedRegex("data-testid=\"light\" data-light=\"([a-z]+)\"")]
    private static partial Regex ProblemLightRegex();
}
