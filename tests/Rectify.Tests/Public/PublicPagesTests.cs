using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Features.Public;
using Rectify.Tests.Web;

namespace Rectify.Tests.Public;

/// <summary>The public pages: readable without signing in, and only from what was frozen at publication.</summary>
public class PublicPagesTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_published_notice_is_listed_and_readable_without_signing_in()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });

        var list = await client.GetAsync("/public");
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        var listHtml = await list.Content.ReadAsStringAsync();
        Assert.Contains("城北镇", listHtml);
        Assert.Contains($"href=\"/public/notices/{id}\"", listHtml);

        var page = await client.GetAsync($"/public/notices/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<h2>一、强化政治担当", html);
        Assert.Contains("<h4>1．对“学习贯彻习近平新时代中国特色社会主义思想不够深入扎实”的整改进展情况</h4>", html);
        // Every problem with its status, and the expected month of the phased ones.
        Assert.Equal(14, html.Split("<li data-problem=").Length - 1);
        Assert.Contains("已完成整改并长期坚持", html);
        Assert.Contains("预计2024年3月完成", html);
        // The organisation's contact channels.
        Assert.Contains("0753-2351954", html);
        Assert.Contains("514089", html);
        Assert.Contains("mjqcbz@163.com", html);
        Assert.Contains("梅州市梅江区城北镇人民政府", html);
        // The comment form, with its token and its honeypot.
        Assert.Contains("name=\"__RequestVerificationToken\"", html);
        Assert.Contains("name=\"Website\"", html);
        Assert.DoesNotContain("<script", html);
    }

    [Fact]
    public async Task Withheld_problems_are_not_shown()
    {
        var id = await PublicData.PublishDemoAsync(_app, SignOffState.Published, 5);
        string title;
        await using (var db = _app.CreateDb()) title = db.Problems.Single(p => p.InspectionId == 1 && p.Ordinal == 5).Title;

        var html = await _app.CreateClient().GetStringAsync($"/public/notices/{id}");
        Assert.Equal(13, html.Split("<li data-problem=").Length - 1);
        Assert.DoesNotContain(title, html);
        await using var db2 = _app.CreateDb();
        Assert.Equal(13, await db2.PublishedProblems.CountAsync(p => p.NoticeId == id));
    }

    [Fact]
    public async Task The_page_shows_what_was_published_not_what_the_ledger_says_now()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        await using (var db = _app.CreateDb())
        {
            var p14 = db.Problems.Single(p => p.InspectionId == 1 && p.Ordinal == 14);
            p14.Title = "改过的标题,不应出现在公开页面";
            p14.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        var html = await _app.CreateClient().GetStringAsync($"/public/notices/{id}");
        Assert.DoesNotContain("改过的标题", html);
        Assert.Contains("预计2024年3月完成", html);
        Assert.Equal(3, html.Split("class=\"status s-phased\"").Length - 1);
    }

    [Fact]
    public async Task Publishing_again_replaces_the_frozen_problem_list()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        await using (var db = _app.CreateDb())
        {
            db.Problems.Single(p => p.InspectionId == 1 && p.Ordinal == 2).SetWithheld(true, "涉及个人隐私", noticeUnderReview: false);
            await db.SaveChangesAsync();
            var notice = await db.Notices.SingleAsync(n => n.Id == id);
            await PublicSnapshot.FreezeAsync(db, notice, await Rectify.Features.Notices.NoticeSource.LoadAsync(db, 1, notice.AsOf, null));
            await db.SaveChangesAsync();
        }
        await using var check = _app.CreateDb();
        var ordinals = await check.PublishedProblems.Where(p => p.NoticeId == id).Select(p => p.Ordinal).OrderBy(o => o).ToListAsync();
        Assert.Equal(Enumerable.Range(1, 14).Where(o => o != 2), ordinals);
    }

    [Fact]
    public async Task Unknown_and_unpublished_notices_are_404_for_the_public()
    {
        var draft = await PublicData.PublishDemoAsync(_app, SignOffState.Approved);
        var client = _app.CreateClient();
        foreach (var url in new[] { $"/public/notices/{draft}", "/public/notices/999" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("该公告不存在或尚未发布", await response.Content.ReadAsStringAsync());
        }
        Assert.DoesNotContain($"/public/notices/{draft}", await client.GetStringAsync("/public"));
    }

    [Fact]
    public async Task The_list_searches_titles_text_and_organisations()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = _app.CreateClient();
        Assert.Contains($"/public/notices/{id}", await client.GetStringAsync("/public?q=" + Uri.EscapeDataString("学习计划")));
        Assert.Contains($"/public/notices/{id}", await client.GetStringAsync("/public?q=" + Uri.EscapeDataString("城北")));
        var none = await client.GetStringAsync("/public?q=" + Uri.EscapeDataString("不存在的词语"));
        Assert.DoesNotContain($"/public/notices/{id}", none);
        Assert.Contains("没有找到符合条件的公告", none);
        var town = PublicData.OrganizationId(_app, "城北镇");
        Assert.Contains($"/public/notices/{id}", await client.GetStringAsync($"/public?org={town}"));
        Assert.DoesNotContain($"/public/notices/{id}", await client.GetStringAsync($"/public?org={town + 100}"));
    }
}
