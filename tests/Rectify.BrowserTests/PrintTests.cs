using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>The ledger on A4 landscape paper, read back from the PDF Chromium prints.</summary>
public class PrintTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_printed_ledger_carries_measures_with_owners_and_deadlines_progress_and_the_light_in_words_without_navigation()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        string measure, owner;
        await using (var db = fx.App.CreateDb())
        {
            var m = await db.Measures.Where(x => x.ProblemId == yellowId).OrderBy(x => x.Ordinal).FirstAsync();
            m.Owner = "村干部李";
            m.Deadline = DailyWorld.Today(fx).AddDays(5);
            await db.SaveChangesAsync();
            (measure, owner) = (m.Text, m.Owner);
        }
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1/print");
        await Assertions.Expect(page.Locator($"tr.problem[data-id='{yellowId}'] .print-measures li").First).ToContainTextAsync($"（{owner}；时限 {DailyWorld.Today(fx).AddDays(5):yyyy-MM-dd}）");
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = Path.Combine(BrowserFixture.ScreenshotFolder, "ledger-print-a4.pdf");
        await page.PdfAsync(new() { Path = pdf, Format = "A4", Landscape = true, PreferCSSPageSize = true });

        // Raw order keeps each cell's text together (the layout mode interleaves the columns line by line).
        var text = Squeeze(await RunAsync("pdftotext", "-raw", pdf, "-"));
        Assert.Contains("九届区委第二轮巡察", text);
        Assert.Contains("截至" + $"{DailyWorld.Today(fx).Year}年", text);
        Assert.Contains(Squeeze(measure)[..12], text);
        Assert.Contains($"{owner}；时限{DailyWorld.Today(fx).AddDays(5):yyyy-MM-dd}", text);
        Assert.Contains("黄灯距期限5天", text);
        Assert.Matches(@"红灯逾期\d+天", text);
        Assert.Contains("完成整改,建立长效机制", text); // problem 5's progress entry
        Assert.DoesNotContain("0/2", text);
        Assert.DoesNotContain("整改总览", text); // no navigation on paper
        Assert.DoesNotContain("返回台账", text);
        Assert.DoesNotContain("去关联账号", text); // the screen's note to the office, with its link, stays off paper
        // Every sheet is A4 landscape, and the round's header row repeats on each.
        var info = await RunAsync("pdfinfo", pdf);
        Assert.Matches(@"Page size:\s+841\.\d+ x 59[45]\.\d+", info);
        var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(info, @"Pages:\s+(\d+)").Groups[1].Value);
        Assert.Equal(pages, System.Text.RegularExpressions.Regex.Matches(text, "城北镇巡察整改台账·").Count);
        await RunAsync("pdftoppm", "-png", "-r", "60", pdf, Path.Combine(BrowserFixture.ScreenshotFolder, "ledger-print-a4"));
    }

    [Fact]
    public async Task A_problem_prints_on_a4_portrait_with_its_measures_owners_deadlines_progress_and_light_in_words_under_the_round_and_date()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        var today = DailyWorld.Today(fx);
        string second;
        await using (var db = fx.App.CreateDb())
        {
            var p = await db.Problems.Include(x => x.Measures).Include(x => x.Progress).SingleAsync(x => x.Id == yellowId);
            var m = p.Measures.OrderBy(x => x.Ordinal).ToList();
            m[0].Owner = "村干部李";
            m[0].Deadline = today.AddDays(5);
            m[1].Owner = "镇农办";
            second = m[1].Text;
            if (!p.Progress.Any(e => e.Text.StartsWith("已清理撂荒地")))
                p.AddProgress(today.AddDays(-1), "已清理撂荒地120亩,复耕进度过半", "村干部李");
            await db.SaveChangesAsync();
        }
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + $"/problems/{yellowId}");
        // The problem page links to its print view.
        await Assertions.Expect(page.Locator($"a[href='/problems/{yellowId}/print']")).ToBeVisibleAsync();
        await page.GotoAsync(fx.BaseUrl + $"/problems/{yellowId}/print");
        await Assertions.Expect(page.Locator("body.print-problem .print-measure-table tr.measure").First).ToContainTextAsync("村干部李");
        await page.SetViewportSizeAsync(800, 1100);
        await page.ShotAsync(new() { Path = DailyWorld.Shot("problem-print-screen.png"), FullPage = true });
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        var pdf = Path.Combine(BrowserFixture.ScreenshotFolder, "problem-print-a4.pdf");
        await page.PdfAsync(new() { Path = pdf, Format = "A4", PreferCSSPageSize = true });

        var text = Squeeze(await RunAsync("pdftotext", "-raw", pdf, "-"));
        Assert.Contains("九届区委第二轮巡察", text);
        Assert.Contains($"截至{today.Year}年{today.Month}月{today.Day}日", text);
        Assert.Contains("村干部李", text);
        Assert.Contains(today.AddDays(5).ToString("yyyy-MM-dd"), text);
        Assert.Contains(Squeeze(second)[..10], text);
        Assert.Contains("镇农办", text);
        Assert.Contains("已清理撂荒地120亩", text);
        Assert.Contains("黄灯距期限5天", text);
        Assert.DoesNotContain("整改总览", text); // no navigation on paper
        Assert.DoesNotContain("返回问题", text);
        // A4 portrait on every sheet.
        var info = await RunAsync("pdfinfo", pdf);
        Assert.Matches(@"Page size:\s+59[45]\.\d+ x 841\.\d+", info);
        await RunAsync("pdftoppm", "-png", "-r", "60", pdf, Path.Combine(BrowserFixture.ScreenshotFolder, "problem-print-a4"));
    }

    /// <summary>The text without spaces and line breaks, as pdftotext lays CJK out freely.</summary>
    static string Squeeze(string s) => string.Concat(s.Where(c => !char.IsWhiteSpace(c)));

    /// <summary>A poppler tool through the one runner (Rectify.Core.ExternalTool): a time limit, and a tool not installed named in Chinese.</summary>
    static async Task<string> RunAsync(string tool, params string[] args)
    {
        var r = await Rectify.Core.ExternalTool.RunAsync(tool, args, TimeSpan.FromMinutes(2), TestContext.Current.CancellationToken);
        Assert.True(r.ExitCode == 0, $"{tool} failed: {r.Error}");
        return r.Output;
    }
}
