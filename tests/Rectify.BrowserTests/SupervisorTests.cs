using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.BrowserTests;

/// <summary>The discipline commission's side in the browser: verify a closure, record an order and a summons, see the lights and the inbox.</summary>
public class SupervisorTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    const string Password = "jiwei-pass-123";

    async Task SetUpAsync()
    {
        using var scope = fx.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByNameAsync("jiwei") is null)
        {
            var u = new AppUser { UserName = "jiwei", DisplayName = "区纪委监督员" };
            await users.CreateAsync(u, Password);
            await users.AddToRoleAsync(u, Roles.Supervisor);
        }
        await using var db = fx.App.CreateDb();
        var p = await db.Problems.Include(x => x.Progress).ThenInclude(x => x.Evidence).FirstAsync(x => x.InspectionId == 1 && x.Ordinal == 5);
        if (p.Closure.State == ClosureState.None)
        {
            var e = p.AddProgress(new DateOnly(2023, 8, 30), "完成整改,建立长效机制", "zhang");
            e.Evidence.Add(new Evidence { FileName = "会议记录.pdf", ContentType = "application/pdf", Sha256 = new string('a', 64), StoredPath = "x", UploadedBy = "zhang" });
            p.RequestClosure("zhang", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await ReminderScan.RunAsync(db, new Rectify.Core.OfficeClock(TimeProvider.System, Rectify.Core.OfficeClock.FindZone(null)));
    }

    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task A_supervisor_verifies_a_closure_and_records_an_order_and_a_summons()
    {
        await SetUpAsync();
        var page = await fx.SignedInPageAsync("jiwei", Password);
        // The commission got the red reminders of the demo's overdue phased problems.
        Assert.Equal("3", await page.Locator("header .badge").InnerTextAsync());
        await page.GotoAsync(fx.BaseUrl + "/supervision");
        Assert.Equal(3, await page.Locator("tr.warning[data-light=red]").CountAsync());
        await page.ShotAsync(new() { Path = Shot("supervision-queue.png"), FullPage = true });

        // Verify the closure request of problem 5.
        var request = page.Locator("tr.closure-request[data-problem='5']");
        await request.GetByRole(AriaRole.Button, new() { Name = "核验通过，销号" }).ClickAsync();
        Assert.Equal("问题5已核验销号，已通知责任人和单位", (await page.GetByRole(AriaRole.Status).InnerTextAsync()).Trim());
        Assert.Equal(0, await page.Locator("tr.closure-request").CountAsync());

        // An order without a target is refused and the form keeps what was typed.
        var form = page.Locator("#new-record form");
        await form.GetByLabel("类别").SelectOptionAsync("责令限期整改");
        await form.GetByLabel("整改期限（责令限期整改）").FillAsync(DateTime.Today.AddDays(7).ToString("yyyy-MM-dd"));
        await form.GetByLabel("发现问题").FillAsync("阵地建设推进缓慢,台账未更新");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存记录" }).ClickAsync();
        Assert.Equal("责令限期整改须写明对象（单位、部门或个人）", (await page.GetByRole(AriaRole.Alert).InnerTextAsync()).Trim());
        Assert.Equal("阵地建设推进缓慢,台账未更新", await page.Locator("#new-record").GetByLabel("发现问题").InputValueAsync());
        await page.ShotAsync(new() { Path = Shot("supervision-order-refused.png"), FullPage = true });

        // With the target it is recorded, with its deadline and light.
        form = page.Locator("#new-record form");
        await form.GetByLabel("巡察").SelectOptionAsync(new SelectOptionValue { Label = "城北镇 · 九届区委第二轮巡察" });
        await form.GetByLabel("对象单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
        await form.GetByLabel("所涉问题序号").FillAsync("3,7");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存记录" }).ClickAsync();
        var recorded = (await page.GetByRole(AriaRole.Status).InnerTextAsync()).Trim();
        Assert.StartsWith("已记录责令限期整改", recorded);
        Assert.DoesNotContain("编号", recorded); // the record by its kind and date, not its internal id (issue 19 item 5)
        var order = page.Locator("tr.record[data-kind=order-to-rectify]");
        Assert.Contains("yellow", await order.Locator(".light").GetAttributeAsync("class"));

        // A summons names who and why.
        form = page.Locator("#new-record form");
        await form.GetByLabel("类别").SelectOptionAsync("约谈");
        await form.GetByLabel("对象单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
        await form.GetByLabel("对象个人（被约谈人、谈话对象）").FillAsync("王书记");
        await form.GetByLabel("约谈原因").SelectOptionAsync("推进缓慢");
        await form.GetByRole(AriaRole.Button, new() { Name = "保存记录" }).ClickAsync();
        Assert.Contains("约谈原因：推进缓慢", await page.Locator("tr.record[data-kind=summons]").InnerTextAsync());
        await page.ShotAsync(new() { Path = Shot("supervision-records.png"), FullPage = true });

        await using var db = fx.App.CreateDb();
        Assert.Equal(ClosureState.Approved, (await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 5)).Closure.State);
        Assert.Equal([3, 7], (await db.SupervisionActions.FirstAsync(a => a.Kind == SupervisionKind.OrderToRectify)).ProblemIds);
    }

    [Fact]
    public async Task The_inspection_page_shows_milestones_and_lights_and_the_inbox_lists_reminders()
    {
        await SetUpAsync();
        var page = await fx.SignedInPageAsync("jiwei", Password);
        await page.GotoAsync(fx.BaseUrl + "/inspections/1/supervision");
        Assert.Equal(3, await page.Locator("tr.milestone").CountAsync());
        Assert.Equal(3, await page.Locator("#problems tr.problem[data-light=red]").CountAsync());
        await page.ShotAsync(new() { Path = Shot("supervision-inspection.png"), FullPage = true });

        // The report draft downloads from the page's link as a Word file.
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "整改情况报告（.docx）" }).ClickAsync());
        Assert.EndsWith("（草稿）.docx", download.SuggestedFilename);
        await download.SaveAsAsync(Shot("report-rectification.docx"));

        await page.GotoAsync(fx.BaseUrl + "/notifications");
        Assert.True(await page.Locator("ul.inbox li.unread[data-kind=warning-red]").CountAsync() >= 3);
        await page.ShotAsync(new() { Path = Shot("notifications-inbox.png"), FullPage = true });
    }

    [Fact]
    public async Task A_report_is_submitted_by_the_office_and_signed_off_by_the_principal_leader()
    {
        await SetUpAsync();
        using (var scope = fx.App.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            if (await users.FindByNameAsync("wangsj") is null)
            {
                var u = new AppUser { UserName = "wangsj", DisplayName = "王书记", OrganizationId = 2 };
                await users.CreateAsync(u, Password);
                await users.AddToRoleAsync(u, Roles.UnitLeader);
            }
        }
        // The office's document settings, made once on /admin/documents: without them no upward report goes out.
        await using (var db = fx.App.CreateDb())
        {
            if (!await db.DocumentSettings.AnyAsync(d => d.OrganizationId == 2))
            {
                var org = await db.Organizations.SingleAsync(o => o.Id == 2);
                org.PrincipalLeader ??= "王书记";
                db.DocumentSettings.Add(new DocumentSettings { OrganizationId = 2, AgencyCode = "城北党", MainRecipient = "区委巡察工作领导小组" });
                await db.SaveChangesAsync();
            }
        }
        var admin = await fx.SignedInPageAsync();
        await admin.GotoAsync(fx.BaseUrl + "/inspections/1/supervision");
        var row = admin.Locator("tr[data-report=principal-leader]");
        await row.GetByLabel("发文顺序号").FillAsync("12");
        await row.GetByLabel("已完成保密审查").CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(admin.Locator("tr[data-report=principal-leader] .report-state")).ToContainTextAsync("待主要负责人审批");

        var leader = await fx.SignedInPageAsync("wangsj", Password);
        await leader.SetViewportSizeAsync(1366, 768);
        await leader.GotoAsync(fx.BaseUrl + "/inspections/1/supervision#reports");
        await leader.Locator("tr[data-report=principal-leader]").GetByRole(AriaRole.Button, new() { Name = "审批签发" }).ClickAsync();
        await Assertions.Expect(leader.Locator("tr[data-report=principal-leader] .report-state")).ToContainTextAsync("已审批");
        await leader.Locator("#reports").ScrollIntoViewIfNeededAsync();
        await leader.ShotAsync(new() { Path = Shot("supervision-reports-signed.png") });
        var download = await leader.RunAndWaitForDownloadAsync(() => leader.GetByRole(AriaRole.Link, new() { Name = "主要负责人组织落实情况报告签发稿（.docx）" }).ClickAsync());
        Assert.EndsWith(".docx", download.SuggestedFilename);
        Assert.DoesNotContain("草稿", download.SuggestedFilename);
    }
}
