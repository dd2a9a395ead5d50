using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

public class ProblemPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string Password = "role-pass-123";
    /// <summary>The demo's 撂荒复耕 problem, phased.</summary>
    const int Problem = 3;

    async Task AddUserAsync(string name, string display, bool ofTown, string role)
    {
        using var scope = fx.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync(name) is not null) return;
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var town = ofTown ? (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id : (int?)null;
        var u = new AppUser { UserName = name, DisplayName = display, OrganizationId = town };
        Assert.True((await users.CreateAsync(u, Password)).Succeeded);
        await users.AddToRoleAsync(u, role);
    }

    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 100]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n");

    async Task ChangeStatusAsync(IPage page, string code)
    {
        await page.Locator("select[name='StatusChange.Status']").SelectOptionAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "更改状态" }).ClickAsync();
    }

    [Fact]
    public async Task An_editor_works_a_problem_to_closure_and_a_supervisor_approves_it()
    {
        await AddUserAsync("editor", "王填报", true, Roles.UnitEditor);
        await AddUserAsync("supervisor", "纪委张", false, Roles.Supervisor);

        var page = await fx.SignedInPageAsync("editor", Password);
        await page.GotoAsync($"{fx.BaseUrl}/problems/{Problem}");
        Assert.Equal("取得阶段性成效", (await page.GetByTestId("status").InnerTextAsync()).Trim());
        await page.ShotAsync(new() { Path = Shot("problem-page-1366.png") });

        // A legal change.
        await ChangeStatusAsync(page, "in-progress");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("整改状态已改为“正在推进”");
        Assert.Equal("正在推进", (await page.GetByTestId("status").InnerTextAsync()).Trim());

        // An illegal one shows the rule's message where the form is, and changes nothing.
        await ChangeStatusAsync(page, "completed");
        var alert = page.Locator("#status").GetByRole(AriaRole.Alert);
        await Assertions.Expect(alert).ToHaveTextAsync("改为“已完成整改”前，须至少有一条附有佐证材料的整改进展");
        Assert.Equal("正在推进", (await page.GetByTestId("status").InnerTextAsync()).Trim());
        await page.Locator("#status").ScrollIntoViewIfNeededAsync();
        await page.ShotAsync(new() { Path = Shot("problem-illegal-change.png") });

        // Progress with a PDF as evidence.
        await page.GetByLabel("进展", new() { Exact = true }).FillAsync("已完成撂荒地复耕 42 亩,见验收单。");
        await page.GetByLabel("佐证材料（可多选）").SetInputFilesAsync(new FilePayload { Name = "复耕验收单.pdf", MimeType = "application/pdf", Buffer = Pdf() });
        await page.GetByRole(AriaRole.Button, new() { Name = "添加进展" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("已添加整改进展；整改完成后改为“已完成整改”，再申请销号");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "复耕验收单.pdf" })).ToBeVisibleAsync();
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Pdf()));
        await Assertions.Expect(page.Locator("code.sha")).ToHaveTextAsync("SHA-256 " + sha);

        // Completed with its three measures still open needs a reason, which the page then shows.
        await ChangeStatusAsync(page, "completed");
        await Assertions.Expect(alert).ToContainTextAsync("须完成全部整改措施（第1、2、3项尚未完成），或说明");
        await page.Locator("textarea[name='StatusChange.Reason']").FillAsync("复耕已验收，其余两项措施转入长效机制");
        await page.GetByRole(AriaRole.Button, new() { Name = "更改状态" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("status")).ToHaveTextAsync("已完成整改");
        await Assertions.Expect(page.GetByTestId("completion-reason")).ToHaveTextAsync("措施未全部完成即认定完成的理由：复耕已验收，其余两项措施转入长效机制");
        await page.Locator("#status").ScrollIntoViewIfNeededAsync();
        await page.ShotAsync(new() { Path = Shot("problem-completion-reason.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "申请销号" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("closure")).ToHaveTextAsync("待销号（审核中）");
        await page.ShotAsync(new() { Path = Shot("problem-editor-1366.png") });
        await page.ShotAsync(new() { Path = Shot("problem-editor-full.png"), FullPage = true });
        // The editor has no approve button.
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "审核通过，销号" }).CountAsync());

        // The supervisor verifies it from outside the unit.
        var sup = await fx.SignedInPageAsync("supervisor", Password);
        await sup.GotoAsync($"{fx.BaseUrl}/problems/{Problem}");
        await sup.GetByRole(AriaRole.Button, new() { Name = "审核通过，销号" }).ClickAsync();
        await Assertions.Expect(sup.GetByTestId("closure")).ToHaveTextAsync("已销号");
        await Assertions.Expect(sup.Locator("#history")).ToContainTextAsync("销号状态");
        await sup.ShotAsync(new() { Path = Shot("problem-closed-full.png"), FullPage = true });

        // Back on the editor's page the problem is read-only.
        await page.ReloadAsync();
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "更改状态" }).CountAsync());
        Assert.True(await page.Locator("input[name='Fields.Title']").IsDisabledAsync());
    }
}
