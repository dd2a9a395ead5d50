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
        // The filters are folded away above the cards: the first card is on the first screen.
        await Assertions.Expect(page.Locator("form.filters")).ToBeHiddenAsync();
        await DailyWorld.AssertFirstCardOnFirstScreenAsync(page);
        // A tap opens them, and a filter chosen there is named on the fold when the page comes back.
        await page.Locator("#filter-fold > summary").TapAsync();
        await page.Locator("form.filters select[name=status]").SelectOptionAsync("phased");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("phone-ledger-filters-open.png") });
        await page.Locator("form.filters").GetByRole(AriaRole.Button, new() { Name = "筛选" }).TapAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/inspections/1\\?.*status=phased"));
        await Assertions.Expect(page.Locator("#filter-fold > summary")).ToHaveTextAsync("筛选（已设 1 项条件）");
        await Assertions.Expect(page.Locator("form.filters")).ToBeHiddenAsync();
        await DailyWorld.AssertFirstCardOnFirstScreenAsync(page);
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");

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
        // One column of cards, each as wide as the others (the side column's once kept their desk width).
        var widths = await page.Locator(".problem-grid section.card").EvaluateAllAsync<double[]>("es => es.filter(e => e.offsetParent).map(e => e.getBoundingClientRect().width)");
        Assert.True(widths.Length >= 4, $"{widths.Length} cards");
        Assert.True(widths.Max() - widths.Min() < 1, "card widths: " + string.Join(", ", widths));

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

    [Fact]
    public async Task A_camera_photo_is_shown_scaled_to_the_phone_with_the_time_and_place_it_was_taken()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        var page = await fx.PhonePageAsync("cungan", DailyWorld.CadrePassword);
        await page.GotoAsync($"{fx.BaseUrl}/problems/{yellowId}");

        // As a phone's camera writes it: 2400×1800, with the time and place in its EXIF.
        var photo = Rectify.Tests.Problems.ExifPhotos.Jpeg(2400, 1800, lat: Rectify.Tests.Problems.ExifPhotos.Lat, lon: Rectify.Tests.Problems.ExifPhotos.Lon);
        await page.GetByLabel("进展", new() { Exact = true }).FillAsync("河道护栏已修复，现场照片一张。");
        await page.GetByLabel("现场照片（可拍照，可多张）").SetInputFilesAsync(new FilePayload { Name = "护栏.jpg", MimeType = "image/jpeg", Buffer = photo });
        await page.GetByRole(AriaRole.Button, new() { Name = "添加进展" }).TapAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已添加整改进展");

        var entry = page.Locator(".progress-list > li").Filter(new() { HasText = "河道护栏已修复" });
        var img = entry.Locator(".thumbs img");
        await Assertions.Expect(img).ToHaveCountAsync(1);
        await img.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync("e => e.complete && e.naturalWidth > 0", await img.ElementHandleAsync());
        // Scaled for the screen: the phone loads a thumbnail, not the camera's 2400 pixels, and it fits.
        var natural = await img.EvaluateAsync<int[]>("e => [e.naturalWidth, e.naturalHeight]");
        Assert.Equal(new[] { 320, 240 }, natural);
        var box = (await img.BoundingBoxAsync())!;
        Assert.True(box.X >= 0 && box.X + box.Width <= 390, $"photo at {box.X}+{box.Width}");
        // The time and place the camera wrote, beside the photo and within the screen.
        var meta = entry.GetByTestId("photo-meta");
        await Assertions.Expect(meta).ToContainTextAsync("拍摄于 2026-11-30 14:05");
        await Assertions.Expect(meta).ToContainTextAsync("北纬 30.274083°，东经 120.155083°");
        // Each coordinate on one line: the narrow column once broke "东经 / 120.155083°".
        Assert.Equal(new[] { 1, 1 }, await meta.Locator(".nowrap").EvaluateAllAsync<int[]>("es => es.map(e => e.getClientRects().length)"));
        var metaBox = (await meta.BoundingBoxAsync())!;
        Assert.True(metaBox.X >= 0 && metaBox.X + metaBox.Width <= 390, $"metadata at {metaBox.X}+{metaBox.Width}");
        // The original is the evidence: its hash is the camera file's.
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(photo));
        await Assertions.Expect(entry.Locator("code.sha")).ToHaveTextAsync("SHA-256 " + sha);
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        await entry.ShotAsync(new() { Path = DailyWorld.Shot("phone-photo-exif-390.png") });

        // On a desk, the same entry.
        var desk = await fx.SignedInPageAsync();
        await desk.GotoAsync($"{fx.BaseUrl}/problems/{yellowId}");
        var deskEntry = desk.Locator(".progress-list > li").Filter(new() { HasText = "河道护栏已修复" });
        await Assertions.Expect(deskEntry.GetByTestId("photo-meta")).ToContainTextAsync("拍摄于 2026-11-30 14:05");
        await deskEntry.Locator(".thumbs img").ScrollIntoViewIfNeededAsync();
        await desk.WaitForFunctionAsync("e => e.complete && e.naturalWidth > 0", await deskEntry.Locator(".thumbs img").ElementHandleAsync());
        await deskEntry.ShotAsync(new() { Path = DailyWorld.Shot("desk-photo-exif-1366.png") });
    }
}
