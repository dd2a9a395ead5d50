using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Rectify.Tests.Web;

namespace Rectify.BrowserTests;

/// <summary>
/// The pages that listed internal ids (issue 19 item 5: the home page's inspections, the rounds, the audit log) as a reader
/// sees them on a desk and a phone: inspections by unit and round, audit entries by the name of what they wrote; no
/// "编号" column, no key, and no page wider than the screen (the audit log's long values wrap).
/// </summary>
public partial class ReadableReferencesPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [GeneratedRegex(@"编号|#\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}")]
    private static partial Regex InternalId();

    [Fact]
    public async Task The_inspections_rounds_and_audit_log_read_by_names_on_a_desk_and_a_phone()
    {
        foreach (var (device, width, height) in new[] { ("desk", 1366, 900), ("phone", 390, 844) })
        {
            var admin = device == "desk" ? await fx.SignedInPageAsync() : await fx.PhonePageAsync();
            var auditor = device == "desk"
                ? await fx.SignedInPageAsync("auditadmin", RectifyApp.AuditAdminPassword)
                : await fx.PhonePageAsync("auditadmin", RectifyApp.AuditAdminPassword);
            await admin.SetViewportSizeAsync(width, height);
            await auditor.SetViewportSizeAsync(width, height);
            foreach (var (page, url, name, shows) in new[]
            {
                (admin, "/", "home", "城北镇"),
                (admin, "/admin/rounds", "rounds", "城北镇"),
                (auditor, "/admin/audit", "audit", "账户 admin"),
            })
            {
                await page.GotoAsync(fx.BaseUrl + url);
                await Assertions.Expect(page.Locator("main table").First).ToContainTextAsync(shows);
                // The audit log is hundreds of rows long: its first screen.
                await page.ShotAsync(new() { Path = DailyWorld.Shot($"readable-{name}-{width}.png"), FullPage = name != "audit" });
                var text = await page.Locator("main").InnerTextAsync();
                Assert.False(InternalId().IsMatch(text), $"{device} {url}: “{InternalId().Match(text).Value}” shown");
                Assert.True(await DailyWorld.OverflowAsync(page) <= 0, $"{device} {url}: " + await DailyWorld.TooWideAsync(page));
            }
        }
    }
}
