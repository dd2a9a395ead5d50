using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DocumentFormat.OpenXml.Packaging;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Tests.Web;

namespace Rectify.Tests.Supervision;

/// <summary>The upward reports go through sign-off like notices: submit freezes, the principal leader approves, the signed .docx is the frozen text.</summary>
public class ReportSignOffTests : IAsyncLifetime
{
    readonly SupervisionWorld _w = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    const string Base = "/api/supervision/inspections/1/reports";

    /// <summary>A refusal's reason: 422 for a rule of the sign-off, 403 (<paramref name="status"/>) for a role that may not.</summary>
    static async Task<string> RefusalAsync(HttpResponseMessage r, HttpStatusCode status = HttpStatusCode.UnprocessableEntity)
    {
        Assert.Equal(status, r.StatusCode);
        return (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
    }

    static Task<HttpResponseMessage> SubmitAsync(HttpClient c, string kind = "rectification", bool secrecy = true) =>
        c.PostAsJsonAsync($"{Base}/{kind}/submit", new { secrecyReviewed = secrecy, serial = 12 });

    static Task<HttpResponseMessage> ApproveAsync(HttpClient c, string kind = "rectification") =>
        c.PostAsync($"{Base}/{kind}/approve", null);

    static async Task<string> DocxTextAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        using var word = WordprocessingDocument.Open(new MemoryStream(await r.Content.ReadAsByteArrayAsync()), false);
        return word.MainDocumentPart!.Document!.Body!.InnerText;
    }

    static int Completed(string text) => int.Parse(Regex.Match(text, "已完成整改(\\d+)个").Groups[1].Value);

    [Fact]
    public async Task Submitted_and_approved_report_downloads_frozen_counts_after_the_ledger_moves()
    {
        var zhang = await _w.ClientAsync("zhang");
        var wang = await _w.ClientAsync("wang");
        var state = await zhang.GetFromJsonAsync<JsonElement>($"{Base}/rectification");
        Assert.Equal("draft", state.GetProperty("state").GetString());

        var submitted = await (await SubmitAsync(zhang)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("submitted", submitted.GetProperty("state").GetString());
        Assert.Equal("zhang", submitted.GetProperty("submittedBy").GetString());
        Assert.Matches("^[0-9a-f]{64}$", submitted.GetProperty("sha256").GetString());
        // Not signed yet: no signed copy.
        await RefusalAsync(await zhang.GetAsync($"{Base}/rectification/signed.docx"));

        var approved = await (await ApproveAsync(wang)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", approved.GetProperty("state").GetString());
        Assert.Equal("wang", approved.GetProperty("approvedBy").GetString());
        Assert.Equal("approved", (await zhang.GetFromJsonAsync<JsonElement>($"{Base}/rectification")).GetProperty("state").GetString());
        // The other report is untouched.
        Assert.Equal("draft", (await zhang.GetFromJsonAsync<JsonElement>($"{Base}/principal-leader")).GetProperty("state").GetString());

        var signed = await DocxTextAsync(zhang, $"{Base}/rectification/signed.docx");
        var frozen = Completed(signed);

        // A problem is completed after the sign-off: the draft follows the ledger, the signed copy does not.
        await using (var db = _w.Db())
        {
            var p = (await db.Problems.Where(p => p.InspectionId == 1).OrderBy(p => p.Id).ToListAsync())
                .First(p => p.Status is RectificationStatus.InProgress or RectificationStatus.Phased or RectificationStatus.NotStarted);
            p.SetImportedStatus(RectificationStatus.Completed, null, null);
            await db.SaveChangesAsync();
        }
        var signedLater = await DocxTextAsync(zhang, $"{Base}/rectification/signed.docx");
        Assert.Equal(signed, signedLater);
        Assert.Equal(frozen, Completed(signedLater));
        Assert.Equal(frozen + 1, Completed(await DocxTextAsync(zhang, $"{Base}/rectification.docx")));
    }

    [Fact]
    public async Task A_report_with_problems_of_no_stated_status_says_they_have_not_reported_and_is_refused_naming_them()
    {
        // As an imported notice leaves them: no status stated for problems 3 and 5.
        await using (var db = _w.Db())
            await db.Problems.Where(p => p.InspectionId == 1 && (p.Ordinal == 3 || p.Ordinal == 5))
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.Status, RectificationStatus.NotStated), TestContext.Current.CancellationToken);
        var zhang = await _w.ClientAsync("zhang");
        foreach (var (kind, name) in new[] { ("rectification", "整改情况报告"), ("principal-leader", "主要负责人组织落实情况报告") })
        {
            var draft = await DocxTextAsync(zhang, $"{Base}/{kind}.docx");
            Assert.Contains("另有2个问题尚未报送整改进展", draft);
            Assert.DoesNotContain("未说明", draft);
            Assert.Equal($"{name}还有未填写的要素，不能提交审核：问题3、5的整改状态（导入的原文没有写明，请在问题页设置）", await RefusalAsync(await SubmitAsync(zhang, kind)));
            Assert.Equal("draft", (await zhang.GetFromJsonAsync<JsonElement>($"{Base}/{kind}", TestContext.Current.CancellationToken)).GetProperty("state").GetString());
        }
    }

