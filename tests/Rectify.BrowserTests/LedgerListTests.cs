using Microsoft.Playwright;

namespace Rectify.BrowserTests;

public class LedgerListTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task Filtering_the_ledger_by_status_and_search_keeps_the_state_in_the_address()
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        Assert.Equal(14, await page.Locator("tr.problem").CountAsync());
        await page.ShotAsync(new() { Path = Shot("ledger-list-1366.png") });

        await page.GetByLabel("状态").SelectOptionAsync("phased");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**/inspections/1?*status=phased*");
        Assert.Equal(3, await page.Locator("tr.problem").CountAsync());
        Assert.Equal(3, await page.Locator("tr.problem[data-status=phased]").CountAsync());

        await page.GetByLabel("搜索", new() { Exact = true }).FillAsync("撂荒");
        await page.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await page.WaitForURLAsync("**q=*");
        Assert.Equal(1, await page.Locator("tr.problem").CountAsync());
        Assert.Contains("撂荒复耕工作开展不扎实", await page.Locator("tr.problem").InnerTextAsync());
        await page.ShotAsync(new() { Path = Shot("ledger-list-filtered.png") });

        // Back returns to the previous filter.
        await page.GoBackAsync();
        Assert.Equal(3, await page.Locator("tr.problem").CountAsync());

        // A column header sorts; a second click reverses.
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        await page.Locator("th.c-ordinal a").ClickAsync();
        await page.WaitForURLAsync("**sort=-ordinal*");
        Assert.Equal("14", (await page.Locator("tr.problem td[data-label='序号']").First.InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task The_print_view_fits_a4_landscape()
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1/print");
        Assert.Equal(14, await page.Locator("tr.problem").CountAsync());
        await page.EmulateMediaAsync(new() { Media = Media.Print });
        // A4 landscape at 96 dpi less the margins is about 1060 px wide.
        await page.SetViewportSizeAsync(1060, 750);
        await page.ShotAsync(new() { Path = Shot("ledger-print.png"), FullPage = true });
        var width = await page.EvaluateAsync<double>("document.querySelector('table.ledger').getBoundingClientRect().width");
        Assert.True(width <= 1060, $"the printed table is {width}px wide");
        await page.PdfAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "ledger-print.pdf"), Format = "A4", Landscape = true, PreferCSSPageSize = true });
    }

    [Fact]
    public async Task Exporting_and_re_importing_the_excel_ledger_gives_a_new_inspection_with_the_same_problems()
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "导出 Excel" }).ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename);
        var file = Path.Combine(Path.GetTempPath(), "rectify-export-" + Guid.NewGuid().ToString("N") + ".xlsx");
        await download.SaveAsAsync(file);

        await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
        await page.GetByLabel("导入到").SelectOptionAsync(new SelectOptionValue { Label = "作为新的一次巡察" });
        await page.GetByLabel("被巡察单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
        await page.GetByLabel("巡察轮次").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("巡察组").FillAsync("第二组");
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(file);
        await page.ShotAsync(new() { Path = Shot("ledger-import-form.png") });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        // 城北镇 has its ledger in that round: the page says so before a second one is made.
        await Assertions.Expect(page.Locator("#import-duplicate")).ToContainTextAsync("被巡察单位和巡察轮次相同");
        await page.GetByRole(AriaRole.Button, new() { Name = "仍作为新的一次巡察导入" }).ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex(@"/inspections/\d+$"));
        Assert.DoesNotMatch(@"/inspections/1$", page.Url);
        Assert.Equal(14, await page.Locator("tr.problem").CountAsync());
        Assert.Contains("撂荒复耕工作开展不扎实", await page.Locator("table.ledger").InnerTextAsync());
        File.Delete(file);
    }

    [Fact]
    public async Task A_file_that_is_not_a_ledger_is_refused_with_the_reason()
    {
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/import-xlsx");
        await page.GetByLabel("被巡察单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
        await page.GetByLabel("巡察轮次").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        await page.GetByLabel("台账文件（.xlsx）").SetInputFilesAsync(new FilePayload { Name = "台账.xlsx", MimeType = "application/octet-stream", Buffer = "not a workbook"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "导入" }).ClickAsync();
        var alert = page.GetByRole(AriaRole.Alert);
        await alert.WaitForAsync();
        Assert.Contains("未导入任何内容", await alert.InnerTextAsync());
        await page.ShotAsync(new() { Path = Shot("ledger-import-refused.png") });
    }
}

