using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Web;

public partial class LedgerListHttpTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static int[] Ordinals(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("ordinal").GetInt32()).ToArray();

    /// <summary>The app with a clock the test sets; same data folder as <see cref="_app"/>.</summary>
    async Task<HttpClient> ClientAtAsync(DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        var factory = _app.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var signIn = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = RectifyApp.AdminPassword, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }

    [Fact]
    public async Task The_list_api_returns_items_and_total_in_the_documented_shape()
    {
        var client = await _app.SignedInClientAsync();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1");
        Assert.Equal(14, list.GetProperty("total").GetInt32());
        var third = list.GetProperty("items")[2];
        foreach (var name in new[] { "id", "ordinal", "title", "category", "status", "statusText", "expectedCompletion", "deadline", "leader",
                     "department", "person", "kind", "measuresDone", "measuresTotal", "latestProgress", "version" })
            Assert.True(third.TryGetProperty(name, out _), "missing " + name);
        Assert.Equal("撂荒复耕工作开展不扎实", third.GetProperty("title").GetString());
        Assert.Equal("phased", third.GetProperty("status").GetString());
        Assert.Equal("2023-12", third.GetProperty("expectedCompletion").GetString());
        Assert.Equal(3, third.GetProperty("measuresTotal").GetInt32());
        Assert.Equal(0, third.GetProperty("measuresDone").GetInt32());
        Assert.Equal("党中央各项决策部署在基层的落实情况方面", third.GetProperty("category").GetString());
    }

    [Fact]
    public async Task Status_and_category_filters_narrow_the_list()
    {
        var client = await _app.SignedInClientAsync();
        Assert.Equal(new[] { 3, 7, 14 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&status=phased")));
        int categoryThree;
        await using (var db = _app.CreateDb())
            categoryThree = await db.Categories.Where(c => c.InspectionId == 1 && c.Ordinal == 3).Select(c => c.Id).SingleAsync();
        Assert.Equal(new[] { 11, 12 }, Ordinals(await client.GetFromJsonAsync<JsonElement>($"/api/problems?inspection=1&category={categoryThree}")));
        Assert.Empty(Ordinals(await client.GetFromJsonAsync<JsonElement>($"/api/problems?inspection=1&category={categoryThree}&status=phased")));

        // The page filters the same way.
        var html = await client.GetStringAsync("/inspections/1?status=phased");
        Assert.Equal(3, ProblemRows().Matches(html).Count);
        Assert.Contains("共 <b id=\"total\">3</b> 个问题", html);
    }

    [Fact]
    public async Task Leader_and_department_filters_match_the_named_person()
    {
        await using (var db = _app.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 5);
            p.ResponsibleLeader = "张三"; p.ResponsibleDepartment = "党政办";
            var q = await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 9);
            q.ResponsibleDepartment = "党政办";
            await db.SaveChangesAsync();
        }
        var client = await _app.SignedInClientAsync();
        Assert.Equal(new[] { 5 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&leader=" + Uri.EscapeDataString("张三"))));
        Assert.Equal(new[] { 5, 9 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&department=" + Uri.EscapeDataString("党政办"))));
    }

    [Fact]
    public async Task Overdue_counts_from_the_deadline_else_the_end_of_the_expected_month_and_skips_completed()
    {
        await using (var db = _app.CreateDb())
        {
            // 14 expects 2024-03 but its deadline 2024-01-10 comes first; 1 is completed, so never overdue.
            (await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 14)).SetDeadline(new DateOnly(2024, 1, 10));
            (await db.Problems.SingleAsync(x => x.InspectionId == 1 && x.Ordinal == 1)).SetDeadline(new DateOnly(2023, 6, 30));
            await db.SaveChangesAsync();
        }
        var december = await ClientAtAsync(new DateTimeOffset(2023, 12, 31, 12, 0, 0, TimeSpan.Zero));
        Assert.Empty(Ordinals(await december.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&overdue=true")));

        var january = await ClientAtAsync(new DateTimeOffset(2024, 1, 15, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new[] { 3, 7, 14 }, Ordinals(await january.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&overdue=true")));
        var html = await january.GetStringAsync("/inspections/1?overdue=true");
        Assert.Equal(3, Regex.Matches(html, "data-overdue=\"true\"").Count);

        var beforeDeadline = await ClientAtAsync(new DateTimeOffset(2024, 1, 9, 12, 0, 0, TimeSpan.Zero));
        Assert.Equal(new[] { 3, 7 }, Ordinals(await beforeDeadline.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&overdue=true")));
    }

    [Fact]
    public async Task Chinese_search_finds_words_in_titles_and_in_measures()
    {
        var client = await _app.SignedInClientAsync();
        Assert.Equal(new[] { 3 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&q=" + Uri.EscapeDataString("撂荒"))));
        // Only in the measures of problem 12, not in any title.
        Assert.Equal(new[] { 12 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&q=" + Uri.EscapeDataString("意识形态责任书"))));
        var html = await client.GetStringAsync("/inspections/1?q=" + Uri.EscapeDataString("撂荒"));
        Assert.Single(ProblemRows().Matches(html));
        Assert.Contains("value=\"撂荒\"", html);
    }

    [Fact]
    public async Task Sorting_orders_by_the_chosen_column_and_paging_splits_the_list()
    {
        var client = await _app.SignedInClientAsync();
        var desc = Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&sort=-ordinal"));
        Assert.Equal(Enumerable.Range(1, 14).Reverse(), desc);
        // By status: the phased ones come before the completed ones.
        Assert.Equal(new[] { 3, 7, 14 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&sort=status")).Take(3));
        Assert.Equal(new[] { 3, 7, 14 }, Ordinals(await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&sort=-expected")).Take(3).Order());

        var page3 = await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&page=3&pageSize=5");
        Assert.Equal(14, page3.GetProperty("total").GetInt32());
        Assert.Equal(new[] { 11, 12, 13, 14 }, Ordinals(page3));

        var html = await client.GetStringAsync("/inspections/1?pageSize=5&page=2&sort=-ordinal");
        Assert.Equal(5, ProblemRows().Matches(html).Count);
        Assert.Contains(">9</td>", html);
        // The pager keeps the sort in its links.
        Assert.Contains("href=\"?sort=-ordinal&amp;page=3&amp;pageSize=5\"", html);
    }

    [Theory]
    [InlineData("status=done", "status")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=1000", "pagesize")]
    [InlineData("overdue=maybe", "overdue")]
    [InlineData("sort=colour", "sort")]
    [InlineData("inspection=abc", "inspection")]
    public async Task A_bad_parameter_gets_a_400_problem_naming_it(string query, string parameter)
    {
        var client = await _app.SignedInClientAsync();
        var response = await client.GetAsync("/api/problems?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out var messages), await response.Content.ReadAsStringAsync());
        Assert.Contains("参数", messages[0].GetString());
    }

    [Fact]
    public async Task The_list_api_answers_only_within_the_users_scope()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Rectify.Data.RectifyDb>();
            var other = db.Organizations.Add(new Organization { Name = "西阳镇" }).Entity;
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
            var u = new Rectify.Data.AppUser { UserName = "xiyang", OrganizationId = other.Id };
            Assert.True((await users.CreateAsync(u, "xiyang-pass-1")).Succeeded);
            await users.AddToRoleAsync(u, Rectify.Infrastructure.Roles.UnitEditor);
        }
        var client = await _app.SignedInClientAsync("xiyang", "xiyang-pass-1");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1");
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/inspections/1/ledger.xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/inspections/1/print")).StatusCode);
    }

    [Fact]
    public async Task The_print_view_shows_every_matching_row_for_a4_landscape()
    {
        var client = await _app.SignedInClientAsync();
        var html = await client.GetStringAsync("/inspections/1/print?pageSize=5");
        Assert.Equal(14, ProblemRows().Matches(html).Count);
        Assert.Contains("print.css", html);
        var css = await client.GetStringAsync("/css/print.css");
        Assert.Contains("size: A4 landscape", css);
    }

    [Fact]
    public async Task An_exported_ledger_imports_back_unchanged_as_a_new_inspection()
    {
        var client = await _app.SignedInClientAsync();
        var first = await client.GetAsync("/inspections/1/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(LedgerWorkbookType, first.Content.Headers.ContentType?.MediaType);
        var exported = await first.Content.ReadAsByteArrayAsync();

        // 城北镇 has a ledger in that round: the import asks first, then makes a second one as told.
        var response = await Rectify.Tests.Excel.DuplicateLedgerForm.ConfirmedAsNewAsync(client, await PostImportAsync(client, exported, "城北镇台账.xlsx"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var newId = int.Parse(response.Headers.Location!.OriginalString.Split('/').Last());
        Assert.NotEqual(1, newId);

        var again = await client.GetByteArrayAsync($"/api/inspections/{newId}/ledger.xlsx");
        var a = LedgerWorkbook.Read(new MemoryStream(exported));
        var b = LedgerWorkbook.Read(new MemoryStream(again));
        Assert.True(a.Succeeded && b.Succeeded);
        Assert.Equal(a.Organisation, b.Organisation);
        Assert.Equal(14, b.Ledger!.AllProblems.Count());
        Assert.Equal(JsonSerializer.Serialize(a.Ledger!.Categories, LedgerJson.Options), JsonSerializer.Serialize(b.Ledger.Categories, LedgerJson.Options));

        // The new inspection is listed, in the chosen round, with counts from its ledger.
        var list = await client.GetFromJsonAsync<JsonElement>("/api/inspections");
        var created = list.EnumerateArray().Single(i => i.GetProperty("id").GetInt32() == newId);
        Assert.Equal(14, created.GetProperty("problems").GetInt32());
        Assert.Equal(11, created.GetProperty("completed").GetInt32());
    }

    [Fact]
    public async Task An_excel_file_with_bad_values_is_refused_by_row_and_column_and_writes_nothing()
    {
        var client = await _app.SignedInClientAsync();
        var exported = await client.GetByteArrayAsync("/inspections/1/export.xlsx");
        var broken = BreakCells(exported, ("J4", "马上改"), ("I5", "明年"));
        int before;
        await using (var db = _app.CreateDb()) before = await db.Problems.CountAsync();

        var response = await PostImportAsync(client, broken, "坏台账.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("未导入任何内容", html);
        Assert.Matches(@"<td class=""num"">4</td><td>整改类型</td>", html);
        Assert.Matches(@"<td class=""num"">5</td><td>整改时限</td>", html);

        await using (var db = _app.CreateDb())
        {
            Assert.Equal(before, await db.Problems.CountAsync());
            Assert.Equal(1, await db.Inspections.CountAsync());
        }
    }

    [Fact]
    public async Task An_excel_file_with_wrong_columns_is_refused_and_writes_nothing()
    {
        var client = await _app.SignedInClientAsync();
        var exported = await client.GetByteArrayAsync("/inspections/1/export.xlsx");
        var broken = BreakCells(exported, ("C2", "问题名称"));
        var response = await PostImportAsync(client, broken, "错列.xlsx");
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("未导入任何内容", html);
        Assert.Matches(@"<td class=""num"">2</td><td>问题描述[^<]*</td><td>缺少必需的列", html);
        await using var db = _app.CreateDb();
        Assert.Equal(1, await db.Inspections.CountAsync());
    }

    const string LedgerWorkbookType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    async Task<HttpResponseMessage> PostImportAsync(HttpClient client, byte[] file, string name)
    {
        var form = await client.GetStringAsync("/inspections/import-xlsx");
        int orgId, roundId;
        await using (var db = _app.CreateDb())
        {
            orgId = await db.Organizations.Where(o => o.Name == "城北镇").Select(o => o.Id).SingleAsync();
            roundId = await db.Rounds.Select(r => r.Id).FirstAsync();
        }
        var content = new MultipartFormDataContent
        {
            { new StringContent(RectifyApp.AntiforgeryToken(form)), "__RequestVerificationToken" },
            // As a new inspection: left to the file, the app's own export would go back into its ledger (LedgerMergeHttpTests).
            { new StringContent("new"), "Target" },
            { new StringContent(orgId.ToString()), "OrganizationId" },
            { new StringContent(roundId.ToString()), "RoundId" },
            { new StringContent("第二组"), "Group" },
        };
        var bytes = new ByteArrayContent(file);
        bytes.Headers.ContentType = new MediaTypeHeaderValue(LedgerWorkbookType);
        content.Add(bytes, "Upload", name);
        return await client.PostAsync("/inspections/import-xlsx", content);
    }

    /// <summary>Replaces cells of the exported sheet with inline text, as a person typing in Excel would.</summary>
    static byte[] BreakCells(byte[] xlsx, params (string Cell, string Text)[] cells)
    {
        using var ms = new MemoryStream();
        ms.Write(xlsx);
        using (var doc = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(ms, true))
        {
            var sheet = doc.WorkbookPart!.WorksheetParts.First().Worksheet;
            foreach (var (reference, text) in cells)
            {
                var cell = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().First(c => c.CellReference == reference);
                cell.DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString;
                cell.CellValue = null;
                cell.RemoveAllChildren();
                cell.Append(new DocumentFormat.OpenXml.Spreadsheet.InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)));
            }
            sheet.Save();
        }
        return ms.ToArray();
    }

    [GeneratedRegex("<tr class=\"problem\"")]
    private static partial Regex ProblemRows();

    [Fact]
    public async Task A_filters_count_kept_between_pages_follows_a_write_made_elsewhere_on_the_next_request()
    {
        var client = await _app.SignedInClientAsync();
        async Task<int> Total(string query) => (await client.GetFromJsonAsync<JsonElement>("/api/problems?" + query, TestContext.Current.CancellationToken)).GetProperty("total").GetInt32();
        Assert.Equal(3, await Total("status=phased&pageSize=1"));
        // Another page of the same filter: the count is kept (counted once), and the same.
        Assert.Equal(3, await Total("status=phased&pageSize=1&page=2"));
        var inProgress = await Total("status=in-progress&pageSize=1");

        // Saved by another instance's context (as the CLI or a second server would), not through this app's requests.
        await using (var db = _app.CreateDb())
        {
            var problem = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 3).SingleAsync(TestContext.Current.CancellationToken);
            problem.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(2, await Total("status=phased&pageSize=1&page=2"));
        Assert.Equal(inProgress + 1, await Total("status=in-progress&pageSize=1"));
    }
    [Fact]
    public async Task A_kept_page_shows_a_title_saved_elsewhere_on_the_next_request()
    {
        var client = await _app.SignedInClientAsync();
        var ct = TestContext.Current.CancellationToken;
        async Task<string> FirstTitle() => (await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&pageSize=1", ct))
            .GetProperty("items")[0].GetProperty("title").GetString()!;
        var before = await FirstTitle();
        Assert.Equal(before, await FirstTitle()); // the same page again: kept

        // Saved by another instance's context (as the CLI or a second server would).
        await using (var db = _app.CreateDb())
        {
            var problem = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 1).SingleAsync(ct);
            problem.Title = "村级财务公开不及时（已改）";
            await db.SaveChangesAsync(ct);
        }
        Assert.Equal("村级财务公开不及时（已改）", await FirstTitle());
    }

    [Fact]
    public async Task A_search_index_rebuilt_elsewhere_drops_the_kept_pages_of_a_word()
    {
        var client = await _app.SignedInClientAsync();
        var ct = TestContext.Current.CancellationToken;
        var url = "/api/problems?inspection=1&q=" + Uri.EscapeDataString("撂荒");
        Assert.Equal(new[] { 3 }, Ordinals(await client.GetFromJsonAsync<JsonElement>(url, ct)));

        // The word taken out of problem 3 around the save (no audit entry, no stamp moved), as an upgrade's
        // data migration would, and the index rebuilt by another process over the same database.
        await using (var db = _app.CreateDb())
        {
            var id = await db.Problems.Where(p => p.InspectionId == 1 && p.Ordinal == 3).Select(p => p.Id).SingleAsync(ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Problems\" SET \"Title\" = '耕地保护不到位', \"Detail\" = NULL WHERE \"Id\" = {0}", [id], ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE \"Measures\" SET \"Text\" = '逐村核查' WHERE \"ProblemId\" = {0}", [id], ct);
            await Rectify.Data.SearchIndex.RebuildAsync(db, ct);
        }
        var after = await client.GetFromJsonAsync<JsonElement>(url, ct);
        Assert.Empty(Ordinals(after));
        Assert.Equal(0, after.GetProperty("total").GetInt32());
    }
}
