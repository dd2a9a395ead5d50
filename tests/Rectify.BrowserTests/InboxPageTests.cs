using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

/// <summary>The inbox in the browser: each entry says its kind and leads to its problem or document; the header counts what is unread. Screenshots at desk and phone widths, with the mail page and the users' addresses.</summary>
public class InboxPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task Marking_all_read_takes_the_unread_count_to_zero_and_it_stays_so_after_a_reload()
    {
        // An account of its own, so that the other test's entries for admin count for nothing here.
        const string password = "inbox-pass-123";
        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
            var town = (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id;
            var u = new AppUser { UserName = "inboxall", DisplayName = "周填报", OrganizationId = town };
            Assert.True((await users.CreateAsync(u, password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.UnitEditor);
            var problem = await db.Problems.Where(p => p.InspectionId == 1).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
            var now = DateTimeOffset.UtcNow;
            db.Notifications.Add(Events.New(u, Events.ClosureRejected, "browser:all:1", problem, null, "问题1销号被驳回", "城北镇问题1的销号申请被驳回，理由：佐证材料不全。", now));
            db.Notifications.Add(Events.New(u, Events.ExtensionApproved, "browser:all:2", problem, null, "问题1延期已批准", "城北镇问题1的整改时限已延至 2026-08-31。", now.AddMinutes(1)));
            db.Notifications.Add(Events.New(u, Events.Published, "browser:all:3", null, "/inspections/1/notice", "城北镇整改进展公告已发布", "公告已发布。", now.AddMinutes(2)));
            await db.SaveChangesAsync();
        }
        var page = await fx.SignedInPageAsync("inboxall", password);
        await page.GotoAsync(fx.BaseUrl + "/notifications");
        await Assertions.Expect(page.Locator(".inbox-link .badge")).ToHaveTextAsync("3");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "消息 3 条未读" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".inbox li.unread")).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" }).ClickAsync();
        // None unread: the header has no count (its name says 0), the heading says 0, every entry is read and stays listed.
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "消息 0 条未读" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".inbox-link")).ToHaveAttributeAsync("aria-label", "消息，0 条未读");
        await Assertions.Expect(page.Locator(".inbox-link .badge")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".inbox li.read")).ToHaveCountAsync(3);
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "全部标为已读" })).ToHaveCountAsync(0);

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "消息 0 条未读" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".inbox-link")).ToHaveAttributeAsync("aria-label", "消息，0 条未读");
        await Assertions.Expect(page.Locator(".inbox li.unread")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".inbox li.read")).ToHaveCountAsync(3);
        // And in the store: none of the account's entries is unread.
        await using var check = fx.App.CreateDb();
        var id = (await check.Users.SingleAsync(u => u.UserName == "inboxall")).Id;
        Assert.Equal(0, await check.Notifications.CountAsync(n => n.UserId == id && n.ReadAt == null));
    }

    [Fact]
    public async Task An_entry_leads_to_its_document_and_the_count_drops()
    {
        await using (var db = fx.App.CreateDb())
        {
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            var problem = await db.Problems.Where(p => p.InspectionId == 1).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
            var now = DateTimeOffset.UtcNow;
            db.Notifications.Add(Events.New(admin, Events.ClosureRequested, "browser:closure", problem, null, "问题1申请销号，待您核验", "城北镇问题1已完成整改并申请销号（申请人 editor）。请核验佐证材料后通过或驳回。", now));
            db.Notifications.Add(Events.New(admin, Events.SignOffWaiting, "browser:notice", null, "/inspections/1/notice", "城北镇整改进展公告待您审批签发", "城北镇的整改进展公告已提交审核（提交人 editor，已完成保密审查）。请审阅后审批签发或退回修改。", now.AddMinutes(1)));
            await db.SaveChangesAsync();
        }
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/notifications");
        await Assertions.Expect(page.Locator(".inbox-link .badge")).ToHaveTextAsync("2");
        await Assertions.Expect(page.Locator("li[data-kind=signoff-waiting] .tag")).ToHaveTextAsync("待签发");
        await page.ShotAsync(new() { Path = Shot("inbox-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("inbox-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);

        await page.Locator("li[data-kind=signoff-waiting]").GetByRole(AriaRole.Button, new() { Name = "查看" }).ClickAsync();
        await page.WaitForURLAsync(fx.BaseUrl + "/inspections/1/notice");
        await Assertions.Expect(page.Locator(".inbox-link .badge")).ToHaveTextAsync("1");

        var sys = await fx.SignedInPageAsync("sysadmin", Rectify.Tests.Web.RectifyApp.SysAdminPassword);
        await sys.GotoAsync(fx.BaseUrl + "/admin/mail");
        await Assertions.Expect(sys.GetByRole(AriaRole.Heading, new() { Name = "邮件投递" })).ToBeVisibleAsync();
        await sys.ShotAsync(new() { Path = Shot("admin-mail-1366.png"), FullPage = true });
        await sys.GotoAsync(fx.BaseUrl + "/admin/users");
        await sys.ShotAsync(new() { Path = Shot("admin-users-1366.png"), FullPage = true });
        await sys.SetViewportSizeAsync(390, 844);
        await sys.ShotAsync(new() { Path = Shot("admin-users-390.png"), FullPage = true });
        await sys.GotoAsync(fx.BaseUrl + "/admin/mail");
        await sys.ShotAsync(new() { Path = Shot("admin-mail-390.png"), FullPage = true });
    }
}
