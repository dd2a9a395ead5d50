using Microsoft.Playwright;
using Rectify.Tests.Public;

namespace Rectify.BrowserTests;

public class PublicTests(BrowserFixture fx) : IClassFixture<BrowserFixture>
{
    static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    async Task<IPage> PhoneAsync()
    {
        var context = await fx.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = 390, Height = 844 }, DeviceScaleFactor = 2, IsMobile = true, HasTouch = true, Locale = "zh-CN",
            JavaScriptEnabled = false, // the public pages need no script
        });
        return await context.NewPageAsync();
    }

    [Fact]
    public async Task A_reader_comments_on_a_problem_follows_it_by_code_and_sees_the_staff_reply()
    {
        var noticeId = await PublicData.PublishDemoAsync(fx.App);

        // A member of the public, on a phone, without signing in.
        var phone = await PhoneAsync();
        await phone.GotoAsync(fx.BaseUrl + "/public");
        await phone.ShotAsync(new() { Path = Shot("public-list-phone.png"), FullPage = true });
        await phone.GetByRole(AriaRole.Link, new() { Name = "整改进展情况的公告" }).First.ClickAsync();
        await phone.WaitForURLAsync($"**/public/notices/{noticeId}");
        Assert.Equal(14, await phone.Locator("ol.problems li").CountAsync());
        await phone.ShotAsync(new() { Path = Shot("public-notice-phone.png") });
        await phone.Locator("ol.problems li").Nth(8).GetByRole(AriaRole.Link, new() { Name = "对此提意见" }).ClickAsync();
        Assert.StartsWith("问题 9：", await phone.Locator("#ProblemId option:checked").InnerTextAsync());
        await phone.GetByLabel("意见内容").FillAsync("我们村的垃圾清运点还是三天才清一次,和公告说的已整改不一样。<b>请核实</b>");
        await phone.GetByLabel("联系方式").FillAsync("13800000000");
        await phone.GetByLabel("希望工作人员联系我答复").CheckAsync();
        await phone.Locator("#contacts").ShotAsync(new() { Path = Shot("public-contacts-phone.png") });
        await phone.Locator("#comment").ShotAsync(new() { Path = Shot("public-comment-form-phone.png") });
        await phone.GetByRole(AriaRole.Button, new() { Name = "提交意见" }).ClickAsync();
        await phone.WaitForURLAsync("**/public/feedback/*");
        var code = (await phone.Locator(".sent .code").InnerTextAsync()).Trim();
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", code);
        Assert.Equal("待处理", (await phone.Locator(".state").InnerTextAsync()).Trim());
        Assert.Contains("<b>请核实</b>", await phone.Locator("p.content").InnerTextAsync()); // text, not markup
        await phone.ShotAsync(new() { Path = Shot("public-sent-phone.png"), FullPage = true });

        // An older comment nobody answered in time, to show the red light.
        await using (var db = fx.App.CreateDb())
        {
            db.PublicFeedback.Add(new Rectify.Core.Domain.PublicFeedback
            {
                NoticeId = noticeId, Content = "撂荒地复耕只做了表面文章,请派人到现场看看。", TrackingCode = Rectify.Core.Feedback.FeedbackRules.NewTrackingCode(),
                CreatedAt = DateTimeOffset.UtcNow.AddDays(-30),
            });
            await db.SaveChangesAsync();
        }

        // Staff of the office answer it from the inbox, on a desktop.
        var staff = await fx.SignedInPageAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = "监督意见" }).First.ClickAsync();
        await staff.WaitForURLAsync("**/feedback");
        Assert.Equal(1, await staff.Locator("tr.overdue .light.red").CountAsync());
        await staff.ShotAsync(new() { Path = Shot("feedback-inbox.png"), FullPage = true });
        await staff.Locator($"tr[data-code='{code.Replace("-", "")}'] a").ClickAsync();
        await staff.GetByLabel("承办人").FillAsync("镇环卫站 李站长");
        await staff.GetByRole(AriaRole.Button, new() { Name = "分派" }).ClickAsync();
        await staff.Locator("textarea[name=reply]").FillAsync("经核实,垃圾清运点已调整为每日清运一次,自12月1日起执行。感谢您的监督。");
        await staff.GetByRole(AriaRole.Button, new() { Name = "保存答复" }).ClickAsync();
        Assert.StartsWith("已答复，并在查询页公开", (await staff.Locator(".done-msg").InnerTextAsync()).Trim());
        await staff.ShotAsync(new() { Path = Shot("feedback-detail.png"), FullPage = true });

        // The writer looks it up by code and reads the reply.
        await phone.GotoAsync(fx.BaseUrl + "/public/feedback");
        await phone.GetByLabel("查询码").FillAsync(code.ToLowerInvariant());
        await phone.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await phone.WaitForURLAsync($"**/public/feedback/{code.Replace("-", "")}");
        Assert.Equal("已答复", (await phone.Locator(".state").InnerTextAsync()).Trim());
        Assert.Contains("每日清运一次", await phone.Locator("p.reply").InnerTextAsync());
        await phone.ShotAsync(new() { Path = Shot("public-reply-phone.png"), FullPage = true });

        // The same notice on a desktop.
        var desktop = await (await fx.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 768 }, Locale = "zh-CN" })).NewPageAsync();
        await desktop.GotoAsync(fx.BaseUrl + $"/public/notices/{noticeId}");
        await desktop.ShotAsync(new() { Path = Shot("public-notice-desktop.png") });
        await desktop.Locator("#problems").ScrollIntoViewIfNeededAsync();
        await desktop.ShotAsync(new() { Path = Shot("public-problems-desktop.png") });
        await desktop.GotoAsync(fx.BaseUrl + $"/public/feedback/{code.Replace("-", "")}");
        await desktop.ShotAsync(new() { Path = Shot("public-reply-desktop.png") });
    }
}
