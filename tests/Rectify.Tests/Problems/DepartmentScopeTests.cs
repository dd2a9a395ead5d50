using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

/// <summary>
/// The accounts of a problem's linked 责任部门 (a unit below the problem's, Features/Problems/Departments.cs) open that
/// problem, its measures and its evidence, and report progress on it (its editors, and the owners of its measures), and
/// edit nothing else of it; they see no other problem of the unit, and a neighbouring unit's department sees none of
/// them: 404, as for anything out of scope.
/// </summary>
public class DepartmentScopeTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;
    int _office, _other;

    public DepartmentScopeTests() : this(postgres: false) { }

    /// <summary>Both providers: the department rule is SQL (Scope.Problems), its text and number functions each provider's own.</summary>
    protected DepartmentScopeTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }

    public async ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        using var scope = _app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var town = await db.Organizations.SingleAsync(o => o.Name == "城北镇");
        // 城北镇's 党政办; the neighbouring 城南镇 with a 党政办 of its own.
        var office = db.Organizations.Add(new Organization { Name = "党政办", ParentId = town.Id }).Entity;
        var south = db.Organizations.Add(new Organization { Name = "城南镇", Level = OrganizationLevel.Town, ParentId = town.ParentId }).Entity;
        await db.SaveChangesAsync();
        var southOffice = db.Organizations.Add(new Organization { Name = "党政办", ParentId = south.Id }).Entity;
        await db.SaveChangesAsync();
        async Task<AppUser> Add(string name, string display, int org, string role)
        {
            var u = new AppUser { UserName = name, DisplayName = display, OrganizationId = org };
            var r = await users.CreateAsync(u, Password);
            Assert.True(r.Succeeded, string.Join(";", r.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(u, role);
            return u;
        }
        await Add("office", "党政办主任", office.Id, Roles.UnitEditor);
        var owner = await Add("officelead", "党政办分管领导", office.Id, Roles.UnitLeader);
        await Add("officereader", "党政办只读", office.Id, Roles.Reader);
        await Add("southoffice", "城南党政办主任", southOffice.Id, Roles.UnitEditor);
        await Add("editor", "王填报", town.Id, Roles.UnitEditor);

        // The phased problem is 党政办's, with a measure owned by its leader (as an account); another problem is not.
        var p = await db.Problems.Include(x => x.Measures).SingleAsync(x => x.Id == Phased);
        p.ResponsibleDepartment = "党政办";
        p.Measures.Add(new Measure { Text = "党政办牵头建立撂荒地台账", Owner = "党政办分管领导", OwnerId = owner.Id, Ordinal = p.Measures.Count + 1 });
        await db.SaveChangesAsync();
        _office = p.Id;
        _other = await db.Problems.Where(x => x.InspectionId == p.InspectionId && x.Id != p.Id && x.ResponsibleDepartment != "党政办").Select(x => x.Id).FirstAsync();
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task A_department_account_reads_its_departments_problem_and_reports_progress_and_edits_nothing_else()
    {
        var office = await _app.As("office");
        var page = await office.GetAsync($"/problems/{_office}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("党政办牵头建立撂荒地台账", html);
        Assert.Contains("您作为责任部门查看这个问题：可以填报整改进展，其他内容由被巡察单位维护。", html);
        Assert.Contains("handler=Progress", html);
        var rights = (await office.GetProblemAsync(_office)).GetProperty("rights");
        Assert.False(rights.GetProperty("edit").GetBoolean());
        Assert.True(rights.GetProperty("report").GetBoolean());

        // Progress with its evidence: reported, and the evidence opens for the department.
        var v = await office.VersionAsync(_office);
        var added = await office.PostAsync($"/api/problems/{_office}/progress", Progress("党政办已完成台账", v, ("台账.pdf", Pdf())));
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        int evidence;
        await using (var db = _app.CreateDb())
            evidence = await db.Evidence.Where(e => e.FileName == "台账.pdf").Select(e => e.Id).SingleAsync();
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/api/evidence/{evidence}")).StatusCode);

        // Nothing else of the problem is the department's to change: the unit's editors keep it. Nothing written.
        v = await office.VersionAsync(_office);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"/api/problems/{_office}/measures", new { text = "部门加的措施", version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PutAsJsonAsync($"/api/problems/{_office}", new { title = "部门改的标题", version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"/api/problems/{_office}/closure/request", new { version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await office.PostAsJsonAsync($"/api/problems/{_office}/extensions", new { newDeadline = "2027-06-30", reason = "部门申请", version = v })).StatusCode);
        var stored = await _app.StoredAsync(_office);
        Assert.DoesNotContain(stored.Measures, m => m.Text == "部门加的措施");
        Assert.NotEqual("部门改的标题", stored.Title);
        Assert.Equal(v, stored.Version);

        // The owner of a measure reports too; a reader of the department only reads.
        var lead = await _app.As("officelead");
        Assert.Equal(HttpStatusCode.Created, (await lead.PostAsync($"/api/problems/{_office}/progress", Progress("分管领导督促落实", v, ("督办.pdf", Pdf("lead"))))).StatusCode);
        var reader = await _app.As("officereader");
        var read = await reader.GetStringAsync($"/problems/{_office}");
        Assert.Contains("您作为责任部门查看这个问题，只能查看。", read);
        Assert.DoesNotContain("handler=Progress", read);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/problems/{_office}/progress", Progress("只读者填报", v + 1, ("x.pdf", Pdf("x"))))).StatusCode);
    }

    [Fact]
    public async Task A_department_sees_no_other_problem_of_its_unit_and_a_neighbouring_department_sees_none()
    {
        // Evidence of the department's problem, added by the unit.
        var editor = await _app.As("editor");
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsync($"/api/problems/{_office}/progress", Progress("镇里填报", await editor.VersionAsync(_office), ("镇.pdf", Pdf("town"))))).StatusCode);
        int evidence;
        await using (var db = _app.CreateDb())
            evidence = await db.Evidence.Where(e => e.FileName == "镇.pdf").Select(e => e.Id).SingleAsync();

        var office = await _app.As("office");
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/problems/{_other}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await office.GetAsync($"/api/problems/{_other}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/api/evidence/{evidence}")).StatusCode);

        // 城南镇's 党政办 bears the same name, but is no department of 城北镇.
        var south = await _app.As("southoffice");
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/problems/{_office}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/api/problems/{_office}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/api/evidence/{evidence}")).StatusCode);
        var v = await editor.VersionAsync(_office);
        Assert.Equal(HttpStatusCode.NotFound, (await south.PostAsync($"/api/problems/{_office}/progress", Progress("越权填报", v, ("y.pdf", Pdf("y"))))).StatusCode);
        Assert.Equal(v, (await _app.StoredAsync(_office)).Version);
    }

    /// <summary>The ids listed by GET /api/problems (the ledger list) with the given query, and its total: "3,7 of 2".</summary>
    static async Task<string> ListedAsync(HttpClient c, string query)
    {
        var list = await c.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/problems" + query);
        return $"{string.Join(',', list.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).Order())} of {list.GetProperty("total").GetInt32()}";
    }

    [Fact]
    public async Task A_department_account_lists_and_counts_exactly_its_departments_problems_and_a_unit_account_all_of_its_ledger()
    {
        int inspection, all;
        await using (var db = _app.CreateDb())
        {
            inspection = await db.Problems.Where(p => p.Id == _office).Select(p => p.InspectionId).SingleAsync();
            all = await db.Problems.CountAsync(p => p.InspectionId == inspection);
        }
        var office = await _app.As("office");

        // The ledger list (API), in its inspection and without a filter: its one problem, and the total says 1.
        Assert.Equal($"{_office} of 1", await ListedAsync(office, $"?inspection={inspection}"));
        Assert.Equal($"{_office} of 1", await ListedAsync(office, ""));
        // The home list and GET /api/inspections: the inspection, counted as its part.
        var inspections = await office.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/inspections");
        var row = Assert.Single(inspections.EnumerateArray());
        Assert.Equal(inspection, row.GetProperty("id").GetInt32());
        Assert.Equal(1, row.GetProperty("problems").GetInt32());
        // The ledger page: the problem listed, the other not, counted as 1, and why only it.
        var page = await office.GetAsync($"/inspections/{inspection}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains($"href=\"/problems/{_office}\"", html);
        Assert.DoesNotContain($"href=\"/problems/{_other}\"", html);
        Assert.Matches(@"<li><b>1</b> 个问题</li>", html);
        Assert.Contains("您作为责任部门，只看到本部门负责的问题；其余问题由被巡察单位维护。", html);
        // Its Excel export holds its problem and not the unit's others (the workbook's text, read from its parts).
        var xlsx = await office.GetAsync($"/inspections/{inspection}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        string text;
        using (var zip = new System.IO.Compression.ZipArchive(await xlsx.Content.ReadAsStreamAsync()))
            text = string.Concat(zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal)).Select(e => new StreamReader(e.Open()).ReadToEnd()));
        Assert.Contains((await _app.StoredAsync(_office)).Title, text);
        Assert.DoesNotContain((await _app.StoredAsync(_other)).Title, text);

        // The neighbouring 党政办 lists nothing of 城北镇, and its ledger page is not there.
        var south = await _app.As("southoffice");
        Assert.Equal(" of 0", await ListedAsync(south, ""));
        Assert.Empty((await south.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/inspections")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/inspections/{inspection}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/inspections/{inspection}/export.xlsx")).StatusCode);

        // The unit's account is unchanged: the whole ledger.
        var editor = await _app.As("editor");
        var unit = await editor.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/problems?inspection={inspection}&pageSize=100");
        Assert.Equal(all, unit.GetProperty("total").GetInt32());
        Assert.Equal(all, unit.GetProperty("items").GetArrayLength());
        Assert.Equal(all, (await editor.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/inspections")).EnumerateArray().Single(r => r.GetProperty("id").GetInt32() == inspection).GetProperty("problems").GetInt32());

        // An administrator links another name of the unit (“党政办公室”) to 党政办: at once the list, the count and the page agree.
        await using (var db = _app.CreateDb())
        {
            var town = await db.InspectionTargets.Where(t => t.InspectionId == inspection).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstAsync();
            var dept = await db.Organizations.Where(o => o.Name == "党政办" && o.ParentId == town).Select(o => o.Id).SingleAsync();
            (await db.Problems.SingleAsync(p => p.Id == _other)).ResponsibleDepartment = "党政办公室";
            db.Settings.Add(new AppSetting { Key = Rectify.Features.Problems.Departments.ChoiceKey(town, "党政办公室"), Value = $"{dept}" });
            await db.SaveChangesAsync();
        }
        Assert.Equal($"{Math.Min(_office, _other)},{Math.Max(_office, _other)} of 2", await ListedAsync(office, $"?inspection={inspection}"));
        Assert.Equal(2, (await office.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/inspections")).EnumerateArray().Single().GetProperty("problems").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await office.GetAsync($"/problems/{_other}")).StatusCode);
        Assert.Equal(" of 0", await ListedAsync(south, ""));
        Assert.Equal(HttpStatusCode.NotFound, (await south.GetAsync($"/problems/{_other}")).StatusCode);
    }
}

public sealed class PostgresDepartmentScopeTests() : DepartmentScopeTests(postgres: true);
