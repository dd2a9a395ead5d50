using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>The header's search box on a desk, its link on a phone, and the results page.</summary>
public class SearchPageTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task The_header_box_finds_a_word_grouped_by_kind_marked_and_linked_to_its_place()
    {
        await DailyWorld.SetUpAsync(fx);
        var page = await fx.SignedInPageAsync();
        await page.SetViewportSizeAsync(1366, 900);
        await page.GotoAsync(fx.BaseUrl + "/");
        var box = page.Locator("header .top-search input");
        await box.FillAsync("撂荒");
        await box.PressAsync("Enter");
        await page.WaitForURLAsync("**/search?q=*");
        var problems = page.Locator("section.search-kind", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "问题" }) });
        await Assertions.Expect(problems.Locator("mark").First).ToHaveTextAsync("撂荒");
        // The found word is plain to see: its text on its yellow well past AA (7:1), and an underline that stands out on the white page (3:1).
        var (onYellow, lineOnPage) = await MarkContrastAsync(problems.Locator("mark").First);
        Assert.True(onYellow >= 7, $"the marked word's text on its background is {onYellow:0.0}:1");
        Assert.True(lineOnPage >= 3, $"the mark's underline on the page is {lineOnPage:0.0}:1");
        await page.ShotAsync(new() { Path = DailyWorld.Shot("search-desk.png"), FullPage = true });
        await AssertNoSeriousAxeViolationAsync(page);

        var first = problems.Locator("a").First;
        var title = await first.InnerTextAsync();
        await first.ClickAsync();
        await page.WaitForURLAsync("**/problems/*");
        await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(title.Length > 10 ? title[..10] : title);
    }

    [Fact]
    public async Task On_a_phone_the_search_is_a_link_to_a_page_that_fits_the_screen()
    {
        await DailyWorld.SetUpAsync(fx);
        var page = await fx.PhonePageAsync();
        await page.GotoAsync(fx.BaseUrl + "/");
        await Assertions.Expect(page.Locator("header .top-search")).ToBeHiddenAsync();
        await page.Locator("header a.top-search-link").TapAsync();
        await page.WaitForURLAsync("**/search");
        await page.Locator("#search-q").FillAsync("撂荒");
        await page.Locator("form.search-page button").TapAsync();
        await page.WaitForURLAsync("**/search?q=*");
        await Assertions.Expect(page.Locator("section.search-kind").First).ToBeVisibleAsync();
        Assert.True(await DailyWorld.OverflowAsync(page) <= 0, await DailyWorld.TooWideAsync(page));
        await DailyWorld.PhoneShotsAsync(page, "search-phone", 2);
        await AssertNoSeriousAxeViolationAsync(page);
    }

    /// <summary>WCAG contrast ratios from the mark's computed style: its text on its background, and its underline (the inset shadow) on the page's white.</summary>
    static async Task<(double OnYellow, double LineOnPage)> MarkContrastAsync(ILocator mark)
    {
        var r = await mark.EvaluateAsync<double[]>("""
            m => {
              const rgb = s => s.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
              const lum = c => { const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
              const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
              const s = getComputedStyle(m);
              return [ratio(rgb(s.color), rgb(s.backgroundColor)), ratio(rgb(s.boxShadow), [255, 255, 255])];
            }
            """);
        return (r[0], r[1]);
    }

    static async Task AssertNoSeriousAxeViolationAsync(IPage page)
    {
        var result = await page.RunAxe();
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(serious.Count == 0, string.Join("\n", serious));
    }
}
