using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Documents;

/// <summary>PDF beside every .docx (LibreOffice), read back with pdftotext and pdfinfo; the sign-off's 422 naming each missing element over HTTP.</summary>
public class FormalDocumentWebTests
{
    static readonly DateTimeOffset Now = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);

    static string Run(string tool, string args)
    {
        using var p = Process.Start(new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return output;
    }

    static async Task<(string Text, int Pages)> PdfAsync(HttpClient c, string url)
    {
        var r = await c.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("application/pdf", r.Content.Headers.ContentType!.MediaType);
        var file = Path.Combine(Path.GetTempPath(), $"rectify-pdf-test-{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, await r.Content.ReadAsByteArrayAsync());
        try
        {
            var pages = int.Parse(System.Text.RegularExpressions.Regex.Match(Run("pdfinfo", file), @"Pages:\s+(\d+)").Groups[1].Value);
            return (Run("pdftotext", $"-layout {file} -"), pages);
        }
        finally { File.Delete(file); }
    }

    [Fact]
    public async Task Notice_reports_and_summary_come_as_pdf_with_their_text_and_frame()
    {
        await using var w = new SupervisionWorld(Now);
        await w.PeopleAsync();
        var admin = await w.ClientAsync("admin");
        var (notice, pages) = await PdfAsync(admin, "/api/inspections/1/notice/pdf");
        Assert.InRange(pages, 2, 20);
        Assert.Contains("中共梅州市梅江区城北镇委员会文件", notice.Replace(" ", ""));
        Assert.Contains("印发", notice);

        var (report, _) = await PdfAsync(admin, "/api/supervision/inspections/1/reports/rectification/pdf");
        var flat = report.Replace(" ", "");
        Assert.Contains("区委巡察工作领导小组：", flat);
        Assert.Contains("签发人：王书记", flat);
        Assert.Contains("附件：巡察反馈问题整改台账", flat);

        var (leader, _) = await PdfAsync(admin, "/api/supervision/inspections/1/reports/principal-leader/pdf");
        Assert.Contains("履行第一责任人职责情况", leader.Replace(" ", ""));

        var (summary, _) = await PdfAsync(admin, "/overview/rounds/1/summary/pdf");
        Assert.Contains("整改情况汇总", summary.Replace(" ", ""));
    }

    [Fact]
    public async Task Without_libreoffice_the_pdf_says_what_to_install()
    {
        var root = new RectifyApp();
        root.Settings["Rectify:Pdf:Soffice"] = "/nonexistent/soffice";
        await using var w = new SupervisionWorld(Now, root);
        await w.PeopleAsync();
        var admin = await w.ClientAsync("admin");
        var r = await admin.GetAsync("/api/inspections/1/notice/pdf");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        var detail = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("libreoffice-writer-nogui", detail);
        Assert.Contains("未安装 LibreOffice", detail);
        // The .docx is still there.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/inspections/1/notice/docx")).StatusCode);
    }

    [Fact]
    public async Task An_upward_report_without_its_elements_is_refused_naming_each()
    {
        await using var w = new SupervisionWorld(Now);
        await w.PeopleAsync();
        await using (var db = w.Db())
        {
            db.DocumentSettings.RemoveRange(db.DocumentSettings);
            var town = await db.Organizations.FindAsync(SupervisionWorld.Town);
            town!.PrincipalLeader = null;
            await db.SaveChangesAsync();
        }
        var zhang = await w.ClientAsync("zhang");
        foreach (var kind in new[] { "rectification", "principal-leader" })
        {
            var r = await zhang.PostAsJsonAsync($"/api/supervision/inspections/1/reports/{kind}/submit", new { secrecyReviewed = true, serial = 3 });
            Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
            var detail = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
            Assert.Contains("发文字号（本单位的机关代字未设置）", detail);
            Assert.Contains("签发人", detail);
            Assert.Contains("主送机关", detail);
            if (kind == "principal-leader") Assert.Contains("署名（主要负责人姓名", detail);
            var state = await zhang.GetFromJsonAsync<JsonElement>($"/api/supervision/inspections/1/reports/{kind}");
            Assert.Equal("draft", state.GetProperty("state").GetString());
        }
    }
}
