using Deque.AxeCore.Playwright;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Core.Domain;

namespace Rectify.BrowserTests;

/// <summary>
/// The unit list as a tree (issue 18 item 2): on the overview and on /admin/organizations a level opens and
/// closes with the mouse and the keyboard, on a desk and a phone; the role matrix and the no-organisation banner.
/// </summary>
public class OrgTreeTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>城北村 below 城北镇 with the demo ledger as its own; once per fixture.</summary>
    async Task<(int Town, int Village)> SetUpAsync()
    {
        await using var db = fx.App.CreateDb();
        var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        if (await db.Organizations.FirstOrDefaultAsync(o => o.Name == "城北村") is { } there) return (town.Id, there.Id);
        var village = db.Organizations.Add(new Organization { Name = "城北村", Level = OrganizationLevel.Village, ParentId = town.Id, PrincipalLeader = "陈支书" }).Entity;
        await db.SaveChangesAsync();
        var doc = Rectify.Setup.DemoLedger();
        doc.Issuer = "中共梅州市梅江区城北村支部委员会";
        doc.Inspection.Target = "城北村党支部";
        await Rectify.Features.Inspections.LedgerTransfer.LoadAsync(db, doc, fx.App.Services.GetRequiredService<Rectify.Core.OfficeClock>(), village.Id);
        return (town.Id, village.Id);
    }

    static async Task ToggleByKeyboardAsync(IPage page, ILocator details, string key)
    {
        var summary = details.Locator(":scope > summary");
        await summary.FocusAsync();
        Assert.True(await summary.EvaluateAsync<bool>("s => document.activeElement === s"));
        var wasOpen = await details.EvaluateAsync<bool>("d => d.open");
        await page.Keyboard.PressAsync(key);
        await Assertions.Expect(details).ToHaveJSPropertyAsync("open", !wasOpen);
    }

    [Fact]
    public async Task The_overviews_units_open_and_close_as_a_tree_by_mouse_and_keyboard_on_a_desk_and_a_phone()
    {
        var (townId, villageId) = await SetUpAsync();
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/overview#units");
        var district = page.Locator("#org-tree > li > details").First;
        var town = page.Locator($"#org-tree li[data-org='{townId}'] > details");
        var village = page.Locator($"#org-tree li[data-org='{villageId}']");
        // The top level is open, the town's villages are folded away.
        await Assertions.Expect(district).ToHaveJSPropertyAsync("open", true);
        await Assertions.Expect(town).ToHaveJSPropertyAsync("open", false);
        await Assertions.Expect(village).Not.ToBeVisibleAsync();
        // The town's line says its own figures and its subtree's.
        var townLine = page.Locator($"#org-tree li[data-org='{townId}'] > .unit-row");
        await Assertions.Expect(townLine.Locator(".unit-sub")).ToContainTextAsync("含下级 28 个问题");
        await Assertions.Expect(townLine.Locator(".unit-own")).ToContainTextAsync("本级14 个问题");

        await ToggleByKeyboardAsync(page, town, "Enter");
        await Assertions.Expect(village).ToBeVisibleAsync();
        await Assertions.Expect(village.Locator(".unit-own")).ToContainTextAsync("14 个问题");
        await page.Locator("#units").ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "orgtree-overview-desk.png") });
        await ToggleByKeyboardAsync(page, town, " ");
        await Assertions.Expect(village).Not.ToBeVisibleAsync();
        // With the mouse.
        await town.Locator(":scope > summary").ClickAsync();
        await Assertions.Expect(village).ToBeVisibleAsync();
        // The subtotal lists the town's and the village's problems together.
        await townLine.Locator(".unit-sub a").First.ClickAsync();
        await page.WaitForURLAsync("**/overview/problems?org=*&subtree=true");
        Assert.Equal("28", await page.Locator("#total").InnerTextAsync());

        var phone = await fx.PhonePageAsync();
        await phone.GotoAsync(fx.BaseUrl + "/overview#units");
        var phoneTown = phone.Locator($"#org-tree li[data-org='{townId}'] > details");
        await phoneTown.Locator(":scope > summary").TapAsync();
        await Assertions.Expect(phone.Locator($"#org-tree li[data-org='{villageId}']")).ToBeVisibleAsync();
        // Nothing wider than the phone.
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await phone.Locator("#units").ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "orgtree-overview-phone.png") });
        var axe = await phone.Locator("#units").RunAxe();
        Assert.Empty(axe.Violations.Where(v => v.Impact is "serious" or "critical").Select(v => $"{v.Id}: {v.Help}"));
    }

    [Fact]
    public async Task The_organisation_page_is_a_tree_that_opens_and_closes_and_the_role_matrix_lists_every_role()
    {
        await SetUpAsync();
        var page = await fx.SignedInPageAsync("sysadmin", Rectify.Tests.Web.RectifyApp.SysAdminPassword);
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/admin/organizations");
        var town = page.Locator("#org-tree li[data-org='城北镇'] > details");
        var village = page.Locator("#org-tree li[data-org='城北村']");
        await Assertions.Expect(village).Not.ToBeVisibleAsync();
        await ToggleByKeyboardAsync(page, town, "Enter");
        await Assertions.Expect(village).ToBeVisibleAsync();
        await Assertions.Expect(village).ToContainTextAsync("主要负责人 陈支书");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "orgtree-admin-desk.png"), FullPage = true });
        // Its edit link is reached from the keyboard too.
        await village.GetByRole(AriaRole.Link, new() { Name = "编辑城北村" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/admin/organizations/*");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "编辑“城北村”" })).ToBeVisibleAsync();

        await page.GotoAsync(fx.BaseUrl + "/admin/roles");
        Assert.Equal(Rectify.Infrastructure.Roles.All.Length, await page.Locator("#role-matrix tbody tr").CountAsync());
        await Assertions.Expect(page.Locator("#role-matrix tr[data-role='signer'] th")).ToContainTextAsync("签发人");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "role-matrix-desk.png"), FullPage = true });

        var phone = await fx.PhonePageAsync("sysadmin", Rectify.Tests.Web.RectifyApp.SysAdminPassword);
        await phone.GotoAsync(fx.BaseUrl + "/admin/organizations");
        await phone.Locator("#org-tree li[data-org='城北镇'] > details > summary").TapAsync();
        await Assertions.Expect(phone.Locator("#org-tree li[data-org='城北村']")).ToBeVisibleAsync();
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await phone.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "orgtree-admin-phone.png"), FullPage = true });
        await phone.GotoAsync(fx.BaseUrl + "/admin/roles");
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await phone.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "role-matrix-phone.png") });
    }
}
