using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Tests.Web;

namespace Rectify.Tests.Public;

/// <summary>Comments from the public: every refusal stores nothing and says why; a stored one gets a tracking code.</summary>
public class CommentTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    HttpClient Client() => _app.CreateClient(new() { AllowAutoRedirect = false });

    async Task<int> StoredAsync()
    {
        await using var db = _app.CreateDb();
        return await db.PublicFeedback.CountAsync();
    }

    [Fact]
    public async Task A_comment_on_a_problem_is_stored_and_followed_by_its_code()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var form = PublicData.Comment(id, await PublicData.TokenAsync(client, id));
        form["ProblemId"] = PublicData.ProblemId(_app, 9).ToString(System.Globalization.CultureInfo.InvariantCulture);
        form["Name"] = "王先生";
        form["Contact"] = "13800000000";
        form["ReplyWanted"] = "true";
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var code = PublicData.CodeOf(response);

        await using (var db = _app.CreateDb())
        {
            var f = await db.PublicFeedback.SingleAsync();
            Assert.Equal(code, f.TrackingCode);
            Assert.Equal(id, f.NoticeId);
            Assert.Equal(PublicData.ProblemId(_app, 9), f.ProblemId);
            Assert.Equal("王先生", f.WriterName);
            Assert.True(f.ReplyWanted);
            Assert.Equal(FeedbackState.Received, f.State);
        }

        var track = await Client().GetAsync(response.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, track.StatusCode);
        var html = await track.Content.ReadAsStringAsync();
        Assert.Contains("已收到您的意见", html);
        Assert.Contains($"{code[..4]}-{code[4..8]}-{code[8..]}", html);
        Assert.Contains("待处理", html);
        Assert.Contains("问题 9：", html);
        Assert.Contains("村里的路灯还是不亮", html);
        // The writer's contact is not shown to whoever has the code.
        Assert.DoesNotContain("13800000000", html);
        // The code may be typed in lower case, with dashes, on the look-up form.
        var lookup = await Client().GetAsync("/public/feedback?code=" + $"{code[..4]}-{code[4..8]}-{code[8..]}".ToLowerInvariant());
        Assert.Equal($"/public/feedback/{code}", lookup.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Without_the_antiforgery_token_nothing_is_stored()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        await PublicData.TokenAsync(client, id); // has the cookie, but the form lacks the token
        var form = PublicData.Comment(id, "");
        form.Remove("__RequestVerificationToken");
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("安全令牌缺失或已失效", await response.Content.ReadAsStringAsync());

        // A token from another client (no matching cookie) is refused too.
        var other = PublicData.Comment(id, await PublicData.TokenAsync(Client(), id));
        Assert.Equal(HttpStatusCode.BadRequest, (await Client().PostAsync("/public/feedback", new FormUrlEncodedContent(other))).StatusCode);
        Assert.Equal(0, await StoredAsync());
    }

    [Theory]
    [InlineData("", "请填写意见内容")]
    [InlineData("路灯不亮", "意见内容至少 10 个字")]
    [InlineData(null, "意见内容最多 2000 个字，现在有 2001 个字")]
    public async Task Empty_short_or_too_long_content_is_refused_with_the_form_kept(string? content, string message)
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var form = PublicData.Comment(id, await PublicData.TokenAsync(client, id), content ?? new string('路', 2001));
        form["Name"] = "李女士";
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.Contains("value=\"李女士\"", html); // what was typed is kept
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task A_reply_wanted_without_a_contact_is_refused()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var form = PublicData.Comment(id, await PublicData.TokenAsync(client, id));
        form["ReplyWanted"] = "true";
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("希望得到答复时须留下联系方式", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task A_filled_honeypot_is_refused_and_nothing_is_stored()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var form = PublicData.Comment(id, await PublicData.TokenAsync(client, id));
        form["Website"] = "http://spam.example";
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("应留空的隐藏项被填写了", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task More_than_five_a_minute_from_one_client_get_429()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var token = await PublicData.TokenAsync(client, id);
        for (var i = 0; i < 5; i++)
        {
            var ok = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(id, token, $"第{i + 1}条意见:路灯仍然不亮")));
            Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        }
        var sixth = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(id, token, "第6条意见:路灯仍然不亮")));
        Assert.Equal(HttpStatusCode.TooManyRequests, sixth.StatusCode);
        Assert.Contains("每分钟最多提交 5 条意见", await sixth.Content.ReadAsStringAsync());
        Assert.Equal(5, await StoredAsync());
        // Reading is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/public/notices/{id}")).StatusCode);
    }

    [Fact]
    public async Task Script_in_the_content_is_stored_as_written_and_shown_as_inert_text()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        const string content = "<script>alert('x')</script><img src=x onerror=alert(1)> 路灯不亮";
        var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(id, await PublicData.TokenAsync(client, id), content)));
        var code = PublicData.CodeOf(response);
        await using (var db = _app.CreateDb())
            Assert.Equal(content, (await db.PublicFeedback.SingleAsync()).Content);

        var html = await Client().GetStringAsync($"/public/feedback/{code}");
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<img", html);

        // And in the staff inbox.
        var staff = await _app.SignedInClientAsync();
        var inbox = await staff.GetStringAsync("/feedback");
        Assert.DoesNotMatch("<script(?! src=\"/js/)", inbox); // only the site's own script files
        Assert.Contains("&lt;script&gt;", inbox);
    }

    [Fact]
    public async Task Comments_on_unknown_or_unpublished_notices_or_withheld_problems_are_refused()
    {
        var published = await PublicData.PublishDemoAsync(_app, SignOffState.Published, 5);
        var draft = await PublicData.PublishDemoAsync(_app, SignOffState.Draft);
        var client = Client();
        var token = await PublicData.TokenAsync(client, published);

        foreach (var notice in new[] { draft, 999 })
        {
            var response = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(notice, token)));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("该公告不存在或尚未发布", await response.Content.ReadAsStringAsync());
        }

        var withheld = PublicData.Comment(published, token);
        withheld["ProblemId"] = PublicData.ProblemId(_app, 5).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var refused = await client.PostAsync("/public/feedback", new FormUrlEncodedContent(withheld));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("所选问题不在这篇公告中", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredAsync());
    }

    [Fact]
    public async Task An_unknown_tracking_code_is_404_and_says_nothing_about_other_codes()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = Client();
        var real = PublicData.CodeOf(await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(id, await PublicData.TokenAsync(client, id)))));

        // One character off the real code, and a code of the wrong shape: the same answer.
        var near = real[..11] + (real[11] == '0' ? '1' : '0');
        var answers = new List<string>();
        foreach (var code in new[] { near, "NOT-A-CODE" })
        {
            var response = await Client().GetAsync($"/public/feedback/{code}");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains("没有找到这个查询码", html);
            Assert.DoesNotContain(real, html);
            answers.Add(html);
        }
        Assert.Equal(answers[0], answers[1]);
    }
}
