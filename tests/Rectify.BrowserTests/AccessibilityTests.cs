using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Rectify.Core.Domain;

namespace Rectify.BrowserTests;

/// <summary>Lights in words, contrast and keyboard: the main pages on a desk and a phone, checked by axe-core.</summary>
public class AccessibilityTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    /// <summary>The pages of a day's work, with the name of their screenshots.</summary>
    static readonly (string Name, string Url)[] MainPages =
    [
        ("home", "/"), ("ledger", "/inspections/1"), ("problem", "/problems/3"), ("overview", "/overview"),
        ("inbox", "/notifications"), ("supervision", "/supervision"), ("inspection-supervision", "/inspections/1/supervision"), ("feedback", "/feedback"),
    ];

    /// <summary>
    /// The main pages and the rest of a day's pages, each as the account that works on it: the login form before
    /// signing in, a closure waiting for its 驳回, the inspection's records and notice, the overview's drill-down list,
    /// the administration's index as the office and the audit log as its auditor.
    /// </summary>
    [Fact]
    public async Task The_main_pages_have_no_serious_or_critical_axe_violation_on_a_desk_or_a_phone()
    {
        await DailyWorld.SetUpAsync(fx);
        var waiting = await DailyWorld.WaitingForClosureAsync(fx);
        (string Name, string Url)[] office =
        [
            .. MainPages, ("closure", $"/problems/{waiting}"), ("records", "/inspections/1/records"), ("notice", "/inspections/1/notice"),
            ("drill-down", "/overview/problems"), ("admin", "/admin"),
        ];
        var found = new List<string>();
        foreach (var device in new[] { "desk", "phone" })
        {
            async Task<IPage> As(string user, string password)
            {
                if (device == "phone") return await fx.PhonePageAsync(user, password);
                var page = await fx.SignedInPageAsync(user, password);
                await page.SetViewportSizeAsync(1366, 900);
                return page;
            }
            async Task CheckAsync(IPage page, IEnumerable<(string Name, string Url)> pages)
            {
                foreach (var (name, url) in pages)
                {
                    var response = await page.GotoAsync(fx.BaseUrl + url);
                    Assert.Equal(200, response!.Status);
                    // The closure is really waiting: its 驳回 is on the page axe looks at.
                    if (name == "closure") await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "驳回" })).ToBeVisibleAsync();
                    // The charts as a user sees them once drawn, not caught in their entry animation.
                    if (name == "overview") await DailyWorld.ChartsDrawnAsync(page);
                    if (device == "phone") await DailyWorld.PhoneShotsAsync(page, $"day-{name}-phone");
                    else await page.ShotAsync(new() { Path = DailyWorld.Shot($"day-{name}-desk.png") });
                    found.AddRange(await SeriousAxeViolationsAsync(page, $"{device} {url}"));
                }
            }
            var context = await fx.Browser.NewContextAsync(device == "phone"
                ? new() { ViewportSize = new() { Width = 390, Height = 844 }, HasTouch = true, IsMobile = true, Locale = "zh-CN" }
                : new() { ViewportSize = new() { Width = 1366, Height = 900 }, Locale = "zh-CN" });
            await CheckAsync(await context.NewPageAsync(), [("login", "/account/login")]);
            await CheckAsync(await As("admin", Rectify.Tests.Web.RectifyApp.AdminPassword), office);
            await CheckAsync(await As("auditadmin", Rectify.Tests.Web.RectifyApp.AuditAdminPassword), [("audit", "/admin/audit")]);
        }
        Assert.True(found.Count == 0, string.Join("\n", found));
    }

    [Fact]
    public async Task A_light_says_its_colour_and_days_in_words_with_the_rule_in_its_tooltip()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");

        var yellow = page.Locator($"tr.problem[data-id='{yellowId}'] .light");
        await Assertions.Expect(yellow).ToHaveTextAsync("黄灯 距期限5天");
        Assert.Contains("不超过10天（含到期当天）亮黄灯", await yellow.GetAttributeAsync("title"));
        // The phased problems counted to the end of their expected month (2023) are long overdue: red, with the days.
        var red = page.Locator("tr.problem[data-id='3'] .light");
        await Assertions.Expect(red).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^红灯 逾期\d+天$"));
        // A done problem has no light at all.
        Assert.Equal(0, await page.Locator("tr.problem[data-status=completed-sustained] .light").CountAsync());

        await page.GotoAsync($"{fx.BaseUrl}/problems/{yellowId}");
        await Assertions.Expect(page.GetByTestId("light")).ToHaveTextAsync("黄灯 距期限5天");
        Assert.StartsWith("三色预警", await page.GetByTestId("light").GetAttributeAsync("title"));

        await page.GotoAsync(fx.BaseUrl + "/supervision");
        await Assertions.Expect(page.Locator($"#warnings tr.warning:has(a[href='/problems/{yellowId}']) .light")).ToHaveTextAsync("黄灯 距期限5天");
        // The order's own deadline is in three days, by the same rule in its tooltip.
        var order = page.Locator("#records tr.record .light");
        await Assertions.Expect(order).ToHaveTextAsync("黄灯 距期限3天");
        Assert.StartsWith("三色预警", await order.GetAttributeAsync("title"));

        // The overview's drill-down lists: each problem's light in words with its rule.
        await page.GotoAsync(fx.BaseUrl + "/overview/problems?light=yellow");
        var listed = page.Locator($"tr.problem:has(a[href='/problems/{yellowId}']) .light");
        await Assertions.Expect(listed).ToHaveTextAsync("黄灯 距期限5天");
        Assert.Contains("不超过10天（含到期当天）亮黄灯", await listed.GetAttributeAsync("title"));
        await page.ShotAsync(new() { Path = DailyWorld.Shot("lights-drill-down-1366.png"), FullPage = true });
        await page.GotoAsync(fx.BaseUrl + "/overview/problems?light=red");
        await Assertions.Expect(page.Locator("tr.problem[data-status] .light").First).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^红灯 逾期\d+天$"));

        // The inbox: the reminder about the yellow problem shows that light today, with the rule, not a bare colour.
        var phone = await fx.PhonePageAsync("cungan", DailyWorld.CadrePassword);
        // On a phone the list is a card per problem, the light among its lines, nothing wider than the screen.
        await phone.GotoAsync(fx.BaseUrl + "/overview/problems");
        await Assertions.Expect(phone.Locator($"tr.problem:has(a[href='/problems/{yellowId}']) .light")).ToHaveTextAsync("黄灯 距期限5天");
        Assert.True(await DailyWorld.OverflowAsync(phone) <= 0, await DailyWorld.TooWideAsync(phone));
        await DailyWorld.PhoneShotsAsync(phone, "lights-drill-down-390", screens: 2);
        await phone.GotoAsync(fx.BaseUrl + "/notifications");
        var lights = phone.Locator("ul.inbox li[data-kind^='warning-'] .light");
        await Assertions.Expect(lights.First).ToBeVisibleAsync();
        Assert.Contains("黄灯 距期限5天", await lights.AllInnerTextsAsync());
        foreach (var light in await lights.AllAsync())
        {
            Assert.Matches(@"^(红灯|黄灯|绿灯) (逾期\d+天|距期限\d+天|今天到期)$", await light.InnerTextAsync());
            Assert.StartsWith("三色预警", await light.GetAttributeAsync("title"));
        }
        await phone.ShotAsync(new() { Path = DailyWorld.Shot("lights-inbox-390.png"), FullPage = true });
    }

    [Fact]
    public async Task Supervision_records_name_their_problems_by_number_and_title_and_no_page_shows_an_internal_id()
    {
        var yellowId = await DailyWorld.SetUpAsync(fx);
        var page = await fx.SignedInPageAsync();
        await page.GotoAsync(fx.BaseUrl + "/supervision");
        var refs = page.Locator("#records .problem-refs a");
        Assert.Equal(2, await refs.CountAsync());
        var named = await page.Locator($"#records .problem-refs a[href='/problems/{yellowId}']").InnerTextAsync();
        Assert.Matches(@"^问题\d+ \S+", named);
        await page.Locator($"#records .problem-refs a[href='/problems/{yellowId}']").ClickAsync();
        await page.WaitForURLAsync($"**/problems/{yellowId}");
        Assert.EndsWith(named[(named.IndexOf(' ') + 1)..], await page.Locator("h1").InnerTextAsync());

        foreach (var (_, url) in MainPages)
        {
            await page.GotoAsync(fx.BaseUrl + url);
            var text = await page.Locator("main").InnerTextAsync();
            Assert.DoesNotMatch(@"#\d+", text);
        }

        // The audit log names the problem a change was about, and links to it.
        var auditor = await fx.SignedInPageAsync("auditadmin", Rectify.Tests.Web.RectifyApp.AuditAdminPassword);
        await auditor.GotoAsync(fx.BaseUrl + "/admin/audit?entity=" + Uri.EscapeDataString("问题"));
        var link = auditor.Locator($"table.audit a[href='/problems/{yellowId}']").First;
        Assert.Equal(named, await link.InnerTextAsync());
    }

    /// <summary>
    /// Numbers every visible, enabled control of the page, tabs through it and gives the number and those never focused.
    /// A group of radio buttons is one stop (the browser tabs to its checked one, arrows move within): one of it focused
    /// reaches the group.
    /// </summary>
    internal static async Task<(int Count, string[] Missed)> NotReachedByTabAsync(IPage page)
    {
        var count = await page.EvaluateAsync<int>("""
            () => {
              const all = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')]
                .filter(e => !e.disabled && e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden'
                  // checkVisibility: the inside of a closed <details> keeps its boxes but is not shown, nor reached.
                  && e.checkVisibility({ visibilityProperty: true }));
              const key = e => e.type === 'radio' && e.name ? 'radio:' + e.name : null;
              const stops = new Map();
              all.forEach((e, i) => { const k = key(e) ?? String(i); if (!stops.has(k)) stops.set(k, stops.size); e.dataset.k = stops.get(k); });
              window.__seen = new Set();
              document.addEventListener('focusin', ev => { if (ev.target.dataset && ev.target.dataset.k) window.__seen.add(ev.target.dataset.k); });
              return stops.size;
            }
            """);
        await page.Locator("body").FocusAsync();
        // Some controls take more than one stop (a file input, a scrolling box): tab on until all are seen or twice round.
        for (var i = 0; i < 2 * count + 20; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (i % 10 == 9 && await page.EvaluateAsync<int>("() => window.__seen.size") == count) break;
        }
        var missed = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('[data-k]')].filter(e => !window.__seen.has(e.dataset.k))
              .map(e => e.outerHTML.slice(0, 120))
            """);
        return (count, missed);
    }

    static async Task AssertAllReachedByTabAsync(IPage page, string where, int atLeast)
    {
        var (count, missed) = await NotReachedByTabAsync(page);
        Assert.True(count > atLeast, $"{where}: only {count} controls");
        Assert.True(missed.Length == 0, $"{where}: not reached by Tab:\n" + string.Join("\n", missed));
    }

    /// <summary>axe's serious and critical violations on the page as it is, one line each.</summary>
    internal static async Task<IEnumerable<string>> SeriousAxeViolationsAsync(IPage page, string where) =>
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}");

    [Fact]
    public async Task Every_control_of_the_days_pages_on_a_desk_and_of_the_ledger_on_a_phone_is_reached_by_the_tab_key()
    {
        await DailyWorld.SetUpAsync(fx);
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        // The ledger (its filters, 批量处理 and a checkbox a row), a problem, the inbox, the search results, the supervision queue.
        foreach (var url in new[] { "/inspections/1", "/problems/3", "/notifications", "/search?q=" + Uri.EscapeDataString("撂荒"), "/supervision" })
        {
            await page.GotoAsync(fx.BaseUrl + url);
            await AssertAllReachedByTabAsync(page, url, atLeast: 10);
        }

        // On a phone the ledger's folds are reached too, and opened with Enter their controls are reached in turn.
        var phone = await fx.PhonePageAsync();
        await phone.GotoAsync(fx.BaseUrl + "/inspections/1");
        await AssertAllReachedByTabAsync(phone, "phone /inspections/1", atLeast: 10);
        foreach (var fold in new[] { "#filter-fold", "#bulk-fold" })
        {
            await phone.Locator(fold + " > summary").FocusAsync();
            await phone.Keyboard.PressAsync("Enter");
            await Assertions.Expect(phone.Locator(fold)).ToHaveAttributeAsync("open", "");
        }
        await Assertions.Expect(phone.Locator("#bulk-all")).ToBeVisibleAsync();
        await AssertAllReachedByTabAsync(phone, "phone /inspections/1 with its folds open", atLeast: 20);

        // And the work itself by keyboard: from the ledger to a problem with Enter.
        await page.GotoAsync(fx.BaseUrl + "/inspections/1");
        await page.Locator("tr.problem[data-id='3'] .c-title a").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync("**/problems/3");
    }
}
