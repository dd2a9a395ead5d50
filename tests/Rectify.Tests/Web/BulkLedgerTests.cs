using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Excel;
using Rectify.Tests.Problems;

namespace Rectify.Tests.Web;

/// <summary>批量处理 on the ledger (issue 19 item 2): each problem by the single edit's rules, refusals listed, the rest saved.</summary>
public class BulkLedgerTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    DateOnly Today => _app.Services.GetRequiredService<OfficeClock>().Today;

    async Task<Dictionary<int, int>> IdsAsync()
    {
        await using var db = _app.CreateDb();
        return await db.Problems.Where(p => p.InspectionId == 1).ToDictionaryAsync(p => p.Ordinal, p => p.Id, Ct);
    }

    async Task SetDeadlineAsync(int id, DateOnly d)
    {
        await using var db = _app.CreateDb();
        var p = await db.Problems.SingleAsync(x => x.Id == id, Ct);
        p.SetDeadline(d);
        await db.SaveChangesAsync(Ct);
    }

    static JsonElement Row(JsonElement result, int id) => result.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == id);

    [Fact]
    public async Task A_bulk_deadline_sets_it_where_none_is_set_refuses_with_the_reason_where_one_is_and_records_each_change()
    {
        var ids = await IdsAsync();
        var set = Today.AddDays(30);
        var wanted = Today.AddDays(60);
        await SetDeadlineAsync(ids[3], set);
        var client = await _app.SignedInClientAsync();

        var r = await client.PostAsJsonAsync("/api/inspections/1/problems/bulk",
            new { ids = new[] { ids[3], ids[7], ids[14] }, action = "deadline", deadline = wanted.ToString("yyyy-MM-dd") }, Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var result = await r.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("refused", Row(result, ids[3]).GetProperty("outcome").GetString());
        Assert.Contains($"整改时限已定为 {set:yyyy-MM-dd}", Row(result, ids[3]).GetProperty("message").GetString());
        Assert.Contains("申请延期", Row(result, ids[3]).GetProperty("message").GetString());
        Assert.Equal("saved", Row(result, ids[7]).GetProperty("outcome").GetString());
        Assert.Equal("saved", Row(result, ids[14]).GetProperty("outcome").GetString());
        Assert.Equal(2, result.GetProperty("saved").GetInt32());
        Assert.Equal(1, result.GetProperty("refused").GetInt32());

        await using (var db = _app.CreateDb())
        {
            var rows = await db.Problems.Where(p => p.InspectionId == 1 && (p.Ordinal == 3 || p.Ordinal == 7 || p.Ordinal == 14))
                .ToDictionaryAsync(p => p.Ordinal, p => p.Deadline, Ct);
            Assert.Equal(set, rows[3]);
            Assert.Equal(wanted, rows[7]);
            Assert.Equal(wanted, rows[14]);
            // Each saved problem's own history row and audit entry; none for the refused one.
            foreach (var o in new[] { 7, 14 })
            {
                Assert.Single(await db.ProblemChanges.Where(c => c.ProblemId == ids[o] && c.Field == nameof(Problem.Deadline) && c.After!.Contains(wanted.ToString("yyyy-MM-dd"))).ToListAsync(Ct));
                Assert.True(await db.AuditEntries.AnyAsync(a => a.Entity == nameof(Problem) && a.EntityKey == ids[o].ToString() && a.After!.Contains(wanted.ToString("yyyy-MM-dd")), Ct));
            }
            Assert.False(await db.ProblemChanges.AnyAsync(c => c.ProblemId == ids[3] && c.Field == nameof(Problem.Deadline) && c.After!.Contains(wanted.ToString("yyyy-MM-dd")), Ct));
        }

        // Chosen as an extension request instead: the deadline stays, a request waits for approval.
        var again = await client.PostAsJsonAsync("/api/inspections/1/problems/bulk",
            new { ids = new[] { ids[3], ids[7] }, action = "deadline", deadline = wanted.ToString("yyyy-MM-dd"), extendWhereSet = true, reason = "汛期无法施工" }, Ct);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("saved", Row(second, ids[3]).GetProperty("outcome").GetString());
        Assert.Contains("已申请延期", Row(second, ids[3]).GetProperty("message").GetString());
        Assert.Equal("unchanged", Row(second, ids[7]).GetProperty("outcome").GetString());
        await using (var db = _app.CreateDb())
        {
            var p = await db.Problems.Include(x => x.Extensions).SingleAsync(x => x.Id == ids[3], Ct);
            Assert.Equal(set, p.Deadline);
            var e = Assert.Single(p.Extensions);
            Assert.Equal((ExtensionState.Requested, wanted, "汛期无法施工"), (e.State, e.NewDeadline, e.Reason));
        }
    }

    [Fact]
    public async Task A_bulk_leader_for_all_matching_the_filter_changes_each_and_a_retry_with_the_same_key_changes_nothing_again()
    {
        var ids = await IdsAsync();
        var client = await _app.SignedInClientAsync();
        HttpRequestMessage Post() => new(HttpMethod.Post, "/api/inspections/1/problems/bulk")
        {
            Content = JsonContent.Create(new { all = true, filter = "?status=phased", action = "leader", value = "王镇长" }),
            Headers = { { "Idempotency-Key", "bulk-leader-1" } },
        };
        var first = await client.SendAsync(Post(), Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var body = await first.Content.ReadAsStringAsync(Ct);
        var result = JsonDocument.Parse(body).RootElement;
        Assert.Equal(new[] { ids[3], ids[7], ids[14] }, result.GetProperty("rows").EnumerateArray().Select(x => x.GetProperty("id").GetInt32()).ToArray());
        Assert.Equal(3, result.GetProperty("saved").GetInt32());

        var retry = await client.SendAsync(Post(), Ct);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(body, await retry.Content.ReadAsStringAsync(Ct));

        await using var db = _app.CreateDb();
        Assert.Equal(3, await db.Problems.CountAsync(p => p.InspectionId == 1 && p.ResponsibleLeader == "王镇长", Ct));
        foreach (var o in new[] { 3, 7, 14 })
            Assert.Single(await db.ProblemChanges.Where(c => c.ProblemId == ids[o] && c.Field == nameof(Problem.ResponsibleLeader) && c.After == "王镇长").ToListAsync(Ct));
    }

    [Fact]
    public async Task A_bulk_measure_owner_is_set_on_every_measure_by_the_measure_edits_rule_and_a_problem_without_measures_is_refused_with_the_reason()
    {
        var ids = await IdsAsync();
        // Problem 14 without measures yet, as a ledger typed in from the feedback has them.
        await using (var db = _app.CreateDb())
        {
            db.Measures.RemoveRange(await db.Measures.Where(m => m.ProblemId == ids[14]).ToListAsync(Ct));
            await db.SaveChangesAsync(Ct);
        }
        var client = await _app.SignedInClientAsync();
        var r = await client.PostAsJsonAsync("/api/inspections/1/problems/bulk", new { ids = new[] { ids[3], ids[7], ids[14] }, action = "owner", value = "镇农办王" }, Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var result = await r.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("saved", Row(result, ids[3]).GetProperty("outcome").GetString());
        Assert.Equal("saved", Row(result, ids[7]).GetProperty("outcome").GetString());
        Assert.Equal("refused", Row(result, ids[14]).GetProperty("outcome").GetString());
        Assert.Equal("这个问题还没有整改措施，请先在问题页添加整改措施", Row(result, ids[14]).GetProperty("message").GetString());

        await using (var db = _app.CreateDb())
        {
            foreach (var o in new[] { 3, 7 })
            {
                var measures = await db.Measures.Where(m => m.ProblemId == ids[o]).ToListAsync(Ct);
                Assert.NotEmpty(measures);
                Assert.All(measures, m => Assert.Equal("镇农办王", m.Owner));
                Assert.Contains($"{measures.Count} 项整改措施的责任人改为 镇农办王", Row(result, ids[o]).GetProperty("message").GetString());
                // The measure's history, as its single edit writes it: a row a measure.
                var changes = await db.ProblemChanges.Where(c => c.ProblemId == ids[o] && c.Field == "Measures" && c.After!.Contains("责任人 镇农办王")).ToListAsync(Ct);
                Assert.Equal(measures.Count, changes.Count);
            }
        }

        // Asked again: already so, nothing written twice.
        var again = await (await client.PostAsJsonAsync("/api/inspections/1/problems/bulk", new { ids = new[] { ids[3] }, action = "owner", value = "镇农办王" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("unchanged", Row(again, ids[3]).GetProperty("outcome").GetString());
        Assert.Equal("各项整改措施的责任人已是 镇农办王", Row(again, ids[3]).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_bulk_department_names_each_problems_department_whose_account_then_finds_them_in_its_ledger()
    {
        var ids = await IdsAsync();
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<Rectify.Data.RectifyDb>();
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Rectify.Data.AppUser>>();
            var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇", Ct);
            var office = db.Organizations.Add(new Organization { Name = "党政办", ParentId = town.Id }).Entity;
            await db.SaveChangesAsync(Ct);
            var u = new Rectify.Data.AppUser { UserName = "dzb", DisplayName = "党政办主任", OrganizationId = office.Id };
            Assert.True((await users.CreateAsync(u, ProblemKit.Password)).Succeeded);
            await users.AddToRoleAsync(u, Rectify.Infrastructure.Roles.UnitEditor);
        }
        var dzb = await _app.As("dzb");
        // Before: the department answers for none of them (its ledger lists none, or there is none for it).
        var first = await dzb.GetAsync("/inspections/1", Ct);
        Assert.DoesNotContain($"href=\"/problems/{ids[7]}\"", first.IsSuccessStatusCode ? await first.Content.ReadAsStringAsync(Ct) : "");

        var client = await _app.SignedInClientAsync();
        var r = await client.PostAsJsonAsync("/api/inspections/1/problems/bulk", new { ids = new[] { ids[3], ids[7] }, action = "department", value = "党政办" }, Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var result = await r.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, result.GetProperty("saved").GetInt32());
        Assert.Contains("责任单位（部门）由", Row(result, ids[7]).GetProperty("message").GetString());

        await using (var db = _app.CreateDb())
        {
            Assert.Equal(2, await db.Problems.CountAsync(p => p.InspectionId == 1 && p.ResponsibleDepartment == "党政办", Ct));
            foreach (var o in new[] { 3, 7 })
            {
                Assert.Single(await db.ProblemChanges.Where(c => c.ProblemId == ids[o] && c.Field == nameof(Problem.ResponsibleDepartment) && c.After == "党政办").ToListAsync(Ct));
            }
        }
        // The department's account now finds exactly those two problems in the ledger, at once.
        var after = await dzb.GetStringAsync("/inspections/1", Ct);
        Assert.Contains("id=\"department-part\"", after);
        Assert.Contains($"href=\"/problems/{ids[3]}\"", after);
        Assert.Contains($"href=\"/problems/{ids[7]}\"", after);
        Assert.DoesNotContain($"href=\"/problems/{ids[14]}\"", after);
    }

    [Fact]
    public async Task A_bulk_request_that_says_nothing_usable_is_refused_in_chinese_and_writes_nothing()
    {
        var ids = await IdsAsync();
        var client = await _app.SignedInClientAsync();
        long before;
        await using (var db0 = _app.CreateDb()) before = await db0.ProblemChanges.CountAsync(Ct);
        async Task<string> Refused(object body)
        {
            var r = await client.PostAsJsonAsync("/api/inspections/1/problems/bulk", body, Ct);
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            return await ProblemKit.DetailAsync(r);
        }
        Assert.Contains("未知的批量操作", await Refused(new { ids = new[] { ids[3] }, action = "delete" }));
        Assert.Equal("请填写新的责任领导", await Refused(new { ids = new[] { ids[3] }, action = "leader", value = " " }));
        Assert.Equal("请先勾选要处理的问题", await Refused(new { ids = Array.Empty<int>(), action = "leader", value = "王" }));
        Assert.Equal("申请延期须说明理由", await Refused(new { ids = new[] { ids[3] }, action = "extension", deadline = Today.AddDays(9).ToString("yyyy-MM-dd") }));
        await using var db = _app.CreateDb();
        Assert.Equal(before, await db.ProblemChanges.CountAsync(Ct));
    }

    [Fact]
    public async Task Another_units_editor_gets_no_answer_about_the_ledger_and_a_problem_of_another_ledger_is_refused_by_row()
    {
        await ProblemKit.CreateUsersAsync(_app);
        var ids = await IdsAsync();
        var outsider = await _app.As("outsider");
        var r = await outsider.PostAsJsonAsync("/api/inspections/1/problems/bulk", new { ids = new[] { ids[3] }, action = "leader", value = "某人" }, Ct);
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);

        // A reader of the unit sees the ledger but may not change it: each row says so, nothing is written.
        var reader = await _app.As("reader");
        var read = await reader.PostAsJsonAsync("/api/inspections/1/problems/bulk", new { ids = new[] { ids[3], ids[7] }, action = "person", value = "某人" }, Ct);
        var result = await read.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.All(result.GetProperty("rows").EnumerateArray(), row =>
        {
            Assert.Equal("refused", row.GetProperty("outcome").GetString());
            Assert.Contains("您的角色不能修改问题", row.GetProperty("message").GetString());
        });
        await using var db = _app.CreateDb();
        Assert.False(await db.Problems.AnyAsync(p => p.ResponsiblePerson == "某人", Ct));
    }

    [Fact]
    public async Task The_ledger_page_applies_a_bulk_change_lists_the_refused_rows_with_the_reason_and_exports_the_selection()
    {
        var ids = await IdsAsync();
        await SetDeadlineAsync(ids[7], Today.AddDays(20));
        var client = await _app.SignedInClientAsync();
        var page = await client.GetStringAsync("/inspections/1", Ct);
        Assert.Contains("批量处理", page);
        Assert.Contains($"name=\"ids\" value=\"{ids[3]}\" form=\"bulk\"", page);
        var token = RectifyApp.AntiforgeryToken(page);
        var wanted = Today.AddDays(45).ToString("yyyy-MM-dd");
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", token), new("ids", ids[3].ToString()), new("ids", ids[7].ToString()),
            new("change", "deadline"), new("deadline", wanted), new("filter", ""),
        };
        var r = await client.PostAsync("/inspections/1?handler=bulk", new FormUrlEncodedContent(form), Ct);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var html = await r.Content.ReadAsStringAsync(Ct);
        Assert.Contains("已保存 <b data-testid=\"bulk-saved\">1</b> 个", html);
        Assert.Contains("未能处理 <b data-testid=\"bulk-refused\">1</b> 个", html);
        Assert.Contains($"整改时限已定为 {Today.AddDays(20):yyyy-MM-dd}", html);
        // The choices stay on the form, the ticks too.
        Assert.Contains($"value=\"{wanted}\"", html);
        Assert.Contains($"name=\"ids\" value=\"{ids[7]}\" form=\"bulk\" checked=\"checked\"", html);

        var export = await client.PostAsync("/inspections/1?handler=export", new FormUrlEncodedContent(
            [new("__RequestVerificationToken", token), new("ids", ids[3].ToString()), new("ids", ids[14].ToString())]), Ct);
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.Content.Headers.ContentType?.MediaType);
        using var stream = new MemoryStream(await export.Content.ReadAsByteArrayAsync(Ct));
        var read = LedgerWorkbook.Read(stream);
        Assert.Equal(new[] { 3, 14 }, read.Ledger!.AllProblems.Select(p => p.Ordinal).ToArray());

        // Nothing chosen: said on the page, not a file.
        var none = await client.PostAsync("/inspections/1?handler=export", new FormUrlEncodedContent([new("__RequestVerificationToken", token)]), Ct);
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("请先勾选要导出的问题", await none.Content.ReadAsStringAsync(Ct));
    }
}
