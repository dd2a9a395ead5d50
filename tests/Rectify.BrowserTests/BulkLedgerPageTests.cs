using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>批量处理 on the ledger page, by keyboard on a desk and by thumb on a phone (issue 19 item 2).</summary>
public class BulkLedgerPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    async Task<Dictionary<int, int>> IdsAsync()
    {
        await using var db = fx.App.CreateDb();
        return await db.Problems.Where(p => p.InspectionId == 1).ToDictionaryAsync(p => p.Ordinal, p => p.Id);
    }

    [Fact]
    public async Task By_keyboard_two_problems_get_a_deadline_and_the_one_that_has_one_is_listed_with_the_reason()
    {
        var ids = await IdsAsync();
        var today = DailyWorld.Today(fx);
        await using (var db = fx.App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Id == ids[9]);
            if (p.Deadline is null) { p.SetDeadline(today.AddDays(15)); await db.SaveChangesAsync(); }
        }
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        // Tick two rows with the space bar, as a keyboard user does.
        foreach (var o in new[] { 9, 10 })
        {
            await page.Locator($"input[name='ids'][value='{ids[o]}']").FocusAsync();
            await page.Keyboard.PressAsync("Space");
        }
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("已选 2 个");
        await page.Locator("#bulk-change").FocusAsync();
        await page.Locator("#bulk-change").SelectOptionAsync("deadline");
        // Only the fields the change needs show.
        await Assertions.Expect(page.GetByLabel("新的责任领导、单位或责任人")).ToBeHiddenAsync();
        await page.GetByLabel("整改时限", new() { Exact = true }).FillAsync(today.AddDays(40).ToString("yyyy-MM-dd"));
        await page.GetByRole(AriaRole.Button, new() { Name = "应用到所选问题" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var result = page.Locator("#bulk-result");
        await Assertions.Expect(result).ToContainTextAsync("已保存 1 个");
        await Assertions.Expect(result).ToContainTextAsync("未能处理 1 个");
        await Assertions.Expect(result.Locator($"tr[data-id='{ids[9]}'] td.reason")).ToContainTextAsync($"整改时限已定为 {today.AddDays(15):yyyy-MM-dd}");
        // The choice and the ticks are still there for a second try (e.g. as an extension request).
        await Assertions.Expect(page.Locator($"input[name='ids'][value='{ids[9]}']")).ToBeCheckedAsync();
        await Assertions.Expect(page.Locator("#bulk-change")).ToHaveValueAsync("deadline");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-bulk-desk.png"), FullPage = false });
        await using (var db = fx.App.CreateDb())
            Assert.Equal(today.AddDays(40), (await db.Problems.SingleAsync(x => x.Id == ids[10])).Deadline);
    }

    [Fact]
    public async Task On_a_phone_the_cards_carry_a_checkbox_and_all_matching_the_filter_get_a_new_person_without_a_page_wider_than_the_screen()
    {
        var page = await fx.PhonePageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1?status=phased");
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        var box = page.Locator("tr.problem td.c-pick input").First;
        await Assertions.Expect(box).ToBeVisibleAsync();
        var size = await box.BoundingBoxAsync();
        Assert.True(size!.Width >= 24 && size.Height >= 24, $"checkbox {size.Width}×{size.Height}");
        await page.Locator("#bulk-all").TapAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("已选全部符合条件的问题");
        await page.Locator("#bulk-change").SelectOptionAsync("person");
        await page.GetByLabel("新的责任领导、单位或责任人").FillAsync("镇农办王");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-bulk-phone.png"), FullPage = false });
        await page.GetByRole(AriaRole.Button, new() { Name = "应用到所选问题" }).TapAsync();
        await Assertions.Expect(page.Locator("#bulk-result")).ToContainTextAsync("未能处理 0 个");
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-bulk-phone-done.png"), FullPage = true });
        await using var db = fx.App.CreateDb();
        var phased = await db.Problems.Where(p => p.InspectionId == 1 && p.Status == Rectify.Core.Domain.RectificationStatus.Phased).Select(p => p.ResponsiblePerson).ToListAsync();
        Assert.NotEmpty(phased);
        Assert.All(phased, person => Assert.Equal("镇农办王", person));
    }
}
