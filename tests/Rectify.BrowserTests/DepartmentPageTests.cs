using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Rectify.Core.Domain;

namespace Rectify.BrowserTests;

/// <summary>
/// /admin/people's 责任部门 list in the browser: a department name two units below 城北镇 bear is listed, the office picks
/// one, and the problem then shows it without the “未关联” flag. Screenshots at desk and phone widths.
/// </summary>
public class DepartmentPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task The_office_links_a_department_name_to_one_of_the_units_bearing_it()
    {
        int problem, chosen;
        await using (var db = fx.App.CreateDb())
        {
            var town = await db.InspectionTargets.Where(t => t.InspectionId == 1).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstAsync();
            var a = db.Organizations.Add(new Organization { Name = "农业农村办", ParentId = town }).Entity;
            var village = db.Organizations.Add(new Organization { Name = "城北村", Level = OrganizationLevel.Village, ParentId = town }).Entity;
            await db.SaveChangesAsync();
            db.Organizations.Add(new Organization { Name = "农业农村办", ParentId = village.Id });
            var p = await db.Problems.Where(x => x.InspectionId == 1).OrderBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleDepartment = "农业农村办";
            await db.SaveChangesAsync();
            (problem, chosen) = (p.Id, a.Id);
        }
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + $"/problems/{problem}");
        await Assertions.Expect(page.GetByTestId("department")).ToHaveTextAsync("农业农村办 未关联");
        await page.GotoAsync(fx.BaseUrl + "/admin/people");
        var row = page.Locator("tr[data-department=农业农村办]");
        await Assertions.Expect(row).ToBeVisibleAsync();
        await page.ShotAsync(new() { Path = Shot("admin-people-departments-1366.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.ShotAsync(new() { Path = Shot("admin-people-departments-390.png"), FullPage = true });
        await page.SetViewportSizeAsync(1366, 900);

        await row.GetByLabel("为农业农村办选择部门").SelectOptionAsync($"{chosen}");
        await row.GetByRole(AriaRole.Button, new() { Name = "关联" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("已将城北镇的责任部门“农业农村办”关联到“农业农村办”");
        await Assertions.Expect(page.Locator("tr[data-department=农业农村办]")).ToHaveCountAsync(0);
        await page.GotoAsync(fx.BaseUrl + $"/problems/{problem}");
        await Assertions.Expect(page.GetByTestId("department")).ToHaveTextAsync("农业农村办");
    }
}
