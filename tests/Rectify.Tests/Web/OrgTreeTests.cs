using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Notifications;
using Rectify.Tests.Supervision;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 18 items 2, 3 and the tree part of 10: scope and notices follow the organisation tree (梅江区 → 城北镇 →
/// 城北村, and the neighbouring 西阳镇 → 西阳村), every unit figure rolls up along it, and the roles 签发人,
/// 巡察办工作人员 and 纪委监督员 may exactly what the role matrix says, through the HTTP API.
/// </summary>
public class OrgTreeTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    readonly bool _postgres;
    SupervisionWorld _w = null!;
    SmtpSink _smtp = null!;
    long _mark;
    int _village, _neighbour, _neighbourVillage, _villageInspection, _villageProblem;
    const int Town = SupervisionWorld.Town;

    public OrgTreeTests() : this(postgres: false) { }
    protected OrgTreeTests(bool postgres) => _postgres = postgres;

    public async ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        _smtp = await SmtpSink.StartNewAsync();
        var root = RectifyApp.SqliteOrPostgres(_postgres);
        _smtp.Configure(root.Settings);
        _w = new SupervisionWorld(June1, root);
        await using (var db = _w.Db())
        {
            var village = db.Organizations.Add(new Organization { Name = "城北村", Level = OrganizationLevel.Village, ParentId = Town }).Entity;
            var neighbour = db.Organizations.Add(new Organization { Name = "西阳镇", Level = OrganizationLevel.Town, ParentId = SupervisionWorld.District }).Entity;
            await db.SaveChangesAsync();
            var neighbourVillage = db.Organizations.Add(new Organization { Name = "西阳村", Level = OrganizationLevel.Village, ParentId = neighbour.Id }).Entity;
            await db.SaveChangesAsync();
            (_village, _neighbour, _neighbourVillage) = (village.Id, neighbour.Id, neighbourVillage.Id);
            (await db.Users.SingleAsync(u => u.UserName == "admin")).Email = "admin@example.org";
            await db.SaveChangesAsync();
        }
        _villageInspection = await LoadDemoAsAsync("城北村", _village);
        await LoadDemoAsAsync("西阳村", _neighbourVillage);
        await using (var db = _w.Db())
        {
            // A village problem with a deadline this month, so that it can be extended and later run overdue.
            var p = await db.Problems.Where(x => x.InspectionId == _villageInspection && !Statuses.Done.Contains(x.Status)).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 6, 30));
            await db.SaveChangesAsync();
            _villageProblem = p.Id;
        }
        await _w.UserAsync("townlead", "城北镇书记", Roles.UnitLeader, Town, "townlead@example.org");
        await _w.UserAsync("towned", "城北镇填报", Roles.UnitEditor, Town, "towned@example.org");
        await _w.UserAsync("vedit", "城北村填报", Roles.UnitEditor, _village, "vedit@example.org");
        await _w.UserAsync("nblead", "西阳镇书记", Roles.UnitLeader, _neighbour, "nblead@example.org");
        await _w.UserAsync("nbed", "西阳镇填报", Roles.UnitEditor, _neighbour, "nbed@example.org");
        await _w.UserAsync("jwtown", "城北镇纪委监督员", Roles.Supervisor, Town, "jwtown@example.org");
        await _w.UserAsync("jwnb", "西阳镇纪委监督员", Roles.Supervisor, _neighbour, "jwnb@example.org");
        await _w.UserAsync("signer", "城北镇签发人", Roles.Signer, Town, "signer@example.org");
        await _w.UserAsync("staff", "巡察办干部", Roles.OfficeStaff, null, "staff@example.org");
        await _w.UserAsync("noorg", "未分配", Roles.UnitEditor, null, "noorg@example.org");
    }

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>The demo ledger again as a village's, in the same round.</summary>
    async Task<int> LoadDemoAsAsync(string name, int org)
    {
        var doc = Setup.DemoLedger();
        doc.Issuer = $"中共梅州市梅江区{name}支部委员会";
        doc.Inspection.Target = $"{name}党支部";
        await using var db = _w.Db();
        return (await LedgerTransfer.LoadAsync(db, doc, _w.App.Services.GetRequiredService<Rectify.Core.OfficeClock>(), org)).Id;
    }

    static async Task<JsonElement> OkAsync(HttpResponseMessage r)
    {
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    static async Task<int> VersionAsync(HttpClient c, int problem) => (await OkAsync(await c.GetAsync($"/api/problems/{problem}"))).GetProperty("version").GetInt32();

    /// <summary>From here on: what <see cref="HeardAsync"/> counts.</summary>
    async Task MarkAsync()
    {
        await using (var db = _w.Db()) _mark = await db.Notifications.MaxAsync(n => (long?)n.Id) ?? 0;
        _smtp.Take();
    }

    /// <summary>
    /// Who heard of <paramref name="kind"/> about the problem since the mark: the accounts with an inbox entry, and the
    /// recipients of the e-mails the outbox then sent over SMTP with those entries' titles as subjects.
    /// </summary>
    async Task<(List<string> Inbox, List<string> Mail)> HeardAsync(string kind, int problem)
    {
        List<(string User, string Title)> inbox;
        await using (var db = _w.Db())
            inbox = (await db.Notifications.Where(n => n.Id > _mark && n.Kind == kind && n.ProblemId == problem)
                .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Title }).ToListAsync()).Select(r => (r.UserName!, r.Title)).ToList();
        using (var scope = _w.App.Services.CreateScope())
            await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>());
        var titles = inbox.Select(i => i.Title).ToHashSet();
        var mail = _smtp.Take().Where(m => titles.Contains(m.Subject ?? "")).Select(m => m.To.Mailboxes.Single().Address.Split('@')[0]);
        return (inbox.Select(i => i.User).Order().ToList(), mail.Order().ToList());
    }

    /// <summary>Exactly <paramref name="expected"/> heard, once each, in the inbox and by e-mail: every other account of the tree did not.</summary>
    async Task AssertHeardAsync(string kind, int problem, params string[] expected)
    {
        var (inbox, mail) = await HeardAsync(kind, problem);
        Assert.Equal(expected.Order().ToList(), inbox);
        Assert.Equal(expected.Order().ToList(), mail);
    }

    /// <summary>The accounts with a notification of <paramref name="kind"/> about the problem.</summary>
    async Task<List<string>> ToldAsync(string kind, int? problem = null)
    {
        await using var db = _w.Db();
        return (await db.Notifications.Where(n => n.Kind == kind && (problem == null || n.ProblemId == problem))
            .Join(db.Users, n => n.UserId, u => u.Id, (n, u) => u.UserName!).ToListAsync()).Distinct().Order().ToList();
    }

    [Fact]
    public async Task A_town_leader_sees_and_is_told_of_a_village_problem_and_the_neighbouring_towns_leader_is_not()
    {
        var townlead = await _w.ClientAsync("townlead");
        var nblead = await _w.ClientAsync("nblead");

        // Sees: the problem, the ledger, the inspection list; the neighbouring town's leader gets "not there" (404) everywhere.
        Assert.Equal(HttpStatusCode.OK, (await townlead.GetAsync($"/api/problems/{_villageProblem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nblead.GetAsync($"/api/problems/{_villageProblem}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await townlead.GetAsync($"/inspections/{_villageInspection}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await nblead.GetAsync($"/inspections/{_villageInspection}")).StatusCode);
        static async Task<List<int>> Inspections(HttpClient c) =>
            (await c.GetFromJsonAsync<JsonElement>("/api/inspections")).EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
        Assert.Contains(_villageInspection, await Inspections(townlead));
        Assert.DoesNotContain(_villageInspection, await Inspections(nblead));
        // The overview: the town with the village below it, its subtotal holding the village's problems; nothing of it for the neighbour.
        var mine = (await townlead.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("organizations").EnumerateArray().ToList();
        var village = mine.Single(o => o.GetProperty("id").GetInt32() == _village);
        Assert.Equal(Town, village.GetProperty("parentId").GetInt32());
        var town = mine.Single(o => o.GetProperty("id").GetInt32() == Town);
        Assert.Equal(town.GetProperty("total").GetInt32() + village.GetProperty("subtreeTotal").GetInt32(), town.GetProperty("subtreeTotal").GetInt32());
        var theirs = (await nblead.GetFromJsonAsync<JsonElement>("/api/overview")).GetProperty("organizations").EnumerateArray().ToList();
        Assert.DoesNotContain(theirs, o => o.GetProperty("id").GetInt32() is var id && (id == _village || id == Town));

        // Told: the village asks for more time; the town's leader (who may decide it) hears, the neighbour's does not.
        // Exactly who may decide it: the town's leader above the village and 巡察办 (its administrator and staff); not the
        // neighbouring town's people, not the editors, the 签发人 or the commission, not the village's editor who acted.
        var vedit = await _w.ClientAsync("vedit");
        await MarkAsync();
        await OkAsync(await vedit.PostAsJsonAsync($"/api/problems/{_villageProblem}/extensions",
            new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = await VersionAsync(vedit, _villageProblem) }));
        await AssertHeardAsync(Events.ExtensionRequested, _villageProblem, "admin", "staff", "townlead");

        // The village's problem runs overdue: the commission of the town's area hears of it, the neighbouring town's does not.
        // Escalation up the tree: the town's leader (the unit above the village) is told of its red light, once, with 巡察办;
        // the neighbouring town's leader and commission are not; the town's editor is no leader.
        _w.Clock.Advance(TimeSpan.FromDays(35)); // 2026-07-06
        await MarkAsync();
        using (var scope = _w.App.Services.CreateScope())
            await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
        await AssertHeardAsync("warning-red", _villageProblem, "admin", "jwtown", "staff", "townlead");
        await MarkAsync();
        using (var scope = _w.App.Services.CreateScope())
            await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
        await using (var db = _w.Db())
        {
            var leaderId = (await db.Users.SingleAsync(u => u.UserName == "townlead")).Id;
            var entry = await db.Notifications.SingleAsync(n => n.Kind == "warning-red" && n.ProblemId == _villageProblem && n.UserId == leaderId);
            Assert.Contains("上级单位领导", entry.Body);
        }
    }

    [Fact]
    public async Task Every_unit_figure_rolls_up_along_the_tree_and_the_export_carries_the_subtotals()
    {
        var admin = await _w.ClientAsync("admin");
        var f = await admin.GetFromJsonAsync<JsonElement>("/api/overview");
        var rows = f.GetProperty("organizations").EnumerateArray().ToList();
        static int? Parent(JsonElement o) => o.TryGetProperty("parentId", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt32() : null;
        // The tree as the figures give it: 梅江区 → 城北镇 (own ledger) → 城北村 (own ledger), 梅江区 → 西阳镇 → 西阳村 (own ledger).
        var byName = rows.ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(new[] { "城北村", "城北镇", "梅江区", "西阳村", "西阳镇" }.Order(StringComparer.Ordinal), byName.Keys.Order(StringComparer.Ordinal));
        Assert.Null(Parent(byName["梅江区"]));
        Assert.Equal(byName["西阳镇"].GetProperty("id").GetInt32(), Parent(byName["西阳村"]));
        foreach (var o in rows)
        {
            var children = rows.Where(c => Parent(c) == o.GetProperty("id").GetInt32()).ToList();
            foreach (var (sub, own) in new[] { ("subtreeTotal", "total"), ("subtreeCompleted", "completed"), ("subtreeRed", "red") })
                Assert.Equal(o.GetProperty(own).GetInt32() + children.Sum(c => c.GetProperty(sub).GetInt32()), o.GetProperty(sub).GetInt32());
        }
        // The district's subtotal is every problem; each figure counted independently from the ledger.
        await using (var db = _w.Db())
        {
            var all = await db.Problems.CountAsync();
            var done = await db.Problems.CountAsync(p => Statuses.Done.Contains(p.Status));
            Assert.Equal((all, done), (byName["梅江区"].GetProperty("subtreeTotal").GetInt32(), byName["梅江区"].GetProperty("subtreeCompleted").GetInt32()));
            var ofTown = await db.Problems.CountAsync(p => p.Inspection!.Targets.Any(t => t.Ordinal == 1 && (t.OrganizationId == Town || t.OrganizationId == _village)));
            Assert.Equal(ofTown, byName["城北镇"].GetProperty("subtreeTotal").GetInt32());
        }
        Assert.Equal(0, byName["西阳镇"].GetProperty("total").GetInt32());
        Assert.Equal(byName["西阳村"].GetProperty("total").GetInt32(), byName["西阳镇"].GetProperty("subtreeTotal").GetInt32());

        // The export's unit sheet: the same subtotals, each unit under its parent.
        var xlsx = new MemoryStream(await admin.GetByteArrayAsync("/overview/export.xlsx"));
        var sheet = xlsx.Query(useHeaderRow: true, sheetName: "按单位").Cast<IDictionary<string, object>>().ToList();
        int N(IDictionary<string, object> r, string k) => Convert.ToInt32(r[k], CultureInfo.InvariantCulture);
        Assert.Equal(rows.Count, sheet.Count);
        foreach (var r in sheet)
        {
            var name = (string)r["单位"];
            Assert.Equal(byName[name].GetProperty("subtreeTotal").GetInt32(), N(r, "含下级问题数"));
            Assert.Equal(byName[name].GetProperty("total").GetInt32(), N(r, "本级问题数"));
            var children = sheet.Where(c => c["上级单位"] is string p && p == name).ToList();
            Assert.Equal(N(r, "本级问题数") + children.Sum(c => N(c, "含下级问题数")), N(r, "含下级问题数"));
            Assert.Equal(N(r, "本级已完成") + children.Sum(c => N(c, "含下级已完成")), N(r, "含下级已完成"));
        }
        Assert.Equal("梅江区", sheet[0]["单位"]); // tree order: the root first

        // A subtotal drills down to exactly its problems.
        var list = await admin.GetStringAsync($"/overview/problems?org={Town}&subtree=true");
        Assert.Contains($"<b id=\"total\">{byName["城北镇"].GetProperty("subtreeTotal").GetInt32()}</b>", list);
    }

    [Fact]
    public async Task A_signer_signs_the_units_notice_but_edits_nothing_and_hears_when_one_waits()
    {
        var towned = await _w.ClientAsync("towned");
        await OkAsync(await towned.PutAsJsonAsync("/api/inspections/1/notice", new { nextStepsText = "持续巩固整改成果。", documentKind = "Announcement", asOf = "2023-09-08" }));
        await OkAsync(await towned.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true }));
        Assert.Contains("signer", await ToldAsync(Events.SignOffWaiting));

        var signer = await _w.ClientAsync("signer");
        var problem = await FirstProblemAsync(1);
        // May not: edit the ledger, decide an extension, verify a closure, publish.
        var edit = await signer.PostAsJsonAsync($"/api/problems/{problem}/measures", new { text = "签发人加的措施", version = await VersionAsync(signer, problem) });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
        Assert.Contains("您的角色不能添加整改措施", (await edit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        // May: sign it off.
        var signed = await OkAsync(await signer.PostAsync("/api/inspections/1/notice/approve", null));
        Assert.Equal("signer", signed.GetProperty("approvedBy").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, (await signer.PostAsync("/api/inspections/1/notice/publish", null)).StatusCode);
        // Not another unit's: the village's ledger is below the town (seen), the neighbour's is not even there for it.
        Assert.Equal(HttpStatusCode.NotFound, (await signer.GetAsync($"/api/problems/{await FirstProblemOfAsync(_neighbourVillage)}")).StatusCode);
    }

    [Fact]
    public async Task Office_staff_do_the_ledger_work_everywhere_but_no_administration()
    {
        var staff = await _w.ClientAsync("staff");
        // The daily work: any unit's ledger, including the neighbouring village's.
        var neighbours = await FirstProblemOfAsync(_neighbourVillage);
        await OkAsync(await staff.PostAsJsonAsync($"/api/problems/{neighbours}/measures", new { text = "巡察办督促制定措施", version = await VersionAsync(staff, neighbours) }));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/inspections/import")).StatusCode);
        // Not: accounts, organisations, roles, the audit log, rounds and document settings; no administration menu.
        foreach (var page in new[] { "/admin", "/admin/users", "/admin/organizations", "/admin/security", "/admin/audit", "/admin/rounds", "/admin/documents", "/admin/roles" })
        {
            var r = await staff.GetAsync(page);
            Assert.True(r.StatusCode is HttpStatusCode.Forbidden || r.Headers.Location?.OriginalString.Contains("/account/denied") == true,
                $"{page}: {(int)r.StatusCode} {r.Headers.Location}");
        }
        Assert.DoesNotContain("href=\"/admin\"", await staff.GetStringAsync("/"));
    }

    [Fact]
    public async Task The_commissions_supervisor_sees_its_area_and_verifies_there_only()
    {
        var jw = await _w.ClientAsync("jwtown");
        Assert.Equal(HttpStatusCode.OK, (await jw.GetAsync($"/api/problems/{_villageProblem}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await jw.GetAsync($"/api/problems/{await FirstProblemOfAsync(_neighbourVillage)}")).StatusCode);
        var rights = (await OkAsync(await jw.GetAsync($"/api/problems/{_villageProblem}"))).GetProperty("rights");
        Assert.True(rights.GetProperty("verify").GetBoolean());
        Assert.False(rights.GetProperty("edit").GetBoolean());
        var edit = await jw.PostAsJsonAsync($"/api/problems/{_villageProblem}/measures", new { text = "监督员加的措施", version = await VersionAsync(jw, _villageProblem) });
        Assert.Equal(HttpStatusCode.Forbidden, edit.StatusCode);
    }

    [Fact]
    public async Task In_a_joint_inspection_only_the_unit_that_owns_a_problem_edits_it()
    {
        // The village's inspection also inspected 西阳镇 (second target): 西阳镇 sees its problems, 城北村 owns them.
        await using (var db = _w.Db())
        {
            db.InspectionTargets.Add(new InspectionTarget { InspectionId = _villageInspection, OrganizationId = _neighbour, Ordinal = 2 });
            await db.SaveChangesAsync();
        }
        var nbed = await _w.ClientAsync("nbed");
        var seen = await OkAsync(await nbed.GetAsync($"/api/problems/{_villageProblem}"));
        Assert.False(seen.GetProperty("rights").GetProperty("edit").GetBoolean());
        var refused = await nbed.PostAsJsonAsync($"/api/problems/{_villageProblem}/measures", new { text = "联合巡察的另一单位", version = seen.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("您的角色不能添加整改措施", (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var nblead = await _w.ClientAsync("nblead");
        Assert.Equal(HttpStatusCode.Forbidden, (await nblead.PostAsJsonAsync($"/api/problems/{_villageProblem}/extensions",
            new { newDeadline = "2026-08-31", reason = "联合", version = seen.GetProperty("version").GetInt32() })).StatusCode);

        var vedit = await _w.ClientAsync("vedit");
        await OkAsync(await vedit.PostAsJsonAsync($"/api/problems/{_villageProblem}/measures", new { text = "村里的措施", version = await VersionAsync(vedit, _villageProblem) }));
    }

    [Fact]
    public async Task An_account_without_an_organisation_is_told_so_on_every_page_instead_of_empty_lists()
    {
        var noorg = await _w.ClientAsync("noorg");
        foreach (var page in new[] { "/", "/overview", "/notifications", "/feedback", "/supervision" })
        {
            var html = await noorg.GetStringAsync(page);
            Assert.Contains("您的账户尚未设置所属单位", html);
        }
        Assert.DoesNotContain("您的范围内还没有巡察", await noorg.GetStringAsync("/"));
        // Those with an organisation, and the office and commission without one (who see the district), are not told.
        foreach (var user in new[] { "vedit", "staff", "admin" })
            Assert.DoesNotContain("您的账户尚未设置所属单位", await (await _w.ClientAsync(user)).GetStringAsync("/"));
    }

    [Fact]
    public async Task The_role_matrix_lists_every_role_with_what_the_rules_let_it_do()
    {
        var sys = await _w.ClientAsync("sysadmin");
        var html = await sys.GetStringAsync("/admin/roles");
        var doc = new HtmlParser().ParseDocument(html);
        var headers = doc.QuerySelectorAll("#role-matrix thead th").Select(th => th.TextContent.Trim()).ToList();
        bool May(string role, string right)
        {
            var row = doc.QuerySelector($"#role-matrix tr[data-role='{role}']") ?? throw new Xunit.Sdk.XunitException($"no row for {role}");
            var cell = row.Children[headers.IndexOf(right)];
            Assert.Contains(cell.TextContent.Trim(), new[] { "✓ 可以", "— 不能" });
            return cell.ClassName == "may";
        }
        Assert.Equal(Roles.All.Length, doc.QuerySelectorAll("#role-matrix tbody tr").Length);
        Assert.Contains("签发人", html);
        Assert.Contains("巡察办工作人员", html);
        const string sign = "审批签发公告和报告（本单位）", edit = "填报问题、措施、进展，申请销号和延期（本单位）", others = "查看其他单位的台账";
        Assert.True(May(Roles.Signer, sign));
        Assert.False(May(Roles.Signer, edit));
        Assert.False(May(Roles.UnitEditor, sign));
        Assert.True(May(Roles.OfficeStaff, edit));
        // The matrix asks as an account of a town: office staff placed in a town see its subtree only, without one the district.
        Assert.False(May(Roles.OfficeStaff, others));
        Assert.Equal("全区", doc.QuerySelector($"#role-matrix tr[data-role='{Roles.OfficeStaff}']")!.Children[headers.IndexOf("未设所属单位时可见")].TextContent.Trim());
        Assert.Equal("看不到台账", doc.QuerySelector($"#role-matrix tr[data-role='{Roles.Signer}']")!.Children[headers.IndexOf("未设所属单位时可见")].TextContent.Trim());
        Assert.False(May(Roles.OfficeStaff, "组织架构和用户账户"));
        Assert.False(May(Roles.OfficeStaff, "轮次、巡察和公文格式设置"));
        Assert.True(May(Roles.Admin, "轮次、巡察和公文格式设置"));
        Assert.True(May(Roles.Supervisor, "被告知下级单位每个逾期问题和逾期未办的责令整改"));
        Assert.False(May(Roles.UnitLeader, "被告知下级单位每个逾期问题和逾期未办的责令整改"));
        Assert.False(May(Roles.Supervisor, others));
        Assert.True(May(Roles.SysAdmin, "组织架构和用户账户"));
        Assert.False(May(Roles.SysAdmin, "查看本单位及下级单位的台账"));
        // The office's administrator sees it too; a unit's editor does not.
        Assert.Equal(HttpStatusCode.OK, (await (await _w.ClientAsync("admin")).GetAsync("/admin/roles")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await (await _w.ClientAsync("vedit")).GetAsync("/admin/roles")).StatusCode);
    }

    async Task<int> FirstProblemAsync(int inspection)
    {
        await using var db = _w.Db();
        return await db.Problems.Where(p => p.InspectionId == inspection).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
    }

    async Task<int> FirstProblemOfAsync(int org)
    {
        await using var db = _w.Db();
        var inspection = await db.InspectionTargets.Where(t => t.OrganizationId == org && t.Ordinal == 1).Select(t => t.InspectionId).FirstAsync();
        return await db.Problems.Where(p => p.InspectionId == inspection).OrderBy(p => p.Ordinal).Select(p => p.Id).FirstAsync();
    }
}

/// <summary>The same on PostgreSQL: the scope's and the roll-up's queries on the other provider.</summary>
public sealed class PostgresOrgTreeTests() : OrgTreeTests(postgres: true);
