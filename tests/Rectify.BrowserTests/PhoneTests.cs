using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>A town cadre's phone (390×844, touch): the ledger as cards, a problem worked with one thumb, photos from the camera, the inbox.</summary>
public class PhoneTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task No_page_of_the_day_is_wider_than_the_phone()
    {
        await DailyWorld.SetUpAsync(fx);
        var page = await fx.PhonePageAsync();
        foreach (var url in new[] { "/", "/inspections/1", "/problems/3", "/problems/5", "/overview", "/notifications", "/supervision", "/inspections/1/supervision", "/feedback", "/inspections/1/records" })
        {
            await page.GotoAsync(fx.BaseUrl + url);
            Assert.True(await DailyWorld.OverflowAsync(page) <= 0, $"{url} is {await DailyWorld.OverflowAsync(page)} px wider than the screen:\n{await DailyWorld.TooWideAsync(page)}");
        }
    }

    [Fact]
    public async Task The_ledger_is_a_card_per_problem_that_names_its_fields_and_opens_with_a_tap()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        var page = await fx.PhonePageAsync("cungan", DailyWorld.CadrePassword);
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("phone-ledger-cards.png") });

        Assert.False(await page.Locator("table.ledger thead").IsVisibleAsync() && (await page.Locator("table.ledger thead").BoundingBoxAsync())!.Height > 1);
        var card = page.Locator($"tr.problem[data-id='{yellowId}']");
        var box = (await card.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"card at {box.X}+{box.Width}");
        // Each cell names itself, and the light says what it means.
        Assert.Equal("责任领导", await card.Locator("td[data-label=责任领导]").EvaluateAsync<string>("e => getComputedStyle(e, '::before').content.replaceAll('\"', '')"));
        await Assertions.Expect(card.Locator(".light")).ToHaveTextAsync("黄灯 距期限5天");
        var link = card.Locator(".c-title a");
        Assert.True((await link.BoundingBoxAsync())!.Height >= 40, "the title is a thumb-sized target");
        await link.TapAsync();
        await page.WaitForURLAsync($"**/problems/{yellowId}");
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
    }

    [Fact]
    public async Task A_cadre_adds_photos_from_the_camera_changes_the_status_and_asks_for_closure_on_the_phone()
    {
        var yellowId = await DailyWorld.AnotherOpenProblemAsync(fx);
        var page = await fx.PhonePageAsync("cungan", DailyWorld.CadrePassword);
        await page.GotoAsync($"{fx.BaseUrl}/problems/{yellowId}");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("phone-problem-top.png") });

        // The camera picker: photos only, the rear camera, several at once.
        var camera = page.GetByLabel("现场照片（可拍照，可多张）");
        Assert.Equal("image/*", await camera.GetAttributeAsync("accept"));
        Assert.Equal("environment", await camera.GetAttributeAsync("capture"));
        Assert.NotNull(await camera.GetAttributeAsync("multiple"));

        await page.GetByLabel("进展", new() { Exact = true }).FillAsync("村口垃圾堆已清运,现场照片两张。");
        var before = DailyWorld.Photo(320, 240, 40, 120, 200);
        var after = DailyWorld.Photo(240, 320, 60, 160, 60);
        await camera.SetInputFilesAsync([
            new FilePayload { Name = "清运前.png", MimeType = "image/png", Buffer = before },
            new FilePayload { Name = "清运后.png", MimeType = "image/png", Buffer = after },
        ]);
        var add = page.GetByRole(AriaRole.Button, new() { Name = "添加进展" });
        Assert.True((await add.BoundingBoxAsync())!.Height >= 44, "buttons are thumb-sized");
        await add.TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已添加整改进展；整改完成后改为“已完成整改”，再申请销号");

        // Thumbnails, each loaded from the original, which is kept with its hash.
        var thumbs = page.Locator(".progress-list > li").First.Locator(".thumbs img");
        await Assertions.Expect(thumbs).ToHaveCountAsync(2);
        foreach (var img in await thumbs.AllAsync())
        {
            await img.ScrollIntoViewIfNeededAsync();
            await page.WaitForFunctionAsync("e => e.complete && e.naturalWidth > 0", await img.ElementHandleAsync());
            Assert.True((await img.BoundingBoxAsync())!.Width <= 390);
        }
        Assert.Equal(320, await thumbs.First.EvaluateAsync<int>("e => e.naturalWidth"));
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(before));
        await Assertions.Expect(page.Locator(".progress-list > li").First.Locator("code.sha").First).ToHaveTextAsync("SHA-256 " + sha);
        await page.Locator("#progress").ShotAsync(new() { Path = DailyWorld.Shot("phone-progress-photos.png") });
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));

        // Status, then closure, with taps.
        await page.Locator("select[name='StatusChange.Status']").SelectOptionAsync("completed");
        await page.Locator("textarea[name='StatusChange.Reason']").FillAsync("垃圾已清运,其余措施转入长效机制");
        await page.GetByRole(AriaRole.Button, new() { Name = "更改状态" }).TapAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("已完成整改");
        // Done work has no light any more.
        Assert.Equal(0, await page.GetByTestId("light").CountAsync());
        await page.GetByRole(AriaRole.Button, new() { Name = "申请销号" }).TapAsync();
        await Assertions.Expect(page.GetByTestId("closure")).ToHaveTextAsync("待销号（审核中）");
        await DailyWorld.PhoneShotsAsync(page, "phone-problem-done", 6);
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));

        // The inbox: each reminder names its problem and opens it with a tap.
        await page.GotoAsync(fx.BaseUrl + "/notifications");
        await DailyWorld.PhoneShotsAsync(page, "phone-inbox", 1);
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        // A reminder about a problem (orders falling due are in the inbox too): it names the problem and opens it.
        var first = page.Locator(".inbox li").Filter(new() { Has = page.GetByRole(AriaRole.Button, new() { Name = "查看问题" }) }).First;
        await Assertions.Expect(first.Locator("b")).ToContainTextAsync("问题");
        await first.GetByRole(AriaRole.Button, new() { Name = "查看问题" }).TapAsync();
        await page.WaitForURLAsync("**/problems/*");
    }
}
