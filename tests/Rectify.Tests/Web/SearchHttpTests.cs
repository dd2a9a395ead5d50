using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Inspections;

namespace Rectify.Tests.Web;

/// <summary>The header's search: every kind of text the user may see, grouped, marked, and nothing of another unit.</summary>
public class SearchHttpTests : IAsyncLifetime
{
    readonly bool postgres;
    readonly RectifyApp _app;

    public SearchHttpTests() : this(false) { }

    protected SearchHttpTests(bool postgres)
    {
        this.postgres = postgres;
        _app = postgres && RectifyApp.ConfiguredPostgres is { Length: > 0 } server ? new RectifyApp(server) : new RectifyApp();
    }

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    async Task<HttpClient> SignInAsync(string user, string password)
    {
        if (postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        var client = _app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        return client;
    }

    /// <summary>城北镇 (the demo) and 西阳镇, whose problem 1, its measure, a progress entry and a supervision record hold words of their own.</summary>
    async Task<(int Chengbei, int Xiyang)> TwoUnitsAsync()
    {
        if (postgres) RectifyApp.PostgresServer();
        await using var db = _app.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb();
        var doc = Setup.DemoLedger();
        doc.Issuer = "中共梅州市梅江区西阳镇委员会";
        doc.Inspection.Target = "西阳镇党委";
        var first = doc.Categories[0].Problems[0];
        first.Title = "西阳独有标题词" + first.Title;
        first.Measures = ["西阳独有措施词，建立台账"];
        await LedgerTransfer.LoadAsync(db, doc, _app.Services.GetRequiredService<Rectify.Core.OfficeClock>());
        var inspection = await db.Inspections.Include(i => i.Targets).SingleAsync(i => i.TargetName == "西阳镇党委");
        var xiyang = inspection.Targets.Single().OrganizationId;
        var problem = await db.Problems.Where(p => p.InspectionId == inspection.Id).OrderBy(p => p.Ordinal).FirstAsync();
        db.ProgressEntries.Add(new ProgressEntry { ProblemId = problem.Id, Date = new DateOnly(2023, 9, 1), Text = "西阳独有进展词：已完成复耕", Author = "西阳镇" });
        db.SupervisionActions.Add(new SupervisionAction
        {
            InspectionId = inspection.Id, Kind = SupervisionKind.SpecialInspection, Date = new DateOnly(2023, 9, 2), ActedBy = "区纪委",
            TargetOrganizationId = xiyang, ProblemIds = [problem.Id], Findings = "西阳独有督查词：台账不全", State = SupervisionState.Open,
        });
        await db.SaveChangesAsync();
        var chengbei = (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id;
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var reader = new AppUser { UserName = "chengbei-reader", OrganizationId = chengbei };
        Assert.True((await users.CreateAsync(reader, "chengbei-pass-2026")).Succeeded);
        await users.AddToRoleAsync(reader, Rectify.Infrastructure.Roles.Reader);
        return (chengbei, xiyang);
    }

    [Fact]
    public async Task One_box_finds_problems_measures_progress_and_records_grouped_with_the_words_marked()
    {
        await TwoUnitsAsync();
        var admin = await SignInAsync("admin", RectifyApp.AdminPassword);
        Assert.Contains("action=\"/search\"", await admin.GetStringAsync("/"));
        var page = await admin.GetStringAsync("/search?q=" + Uri.EscapeDataString("西阳独有"));
        foreach (var kind in new[] { "问题", "整改措施", "整改进展", "监督记录" })
            Assert.Contains($"<h2>{kind} <small>", page);
        Assert.Contains("<mark>西阳独有</mark>标题词", page);
        Assert.Contains("<mark>西阳独有</mark>措施词", page);
        Assert.Contains("<mark>西阳独有</mark>进展词", page);
        Assert.Contains("<mark>西阳独有</mark>督查词", page);
        Assert.Matches("href=\"/problems/\\d+#progress-\\d+\"", page);
        // Two words: both must be there, each marked.
        var two = await admin.GetStringAsync("/search?q=" + Uri.EscapeDataString("西阳独有 复耕"));
        Assert.Contains("<mark>复耕</mark>", two);
        Assert.DoesNotContain("措施词", two);
        // Nothing found says so; a query too long is refused in Chinese.
        Assert.Contains("没有找到", await admin.GetStringAsync("/search?q=" + Uri.EscapeDataString("不存在的词语乙丙丁")));
        Assert.Contains("搜索词过长", await admin.GetStringAsync("/search?q=" + new string('长', 101)));
    }

    [Fact]
    public async Task A_user_of_one_unit_never_sees_another_units_text()
    {
        await TwoUnitsAsync();
        var reader = await SignInAsync("chengbei-reader", "chengbei-pass-2026");
        var page = await reader.GetStringAsync("/search?q=" + Uri.EscapeDataString("西阳独有"));
        Assert.Contains("没有找到", page);
        Assert.DoesNotContain("标题词", page);
        Assert.DoesNotContain("措施词", page);
        Assert.DoesNotContain("进展词", page);
        Assert.DoesNotContain("督查词", page);
        // A word both units' ledgers hold: only 城北镇's problems come back.
        var shared = await reader.GetStringAsync("/search?q=" + Uri.EscapeDataString("撂荒"));
        Assert.Contains("<mark>撂荒</mark>", shared);
        Assert.DoesNotContain("西阳镇党委", shared);
        Assert.Contains("城北镇党委", shared);
    }

    [Fact]
    public async Task A_public_comment_is_found_by_its_words_in_scope_and_never_another_units()
    {
        var (chengbei, xiyang) = await TwoUnitsAsync();
        await using (var db = _app.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb())
        {
            // One published notice each, and a comment from the public on each.
            foreach (var (org, words, code) in new[] { (chengbei, "城北群众意见词：村道路灯不亮", "CB000001"), (xiyang, "西阳群众意见词：集市占道", "XY000001") })
            {
                var inspection = await db.Inspections.Where(i => i.Targets.Any(t => t.OrganizationId == org)).Select(i => i.Id).FirstAsync();
                var notice = new Notice { InspectionId = inspection, Title = "整改进展情况公告" };
                db.Notices.Add(notice);
                await db.SaveChangesAsync();
                db.PublicFeedback.Add(new PublicFeedback { NoticeId = notice.Id, Content = words, TrackingCode = code, CreatedAt = DateTimeOffset.UtcNow });
            }
            await db.SaveChangesAsync();
        }
        var reader = await SignInAsync("chengbei-reader", "chengbei-pass-2026");
        var own = await reader.GetStringAsync("/search?q=" + Uri.EscapeDataString("群众意见词"));
        Assert.Contains("<h2>群众意见 <small>", own);
        Assert.Contains("城北<mark>群众意见词</mark>", own);
        Assert.DoesNotContain("集市占道", own);
        Assert.Contains("没有找到", await reader.GetStringAsync("/search?q=" + Uri.EscapeDataString("集市占道")));
        // The district's office sees both.
        var admin = await SignInAsync("admin", RectifyApp.AdminPassword);
        Assert.Contains("西阳<mark>群众意见词</mark>", await admin.GetStringAsync("/search?q=" + Uri.EscapeDataString("群众意见词")));
    }
}

/// <summary>The same on PostgreSQL (its tsvector index and its string functions).</summary>
public sealed class PostgresSearchHttpTests() : SearchHttpTests(true);
