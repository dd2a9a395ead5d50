using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Infrastructure;

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
    public async Task At_the_desk_every_measure_of_the_ticked_problems_gets_its_owner_and_a_problem_without_measures_is_listed_with_the_reason()
    {
        const string owner = "镇农办李";
        var ids = await IdsAsync();
        int measures;
        await using (var db = fx.App.CreateDb())
        {
            // Problem 14 without measures yet, as a ledger typed in from the feedback has them (no other test of the class uses it).
            db.Measures.RemoveRange(await db.Measures.Where(m => m.ProblemId == ids[14]).ToListAsync());
            await db.SaveChangesAsync();
            measures = await db.Measures.CountAsync(m => m.ProblemId == ids[3]);
        }
        Assert.True(measures > 0, "problem 3 has measures");
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        foreach (var o in new[] { 3, 14 }) await page.Locator($"input[name='ids'][value='{ids[o]}']").CheckAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("已选 2 个");
        await page.Locator("#bulk-change").SelectOptionAsync("owner");
        await Assertions.Expect(page.GetByLabel("整改时限", new() { Exact = true })).ToBeHiddenAsync();
        await page.GetByLabel("新的责任领导、单位或责任人").FillAsync(owner);
        await page.GetByRole(AriaRole.Button, new() { Name = "应用到所选问题" }).ClickAsync();

        var result = page.Locator("#bulk-result");
        await Assertions.Expect(result.GetByTestId("bulk-saved")).ToHaveTextAsync("1");
        await Assertions.Expect(result.GetByTestId("bulk-refused")).ToHaveTextAsync("1");
        await Assertions.Expect(result.Locator($"tr[data-id='{ids[14]}'] td.reason")).ToHaveTextAsync("这个问题还没有整改措施，请先在问题页添加整改措施");
        await result.GetByText("已处理的问题（1 个）").ClickAsync();
        var done = result.Locator("li").Filter(new() { HasText = $"{measures} 项整改措施的责任人改为 {owner}" });
        await Assertions.Expect(done).ToHaveCountAsync(1);
        await result.ShotAsync(new() { Path = DailyWorld.Shot("ledger-bulk-owner-1366.png") });

        // The problem, reached from the result: each measure's 责任人 is the new one.
        await done.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync($"{fx.BaseUrl}/problems/{ids[3]}");
        var owners = page.Locator("#measures tr.measure td[data-label=责任人] input");
        await Assertions.Expect(owners).ToHaveCountAsync(measures);
        foreach (var input in await owners.AllAsync()) await Assertions.Expect(input).ToHaveValueAsync(owner);
        await using (var db = fx.App.CreateDb())
            Assert.All(await db.Measures.Where(m => m.ProblemId == ids[3]).ToListAsync(), m => Assert.Equal(owner, m.Owner));
    }

    [Fact]
    public async Task On_a_phone_the_cards_carry_a_checkbox_and_all_matching_the_filter_get_a_new_person_without_a_page_wider_than_the_screen()
    {
        var page = await fx.PhonePageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1?status=phased");
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        // The filters and the panel are folded: the first card is on the first screen, its checkbox in reach.
        await DailyWorld.AssertFirstCardOnFirstScreenAsync(page);
        var box = page.Locator("tr.problem td.c-pick input").First;
        await Assertions.Expect(box).ToBeVisibleAsync();
        await AssertThumbSizedAsync(box);
        await Assertions.Expect(page.Locator("#bulk-all")).ToBeHiddenAsync();
        // The fold says how many are chosen while it is closed.
        await box.TapAsync();
        await Assertions.Expect(page.Locator("#bulk-fold > summary")).ToContainTextAsync("已选 1 个");
        await box.TapAsync();
        await page.Locator("#bulk-fold > summary").TapAsync();
        foreach (var pick in new[] { "#pick-page", "#bulk-all" }) await AssertThumbSizedAsync(page.Locator(pick));
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

    static async Task AssertThumbSizedAsync(ILocator box)
    {
        var size = (await box.BoundingBoxAsync())!;
        Assert.True(size.Width >= 24 && size.Height >= 24, $"checkbox {size.Width}×{size.Height}");
    }

    [Fact]
    public async Task Export_of_the_ticked_problems_downloads_a_workbook_that_opens_with_those_problems()
    {
        var ids = await IdsAsync();
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        int[] chosen = [2, 7, 11];
        foreach (var o in chosen) await page.Locator($"input[name='ids'][value='{ids[o]}']").CheckAsync();
        await Assertions.Expect(page.Locator("#bulk-count")).ToHaveTextAsync("已选 3 个");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("ledger-export-selected-1366.png") });
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "导出所选为 Excel" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), "rectify-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(file);
        try
        {
            Rectify.Core.Excel.LedgerImportResult read;
            await using (var stream = File.OpenRead(file)) read = Rectify.Core.Excel.LedgerWorkbook.Read(stream);
            Assert.True(read.Succeeded, string.Join("\n", read.Errors.Select(e => e.Message)));
            List<string> titles;
            await using (var db = fx.App.CreateDb())
                titles = await db.Problems.Where(p => p.InspectionId == 1 && chosen.Contains(p.Ordinal)).OrderBy(p => p.Ordinal).Select(p => p.Title).ToListAsync();
            var problems = read.Ledger!.AllProblems.ToList();
            Assert.Equal(chosen, problems.Select(p => p.Ordinal));
            Assert.Equal(titles, problems.Select(p => p.Title));
            // It names the ledger it came from, so that it imports back into it.
            Assert.Equal(1, read.InspectionId);
        }
        finally { File.Delete(file); }
        // The page stays as it was, the ticks too, for the next piece of work.
        await Assertions.Expect(page.Locator($"input[name='ids'][value='{ids[7]}']")).ToBeCheckedAsync();
    }

    [Fact]
    public async Task An_extension_requested_on_the_phone_reaches_the_approvers_inbox_and_once_approved_moves_the_deadline()
    {
        const string password = "tianbao-pass-123";
        var today = DailyWorld.Today(fx);
        int problem, ordinal;
        DateOnly old;
        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await using var db = fx.App.CreateDb();
            var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
            var u = new AppUser { UserName = "tianbao", DisplayName = "镇填报员周", OrganizationId = town.Id };
            Assert.True((await users.CreateAsync(u, password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.UnitEditor);
            // A phased problem the other tests of the class give no deadline.
            var p = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == Rectify.Core.Domain.RectificationStatus.Phased && x.Ordinal != 9 && x.Ordinal != 10)
                .OrderBy(x => x.Ordinal).FirstAsync();
            if (p.Deadline is null) { p.SetDeadline(today.AddDays(10)); await db.SaveChangesAsync(); }
            (problem, ordinal, old) = (p.Id, p.Ordinal, p.Deadline!.Value);
        }
        var later = (old > today ? old : today).AddDays(30);

        // The town's clerk, on a phone: tick the card, 申请延期 with the new date and the reason.
        var phone = await fx.PhonePageAsync("tianbao", password);
        await phone.GotoAsync(fx.BaseUrl + "/inspections/1");
        await phone.Locator($"input[name='ids'][value='{problem}']").TapAsync();
        await Assertions.Expect(phone.Locator("#bulk-count")).ToHaveTextAsync("已选 1 个");
        await phone.Locator("#bulk-fold > summary").TapAsync();
        await phone.Locator("#bulk-change").SelectOptionAsync("extension");
        await phone.GetByLabel("整改时限", new() { Exact = true }).FillAsync(later.ToString("yyyy-MM-dd"));
        await phone.GetByLabel("延期理由").FillAsync("需待汛期结束后施工");
        await phone.Locator("#bulk").ScrollIntoViewIfNeededAsync();
        await phone.ShotAsync(new() { Path = DailyWorld.Shot("ledger-extension-form-390.png") });
        await phone.GetByRole(AriaRole.Button, new() { Name = "应用到所选问题" }).TapAsync();
        await Assertions.Expect(phone.Locator("#bulk-result")).ToContainTextAsync("已保存 1 个");
        Assert.True(await DailyWorld.OverflowAsync(phone) <= 0, await DailyWorld.TooWideAsync(phone));
        await phone.Locator("#bulk-result").ShotAsync(new() { Path = DailyWorld.Shot("ledger-extension-requested-390.png") });
        // Requested, not taken: the deadline stays until it is approved.
        await Assertions.Expect(phone.Locator($"tr.problem[data-id='{problem}'] td[data-label=时限]")).ToHaveTextAsync(old.ToString("yyyy-MM-dd"));

        // The office, at its desk: the request is in the inbox and leads to the problem.
        var desk = await fx.SignedInPageAsync();
        await desk.GotoAsync(fx.BaseUrl + "/notifications");
        var request = desk.Locator("li[data-kind=extension-requested]").Filter(new() { HasText = $"问题{ordinal}申请延期" });
        await Assertions.Expect(request).ToHaveCountAsync(1);
        await desk.ShotAsync(new() { Path = DailyWorld.Shot("inbox-extension-request-1366.png") });
        await request.GetByRole(AriaRole.Button, new() { Name = "查看问题" }).ClickAsync();
        await desk.WaitForURLAsync($"**/problems/{problem}*");
        var section = desk.Locator("#extensions");
        await Assertions.Expect(section).ToContainTextAsync("需待汛期结束后施工");
        await section.ShotAsync(new() { Path = DailyWorld.Shot("problem-extension-approve-1366.png") });
        await section.GetByRole(AriaRole.Button, new() { Name = "批准延期" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#extensions p b").First).ToHaveTextAsync(later.ToString("yyyy-MM-dd"));
        await Assertions.Expect(desk.Locator("#extensions tr.ext-approved")).ToHaveCountAsync(1);
        await section.ShotAsync(new() { Path = DailyWorld.Shot("problem-extension-approved-1366.png") });

        // The clerk's ledger shows the new deadline.
        await phone.GotoAsync(fx.BaseUrl + "/inspections/1");
        var card = phone.Locator($"tr.problem[data-id='{problem}']");
        await Assertions.Expect(card.Locator("td[data-label=时限]")).ToHaveTextAsync(later.ToString("yyyy-MM-dd"));
        await card.ShotAsync(new() { Path = DailyWorld.Shot("ledger-extension-approved-card-390.png") });
        await using (var db = fx.App.CreateDb())
            Assert.Equal(later, (await db.Problems.SingleAsync(x => x.Id == problem)).Deadline);
    }
}
