using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// Each event of the work (issue 18 item 4) reaches exactly its accounts: an inbox entry for each, and an
/// e-mail over a real SMTP conversation to each that has an address; nobody else hears, not the neighbouring
/// town's editor and leader, not a same-named account of another unit, not the one who acted.
/// </summary>
public class EventTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    SmtpSink _smtp = null!;
    SupervisionWorld _w = null!;
    int _problem;
    long _mark;
    const int Town = SupervisionWorld.Town;

    /// <summary>Everyone with an account in the ledger's work, all with an e-mail address.</summary>
    static readonly string[] Everyone = ["admin", "ed", "lead", "li", "zhang", "jw", "jwall", "other", "nb", "nbl", "zhang2", "reader", "xb", "qf", "nqf", "zrs", "cun", "qld", "bql"];
    int _bureau, _south;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        var root = new RectifyApp();
        _smtp.Configure(root.Settings);
        _w = new SupervisionWorld(June1, root);
        int south, elsewhere, village;
        await using (var db = _w.Db())
        {
            var s = db.Organizations.Add(new Organization { Name = "城南镇", ParentId = SupervisionWorld.District });
            var e = db.Organizations.Add(new Organization { Name = "别的区", Level = OrganizationLevel.District });
            // A department of the town (a 责任部门 of its problems when linked) and a village of it: below the town, they see none of its other work.
            var b = db.Organizations.Add(new Organization { Name = "自然资源所", ParentId = Town });
            var v = db.Organizations.Add(new Organization { Name = "城北村", Level = OrganizationLevel.Village, ParentId = Town });
            await db.SaveChangesAsync();
            (south, elsewhere, _bureau, village) = (s.Entity.Id, e.Entity.Id, b.Entity.Id, v.Entity.Id);
            _south = south;
            var admin = await db.Users.SingleAsync(u => u.UserName == "admin");
            admin.Email = "admin@example.org";
            await db.SaveChangesAsync();
        }
        await User("ed", "周填报", Roles.UnitEditor, Town);
        await User("lead", "王书记", Roles.UnitLeader, Town);
        await User("li", "李副镇长", Roles.UnitLeader, Town);
        await User("zhang", "张干事", Roles.UnitEditor, Town);
        await User("jw", "区纪委监督员", Roles.Supervisor, SupervisionWorld.District);
        await User("jwall", "纪委(全区)", Roles.Supervisor, null);
        await User("other", "别区监督员", Roles.Supervisor, elsewhere);
        await User("nb", "南填报", Roles.UnitEditor, south);
        await User("nbl", "南书记", Roles.UnitLeader, south);
        // The same name as the problem's person, in the neighbouring town: not that person.
        await User("zhang2", "张干事", Roles.UnitEditor, south);
        await User("reader", "只读", Roles.Reader, Town);
        // 巡察办工作人员 (the office's daily work, district-wide), and the 签发人 of each town.
        await User("xb", "巡察办小吴", Roles.OfficeStaff, null);
        await User("qf", "北签发人", Roles.Signer, Town);
        await User("nqf", "南签发人", Roles.Signer, south);
        await User("zrs", "资源所填报", Roles.UnitEditor, _bureau);
        await User("cun", "村填报", Roles.UnitEditor, village);
        // 分管区领导: a leader of the district, above the town. Through the tree the town's work is theirs too: they hear what the
        // town's leaders hear as its unit (Hearers.OfTheUnit) and its red warnings (Hearers.ParentLeader); not the owners' early
        // warnings, not another's assignment, not a closure waiting for the verifiers. Another district's leader hears none of it.
        await User("qld", "分管区领导", Roles.UnitLeader, SupervisionWorld.District);
        await User("bql", "别区领导", Roles.UnitLeader, elsewhere);

        await using (var db = _w.Db())
        {
            // A completed problem of 城北镇 with evidence, owned by 李副镇长 and 张干事: it may ask for closure.
            var p = await db.Problems.Include(x => x.Progress).Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased).OrderBy(x => x.Ordinal).FirstAsync();
            p.ResponsibleLeader = "李副镇长";
            p.ResponsiblePerson = "张干事";
            p.SetDeadline(new DateOnly(2026, 6, 30));
            p.SetImportedStatus(RectificationStatus.Completed, null, null);
            var entry = p.AddProgress(new DateOnly(2026, 5, 30), "复耕完成,已验收", "周填报");
            entry.Evidence.Add(new Evidence { FileName = "验收单.pdf", ContentType = "application/pdf", Size = 10, Sha256 = new string('0', 64), StoredPath = "none.pdf", UploadedBy = "周填报" });
            await db.SaveChangesAsync();
            _problem = p.Id;
        }
    }

    Task User(string name, string display, string role, int? org) => _w.UserAsync(name, display, role, org, $"{name}@example.org");

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    async Task MarkAsync()
    {
        await using var db = _w.Db();
        _mark = await db.Notifications.MaxAsync(n => (long?)n.Id) ?? 0;
        _smtp.Take();
    }

    /// <summary>
    /// Who heard of <paramref name="kind"/> since the mark: the accounts with an inbox entry, and the
    /// recipients of the e-mails the outbox then sent over SMTP (each with the entry's title as subject).
    /// </summary>
    List<MimeKit.MimeMessage> _lastMails = [];

    async Task<(List<string> Inbox, List<string> Mail)> HeardAsync(string kind)
    {
        List<(string User, string Title)> inbox;
        await using (var db = _w.Db())
            inbox = (await db.Notifications.Where(n => n.Id > _mark && n.Kind == kind).Join(db.Users, n => n.UserId, u => u.Id, (n, u) => new { u.UserName, n.Title }).ToListAsync())
                .Select(r => (r.UserName!, r.Title)).ToList();
        using (var scope = _w.App.Services.CreateScope())
            await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>());
        // The deadline scans also mail their own warnings: only this event's e-mails (by their subjects) are counted.
        var titles = inbox.Select(i => i.Title).ToHashSet();
        var mails = _lastMails = _smtp.Take().Where(m => titles.Contains(m.Subject ?? "")).ToList();
        foreach (var m in mails)
        {
            var to = m.To.Mailboxes.Single().Address.Split('@')[0];
            Assert.Equal(inbox.First(i => i.User == to).Title, m.Subject);
            Assert.Equal("xcb@example.org", m.From.Mailboxes.Single().Address);
        }
        return (inbox.Select(i => i.User).Order().ToList(), mails.Select(m => m.To.Mailboxes.Single().Address.Split('@')[0]).Order().ToList());
    }

    /// <summary>Exactly <paramref name="expected"/> heard, in the inbox and by e-mail; so no one else of <see cref="Everyone"/> did.</summary>
    async Task<List<string>> AssertHeardAsync(string kind, params string[] expected)
    {
        var (inbox, mail) = await HeardAsync(kind);
        var want = expected.Order().ToList();
        Assert.Equal(want, inbox);
        Assert.Equal(want, mail);
        return inbox;
    }

    async Task<JsonElement> OkAsync(HttpResponseMessage r)
    {
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        return await r.Content.ReadFromJsonAsync<JsonElement>();
    }

    async Task<int> VersionAsync(HttpClient c) => (await OkAsync(await c.GetAsync($"/api/problems/{_problem}"))).GetProperty("version").GetInt32();

    [Fact]
    public async Task Assigning_a_problem_tells_the_newly_named_accounts_of_its_unit_only()
    {
        var admin = await _w.ClientAsync("admin");
        var p = await OkAsync(await admin.GetAsync($"/api/problems/{_problem}"));
        await MarkAsync();
        await OkAsync(await admin.PutAsJsonAsync($"/api/problems/{_problem}", new
        {
            title = p.GetProperty("title").GetString(), leader = "王书记", person = "张干事", version = p.GetProperty("version").GetInt32(),
        }));
        // 王书记 is newly the leader; 张干事 stays the person (no news); the other town's 张干事 is someone else.
        await AssertHeardAsync(Events.Assigned, "lead");
        await using var db = _w.Db();
        var entry = await db.Notifications.Where(n => n.Kind == Events.Assigned).SingleAsync();
        Assert.Equal(_problem, entry.ProblemId);
        Assert.Contains("责任领导 王书记", entry.Body);
    }

    async Task<string> IdOfAsync(string userName)
    {
        await using var db = _w.Db();
        return (await db.Users.SingleAsync(u => u.UserName == userName)).Id;
    }

    async Task<List<Notification>> EntriesAsync(string kind)
    {
        await using var db = _w.Db();
        return await db.Notifications.Where(n => n.Id > _mark && n.Kind == kind && n.UserId != null).OrderBy(n => n.Id).ToListAsync();
    }

    [Fact]
    public async Task Reassigning_a_problem_tells_the_new_leader_and_tells_the_previous_one_who_took_it_over()
    {
        await using (var db = _w.Db())
        {
            var p = await db.Problems.FindAsync(_problem);
            p!.ResponsibleLeaderId = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
            await db.SaveChangesAsync();
        }
        var admin = await _w.ClientAsync("admin");
        var p0 = await OkAsync(await admin.GetAsync($"/api/problems/{_problem}"));
        await MarkAsync();
        await OkAsync(await admin.PutAsJsonAsync($"/api/problems/{_problem}", new
        {
            title = p0.GetProperty("title").GetString(), leader = "王书记", person = "张干事", version = p0.GetProperty("version").GetInt32(),
        }));
        await AssertHeardAsync(Events.Assigned, "lead", "li");
        var li = await IdOfAsync("li");
        var was = (await EntriesAsync(Events.Assigned)).Single(n => n.UserId == li);
        Assert.Equal(_problem, was.ProblemId);
        Assert.Contains("已改由王书记负责", was.Title);
    }

    [Fact]
    public async Task Importing_a_ledger_tells_each_newly_responsible_account_once_for_all_its_problems()
    {
        var doc = Setup.DemoLedger();
        foreach (var item in doc.AllProblems)
        {
            item.ResponsibleLeader = "李副镇长";
            item.ResponsiblePerson = "张干事";
            item.ResponsibleDepartment = null;
            item.MeasureDetails = null;
        }
        var count = doc.AllProblems.Count();
        Assert.True(count > 1);
        var admin = await _w.ClientAsync("admin");
        await MarkAsync();
        var created = await admin.PostAsJsonAsync("/api/import", new { document = doc, organizationId = Town, allowDuplicate = true }, Rectify.Core.Interchange.LedgerJson.Options);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        // One entry and one e-mail each for the whole ledger (a list would name one twice); the other town's 张干事 is someone else.
        await AssertHeardAsync(Events.Assigned, "li", "zhang");
        var entries = await EntriesAsync(Events.Assigned);
        Assert.All(entries, n => Assert.Equal($"您被确定为 {count} 个问题的整改责任人", n.Title));
        Assert.All(entries, n => Assert.StartsWith("/inspections/", n.Link));
    }

    [Fact]
    public async Task Linking_a_name_on_the_people_screen_tells_that_account_once_and_no_one_else()
    {
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        await MarkAsync();
        var linked = await admin.PostAsync("/admin/people?handler=Link", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "李副镇长", ["OrganizationId"] = $"{Town}", ["AccountId"] = await IdOfAsync("li"), ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await AssertHeardAsync(Events.Assigned, "li");
    }

    [Fact]
    public async Task A_measure_owner_added_hears_and_when_changed_the_new_owner_hears_and_the_old_one_is_told_who_took_over()
    {
        var admin = await _w.ClientAsync("admin");
        await MarkAsync();
        var added = await OkAsync(await admin.PostAsJsonAsync($"/api/problems/{_problem}/measures", new { text = "逐块核实撂荒地块", owner = "周填报", version = await VersionAsync(admin) }));
        await AssertHeardAsync(Events.Assigned, "ed");
        var measure = added.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "逐块核实撂荒地块").GetProperty("id").GetInt32();
        await MarkAsync();
        await OkAsync(await admin.PutAsJsonAsync($"/api/problems/{_problem}/measures/{measure}", new { text = "逐块核实撂荒地块", owner = "王书记", version = await VersionAsync(admin) }));
        await AssertHeardAsync(Events.Assigned, "ed", "lead");
        var ed = await IdOfAsync("ed");
        Assert.Contains("已改由王书记负责", (await EntriesAsync(Events.Assigned)).Single(n => n.UserId == ed).Title);
    }

    [Fact]
    public async Task Deleting_a_measure_tells_its_owner_who_no_longer_answers_for_the_problem_and_no_one_else()
    {
        var admin = await _w.ClientAsync("admin");
        var added = await OkAsync(await admin.PostAsJsonAsync($"/api/problems/{_problem}/measures", new { text = "逐块核实撂荒地块", owner = "周填报", version = await VersionAsync(admin) }));
        var measure = added.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "逐块核实撂荒地块");
        await MarkAsync();
        await OkAsync(await admin.DeleteAsync($"/api/problems/{_problem}/measures/{measure.GetProperty("id").GetInt32()}?version={await VersionAsync(admin)}"));
        // As when an edit gives the measure to another: its owner hears, once, and what became of it; the problem's other people do not.
        await AssertHeardAsync(Events.Assigned, "ed");
        var (entry, mail) = await OnlyAsync(Events.Assigned, "ed");
        var ordinal = measure.GetProperty("ordinal").GetInt32();
        Assert.Contains($"第{ordinal}项整改措施“逐块核实撂荒地块”已删除", entry.Title);
        Assert.Equal(_problem, entry.ProblemId);
        Assert.Contains("您不再是该问题的整改责任人", mail.TextBody);
    }

    /// <summary>Three open problems of 城北镇 besides the one of the fixture, led by 李副镇长 as an account.</summary>
    async Task<List<Problem>> ThreeLedByLiAsync()
    {
        await using var db = _w.Db();
        var li = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
        var ps = await db.Problems.Where(x => x.InspectionId == 1 && x.Id != _problem).OrderBy(x => x.Ordinal).Take(3).ToListAsync();
        foreach (var p in ps) (p.ResponsibleLeader, p.ResponsibleLeaderId) = ("李副镇长", li);
        await db.SaveChangesAsync();
        return ps;
    }

    async Task<JsonElement> BulkAsync(HttpClient c, object body)
    {
        var r = await OkAsync(await c.PostAsJsonAsync("/api/inspections/1/problems/bulk", body));
        Assert.Equal(3, r.GetProperty("saved").GetInt32());
        return r;
    }

    /// <summary>The one entry of <paramref name="kind"/> <paramref name="user"/> got since the mark, and the one e-mail that went with it.</summary>
    async Task<(Notification Entry, MimeKit.MimeMessage Mail)> OnlyAsync(string kind, string user)
    {
        var id = await IdOfAsync(user);
        var entry = Assert.Single(await EntriesAsync(kind), n => n.UserId == id);
        return (entry, Assert.Single(_lastMails, m => m.To.Mailboxes.Single().Address == $"{user}@example.org"));
    }

    [Fact]
    public async Task A_bulk_change_of_leader_tells_each_account_once_listing_its_problems_in_the_inbox_and_by_email()
    {
        var ps = await ThreeLedByLiAsync();
        var ed = await _w.ClientAsync("ed");
        await MarkAsync();
        await BulkAsync(ed, new { ids = ps.Select(p => p.Id).ToArray(), action = "leader", value = "王书记" });
        // 王书记 gains three problems and 李副镇长 loses them: one entry and one e-mail each for the action, not three.
        await AssertHeardAsync(Events.Assigned, "lead", "li");
        foreach (var who in new[] { "lead", "li" })
        {
            var (entry, mail) = await OnlyAsync(Events.Assigned, who);
            Assert.Equal("分派：批量处理涉及 3 个问题", entry.Title);
            Assert.Null(entry.ProblemId);
            Assert.Equal("/inspections/1", entry.Href);
            foreach (var p in ps)
            {
                Assert.Contains($"问题{p.Ordinal}“{p.Title}”", entry.Body);
                Assert.Contains($"问题{p.Ordinal}“{p.Title}”", mail.TextBody);
            }
            Assert.StartsWith("“设置责任领导”一次处理了以下 3 个问题", mail.TextBody);
        }
        var li = await IdOfAsync("li");
        Assert.Contains("已改由王书记负责", (await EntriesAsync(Events.Assigned)).Single(n => n.UserId == li).Body);
    }

    [Fact]
    public async Task A_bulk_extension_request_tells_each_decider_once_listing_the_problems_in_the_inbox_and_by_email()
    {
        var ps = await ThreeLedByLiAsync();
        var ed = await _w.ClientAsync("ed");
        await MarkAsync();
        await BulkAsync(ed, new { ids = ps.Select(p => p.Id).ToArray(), action = "extension", deadline = "2026-12-31", reason = "汛期施工受阻" });
        // The deciders, as for one problem's request (the unit's leaders, the one above, 巡察办): once each, for the three.
        await AssertHeardAsync(Events.ExtensionRequested, "admin", "lead", "li", "xb", "qld");
        var (entry, mail) = await OnlyAsync(Events.ExtensionRequested, "lead");
        Assert.Equal("延期申请：批量处理涉及 3 个问题", entry.Title);
        Assert.Equal(3, entry.Body.Split('\n').Count(l => l.Contains("延至 2026-12-31，理由：汛期施工受阻")));
        foreach (var p in ps) Assert.Contains($"问题{p.Ordinal}“{p.Title}”", mail.TextBody);
        // Each problem still has its own request waiting, and its own history.
        await using var db = _w.Db();
        foreach (var p in ps) Assert.Single(await db.Extensions.Where(e => e.ProblemId == p.Id && e.State == ExtensionState.Requested).ToListAsync());
    }

    [Fact]
    public async Task A_department_named_responsible_tells_its_accounts_not_the_units_own()
    {
        var admin = await _w.ClientAsync("admin");
        var p = await OkAsync(await admin.GetAsync($"/api/problems/{_problem}"));
        await MarkAsync();
        await OkAsync(await admin.PutAsJsonAsync($"/api/problems/{_problem}", new
        {
            title = p.GetProperty("title").GetString(), leader = "李副镇长", person = "张干事", department = "自然资源所", version = p.GetProperty("version").GetInt32(),
        }));
        // The town's people answer for it already; the department's editor newly does. The village's does not.
        await AssertHeardAsync(Events.Assigned, "zrs");
    }

    [Fact]
    public async Task A_department_chosen_on_the_people_screen_tells_its_accounts_once()
    {
        // Two problems name a 责任部门 that is no unit's name: the office links it to 自然资源所.
        await using (var db = _w.Db())
        {
            foreach (var p in await db.Problems.Where(x => x.InspectionId == 1).OrderBy(x => x.Ordinal).Take(2).ToListAsync()) p.ResponsibleDepartment = "国土所";
            await db.SaveChangesAsync();
        }
        var admin = await _w.ClientAsync("admin");
        var screen = await admin.GetStringAsync("/admin/people");
        await MarkAsync();
        var linked = await admin.PostAsync("/admin/people?handler=Department", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "国土所", ["OrganizationId"] = $"{Town}", ["DepartmentId"] = $"{_bureau}", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        await AssertHeardAsync(Events.Assigned, "zrs");
        Assert.Equal("您被确定为 2 个问题的整改责任人", Assert.Single(await EntriesAsync(Events.Assigned)).Title);
    }

    [Fact]
    public async Task Closure_requested_reaches_the_verifiers_outside_the_unit_and_the_decision_reaches_owner_and_unit()
    {
        var ed = await _w.ClientAsync("ed");
        await MarkAsync();
        var requested = await OkAsync(await ed.PostAsJsonAsync($"/api/problems/{_problem}/closure/request", new { version = await VersionAsync(ed) }));
        Assert.Equal("requested", requested.GetProperty("closure").GetProperty("state").GetString());
        // 巡察办 (its administrator and its staff) and the commission whose scope covers 城北镇; not the other district's, not anyone of the unit.
        await AssertHeardAsync(Events.ClosureRequested, "admin", "jw", "jwall", "xb");
        // The requester by name, not by the user name the closure records.
        Assert.All(await EntriesAsync(Events.ClosureRequested), n => Assert.Contains("申请人 周填报", n.Body));

        var jw = await _w.ClientAsync("jw");
        await MarkAsync();
        await OkAsync(await jw.PostAsJsonAsync($"/api/problems/{_problem}/closure/reject", new { reason = "佐证材料不全" }));
        // The requester, the named owners and the unit's editors and leaders; the verifier who acted is not told.
        await AssertHeardAsync(Events.ClosureRejected, "ed", "lead", "li", "zhang", "qld");

        // Asked again after more work; then approved by the commission from its queue.
        await using (var db = _w.Db())
        {
            var p = await db.Problems.FindAsync(_problem);
            p!.SetImportedStatus(RectificationStatus.Completed, null, null);
            await db.SaveChangesAsync();
        }
        await OkAsync(await ed.PostAsJsonAsync($"/api/problems/{_problem}/closure/request", new { version = await VersionAsync(ed) }));
        await MarkAsync();
        await OkAsync(await jw.PostAsync($"/api/supervision/problems/{_problem}/closure/approve", null));
        await AssertHeardAsync(Events.ClosureApproved, "ed", "lead", "li", "zhang", "qld");
        Assert.All(await EntriesAsync(Events.ClosureApproved), n => Assert.Contains("核验人 区纪委监督员", n.Body));
    }

    [Fact]
    public async Task An_extension_request_reaches_its_deciders_and_the_decision_reaches_the_requester_and_unit()
    {
        var zhang = await _w.ClientAsync("zhang");
        await MarkAsync();
        var asked = await OkAsync(await zhang.PostAsJsonAsync($"/api/problems/{_problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = await VersionAsync(zhang) }));
        // Who may decide: the unit's leaders and 巡察办; not the editors, the 签发人, the commission or the other town.
        await AssertHeardAsync(Events.ExtensionRequested, "admin", "lead", "li", "xb", "qld");

        var extId = asked.GetProperty("extensions").EnumerateArray().Last().GetProperty("id").GetInt32();
        var lead = await _w.ClientAsync("lead");
        await MarkAsync();
        await OkAsync(await lead.PostAsJsonAsync($"/api/problems/{_problem}/extensions/{extId}/refuse", new { reason = "时限内可以完成" }));
        var heard = await AssertHeardAsync(Events.ExtensionRefused, "ed", "li", "zhang", "qld");
        await using var db = _w.Db();
        Assert.Contains("时限内可以完成", (await db.Notifications.FirstAsync(n => n.Kind == Events.ExtensionRefused)).Body);
        Assert.DoesNotContain("lead", heard);
    }

    [Fact]
    public async Task An_approved_extension_reaches_the_requester_the_owners_and_the_unit()
    {
        // 李副镇长 and 张干事 are the problem's owners as accounts (linked, as the problem page or /admin/people links them).
        await using (var db = _w.Db())
        {
            var p = await db.Problems.FindAsync(_problem);
            p!.ResponsibleLeaderId = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
            p.ResponsiblePersonId = (await db.Users.SingleAsync(u => u.UserName == "zhang")).Id;
            await db.SaveChangesAsync();
        }
        var ed = await _w.ClientAsync("ed");
        var asked = await OkAsync(await ed.PostAsJsonAsync($"/api/problems/{_problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = await VersionAsync(ed) }));
        var extId = asked.GetProperty("extensions").EnumerateArray().Last().GetProperty("id").GetInt32();
        var lead = await _w.ClientAsync("lead");
        await MarkAsync();
        var approved = await OkAsync(await lead.PostAsJsonAsync($"/api/problems/{_problem}/extensions/{extId}/approve", new { reason = "汛期属实" }));
        Assert.Equal("2026-08-31", approved.GetProperty("deadline").GetString());
        // The requester, the owners and the unit's editors and leaders; not the leader who decided, not the commission, not the other town.
        await AssertHeardAsync(Events.ExtensionApproved, "ed", "li", "zhang", "qld");
        await using (var db = _w.Db())
            Assert.Contains("延至 2026-08-31", (await db.Notifications.FirstAsync(n => n.Kind == Events.ExtensionApproved)).Body);
    }

    [Fact]
    public async Task Deadline_warnings_climb_from_the_owners_to_the_leaders_and_the_commission_and_reach_no_one_else()
    {
        // A problem in progress, owned by 李副镇长 and 张干事 as accounts, due 2026-06-25.
        await using (var db = _w.Db())
        {
            var p = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased && x.Id != _problem).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 6, 25));
            p.ResponsibleLeaderId = (await db.Users.SingleAsync(u => u.UserName == "li")).Id;
            p.ResponsiblePersonId = (await db.Users.SingleAsync(u => u.UserName == "zhang")).Id;
            var town = await db.Organizations.FindAsync(Town);
            town!.PrincipalLeader = "王书记";
            await db.SaveChangesAsync();
        }
        _w.Clock.Advance(TimeSpan.FromDays(5)); // 19 days left: green, the responsible person
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync("warning-green", "zhang");
        _w.Clock.Advance(TimeSpan.FromDays(10)); // 9 days left: yellow, and the responsible leader
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync("warning-yellow", "li", "zhang");
        _w.Clock.Advance(TimeSpan.FromDays(10)); // overdue: red, and the principal leader, 巡察办 and the commission of the area
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync("warning-red", "admin", "jw", "jwall", "lead", "li", "xb", "zhang", "qld");
        // Once: a second scan tells no one again.
        await MarkAsync();
        await ScanAsync();
        Assert.Empty((await HeardAsync("warning-red")).Inbox);
    }

    /// <summary>A problem of 城北镇 owned by no account, overdue from 2026-06-26, with the town's 主要负责人 as given.</summary>
    async Task OverdueWithPrincipalAsync(string? principal)
    {
        await using (var db = _w.Db())
        {
            var p = await db.Problems.Where(x => x.InspectionId == 1 && x.Status == RectificationStatus.Phased && x.Id != _problem).OrderBy(x => x.Ordinal).FirstAsync();
            p.SetDeadline(new DateOnly(2026, 6, 25));
            var town = await db.Organizations.FindAsync(Town);
            town!.PrincipalLeader = principal;
            await db.SaveChangesAsync();
        }
        // The demo's problems overdue long since are told first: what follows is this problem's turning red.
        await ScanAsync();
        _w.Clock.Advance(TimeSpan.FromDays(25));
    }

    [Fact]
    public async Task The_principal_leader_of_a_red_warning_is_the_units_own_and_a_namesake_in_the_next_town_hears_nothing()
    {
        // 城南镇 has its own 王书记: the name on 城北镇 is not theirs.
        await _w.UserAsync("wang2", "王书记", Roles.UnitLeader, _south, "wang2@example.org");
        await OverdueWithPrincipalAsync("王书记");
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync("warning-red", "admin", "jw", "jwall", "lead", "xb", "qld");
    }

    [Fact]
    public async Task With_no_principal_leader_named_a_red_warning_reaches_the_units_leaders()
    {
        await OverdueWithPrincipalAsync(null);
        await MarkAsync();
        await ScanAsync();
        // 城北镇's 单位领导 accounts; not 城南镇's, not the village's or the department's people.
        await AssertHeardAsync("warning-red", "admin", "jw", "jwall", "lead", "li", "xb", "qld");
    }

    [Fact]
    public async Task An_order_is_told_to_the_unit_when_issued_and_near_its_deadline_and_to_the_commission_when_overdue()
    {
        var jw = await _w.ClientAsync("jw");
        await MarkAsync();
        await OkAsync(await jw.PostAsJsonAsync("/api/supervision/records", new
        {
            kind = "责令限期整改", date = "2026-06-01", inspectionId = 1, targetOrganizationId = Town, findings = "撂荒地复耕台账不实", deadline = "2026-06-20",
        }));
        await AssertHeardAsync(Events.OrderIssued, "ed", "lead", "li", "zhang", "qld");

        _w.Clock.Advance(TimeSpan.FromDays(12)); // 2026-06-13: 7 days left, yellow
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync(Events.OrderDue, "ed", "lead", "li", "zhang", "qld");
        await MarkAsync();
        await ScanAsync();
        Assert.Empty((await HeardAsync(Events.OrderDue)).Inbox);

        _w.Clock.Advance(TimeSpan.FromDays(8)); // 2026-06-21: overdue
        await MarkAsync();
        await ScanAsync();
        await AssertHeardAsync(Events.OrderOverdue, "ed", "jw", "jwall", "lead", "li", "zhang", "qld");
        // A second scan, and a restart, tell no one again.
        await _w.RestartAsync();
        await MarkAsync();
        await ScanAsync();
        Assert.Empty((await HeardAsync(Events.OrderOverdue)).Inbox);
    }

    async Task ScanAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>());
    }

    [Fact]
    public async Task A_notice_waiting_for_sign_off_reaches_who_may_sign_then_signed_and_published_reach_the_unit_and_a_comment_reaches_the_unit()
    {
        var ed = await _w.ClientAsync("ed");
        await OkAsync(await ed.PutAsJsonAsync("/api/inspections/1/notice", new { nextStepsText = "持续巩固整改成果。", documentKind = "Announcement", asOf = "2023-09-08" }));
        await MarkAsync();
        await OkAsync(await ed.PostAsJsonAsync("/api/inspections/1/notice/submit", new { secrecyReviewed = true }));
        await AssertHeardAsync(Events.SignOffWaiting, "admin", "lead", "li", "qf", "xb", "qld");

        var lead = await _w.ClientAsync("lead");
        await MarkAsync();
        await OkAsync(await lead.PostAsync("/api/inspections/1/notice/approve", null));
        await AssertHeardAsync(Events.Signed, "ed", "li", "zhang", "qld");

        await MarkAsync();
        var published = await OkAsync(await lead.PostAsync("/api/inspections/1/notice/publish", null));
        await AssertHeardAsync(Events.Published, "ed", "li", "zhang", "qld");

        // A member of the public comments on it: the unit hears, to answer it.
        var noticeId = published.GetProperty("id").GetInt32();
        var reader = _w.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = RectifyApp.AntiforgeryToken(await reader.GetStringAsync($"/public/notices/{noticeId}"));
        await MarkAsync();
        var sent = await reader.PostAsync("/public/feedback", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["NoticeId"] = $"{noticeId}", ["ProblemId"] = "", ["Name"] = "刘群众", ["Contact"] = "liu@example.org", ["ReplyWanted"] = "true",
            ["Content"] = "村里的撂荒地还没有复耕。", ["Website"] = "", ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        await AssertHeardAsync(Events.CommentReceived, "ed", "lead", "li", "zhang", "qld");

        // Answered by the unit: the writer, who has no account, gets the answer at the address left.
        int feedbackId;
        await using (var db = _w.Db()) feedbackId = await db.PublicFeedback.Select(f => f.Id).SingleAsync();
        var page = await ed.GetStringAsync($"/feedback/{feedbackId}");
        await MarkAsync();
        var answered = await ed.PostAsync($"/feedback/{feedbackId}?handler=Reply", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["reply"] = "已安排复耕,6月底前完成。", ["publish"] = "false", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        using (var scope = _w.App.Services.CreateScope())
            await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>());
        var mail = Assert.Single(_smtp.Take());
        Assert.Equal("liu@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Contains("已答复", mail.Subject);
        Assert.Contains("已安排复耕,6月底前完成。", mail.TextBody);
        Assert.Contains("已发往留言人邮箱", await ed.GetStringAsync($"/feedback/{feedbackId}"));
        // The answer is the writer's only: no account's inbox holds it.
        await using (var db = _w.Db())
            Assert.Null(Assert.Single(await db.Notifications.Where(n => n.Kind == Events.CommentAnswered).ToListAsync()).UserId);
    }

    [Fact]
    public async Task An_upward_report_waiting_for_sign_off_reaches_who_may_sign_and_its_signature_the_submitter_and_unit()
    {
        var ed = await _w.ClientAsync("ed");
        // The office's document settings (发文字号, 签发人, 主送机关), without which a report cannot be submitted.
        await using (var db = _w.Db()) await Supervision.DocumentSetup.ForInspectionAsync(db);
        await MarkAsync();
        await OkAsync(await ed.PostAsJsonAsync("/api/supervision/inspections/1/reports/rectification/submit", new { secrecyReviewed = true, serial = 7 }));
        await AssertHeardAsync(Events.SignOffWaiting, "admin", "lead", "li", "qf", "xb", "qld");
        var li = await _w.ClientAsync("li");
        await MarkAsync();
        await OkAsync(await li.PostAsync("/api/supervision/inspections/1/reports/rectification/approve", null));
        await AssertHeardAsync(Events.Signed, "ed", "lead", "zhang", "qld");
    }

    [Fact]
    public async Task A_look_back_scheduled_and_a_reopening_reach_the_owner_and_the_unit()
    {
        await using (var db = _w.Db())
        {
            var p = await db.Problems.FindAsync(_problem);
            p!.SetImportedStatus(RectificationStatus.Completed, null, null);
            await db.SaveChangesAsync();
        }
        var jw = await _w.ClientAsync("jw");
        await MarkAsync();
        var review = await OkAsync(await jw.PostAsJsonAsync($"/api/supervision/problems/{_problem}/reviews", new { scheduledOn = "2026-07-01" }));
        await AssertHeardAsync(Events.LookBackScheduled, "ed", "lead", "li", "zhang", "qld");

        await MarkAsync();
        await OkAsync(await jw.PostAsJsonAsync($"/api/supervision/reviews/{review.GetProperty("id").GetInt32()}/reopen", new { reason = "复耕地块再次撂荒" }));
        await AssertHeardAsync(Events.Reopened, "ed", "lead", "li", "zhang", "qld");
    }

    /// <summary>
    /// Each action of the problem page (issue 18 item 8) says, on the page it leads back to, what happened, what comes next
    /// in the clerk's terms and how many accounts its event told: the accounts the tests above name for the same event.
    /// </summary>
    [Theory]
    [InlineData("ClosureRequest", "ed", "已提交销号申请，等待巡察办或纪委核验（已通知 4 人）")]
    [InlineData("ClosureApprove", "jw", "已审核通过，问题已销号（已通知 5 人）")]
    [InlineData("ClosureReject", "jw", "已驳回销号申请，问题退回“正在推进”，由单位继续整改后重新申请（已通知 5 人）")]
    [InlineData("ExtensionRequest", "zhang", "已提交延期申请，等待单位领导或巡察办审批（已通知 5 人）")]
    [InlineData("ExtensionApprove", "lead", "已批准延期，整改时限改为 2026-08-31（已通知 4 人）")]
    [InlineData("ExtensionRefuse", "lead", "已答复不同意延期，整改时限不变（已通知 4 人）")]
    [InlineData("MeasureAdd", "admin", "已添加整改措施；下一步：按措施推进整改，并在“整改进展与佐证材料”中填报进展（已通知 1 人）")]
    [InlineData("MeasureAddUndated", "admin", "已添加整改措施；下一步：补填这项措施的责任人和时限，以便按时限提醒（已通知 1 人）")]
    [InlineData("MeasureEdit", "admin", "整改措施已保存；下一步：按措施推进整改，并在“整改进展与佐证材料”中填报进展（已通知 2 人）")]
    [InlineData("MeasureDelete", "admin", "已删除整改措施；各项措施均已完成，下一步：申请销号，由巡察办或纪委核验（已通知 1 人）")]
    [InlineData("Claim", "lead", "已认领，责任领导为 王书记；下一步：制定整改措施并推进")]
    public async Task Each_problem_page_action_says_what_happened_what_comes_next_and_how_many_were_told(string action, string user, string expected)
    {
        var handler = action;
        var query = "";
        var form = new Dictionary<string, string>();
        switch (action)
        {
            case "ClosureApprove" or "ClosureReject":
                var ed = await _w.ClientAsync("ed");
                await OkAsync(await ed.PostAsJsonAsync($"/api/problems/{_problem}/closure/request", new { version = await VersionAsync(ed) }));
                if (action == "ClosureReject") form["Decision.Reason"] = "佐证材料不全";
                break;
            case "ExtensionRequest":
                (form["NewExtension.NewDeadline"], form["NewExtension.Reason"]) = ("2026-08-31", "汛期施工受阻");
                break;
            case "ExtensionApprove" or "ExtensionRefuse":
                var zhang = await _w.ClientAsync("zhang");
                var asked = await OkAsync(await zhang.PostAsJsonAsync($"/api/problems/{_problem}/extensions", new { newDeadline = "2026-08-31", reason = "汛期施工受阻", version = await VersionAsync(zhang) }));
                handler = "ExtensionDecide";
                query = $"&extensionId={asked.GetProperty("extensions").EnumerateArray().Last().GetProperty("id").GetInt32()}&approve={(action == "ExtensionApprove" ? "true" : "false")}";
                form["Decision.Reason"] = action == "ExtensionApprove" ? "汛期属实" : "时限内可以完成";
                break;
            case "MeasureAdd" or "MeasureAddUndated":
                // 王书记 newly owns a measure: that account hears. Without a time limit the page asks for one.
                handler = "MeasureAdd";
                (form["NewMeasure.Text"], form["NewMeasure.Owner"]) = ("逐块核实撂荒地块", "王书记");
                if (action == "MeasureAdd") form["NewMeasure.Deadline"] = "2026-06-20";
                break;
            case "MeasureEdit" or "MeasureDelete":
                if (action == "MeasureDelete")
                {
                    // The problem's other measures are done: with the open one gone, closure is next.
                    await using var db = _w.Db();
                    foreach (var m in await db.Measures.Where(m => m.ProblemId == _problem).ToListAsync()) m.DoneOn ??= new DateOnly(2026, 5, 30);
                    await db.SaveChangesAsync();
                }
                var admin = await _w.ClientAsync("admin");
                var added = await OkAsync(await admin.PostAsJsonAsync($"/api/problems/{_problem}/measures", new { text = "逐块核实撂荒地块", owner = "周填报", deadline = "2026-06-20", version = await VersionAsync(admin) }));
                query = $"&measureId={added.GetProperty("measures").EnumerateArray().Single(m => m.GetProperty("text").GetString() == "逐块核实撂荒地块").GetProperty("id").GetInt32()}";
                // Given to 王书记: the new owner hears, and 周填报 is told who took it over; deleted, 周填报 hears.
                if (action == "MeasureEdit")
                    (form["EditMeasure.Text"], form["EditMeasure.Owner"], form["EditMeasure.Deadline"]) = ("逐块核实撂荒地块", "王书记", "2026-06-20");
                break;
        }
        var c = await _w.ClientAsync(user);
        form["Version"] = $"{await VersionAsync(c)}";
        form["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(await c.GetStringAsync($"/problems/{_problem}"));
        var r = await c.PostAsync($"/problems/{_problem}?handler={handler}{query}", new FormUrlEncodedContent(form));
        Assert.True(r.StatusCode == HttpStatusCode.Redirect, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await c.GetStringAsync($"/problems/{_problem}"));
        Assert.Equal(expected, page.QuerySelector("p.notice[role=status]")?.TextContent.Trim());
    }

    [Fact]
    public async Task Every_entry_is_in_the_inbox_api_with_its_link_and_the_header_counts_it()
    {
        var ed = await _w.ClientAsync("ed");
        await OkAsync(await ed.PostAsJsonAsync($"/api/problems/{_problem}/closure/request", new { version = await VersionAsync(ed) }));
        var jwall = await _w.ClientAsync("jwall");
        var mine = await OkAsync(await jwall.GetAsync("/api/notifications"));
        var entry = Assert.Single(mine.EnumerateArray());
        Assert.Equal("closure-requested", entry.GetProperty("kind").GetString());
        Assert.Equal("销号申请", entry.GetProperty("kindName").GetString());
        Assert.Equal($"/problems/{_problem}", entry.GetProperty("link").GetString());
        Assert.Contains("data-unread=\"1\"", await jwall.GetStringAsync("/"));
        // Others' entries are not in the list, and reading one leads to its problem.
        Assert.Empty((await OkAsync(await (await _w.ClientAsync("other")).GetAsync("/api/notifications"))).EnumerateArray());
        var page = await jwall.GetStringAsync("/notifications");
        var read = await jwall.PostAsync($"/notifications?handler=Read&id={entry.GetProperty("id").GetInt64()}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
        }));
        Assert.Equal($"/problems/{_problem}", read.Headers.Location?.OriginalString);
        Assert.Contains("消息，0 条未读", await jwall.GetStringAsync("/"));
    }
}
