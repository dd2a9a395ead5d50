using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Features.Notifications;

namespace Rectify.BrowserTests;

/// <summary>The inbox in the browser: each entry says its kind and leads to its problem or document; the header counts what is unread. Screenshots at desk and phone widths, with the mail page and the users' addresses.</summary>
public class InboxPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

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
