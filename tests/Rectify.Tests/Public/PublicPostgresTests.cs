using System.Net;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Tests.Storage;
using Rectify.Tests.Web;

namespace Rectify.Tests.Public;

/// <summary>The public journey on PostgreSQL: the queries of the portal and the inbox translate there too.</summary>
public class PublicPostgresTests
{
    [Fact]
    public async Task Publish_search_comment_answer_and_reopen_on_postgres()
    {
        var server = RectifyApp.PostgresServer();
        await using var app = new RectifyApp(server);
        var id = await PublicData.PublishDemoAsync(app, SignOffState.Published, 5);

        var reader = app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Contains($"/public/notices/{id}", await reader.GetStringAsync("/public?q=" + Uri.EscapeDataString("学习计划")));
        var form = PublicData.Comment(id, await PublicData.TokenAsync(reader, id));
        form["ProblemId"] = PublicData.ProblemId(app, 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var code = PublicData.CodeOf(await reader.PostAsync("/public/feedback", new FormUrlEncodedContent(form)));

        var staff = await app.SignedInClientAsync();
        var inbox = await staff.GetStringAsync("/feedback");
        Assert.Contains($"data-code=\"{code}\"", inbox);
        int feedbackId;
        await using (var db = app.CreateDb()) feedbackId = (await db.PublicFeedback.SingleAsync()).Id;
        var page = await staff.GetStringAsync($"/feedback/{feedbackId}");
        var reply = await staff.PostAsync($"/feedback/{feedbackId}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reply"] = "已派人核实。", ["publish"] = "true", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, reply.StatusCode);
        var reopen = await staff.PostAsync($"/feedback/{feedbackId}?handler=Reopen", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["problemId"] = PublicData.ProblemId(app, 1).ToString(System.Globalization.CultureInfo.InvariantCulture), ["reason"] = "核实未整改到位",
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, reopen.StatusCode);

        var track = await reader.GetStringAsync($"/public/feedback/{code}");
        Assert.Contains("已派人核实。", track);
        var notice = await reader.GetStringAsync($"/public/notices/{id}");
        Assert.Equal(13, notice.Split("<li data-problem=").Length - 1);
        // A comment is not shown on the notice: only its writer follows it, by code.
        Assert.DoesNotContain("已派人核实。", notice);
        await using var check = app.CreateDb();
        Assert.Equal(ReviewResult.Reopened, (await check.Reviews.SingleAsync()).Result);
    }
}
