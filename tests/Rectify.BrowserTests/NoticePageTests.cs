using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

public class NoticePageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string LeaderPassword = "cb-leader-pass-1";

    async Task EnsureLeaderAsync()
    {
        using var scope = fx.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync("cb-leader") is not null) return;
        var town = await scope.ServiceProvider.GetRequiredService<RectifyDb>().Organizations.FirstAsync(o => o.Name == "城北镇");
        var leader = new AppUser { UserName = "cb-leader", DisplayName = "城北镇党委书记", OrganizationId = town.Id };
        Assert.True((await users.CreateAsync(leader, LeaderPassword)).Succeeded);
        await users.AddToRoleAsync(leader, Roles.UnitLeader);
    }

    [Fact]
    public async Task Admin_drafts_and_submits_the_town_leader_approves_and_publishes_and_the_page_shows_the_hash()
    {
        await EnsureLeaderAsync();
        var admin = await fx.SignedInPageAsync();
        await admin.GotoAsync(fx.BaseUrl + "/inspections/1");
        await admin.GetByRole(AriaRole.Link, new() { Name = "整改进展情况公告" }).ClickAsync();
        await admin.WaitForURLAsync("**/inspections/1/notice");
        await admin.GetByLabel("截至日期").FillAsync("2023-09-08");
        await admin.GetByLabel("下一步工作").FillAsync("下一步,镇党委将把巡察整改与乡村振兴结合起来,持续巩固整改成果。");
        await admin.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        Assert.Equal("草稿已保存；下一步：核对预览无误后，完成保密审查并提交审核", (await admin.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        var preview = admin.FrameLocator("iframe[title=公告预览]");
        await Assertions.Expect(preview.GetByText("下一步，镇党委将把巡察整改与乡村振兴结合起来")).ToBeVisibleAsync();
        await admin.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-draft.png") });

        // Problem 5 is withheld with a reason: counted, not itemised, and the notice says so.
        var row = admin.Locator("tr[data-problem='5']");
        await row.GetByLabel("问题5不予公开", new() { Exact = true }).CheckAsync();
        await row.GetByLabel("问题5不予公开的理由").FillAsync("涉及个人隐私");
        await row.GetByRole(AriaRole.Button, new() { Name = "保存" }).ClickAsync();
        Assert.Equal("已设为不予公开", (await admin.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        await Assertions.Expect(preview.GetByText("另有1个问题涉及个人隐私，按规定不予公开")).ToBeVisibleAsync();
        await admin.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-draft-full.png"), FullPage = true });

        // Without the secrecy confirmation the submission is refused, with the reason.
        await admin.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        Assert.Contains("保密审查", await admin.GetByRole(AriaRole.Alert).InnerTextAsync());
        await admin.GetByLabel("已完成保密审查").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        Assert.Equal("已提交审核，等待单位主要负责人或巡察办审批", (await admin.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());

        var leader = await fx.SignedInPageAsync("cb-leader", LeaderPassword);
        await leader.GotoAsync(fx.BaseUrl + "/inspections/1/notice");
        await leader.GetByRole(AriaRole.Button, new() { Name = "审批通过" }).ClickAsync();
        Assert.Equal("已审批，下一步：由单位领导或巡察办发布", (await leader.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        await leader.GetByRole(AriaRole.Button, new() { Name = "发布" }).ClickAsync();
        Assert.Equal("已发布，公告文本已固定；群众可在公开页查看并提出意见，意见须在时限内答复", (await leader.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        Assert.Equal("已发布", (await leader.Locator("h1 .notice-state").InnerTextAsync()).Trim());

        string sha;
        await using (var db = fx.App.CreateDb())
            sha = (await db.Notices.SingleAsync(n => n.InspectionId == 1)).PublishedSha256!;
        Assert.Matches("^[0-9a-f]{64}$", sha);
        Assert.Equal(sha, (await leader.Locator(".frozen code.sha").InnerTextAsync()).Trim());
        await leader.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-published.png") });
        await leader.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "notice-published-full.png"), FullPage = true });
    }
}
