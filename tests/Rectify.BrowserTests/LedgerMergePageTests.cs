using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Core.Excel;

namespace Rectify.BrowserTests;

/// <summary>
/// The ledger's workbook edited and imported back (issue 19 item 3): the preview names each changed row's columns,
/// the user skips all then picks one back, an error (the ledger moved meanwhile) keeps those choices, and the import
/// then saves only the row chosen. Desk and phone.
/// </summary>
public class LedgerMergePageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The ledger's export with problems 2 and 3 given another leader, as an office edits it in Excel.</summary>
    // Rows 2 and 3 given a new leader: a name of the test's own, since the tests share one ledger and one of them imports it.
    async Task<string> EditedExportAsync(IPage page, string leader = "新任镇长")
    {
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).ClickAsync());
        var exported = await File.ReadAllBytesAsync((await download.PathAsync())!, Ct);
        var read = LedgerWorkbook.Read(new MemoryStream(exported));
        foreach (var p in read.Ledger!.AllProblems.Where(p => p.Ordinal is 2 or 3)) p.ResponsibleLeader = leader;
        var file = Path.Combine(Path.GetTempPath(), "rectify-edited-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using (var output = File.Create(file))
            LedgerWorkbook.Write(read.Ledger, "城北镇", new DateOnly(2024, 1, 10), output, inspectionId: read.InspectionId);
        return file;
    }

    [Fact]
    public async Task The_preview_keeps_the_choices_through_an_error_and_imports_only_the_rows_chosen()
    {
        var page = await fx.SignedInPageAsync();
        var file = await EditedExportAsync(page);
        await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();

        var summary = page.Locator(".merge-summary");
        await Assertions.Expect(summary).ToContainTextAsync("有改动 2 个");
        await Assertions.Expect(page.Locator("tr[data-ordinal='2']")).ToContainTextAsync("有改动：责任领导");
        await Assertions.Expect(page.Locator("tr[data-ordinal='1']")).ToContainTextAsync("与台账一致");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-merge-preview-1366.png"), FullPage = true });

        // All skipped, then problem 2 taken back.
        await page.GetByRole(AriaRole.Button, new() { Name = "全部跳过" }).ClickAsync();
        var two = page.Locator("tr[data-ordinal='2']");
        var three = page.Locator("tr[data-ordinal='3']");
        await Assertions.Expect(three.GetByLabel("跳过")).ToBeCheckedAsync();
        await two.GetByLabel("更新").CheckAsync();

        // Someone saves problem 3 meanwhile: the import refuses and shows the ledger afresh, the choices kept.
        await using (var db = fx.App.CreateDb())
        {
            var p3 = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 3, Ct);
            p3.Remarks = "同事刚刚补充的备注";
            await db.SaveChangesAsync(Ct);
        }
        await page.GetByRole(AriaRole.Button, new() { Name = "导入所选的更改" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("您的选择都已保留");
        await Assertions.Expect(two.GetByLabel("更新")).ToBeCheckedAsync();
        await Assertions.Expect(three.GetByLabel("跳过")).ToBeCheckedAsync();
        await Assertions.Expect(three).ToContainTextAsync("备注");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-merge-error-1366.png"), FullPage = true });

        await page.GetByRole(AriaRole.Button, new() { Name = "导入所选的更改" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已保存" })).ToContainTextAsync("已保存 1 行，未通过 0 行，跳过 1 行");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-merge-done-1366.png"), FullPage = true });
        await using (var db = fx.App.CreateDb())
        {
            var leaders = await db.Problems.Where(p => p.InspectionId == 1 && (p.Ordinal == 2 || p.Ordinal == 3)).OrderBy(p => p.Ordinal).Select(p => p.ResponsibleLeader).ToListAsync(Ct);
            Assert.Equal("新任镇长", leaders[0]);
            Assert.NotEqual("新任镇长", leaders[1]);
        }
        File.Delete(file);
    }

    /// <summary>
    /// The import page in its working states, on a desk and a phone: the merge preview with rows to update or skip and
    /// the error the import gives when the ledger moved meanwhile (that row compared afresh), and a sheet refused with
    /// its errors by row and column. axe finds nothing serious or critical; every control is reached by the Tab key and
    /// the choice of a row is made with the arrow keys.
    /// </summary>
    [Fact]
    public async Task The_import_preview_with_choices_and_an_error_has_no_serious_axe_violation_and_works_by_keyboard()
    {
        var desk = await fx.SignedInPageAsync();
        await desk.SetViewportSizeAsync(1366, 900);
        var file = await EditedExportAsync(desk, "另一位镇长");
        var bad = Path.Combine(Path.GetTempPath(), "rectify-bad-" + Guid.NewGuid().ToString("N") + ".xlsx");
        // The status cells overwritten with words no status reads as, as a hand may type them: the sheet is refused.
        File.Copy(file, bad);
        using (var zip = System.IO.Compression.ZipFile.Open(bad, System.IO.Compression.ZipArchiveMode.Update))
            foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/worksheets/", StringComparison.Ordinal)).ToList())
            {
                string xml;
                using (var reader = new StreamReader(entry.Open())) xml = await reader.ReadToEndAsync(Ct);
                if (!xml.Contains("已完成整改并长期坚持")) continue;
                var name = entry.FullName;
                entry.Delete();
                await using var writer = new StreamWriter(zip.CreateEntry(name).Open());
                await writer.WriteAsync(xml.Replace("已完成整改并长期坚持", "差不多了"));
            }
        var found = new List<string>();
        foreach (var (device, page) in new[] { ("desk", desk), ("phone", await fx.PhonePageAsync()) })
        {
            await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
            await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator(".merge-summary")).ToContainTextAsync("有改动");
            await using (var db = fx.App.CreateDb())
            {
                var p3 = await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 3, Ct);
                p3.Remarks = "同事在" + device + "预览之后补充的备注";
                await db.SaveChangesAsync(Ct);
            }
            await page.GetByRole(AriaRole.Button, new() { Name = "导入所选的更改" }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("您的选择都已保留");
            await Assertions.Expect(page.Locator("tr[data-ordinal='2'] input[type=radio]")).ToHaveCountAsync(2);
            await page.ShotAsync(new() { Path = DailyWorld.Shot($"ledger-merge-axe-{device}.png"), FullPage = true });
            found.AddRange(await AccessibilityTests.SeriousAxeViolationsAsync(page, device + " preview"));

            var (count, missed) = await AccessibilityTests.NotReachedByTabAsync(page);
            Assert.True(count > 5, $"{device}: only {count} controls");
            Assert.True(missed.Length == 0, $"{device}: not reached by Tab:\n" + string.Join("\n", missed));
            // A row's choice by keyboard: Tab to its group, an arrow to 跳过.
            var update = page.Locator("tr[data-ordinal='2']").GetByLabel("更新");
            await update.FocusAsync();
            await page.Keyboard.PressAsync("ArrowDown");
            await Assertions.Expect(page.Locator("tr[data-ordinal='2']").GetByLabel("跳过")).ToBeCheckedAsync();

            await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(bad);
            await page.GetByRole(AriaRole.Button, new() { Name = "重新选择文件导入" }).ClickAsync();
            await Assertions.Expect(page.Locator("table.import-errors")).ToContainTextAsync("无法识别的整改状态“差不多了”");
            await page.ShotAsync(new() { Path = DailyWorld.Shot($"ledger-import-errors-axe-{device}.png"), FullPage = true });
            found.AddRange(await AccessibilityTests.SeriousAxeViolationsAsync(page, device + " sheet errors"));
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        File.Delete(file);
        File.Delete(bad);
    }

    /// <summary>
    /// A workbook an office made itself (no hidden name of its ledger) for the ledger's unit and round: the page says the
    /// unit has a ledger in that round and writes nothing; 与该台账比对 gives the merge preview. Desk and phone, axe clean.
    /// </summary>
    [Fact]
    public async Task A_hand_made_workbook_for_the_ledgers_unit_and_round_is_warned_about_and_compared_on_request()
    {
        var desk = await fx.SignedInPageAsync();
        await desk.SetViewportSizeAsync(1366, 900);
        var exported = await EditedExportAsync(desk);
        var read = LedgerWorkbook.Read(new MemoryStream(await File.ReadAllBytesAsync(exported, Ct)));
        var file = Path.Combine(Path.GetTempPath(), "rectify-hand-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await using (var output = File.Create(file))
            LedgerWorkbook.Write(read.Ledger!, "城北镇", new DateOnly(2024, 1, 10), output);
        string round;
        int inspections;
        await using (var db = fx.App.CreateDb())
        {
            round = await db.Inspections.Where(i => i.Id == 1).Select(i => i.Round!.Body + i.Round.Name).SingleAsync(Ct);
            inspections = await db.Inspections.CountAsync(Ct);
        }
        var found = new List<string>();
        foreach (var (device, page) in new[] { ("1366", desk), ("390", await fx.PhonePageAsync()) })
        {
            await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
            await page.GetByLabel("被巡察单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
            await page.GetByLabel("巡察轮次").SelectOptionAsync(new SelectOptionValue { Label = round });
            await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).ClickAsync();
            await Assertions.Expect(page.Locator("#import-duplicate")).ToContainTextAsync("与已保存的台账重复（被巡察单位和巡察轮次相同）");
            await page.ShotAsync(new() { Path = DailyWorld.Shot($"ledger-import-duplicate-{device}.png"), FullPage = true });
            found.AddRange(await AccessibilityTests.SeriousAxeViolationsAsync(page, device + " duplicate"));
            if (device == "390") Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
            await using (var db = fx.App.CreateDb())
                Assert.Equal(inspections, await db.Inspections.CountAsync(Ct));

            await page.GetByRole(AriaRole.Button, new() { Name = "与该台账比对" }).ClickAsync();
            // Problem 3 is never saved with the new leader by this class's tests (problem 2 may be).
            await Assertions.Expect(page.Locator(".merge-summary")).ToContainTextAsync("有改动");
            await Assertions.Expect(page.Locator("tr[data-ordinal='3']")).ToContainTextAsync("有改动：责任领导");
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
        File.Delete(exported);
        File.Delete(file);
    }

    [Fact]
    public async Task On_a_phone_the_preview_fits_the_screen_and_the_inbox_filter_reads_on_one_line()
    {
        var desk = await fx.SignedInPageAsync();
        var file = await EditedExportAsync(desk, "第三位镇长");
        var page = await fx.PhonePageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(file);
        await page.GetByRole(AriaRole.Button, new() { Name = "导入", Exact = true }).TapAsync();
        await Assertions.Expect(page.Locator(".merge-summary")).ToBeVisibleAsync();
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-merge-preview-390.png"), FullPage = true });
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        File.Delete(file);

        // 只看未读: the box and its words on one line.
        await page.GotoAsync(fx.BaseUrl + "/notifications");
        var unread = page.Locator("#inbox-filters label").Filter(new() { HasText = "只看未读" });
        var box = (await unread.BoundingBoxAsync())!;
        var check = (await unread.Locator("input[type=checkbox]").BoundingBoxAsync())!;
        Assert.True(box.Height < 2 * check.Height + 8, $"“只看未读” is {box.Height}px high: split over two lines");
        Assert.True(check.Width < 32, $"the box takes {check.Width}px: its words sit far from it");
        // The words right beside the box, on its line: not pushed to the far side nor below it.
        var place = await unread.EvaluateAsync<double[]>("""
            l => {
                const text = [...l.childNodes].find(n => n.nodeType === 3 && n.textContent.trim());
                const range = document.createRange(); range.selectNodeContents(text);
                const t = range.getBoundingClientRect(), c = l.querySelector('input').getBoundingClientRect();
                return [t.left - c.right, Math.abs((t.top + t.bottom) / 2 - (c.top + c.bottom) / 2), t.height];
            }
            """);
        Assert.True(place[0] < 20 && place[1] < 8, $"“只看未读” is {place[0]}px beside the box and {place[1]}px off its line");
        Assert.True(place[2] < 2 * check.Height + 4, $"“只看未读” is {place[2]}px high: split over two lines");
        await page.Locator("#inbox-filters").ShotAsync(new() { Path = DailyWorld.Shot("phone-inbox-filters-390.png") });
    }
}
