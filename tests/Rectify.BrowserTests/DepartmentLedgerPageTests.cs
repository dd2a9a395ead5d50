using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

/// <summary>
/// A 责任部门's account (党政办 of 城北镇) in the browser: the home list leads to the ledger, which lists only its
/// department's problem, counts it, says why, and opens it. Screenshots at desk and phone widths.
/// </summary>
public class DepartmentLedgerPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string Password = "dzb-office-pass-1";
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_department_account_finds_its_problems_in_the_ledger_and_only_them()
    {
        string mine, other;
        using (var scope = fx.App.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var town = await db.InspectionTargets.Where(t => t.InspectionId == 1).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstAsync();
            var office = db.Organizations.Add(new Organization { Name = "党政办", ParentId = town }).Entity;
            var problems = await db.Problems.Where(x => x.InspectionId == 1).OrderBy(x => x.Ordinal).Take(2).ToListAsync();
            problems[0].ResponsibleDepartment = "党政办";
            await db.SaveChangesAsync();
            (mine, other) = (problems[0].Title, problems[1].Title);
            var u = new AppUser { UserName = "dzb", DisplayName = "党政办主任", OrganizationId = office.Id };
            Assert.True((await users.CreateAsync(u, Password)).Succeeded);
            await users.AddToRoleAsync(u, Roles.UnitEditor);
        }
        var page = await fx.SignedInPageAsync("dzb", Password);
        await page.GotoAsync(fx.BaseUrl + "/");
        await page.GetByRole(AriaRole.Link, new() { Name = "城北镇" }).First.ClickAsync();
        await page.WaitForURLAsync("**/inspections/1");
        await Assertions.Expect(page.Locator("#department-part")).ToHaveTextAsync("您作为责任部门，只看到本部门负责的问题；其余问题由被巡察单位维护。");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = mine, Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByText(other, new() { Exact = true })).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("#bucket-counts li").Nth(1)).ToHaveTextAsync("1 个问题");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "整改记录" })).ToHaveCountAsync(0);
        await page.ShotAsync(new() { Path = Shot("department-ledger-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("department-ledger-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);
        await page.GetByRole(AriaRole.Link, new() { Name = mine, Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("您作为责任部门查看这个问题：可以填报整改进展，其他内容由被巡察单位维护。")).ToBeVisibleAsync();
    }
}