public class AdminPagesTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_system_administrator_creates_a_user_and_sees_the_password_once()
    {
        var page = await fx.SignedInPageAsync("sysadmin", Rectify.Tests.Web.RectifyApp.SysAdminPassword);
        await page.GetByRole(AriaRole.Link, new() { Name = "管理" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "用户" }).ClickAsync();
        await page.GetByLabel("用户名").FillAsync("liuyang");
        await page.GetByLabel("姓名").FillAsync("刘洋");
        await page.Locator("section.card form").GetByLabel("角色").SelectOptionAsync("unit-editor");
        await page.Locator("section.card form").GetByLabel("所属单位").SelectOptionAsync(new SelectOptionValue { Label = "城北镇" });
        await page.GetByRole(AriaRole.Button, new() { Name = "新建", Exact = true }).ClickAsync();
        Assert.Contains("已新建用户“liuyang”", await page.GetByRole(AriaRole.Status).InnerTextAsync());
        Assert.Empty(Rectify.Core.Security.PasswordPolicy.Check("liuyang", await page.Locator("#new-password").InnerTextAsync()));
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-users.png"), FullPage = true });

        await page.GotoAsync(fx.BaseUrl + "/admin/organizations");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-organizations.png"), FullPage = true });
        // The records of an inspection are the office's ledger work, not the system administrator's.
        page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1/records");
        await page.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "inspection-records.png"), FullPage = true });
    }

    [Fact]
    public async Task The_security_administrator_grants_a_role_and_the_audit_administrator_sees_who_did_it()
    {
        var sec = await fx.SignedInPageAsync("secadmin", Rectify.Tests.Web.RectifyApp.SecAdminPassword);
        // No ledger for the administrators of the system: the menu leads only to administration.
        Assert.Equal(0, await sec.GetByRole(AriaRole.Link, new() { Name = "巡察与台账" }).CountAsync());
        await sec.GetByRole(AriaRole.Link, new() { Name = "管理" }).ClickAsync();
        await sec.GetByRole(AriaRole.Link, new() { Name = "安全管理" }).ClickAsync();
        Assert.Contains("三员分立", await sec.Locator("table.settings").InnerTextAsync());
        var row = sec.Locator("tr[data-user='sysadmin']");
        await row.GetByLabel("授予角色").SelectOptionAsync("auditadmin");
        await row.GetByRole(AriaRole.Button, new() { Name = "授予" }).ClickAsync();
        Assert.Contains("三员分立：“系统管理员”不能与“审计管理员”由同一账户担任", await sec.GetByRole(AriaRole.Alert).InnerTextAsync());
        row = sec.Locator("tr[data-user='admin']");
        await row.GetByLabel("授予角色").SelectOptionAsync("supervisor");
        await row.GetByRole(AriaRole.Button, new() { Name = "授予" }).ClickAsync();
        Assert.Contains("已授予“admin”“纪委监督员”角色", await sec.GetByRole(AriaRole.Status).InnerTextAsync());
        await sec.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-security.png"), FullPage = true });

        var audit = await fx.SignedInPageAsync("auditadmin", Rectify.Tests.Web.RectifyApp.AuditAdminPassword);
        await audit.GetByRole(AriaRole.Link, new() { Name = "管理" }).ClickAsync();
        await audit.GetByRole(AriaRole.Link, new() { Name = "审计日志" }).ClickAsync();
        await audit.GetByLabel("操作人").FillAsync("secadmin");
        await audit.GetByLabel("对象").FillAsync("账户角色");
        await audit.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await audit.ShotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "admin-audit.png"), FullPage = true });
        var first = await audit.Locator("tr[data-audit]").First.InnerTextAsync();
        Assert.Contains("RoleId=纪委监督员", first);
        Assert.Contains("UserId=admin", first);
    }
}
