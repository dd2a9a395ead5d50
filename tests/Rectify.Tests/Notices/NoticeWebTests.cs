using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;
using Rectify.Features.Notices;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notices;

/// <summary>The notice composed from the database, its page and API, and the publication flow, on each provider.</summary>
public abstract class NoticeWebTests : IAsyncLifetime
{
    RectifyApp? _started;
    /// <summary>Created on first use, so that a provider that is not available skips the test.</summary>
    RectifyApp App => _started ??= CreateApp();
    protected abstract RectifyApp CreateApp();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _started?.DisposeAsync() ?? ValueTask.CompletedTask;

    static readonly object Draft = new { leadershipText = (string?)null, nextStepsText = "下一步,镇党委将持续巩固整改成果。\n对未完成的问题挂图作战。", titleTemplate = (string?)null, documentKind = "Announcement", asOf = "2023-09-08" };

    async Task AddUserAsync(string name, string role, string? organization, string? displayName = null)
    {
        using var scope = App.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var org = organization is null ? null
            : await db.Organizations.FirstOrDefaultAsync(o => o.Name == organization) ?? db.Organizations.Add(new Organization { Name = organization }).Entity;
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = name, DisplayName = displayName, OrganizationId = org?.Id };
        Assert.True((await users.CreateAsync(u, name + "-pass-1")).Succeeded);
        await users.AddToRoleAsync(u, role);
    }

    /// <summary>A refusal's reason: 422 for a rule of the domain, 403 (<paramref name="status"/>) for a role that may not.</summary>
    static async Task<string> DetailOf(HttpResponseMessage r, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        Assert.Equal(status, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    async Task<string> TextAsync(HttpClient c) => await c.GetStringAsync("/api/inspections/1/notice/txt");

    [Fact]
    public async Task The_notice_is_composed_from_the_database_records_not_from_the_ledger_counts()
    {
        await using (var db = App.CreateDb())
        {
            db.LeadingGroupMembers.Add(new LeadingGroupMember { InspectionId = 1, Name = "张三", Role = "组长", Title = "镇党委书记" });
            db.LeadingGroupMembers.Add(new LeadingGroupMember { InspectionId = 1, Name = "李四", Role = "副组长", Title = "镇长" });
            // After the as-of date: the notice of 2023-09-08 cannot report it.
            db.Meetings.Add(new Meeting { InspectionId = 1, Kind = "专题民主生活会", Date = new DateOnly(2023, 10, 1) });
            db.Outcomes.Add(new OutcomeRecord { InspectionId = 1, Kind = OutcomeKind.CriticismEducation, Persons = 6 });
            var p2 = await db.Problems.Include(p => p.Measures).FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 2);
            p2.Measures.Add(new Measure { Ordinal = 9, Text = "在数据库中新增的一条措施" });
            await db.SaveChangesAsync();
            var (input, composed) = await NoticePublication.ComposeAsync(db, 1, null, new DateOnly(2023, 9, 8), default);
            Assert.Equal("中共梅州市梅江区城北镇委员会", input.Issuer);
            Assert.Equal("0753-2351954", input.Contacts.Phone);
            Assert.Equal("514089", input.Contacts.Postcode);
            Assert.Equal(14, composed.Counts.Problems);
            Assert.Equal(11, composed.Counts.Completed);
            var text = NoticeTextWriter.Write(composed);
            Assert.Contains("成立了以镇党委书记张三为组长、镇长李四为副组长的整改工作领导小组", text);
            Assert.Contains("共召开5次会议，", text);
            Assert.DoesNotContain("专题民主生活会", text);
            Assert.Contains("批评教育6人", text);
            Assert.Contains("在数据库中新增的一条措施", text);
            Assert.Contains("电话：0753-2351954", text);
            Assert.EndsWith("中共梅州市梅江区城北镇委员会\n2023年9月8日\n", text);
        }
    }

    [Fact]
    public async Task Draft_free_sections_and_the_title_choice_are_stored_and_appear_in_the_notice()
    {
        var c = await App.SignedInClientAsync();
        var r = await c.PutAsJsonAsync("/api/inspections/1/notice", new { leadershipText = "镇党委召开专题会议部署整改。", nextStepsText = "持续巩固整改成果。", titleTemplate = "{issuer}关于{round}整改进展情况的{doc}", documentKind = "Circular", asOf = "2023-09-08" });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var view = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("draft", "草稿", "Circular"), (view.GetProperty("state").GetString(), view.GetProperty("stateText").GetString(), view.GetProperty("documentKind").GetString()));
        Assert.Equal("Title", view.GetProperty("blocks")[0].GetProperty("level").GetString());
        var text = await TextAsync(c);
        Assert.StartsWith("中共梅州市梅江区城北镇委员会关于第二轮巡察整改进展情况的通报\n", text);
        Assert.Contains("\n镇党委召开专题会议部署整改。\n", text);
        Assert.Contains("\n持续巩固整改成果。\n", text);
        await using var db = App.CreateDb();
        var n = await db.Notices.SingleAsync();
        Assert.Equal(SignOffState.Draft, n.State);
        Assert.Equal(NoticeDocumentKind.Circular, n.DocumentKind);
        Assert.Equal(new DateOnly(2023, 9, 8), n.AsOf);
        Assert.EndsWith("通报", n.Title);
    }

    [Fact]
    public async Task The_whole_flow_refuses_wrong_steps_with_the_reason_and_freezes_the_published_text()
    {
        await AddUserAsync("cb-leader", Roles.UnitLeader, "城北镇", "李书记");
        await AddUserAsync("cb-editor", Roles.UnitEditor, "城北镇");
        await using (var db = App.CreateDb())
        {
            var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
            db.DocumentSettings.Add(new DocumentSettings { OrganizationId = town.Id, CopyTo = "区纪委监委", Printer = "城北镇党政办公室" });
            await db.SaveChangesAsync();
        }
        var admin = await App.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/inspections/1/notice", Draft)).StatusCode);

        Assert.Contains("保密审查", await DetailOf(await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = false })));
        Assert.Contains("只有已提交审核的公告才能审批", await DetailOf(await admin.PostAsync("/api/inspections/1/notice/approve", null)));
        var submitted = await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true });
        Assert.Equal("submitted", (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());

        Assert.Contains("不能是提交人本人", await DetailOf(await admin.PostAsync("/api/inspections/1/notice/approve", null)));
        var editor = await App.SignedInClientAsync("cb-editor", "cb-editor-pass-1");
        Assert.Contains("主要负责人", await DetailOf(await editor.PostAsync("/api/inspections/1/notice/approve", null), HttpStatusCode.Forbidden));
        Assert.Contains("审批后才能发布", await DetailOf(await admin.PostAsync("/api/inspections/1/notice/publish", null)));

        var leader = await App.SignedInClientAsync("cb-leader", "cb-leader-pass-1");
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/inspections/1/notice/approve", null)).StatusCode);
        Assert.Contains("单位领导或巡察办管理员", await DetailOf(await editor.PostAsync("/api/inspections/1/notice/publish", null), HttpStatusCode.Forbidden));
        var published = await (await leader.PostAsync("/api/inspections/1/notice/publish", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("published", published.GetProperty("state").GetString());
        Assert.Contains("不能重复发布", await DetailOf(await admin.PostAsync("/api/inspections/1/notice/publish", null)));
        // The page's steps name who approved and published by name; the record keeps the user name (below), in the title only here.
        var flow = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync("/inspections/1/notice"), "<ol class=\"flow\">(.*?)</ol>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("· <span class=\"person\" title=\"cb-leader\">李书记</span> 审批", flow);
        Assert.Contains("· <span class=\"person\" title=\"cb-leader\">李书记</span> 发布", flow);
        Assert.DoesNotContain("cb-leader", System.Text.RegularExpressions.Regex.Replace(flow, "<[^>]*>", ""));

        string frozenText, sha;
        await using (var db = App.CreateDb())
        {
            var n = await db.Notices.SingleAsync();
            (frozenText, sha) = (n.PublishedText!, n.PublishedSha256!);
            Assert.Equal(sha, published.GetProperty("publishedSha256").GetString());
            Assert.Equal(new DateOnly(2023, 9, 8), n.AsOf);
            Assert.Equal(("admin", "cb-leader", "cb-leader"), (n.SubmittedBy, n.ApprovedBy, n.PublishedBy));
            Assert.Contains("整改状态：已取得阶段性成效，预计2024年3月完成", frozenText);
            var json = PublishedNotice.FromJson(n.PublishedJson!);
            Assert.Equal(14, json.Problems.Count);
            Assert.Equal("phased", json.Problems.Single(p => p.Ordinal == 14).Status);

            // A later ledger edit: problem 14 moves back to in progress.
            var p14 = await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 14);
            p14.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        await using (var db = App.CreateDb())
        {
            var n = await db.Notices.SingleAsync();
            Assert.Equal(frozenText, n.PublishedText);
            Assert.Equal(sha, PublishedNotice.Sha256(n.PublishedText!));
        }
        // What every reader gets is still the frozen notice, in every format.
        Assert.Equal(frozenText, await TextAsync(admin));
        // The frame too: the office changes its 版记 settings later; the notice that is out keeps the one it went out with.
        await using (var db = App.CreateDb())
        {
            // The town's (the demo brings the commission's settings too).
            var settings = await db.DocumentSettings.SingleAsync(s => db.Organizations.Any(o => o.Id == s.OrganizationId && o.Name == "城北镇"));
            settings.CopyTo = "区委组织部";
            await db.SaveChangesAsync();
        }
        var docx = await admin.GetByteArrayAsync("/api/inspections/1/notice/docx");
        using (var doc = WordprocessingDocument.Open(new MemoryStream(docx), false))
        {
            var body = doc.MainDocumentPart!.Document!.Body!.InnerText;
            Assert.Contains("整改状态：已取得阶段性成效，预计2024年3月完成", body);
            Assert.Contains("抄送：区纪委监委。", body);
            Assert.DoesNotContain("区委组织部", body);
        }
        var page = await admin.GetStringAsync("/inspections/1/notice");
        Assert.Contains("已发布", page);
        Assert.Contains(sha, page);
    }

    [Fact]
    public async Task A_notice_with_an_unfilled_marker_is_refused_at_submit_and_at_approval_naming_where()
    {
        await AddUserAsync("cb-leader", Roles.UnitLeader, "城北镇");
        var admin = await App.SignedInClientAsync();
        // The next steps as a clerk left them in the draft: the marker goes no further than the draft.
        var marked = new { leadershipText = (string?)null, nextStepsText = "下一步，镇党委将持续巩固整改成果。（草稿：请补充）", titleTemplate = (string?)null, documentKind = "Announcement", asOf = "2023-09-08" };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/inspections/1/notice", marked)).StatusCode);
        Assert.Matches("^公告还有未填写的要素，不能提交审核：正文第\\d+段的“（草稿：请补充）”$",
            await DetailOf(await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true })));
        Assert.Equal("draft", (await admin.GetFromJsonAsync<JsonElement>("/api/inspections/1/notice")).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/inspections/1/notice", Draft)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true })).StatusCode);
        // Under review, a measure is added to the ledger with its text still to be written: the leader cannot sign it.
        await using (var db = App.CreateDb())
        {
            var p2 = await db.Problems.Include(p => p.Measures).FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 2);
            p2.Measures.Add(new Measure { Ordinal = 9, Text = "建立村级财务审核制度，具体办法待补充" });
            await db.SaveChangesAsync();
        }
        var leader = await App.SignedInClientAsync("cb-leader", "cb-leader-pass-1");
        Assert.Matches("^公告还有未填写的要素，不能审批签发：正文第\\d+段的“待补充”$", await DetailOf(await leader.PostAsync("/api/inspections/1/notice/approve", null)));
        await using (var db = App.CreateDb()) Assert.Equal(SignOffState.Submitted, (await db.Notices.SingleAsync()).State);
    }

    [Fact]
    public async Task A_ledger_change_during_review_blocks_approval_until_the_notice_is_resubmitted()
    {
        await AddUserAsync("cb-leader", Roles.UnitLeader, "城北镇");
        var admin = await App.SignedInClientAsync();
        await admin.PutAsJsonAsync("/api/inspections/1/notice", Draft);
        await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true });
        await using (var db = App.CreateDb())
        {
            var p14 = await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 14);
            p14.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        var leader = await App.SignedInClientAsync("cb-leader", "cb-leader-pass-1");
        Assert.Contains("不同于审核稿", await DetailOf(await leader.PostAsync("/api/inspections/1/notice/approve", null)));
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/inspections/1/notice/return", null)).StatusCode);
        await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true });
        Assert.Equal(HttpStatusCode.OK, (await leader.PostAsync("/api/inspections/1/notice/approve", null)).StatusCode);
    }

    [Fact]
    public async Task A_withheld_problem_is_counted_but_not_itemised_and_needs_a_reason()
    {
        var admin = await App.SignedInClientAsync();
        int id;
        await using (var db = App.CreateDb())
            id = (await db.Problems.FirstAsync(p => p.InspectionId == 1 && p.Ordinal == 2)).Id;
        Assert.Contains("须写明理由", await DetailOf(await admin.PostAsJsonAsync("/api/inspections/1/notice/withhold", new { problemId = id, withheld = true, reason = " " })));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync("/api/inspections/1/notice/withhold", new { problemId = id, withheld = true, reason = "涉及个人隐私" })).StatusCode);

        var text = await TextAsync(admin);
        Assert.DoesNotContain("乡村振兴成效不够明显", text);
        Assert.Contains("四个方面14个问题", text);
        Assert.Contains("另有1个问题涉及个人隐私，按规定不予公开", text);

        // Published, the withheld problem keeps its status and reason but not its title.
        await AddUserAsync("cb-leader", Roles.UnitLeader, "城北镇");
        var leader = await App.SignedInClientAsync("cb-leader", "cb-leader-pass-1");
        await admin.PutAsJsonAsync("/api/inspections/1/notice", Draft);
        await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true });
        Assert.Contains("审核中", await DetailOf(await admin.PostAsJsonAsync("/api/inspections/1/notice/withhold", new { problemId = id, withheld = false })));
        await leader.PostAsync("/api/inspections/1/notice/approve", null);
        await leader.PostAsync("/api/inspections/1/notice/publish", null);
        await using (var db = App.CreateDb())
        {
            var json = (await db.Notices.SingleAsync()).PublishedJson!;
            var p = PublishedNotice.FromJson(json).Problems.Single(x => x.Ordinal == 2);
            Assert.True(p.Withheld);
            Assert.Null(p.Title);
            Assert.Equal("涉及个人隐私", p.WithheldReason);
            Assert.DoesNotContain("乡村振兴成效不够明显", json);
        }
    }

    [Fact]
    public async Task Missing_contacts_an_empty_inspection_and_an_as_of_before_feedback_are_refused_and_nothing_is_saved()
    {
        var admin = await App.SignedInClientAsync();
        Assert.Contains("早于反馈日期2023年3月10日", await DetailOf(await admin.PutAsJsonAsync("/api/inspections/1/notice", new { documentKind = "Announcement", asOf = "2023-03-01" })));
        Assert.Contains("无法识别", await DetailOf(await admin.PutAsJsonAsync("/api/inspections/1/notice", new { documentKind = "Announcement", asOf = "9月8日" })));
        await using (var db = App.CreateDb())
        {
            var town = await db.Organizations.FirstAsync(o => o.Name == "城北镇");
            town.ContactPhone = town.ContactMailbox = town.ContactEmail = town.ContactPostcode = null;
            await db.SaveChangesAsync();
        }
        Assert.Contains("缺少监督联系方式", await DetailOf(await admin.PutAsJsonAsync("/api/inspections/1/notice", Draft)));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await admin.GetAsync("/api/inspections/1/notice/docx")).StatusCode);
        await using (var db = App.CreateDb())
        {
            Assert.Equal(0, await db.Notices.CountAsync());
            db.Problems.RemoveRange(db.Problems);
            await db.SaveChangesAsync();
        }
        Assert.Contains("没有任何整改问题", await DetailOf(await admin.GetAsync("/api/inspections/1/notice")));
        var page = await admin.GetStringAsync("/inspections/1/notice");
        Assert.Contains("不能生成公告：没有任何整改问题", page);
    }

    [Fact]
    public async Task Another_organisations_user_gets_404_for_the_page_the_api_and_the_download()
    {
        await AddUserAsync("xiyang", Roles.UnitLeader, "西阳镇");
        var c = await App.SignedInClientAsync("xiyang", "xiyang-pass-1");
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/inspections/1/notice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/inspections/1/notice?handler=Download&format=docx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.GetAsync("/api/inspections/1/notice")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await c.PostAsync("/api/inspections/1/notice/approve", null)).StatusCode);
    }

    [Fact]
    public async Task The_page_re_shows_the_refusal_and_keeps_what_was_typed()
    {
        var admin = await App.SignedInClientAsync();
        var form = await admin.GetStringAsync("/inspections/1/notice");
        Assert.Contains("<iframe title=\"公告预览\"", form);
        var token = RectifyApp.AntiforgeryToken(form);
        var saved = await admin.PostAsync("/inspections/1/notice?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.NextStepsText"] = "我们将继续推进。", ["Draft.AsOf"] = "2023-09-08", ["Draft.DocumentKind"] = "Announcement", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var submit = await admin.PostAsync("/inspections/1/notice?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, submit.StatusCode); // the form again, with the rule's reason
        Assert.Contains("提交审核前须完成保密审查", await submit.Content.ReadAsStringAsync());

        var bad = await admin.PostAsync("/inspections/1/notice?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.NextStepsText"] = "改过的下一步", ["Draft.AsOf"] = "2023-01-01", ["Draft.DocumentKind"] = "Announcement", ["__RequestVerificationToken"] = token,
        }));
        var html = await bad.Content.ReadAsStringAsync();
        Assert.Contains("早于反馈日期", html);
        Assert.Contains("改过的下一步</textarea>", html);
        await using var db = App.CreateDb();
        var n = await db.Notices.SingleAsync();
        Assert.Equal(("我们将继续推进。", SignOffState.Draft), (n.NextStepsText, n.State));
    }

    /// <summary>Saved, and sent back from review, the page says what happened and what comes next (issue 18 item 8).</summary>
    [Fact]
    public async Task Saving_a_draft_and_returning_a_submitted_notice_say_on_the_page_what_comes_next()
    {
        await using (var db = App.CreateDb())
        {
            var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
            db.DocumentSettings.Add(new DocumentSettings { OrganizationId = town.Id, CopyTo = "区纪委监委", Printer = "城北镇党政办公室" });
            await db.SaveChangesAsync();
        }
        var admin = await App.SignedInClientAsync();
        var token = RectifyApp.AntiforgeryToken(await admin.GetStringAsync("/inspections/1/notice"));
        async Task<string?> SaidAsync(HttpResponseMessage r)
        {
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await admin.GetStringAsync("/inspections/1/notice"));
            return page.QuerySelector("p.ok[role=status]")?.TextContent.Trim();
        }

        Assert.Equal("草稿已保存；下一步：核对预览无误后，完成保密审查并提交审核", await SaidAsync(await admin.PostAsync("/inspections/1/notice?handler=Save", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Draft.NextStepsText"] = "下一步，镇党委将持续巩固整改成果。", ["Draft.AsOf"] = "2023-09-08", ["Draft.DocumentKind"] = "Announcement", ["__RequestVerificationToken"] = token,
        }))));
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true })).StatusCode);
        Assert.Equal("已退回修改，公告回到草稿；下一步：由本单位填报员修改后重新提交审核", await SaidAsync(await admin.PostAsync("/inspections/1/notice?handler=Return",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }))));
        await using (var db = App.CreateDb())
            Assert.Equal(SignOffState.Draft, (await db.Notices.SingleAsync()).State);
    }

    [Fact]
    public async Task The_page_downloads_the_draft_as_docx_text_and_markdown()
    {
        var admin = await App.SignedInClientAsync();
        var docx = await admin.GetAsync("/inspections/1/notice?handler=Download&format=docx");
        Assert.Equal("application/vnd.openxmlformats-officedocument.wordprocessingml.document", docx.Content.Headers.ContentType!.MediaType);
        using (var doc = WordprocessingDocument.Open(new MemoryStream(await docx.Content.ReadAsByteArrayAsync()), false))
            Assert.Contains("整改进展情况的公告", doc.MainDocumentPart!.Document!.Body!.InnerText);
        Assert.Contains("## 一、强化政治担当", await admin.GetStringAsync("/inspections/1/notice?handler=Download&format=md"));
        Assert.Contains("四个方面14个问题", await admin.GetStringAsync("/inspections/1/notice?handler=Download&format=txt"));
    }
}

public sealed class SqliteNoticeWebTests : NoticeWebTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresNoticeWebTests : NoticeWebTests
{
    protected override RectifyApp CreateApp()
    {
        var server = RectifyApp.PostgresServer();
        return new RectifyApp(server);
    }
}