    [Fact]
    public async Task Each_wrong_sign_off_is_refused()
    {
        var zhang = await _w.ClientAsync("zhang");
        var wang = await _w.ClientAsync("wang");
        var admin = await _w.ClientAsync("admin");
        var jw = await _w.ClientAsync("jw1");

        // Approving a report never submitted.
        Assert.Contains("只有已提交审核", await RefusalAsync(await ApproveAsync(wang)));
        // Submitting needs the unit's editor and the secrecy confirmation.
        Assert.Contains("保密审查", await RefusalAsync(await SubmitAsync(zhang, secrecy: false)));
        Assert.Contains("填报员", await RefusalAsync(await SubmitAsync(wang), HttpStatusCode.Forbidden));
        Assert.Equal("draft", (await zhang.GetFromJsonAsync<JsonElement>($"{Base}/rectification")).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(zhang)).StatusCode);
        Assert.Contains("不能重复提交", await RefusalAsync(await SubmitAsync(zhang)));
        // Approving without the role: the editor and a supervisor.
        Assert.Contains("主要负责人", await RefusalAsync(await ApproveAsync(zhang), HttpStatusCode.Forbidden));
        Assert.Contains("主要负责人", await RefusalAsync(await ApproveAsync(jw), HttpStatusCode.Forbidden));

        // The submitter does not approve their own report, even as admin.
        Assert.Equal(HttpStatusCode.OK, (await SubmitAsync(admin, "principal-leader")).StatusCode);
        Assert.Contains("提交人本人", await RefusalAsync(await ApproveAsync(admin, "principal-leader")));
        Assert.Equal("submitted", (await zhang.GetFromJsonAsync<JsonElement>($"{Base}/principal-leader")).GetProperty("state").GetString());

        Assert.Equal(HttpStatusCode.OK, (await ApproveAsync(wang)).StatusCode);
        Assert.Contains("不能重复审批", await RefusalAsync(await ApproveAsync(admin)));

        // Another district's supervisor does not learn that the inspection exists.
        var other = await _w.ClientAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"{Base}/rectification")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await zhang.GetAsync($"{Base}/nonsense")).StatusCode);
    }

    [Fact]
    public async Task The_page_submits_and_approves_and_shows_refusals()
    {
        var zhang = await _w.ClientAsync("zhang");
        var page = await zhang.GetStringAsync("/inspections/1/supervision");
        Assert.Contains("提交审核", page);
        var noSecrecy = await zhang.PostAsync("/inspections/1/supervision?handler=SubmitReport", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "rectification", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noSecrecy.StatusCode); // the page again, with the rule's reason
        Assert.Contains("保密审查", await noSecrecy.Content.ReadAsStringAsync());
        var ok = await zhang.PostAsync("/inspections/1/supervision?handler=SubmitReport", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "rectification", ["secrecyReviewed"] = "true", ["serial"] = "12", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, ok.StatusCode);

        var wang = await _w.ClientAsync("wang");
        var leaderPage = await wang.GetStringAsync("/inspections/1/supervision");
        Assert.Contains("审批签发", leaderPage);
        var approved = await wang.PostAsync("/inspections/1/supervision?handler=ApproveReport", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["kind"] = "rectification", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(leaderPage),
        }));
        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var signedPage = await wang.GetStringAsync("/inspections/1/supervision");
        Assert.Contains("?handler=ReportFile&amp;kind=rectification&amp;format=docx&amp;signed=true", signedPage);
        // Who submitted and who approved, by the person's name; the user names the record keeps stay in the title only.
        var state = Regex.Match(signedPage, "<tr data-report=\"rectification\">.*?<td class=\"report-state\">(.*?)</td>", RegexOptions.Singleline).Groups[1].Value;
        Assert.Contains("提交：<span class=\"person\" title=\"zhang\">张干事</span>", state);
        Assert.Contains("审批：<span class=\"person\" title=\"wang\">王书记</span>", state);
        var visible = Regex.Replace(state, "<[^>]*>", "");
        Assert.DoesNotContain("zhang", visible);
        Assert.DoesNotContain("wang", visible);
    }
}
