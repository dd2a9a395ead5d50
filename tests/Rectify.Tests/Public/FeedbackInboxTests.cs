using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Public;

/// <summary>The staff side: the right inbox, decisions with reasons, published replies, reopening through a look-back.</summary>
public class FeedbackInboxTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    const string Password = "staff-pass-1";

    async Task<(int NoticeId, int FeedbackId, string Code)> CommentAsync(int? problemOrdinal = null, string content = "三号路段路灯仍然不亮,与公告所说已完成不符。")
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var form = PublicData.Comment(id, await PublicData.TokenAsync(client, id), content);
        if (problemOrdinal is { } o) form["ProblemId"] = PublicData.ProblemId(_app, o).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = PublicData.CodeOf(await client.PostAsync("/public/feedback", new FormUrlEncodedContent(form)));
        await using var db = _app.CreateDb();
        return (id, (await db.PublicFeedback.SingleAsync(f => f.TrackingCode == code)).Id, code);
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient staff, string url, Dictionary<string, string> fields)
    {
        var page = await staff.GetStringAsync(url.Split('?')[0]);
        fields["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page);
        return await staff.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_comment_reaches_the_towns_inbox_and_the_office_but_not_another_organisation()
    {
        var (_, feedbackId, _) = await CommentAsync();
        var town = PublicData.OrganizationId(_app, "城北镇");
        int other;
        await using (var db = _app.CreateDb())
        {
            var org = new Organization { Name = "城南镇", ParentId = db.Organizations.Single(o => o.Name == "梅江区").Id };
            db.Organizations.Add(org);
            await db.SaveChangesAsync();
            other = org.Id;
        }
        await PublicData.CreateUserAsync(_app, "chengbei", Password, Roles.UnitEditor, town);
        await PublicData.CreateUserAsync(_app, "chengnan", Password, Roles.UnitEditor, other);

        foreach (var user in new[] { "admin", "chengbei" })
        {
            var client = await _app.SignedInClientAsync(user, user == "admin" ? RectifyApp.AdminPassword : Password);
            Assert.Contains($"href=\"/feedback/{feedbackId}\"", await client.GetStringAsync("/feedback"));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/feedback/{feedbackId}")).StatusCode);
        }
        var outsider = await _app.SignedInClientAsync("chengnan", Password);
        Assert.DoesNotContain($"/feedback/{feedbackId}", await outsider.GetStringAsync("/feedback"));
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/feedback/{feedbackId}")).StatusCode);

        // The public cannot reach the inbox.
        var anonymous = await _app.CreateClient(new() { AllowAutoRedirect = false }).GetAsync("/feedback");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
    }

    [Fact]
    public async Task Staff_assign_decide_and_answer_and_only_a_published_reply_shows_by_code()
    {
        var (_, id, code) = await CommentAsync();
        var staff = await _app.SignedInClientAsync();
        var url = $"/feedback/{id}";

        var assign = await PostAsync(staff, url + "?handler=Assign", new() { ["problemId"] = PublicData.ProblemId(_app, 9).ToString(System.Globalization.CultureInfo.InvariantCulture), ["assignedTo"] = "张副镇长" });
        Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);

        // Forwarding needs a reason: refused, nothing changed.
        var noReason = await PostAsync(staff, url + "?handler=State", new() { ["state"] = "Forwarded", ["reason"] = "" });
        Assert.Equal(HttpStatusCode.OK, noReason.StatusCode);
        Assert.Contains("转办须写明转给谁", await noReason.Content.ReadAsStringAsync());
        await using (var db = _app.CreateDb())
            Assert.Equal(FeedbackState.Received, (await db.PublicFeedback.SingleAsync(f => f.Id == id)).State);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(staff, url + "?handler=State", new() { ["state"] = "Forwarded", ["reason"] = "转镇城建办核实" })).StatusCode);

        // A reply kept internal: answered, but the tracking page does not show it.
        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(staff, url + "?handler=Reply", new() { ["reply"] = "内部答复草稿", ["publish"] = "false" })).StatusCode);
        var publicClient = _app.CreateClient();
        var before = await publicClient.GetStringAsync($"/public/feedback/{code}");
        Assert.Contains("已答复", before);
        Assert.DoesNotContain("内部答复草稿", before);

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(staff, url + "?handler=Reply", new() { ["reply"] = "经核实,三号路段路灯已于11月20日修复。", ["publish"] = "true" })).StatusCode);
        await using (var db = _app.CreateDb())
        {
            var f = await db.PublicFeedback.SingleAsync(x => x.Id == id);
            Assert.Equal(FeedbackState.Answered, f.State);
            Assert.Equal("张副镇长", f.AssignedTo);
            Assert.Equal(PublicData.ProblemId(_app, 9), f.ProblemId);
            Assert.True(f.ReplyPublished);
            Assert.NotNull(f.RepliedAt);
        }
        var after = await publicClient.GetStringAsync($"/public/feedback/{code}");
        Assert.Contains("经核实,三号路段路灯已于11月20日修复。", after);
    }

    [Fact]
    public async Task Refusing_needs_a_reason_and_the_reason_is_shown_by_code()
    {
        var (_, id, code) = await CommentAsync();
        var staff = await _app.SignedInClientAsync();
        var refused = await PostAsync(staff, $"/feedback/{id}?handler=State", new() { ["state"] = "Refused", ["reason"] = "" });
        Assert.Contains("不予受理须说明理由", await refused.Content.ReadAsStringAsync());
        await PostAsync(staff, $"/feedback/{id}?handler=State", new() { ["state"] = "Refused", ["reason"] = "反映的事项不属于本次巡察整改范围" });
        var html = await _app.CreateClient().GetStringAsync($"/public/feedback/{code}");
        Assert.Contains("不予受理", html);
        Assert.Contains("反映的事项不属于本次巡察整改范围", html);
    }

    [Fact]
    public async Task Comments_older_than_the_reply_time_turn_red()
    {
        var (_, oldId, _) = await CommentAsync();
        await using (var db = _app.CreateDb())
        {
            // 22 calendar days always hold more than 15 working days.
            var f = await db.PublicFeedback.SingleAsync(x => x.Id == oldId);
            f.CreatedAt = DateTimeOffset.UtcNow.AddDays(-22);
            await db.SaveChangesAsync();
        }
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var id = (await _app.CreateDb().Notices.FirstAsync()).Id;
        var fresh = PublicData.CodeOf(await client.PostAsync("/public/feedback", new FormUrlEncodedContent(PublicData.Comment(id, await PublicData.TokenAsync(client, id), "另一条新的意见,刚刚提交的。"))));

        var inbox = await (await _app.SignedInClientAsync()).GetStringAsync("/feedback");
        Assert.Matches("<tr class=\"fb overdue\" data-code=\"[0-9A-Z]{12}\">", inbox);
        Assert.Contains($"<tr class=\"fb\" data-code=\"{fresh}\">", inbox);
        Assert.Contains("<b>1</b> 超期", inbox);
    }

    [Fact]
    public async Task A_comment_reopens_a_completed_problem_through_a_look_back()
    {
        var (_, id, _) = await CommentAsync(problemOrdinal: 1);
        var staff = await _app.SignedInClientAsync();
        var p1 = PublicData.ProblemId(_app, 1);
        var p14 = PublicData.ProblemId(_app, 14); // phased: not completed, cannot be reopened

        var refused = await PostAsync(staff, $"/feedback/{id}?handler=Reopen", new() { ["problemId"] = p14.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "群众反映未整改到位" });
        Assert.Contains("只有已完成整改的问题才需要重新打开", await refused.Content.ReadAsStringAsync());
        var noReason = await PostAsync(staff, $"/feedback/{id}?handler=Reopen", new() { ["problemId"] = p1.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = " " });
        Assert.Contains("重新打开问题须说明理由", await noReason.Content.ReadAsStringAsync());
        await using (var db = _app.CreateDb())
            Assert.Empty(await db.Reviews.ToListAsync());

        var ok = await PostAsync(staff, $"/feedback/{id}?handler=Reopen", new() { ["problemId"] = p1.ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "实地核实:学习计划未执行" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        await using (var db = _app.CreateDb())
        {
            var problem = await db.Problems.SingleAsync(p => p.Id == p1);
            Assert.Equal(RectificationStatus.InProgress, problem.Status);
            var review = await db.Reviews.SingleAsync();
            Assert.Equal(p1, review.ProblemId);
            Assert.Equal(ReviewResult.Reopened, review.Result);
            Assert.Contains("实地核实:学习计划未执行", review.Reason);
            Assert.Equal("巡察办管理员", review.ReviewedBy);
            Assert.Equal(FeedbackState.Accepted, (await db.PublicFeedback.SingleAsync(f => f.Id == id)).State);
            // The problem's history says who reopened it.
            Assert.Contains(await db.ProblemChanges.Where(c => c.ProblemId == p1).ToListAsync(), c => c.Field == "Status" && c.After == "in-progress" && c.By == "admin");
        }
        // The published notice still shows what was published.
        var html = await _app.CreateClient().GetStringAsync("/public/notices/1");
        Assert.Equal(11, html.Split("class=\"status s-completed").Length - 1);
    }

    [Fact]
    public async Task A_unit_editor_cannot_reopen_and_a_reader_cannot_answer()
    {
        var (_, id, _) = await CommentAsync();
        var town = PublicData.OrganizationId(_app, "城北镇");
        await PublicData.CreateUserAsync(_app, "editor", Password, Roles.UnitEditor, town);
        await PublicData.CreateUserAsync(_app, "reader", Password, Roles.Reader, town);

        var editor = await _app.SignedInClientAsync("editor", Password);
        var page = await editor.GetStringAsync($"/feedback/{id}");
        Assert.Contains("保存答复", page);
        Assert.DoesNotContain("重新打开</button>", page);
        var reopen = await editor.PostAsync($"/feedback/{id}?handler=Reopen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["problemId"] = PublicData.ProblemId(_app, 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "x",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, reopen.StatusCode);

        var reader = await _app.SignedInClientAsync("reader", Password);
        var readerPage = await reader.GetStringAsync($"/feedback/{id}");
        Assert.DoesNotContain("保存答复", readerPage);
        var reply = await reader.PostAsync($"/feedback/{id}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reply"] = "读者不应能答复", ["publish"] = "true",
            // The reader's page has no form; a token of theirs from the sign-in page.
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(await reader.GetStringAsync("/account/login")),
        }));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, reply.StatusCode);
        await using var db = _app.CreateDb();
        Assert.Null((await db.PublicFeedback.SingleAsync()).Reply);
        Assert.Equal(RectificationStatus.CompletedSustained, (await db.Problems.SingleAsync(p => p.InspectionId == 1 && p.Ordinal == 1)).Status);
    }

    [Fact]
    public async Task Contact_channels_are_set_per_organisation_and_shown_on_its_notices()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var town = PublicData.OrganizationId(_app, "城北镇");
        var staff = await _app.SignedInClientAsync();

        var bad = await PostAsync(staff, "/feedback/contacts", new() { ["organizationId"] = town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["phone"] = "0753-1234567", ["postcode"] = "5140", ["email"] = "", ["mailbox"] = "" });
        Assert.Contains("邮政编码应为 6 位数字", await bad.Content.ReadAsStringAsync());

        var ok = await PostAsync(staff, "/feedback/contacts", new() { ["organizationId"] = town.ToString(System.Globalization.CultureInfo.InvariantCulture), ["phone"] = "0753-1234567", ["postcode"] = "514000", ["email"] = "jubao@example.cn", ["mailbox"] = "城北镇纪委信箱" });
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);
        // The channels box shows them now; the frozen text keeps what it said when published.
        var html = await _app.CreateClient().GetStringAsync($"/public/notices/{id}");
        var box = html[html.IndexOf("id=\"contacts\"", StringComparison.Ordinal)..html.IndexOf("id=\"comment\"", StringComparison.Ordinal)];
        Assert.Contains("0753-1234567", box);
        Assert.Contains("514000", box);
        Assert.Contains("jubao@example.cn", box);
        Assert.Contains("城北镇纪委信箱", box);
        Assert.DoesNotContain("0753-2351954", box);
        Assert.Contains("0753-2351954", html[..html.IndexOf("id=\"contacts\"", StringComparison.Ordinal)]);
    }
}
