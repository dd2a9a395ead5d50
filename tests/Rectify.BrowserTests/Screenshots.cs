using Microsoft.Playwright;

namespace Rectify.BrowserTests;

/// <summary>
/// Screenshots are for people to look at, not what a test asserts. On a loaded machine
/// Chromium sometimes answers "Unable to capture screenshot" to a page that is fine; a second
/// try, after the next frame, takes it. If it still fails the test goes on: the behaviour the
/// test checks does not depend on the picture, and the missing file is named on stderr.
/// </summary>
public static class Screenshots
{
    public static Task ShotAsync(this IPage page, PageScreenshotOptions options) =>
        TryAsync(page, () => page.ScreenshotAsync(options), options.Path);

    public static Task ShotAsync(this ILocator locator, LocatorScreenshotOptions options) =>
        TryAsync(locator.Page, () => locator.ScreenshotAsync(options), options.Path);

    static async Task TryAsync(IPage page, Func<Task> take, string? path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await take();
                return;
            }
            catch (PlaywrightException e) when (e.Message.Contains("Unable to capture screenshot"))
            {
                if (attempt == 3)
                {
                    Console.Error.WriteLine($"截图未能保存（{path}）：{e.Message.Split('\n')[0]}");
                    return;
                }
                await page.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => r(null)))");
            }
        }
    }
}
