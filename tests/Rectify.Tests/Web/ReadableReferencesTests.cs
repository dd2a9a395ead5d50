using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;

namespace Rectify.Tests.Web;

/// <summary>
/// No internal ids on any page (issue 19 item 5): the main pages, walked as each administrator, show inspections, problems
/// and the rows of the audit log by their names, never a database key ("编号 12", "#30", a column of keys, an account's GUID).
/// Ids stay in links and hidden fields, which a reader does not see.
/// </summary>
public partial class ReadableReferencesTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    static readonly HtmlParser Html = new();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex(@"编号\s*[：:为]?\s*\d+|#\d+|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex InternalId();

    /// <summary>What a reader sees of a page that looks like an internal id: a text with one, or a column of keys.</summary>
    static IEnumerable<string> IdsShown(string url, string html)
    {
        var doc = Html.ParseDocument(html);
        foreach (var node in doc.Body!.Descendants<IText>())
        {
            if (node.ParentElement?.Closest("script, style, template, [hidden]") is not null) continue;
            if (InternalId().Match(node.Data) is { Success: true } m) yield return $"{url}: “{m.Value}” in “{node.Data.Trim()}”";
        }
        // A table column headed 编号, 主键 or ID whose cells are bare numbers.
        foreach (var table in doc.QuerySelectorAll("table"))
        {
            var headers = table.QuerySelectorAll("thead th").Select(th => th.TextContent.Trim()).ToList();
            for (var c = 0; c < headers.Count; c++)
            {
                if (headers[c] is not ("编号" or "主键" or "ID" or "Id" or "id")) continue;
                var cells = table.QuerySelectorAll("tbody tr").Select(tr => tr.Children.ElementAtOrDefault(c)?.TextContent.Trim() ?? "").ToList();
                if (cells.Any(v => Regex.IsMatch(v, @"^\d+$") || InternalId().IsMatch(v))) yield return $"{url}: a column “{headers[c]}” of keys ({string.Join(", ", cells.Take(3))}…)";
            }
        }
    }

    [Fact]
    public async Task The_main_pages_name_inspections_problems_and_audited_rows_without_internal_ids()
    {
        // Rows for the audit log to name: an organisation added then renamed, a measure deleted, a problem edited.
        int problem;
        await using (var db = _app.CreateDb())
        {
            var org = db.Organizations.Add(new Organization { Name = "城南街道" }).Entity;
            await db.SaveChangesAsync(Ct);
            org.Name = "城南街道办事处";
            var p = await db.Problems.Include(x => x.Measures).Where(x => x.InspectionId == 1 && x.Measures.Count > 0).OrderBy(x => x.Ordinal).FirstAsync(Ct);
            problem = p.Id;
            p.Remarks = "台账核对后补充的备注";
            db.Measures.Remove(p.Measures[0]);
            await db.SaveChangesAsync(Ct);
        }

        var pages = new (Func<Task<HttpClient>> As, string[] Urls)[]
        {
            (() => _app.SignedInClientAsync(), [
                "/", "/inspections/1", "/inspections/1/records", "/inspections/1/supervision", "/inspections/1/feedback",
                "/inspections/1/notice", "/inspections/1/print", $"/problems/{problem}", $"/problems/{problem}/print",
                "/overview", "/overview/problems", "/notifications", "/supervision", "/search?q=%E6%95%B4%E6%94%B9",
                "/admin", "/admin/rounds", "/admin/inspections/1", "/account/tokens"]),
            (_app.SysAdminAsync, ["/admin", "/admin/organizations", "/admin/users"]),
            (_app.SecAdminAsync, ["/admin/roles", "/admin/security"]),
            (_app.AuditAdminAsync, ["/admin/audit", "/admin/audit?entity=%E7%BB%84%E7%BB%87", "/admin/audit?entity=%E8%B4%A6%E6%88%B7"]),
        };
        var found = new List<string>();
        string? audit = null;
        foreach (var (signIn, urls) in pages)
        {
            var client = await signIn();
            foreach (var url in urls)
            {
                var response = await client.GetAsync(url, Ct);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
                var html = await response.Content.ReadAsStringAsync(Ct);
                found.AddRange(IdsShown(url, html));
                if (url == "/admin/audit") audit = html;
            }
        }
        Assert.True(found.Count == 0, "internal ids shown:\n" + string.Join("\n", found));

        // The audit log names what each entry wrote: the organisation by its name now, the problem by its number and
        // title with a link, the deleted measure by its text, an account by its user name.
        var rows = Html.ParseDocument(audit!).QuerySelectorAll("table.audit tbody tr").Select(tr => tr.TextContent).ToList();
        Assert.Contains(rows, r => r.Contains("组织") && r.Contains("城南街道办事处"));
        Assert.Contains(rows, r => r.Contains("整改措施") && r.Contains("已删除：“"));
        Assert.Contains(rows, r => r.Contains("账户 admin"));
        var link = Html.ParseDocument(audit!).QuerySelector($"table.audit a[href='/problems/{problem}']");
        Assert.NotNull(link);
        Assert.Matches(@"^问题\d+ \S", link.TextContent);
    }
}
