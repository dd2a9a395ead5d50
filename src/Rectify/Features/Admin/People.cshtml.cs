using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// /admin/people: the names of the ledgers not linked to an account (issue 18 item 1), one row per name and
/// unit, for the inspection office to resolve on one screen: pick the account (among those of the unit), create
/// one (when the same administrator keeps the accounts; under 三员分立 the system administrator creates it
/// on /admin/users and it is picked here), or keep the name as text (it stays flagged “未关联账号”).
/// </summary>
[Authorize(Policy = Policies.LedgerAdmin)]
public class PeopleModel(RectifyDb db, UserManager<AppUser> users, IAuthorizationService authorization) : PageModel
{
    public sealed record Candidate(string Id, string Label);
    /// <summary>One name of one unit: where it stands (责任领导 / 责任人 / 措施责任人 and how often) and the accounts it may be.</summary>
    public sealed record NameRow(string Name, int? OrganizationId, string Unit, int Leaders, int Persons, int Owners, List<Candidate> Candidates);

    /// <summary>A 责任部门 of a unit that is no unit of the tree (none or several bear the name), and the units below it it may be.</summary>
    public sealed record DepartmentRow(string Name, int OrganizationId, string Unit, int Problems, List<Candidate> Candidates);

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int? DepartmentId { get; set; }
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public string? AccountId { get; set; }
    [BindProperty] public string? NewUserName { get; set; }
    [BindProperty] public string? Role { get; set; }

    public List<NameRow> Rows { get; private set; } = [];
    public List<DepartmentRow> DepartmentRows { get; private set; } = [];
    public List<string> Kept { get; private set; } = [];
    public bool MayCreate { get; private set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public string? NewPassword { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    /// <summary>The places (problems' leader and person, measures' owner) of a name in a unit's inspections, still free text.</summary>
    sealed record Place(Rectify.Core.Domain.Problem Problem, int? Org);

    async Task<List<Place>> PlacesAsync(string? name, int? org, CancellationToken ct)
    {
        var q = db.Problems.Include(p => p.Measures).Where(p => (p.ResponsibleLeader != null && p.ResponsibleLeaderId == null)
            || (p.ResponsiblePerson != null && p.ResponsiblePersonId == null) || p.Measures.Any(m => m.Owner != null && m.OwnerId == null));
        if (name is not null) q = q.Where(p => p.ResponsibleLeader == name || p.ResponsiblePerson == name || p.Measures.Any(m => m.Owner == name));
        var rows = await q.Select(p => new { Problem = p, Org = p.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault() })
            .AsSplitQuery().ToListAsync(ct);
        return rows.Where(r => name is null || r.Org == org).Select(r => new Place(r.Problem, r.Org)).ToList();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        MayCreate = (await authorization.AuthorizeAsync(User, Policies.Accounts)).Succeeded;
        Kept = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith("people-kept:")).Select(s => s.Key.Substring("people-kept:".Length)).ToListAsync(ct);
        var kept = Kept.ToHashSet();
        var places = await PlacesAsync(null, null, ct);
        var found = new Dictionary<(string Name, int? Org), int[]>();
        void Count(string? name, string? id, int? org, int slot)
        {
            if (!PeopleLinks.IsUnlinked(name, id) || kept.Contains(name!.Trim())) return;
            if (!found.TryGetValue((name.Trim(), org), out var c)) found[(name.Trim(), org)] = c = new int[3];
            c[slot]++;
        }
        foreach (var (p, org) in places)
        {
            Count(p.ResponsibleLeader, p.ResponsibleLeaderId, org, 0);
            Count(p.ResponsiblePerson, p.ResponsiblePersonId, org, 1);
            foreach (var m in p.Measures) Count(m.Owner, m.OwnerId, org, 2);
        }
        var units = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var accounts = await Notifications.Accounts.LoadAsync(db, ct);
        Rows = found.OrderBy(f => f.Key.Org).ThenBy(f => f.Key.Name, StringComparer.Ordinal).Select(f =>
        {
            var candidates = accounts.All.Where(s => f.Key.Org is { } o ? s.Sees(o) : s.SeesAll).Where(s => !Roles.Separated.Any(s.Is))
                .OrderBy(s => s.SeesAll).ThenBy(s => s.User.Name, StringComparer.Ordinal)
                .Select(s => new Candidate(s.User.Id, $"{s.User.Name}（{s.User.UserName}{(s.User.OrganizationId is { } uo && units.TryGetValue(uo, out var un) ? "，" + un : "")}）")).ToList();
            return new NameRow(f.Key.Name, f.Key.Org, f.Key.Org is { } o && units.TryGetValue(o, out var u) ? u : "（无单位）", f.Value[0], f.Value[1], f.Value[2], candidates);
        }).ToList();
        DepartmentRows = await DepartmentRowsAsync(kept, ct);
    }

    /// <summary>The 责任部门 names of each unit's problems that link to no department of the tree (<see cref="Departments"/>).</summary>
    async Task<List<DepartmentRow>> DepartmentRowsAsync(HashSet<string> kept, CancellationToken ct)
    {
        var named = await db.Problems.AsNoTracking().Where(p => p.ResponsibleDepartment != null && p.ResponsibleDepartment != "")
            .GroupBy(p => new { p.InspectionId, p.ResponsibleDepartment }).Select(g => new { g.Key.InspectionId, Name = g.Key.ResponsibleDepartment!, Count = g.Count() })
            .ToListAsync(ct);
        if (named.Count == 0) return [];
        var unitOf = (await db.InspectionTargets.AsNoTracking().Select(t => new { t.InspectionId, t.Ordinal, t.OrganizationId }).ToListAsync(ct))
            .GroupBy(t => t.InspectionId).ToDictionary(g => g.Key, g => g.OrderBy(t => t.Ordinal).First().OrganizationId);
        var tree = await Departments.TreeAsync(db, ct);
        var choices = await Departments.ChoicesAsync(db, ct);
        var names = tree.ToDictionary(t => t.Id, t => t.Name);
        return named.Where(n => unitOf.ContainsKey(n.InspectionId)).GroupBy(n => (Unit: unitOf[n.InspectionId], Name: n.Name.Trim()))
            .Where(g => g.Key.Name.Length > 0 && !kept.Contains(g.Key.Name) && Departments.Of(g.Key.Name, g.Key.Unit, tree, choices) is null)
            .OrderBy(g => g.Key.Unit).ThenBy(g => g.Key.Name, StringComparer.Ordinal)
            .Select(g => new DepartmentRow(g.Key.Name, g.Key.Unit, names.GetValueOrDefault(g.Key.Unit, ""), g.Sum(n => n.Count),
                // Named with the unit above when that is not the problem's unit: two of one name stay apart (城北村 › 农业办).
                Departments.Below(g.Key.Unit, tree).OrderBy(b => b.Name, StringComparer.Ordinal)
                    .Select(b => new Candidate($"{b.Id}", b.ParentId == g.Key.Unit || b.ParentId is null ? b.Name : $"{names.GetValueOrDefault(b.ParentId.Value, "")} › {b.Name}")).ToList()))
            .ToList();
    }

    /// <summary>The 责任部门 name of the unit is that department: remembered as the office's choice, for every problem of the unit bearing it.</summary>
    public async Task<IActionResult> OnPostDepartmentAsync(CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name) || OrganizationId is not { } unit) return NotFound();
        await LoadAsync(ct);
        var row = DepartmentRows.FirstOrDefault(r => r.Name == name && r.OrganizationId == unit);
        if (row is null) return NotFound();
        if (row.Candidates.FirstOrDefault(c => c.Id == $"{DepartmentId}") is not { } department)
        {
            Error = row.Candidates.Count == 0
                ? $"{row.Unit}下还没有部门：请先在“组织机构”页把“{name}”建为{row.Unit}的下级单位，再回到本页"
                : $"请为“{name}”选择{row.Unit}的一个下级部门";
            return Page();
        }
        var key = Departments.ChoiceKey(unit, name);
        var setting = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct);
        if (setting is null) db.Settings.Add(new AppSetting { Key = key, Value = department.Id });
        else setting.Value = department.Id;
        // The department now answers for the unit's problems bearing the name: its accounts are told once (Assignments).
        var problems = await db.Problems.AsNoTracking().Include(p => p.Measures)
            .Where(p => p.ResponsibleDepartment != null && p.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstOrDefault() == unit)
            .ToListAsync(ct);
        var assigned = new Notifications.Assignments();
        foreach (var p in problems.Where(p => p.ResponsibleDepartment!.Trim() == name))
            assigned.Note(p, Notifications.Responsibility.Of(p, null), Notifications.Responsibility.Of(p, int.Parse(department.Id, System.Globalization.CultureInfo.InvariantCulture)));
        await assigned.TellAsync(db, users.GetUserId(User), ct);
        await db.SaveChangesAsync(ct);
        Message = $"已将{row.Unit}的责任部门“{name}”关联到“{department.Label}”（{row.Problems} 个问题）；此后这些问题的通知也发给该部门的账号。";
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>Links every free-text place of the name in the unit to the account; one save (audited with the problems).</summary>
    /// <summary>The account now answers for those problems, and is told once (<see cref="Notifications.Assignments"/>).</summary>
    async Task<int> LinkAsync(string name, int? org, string accountId, CancellationToken ct)
    {
        var places = await PlacesAsync(name, org, ct);
        var linked = 0;
        var assigned = new Notifications.Assignments();
        foreach (var (p, _) in places)
        {
            var before = Notifications.Responsibility.Of(p, null);
            if (p.ResponsibleLeader == name && p.ResponsibleLeaderId is null) { p.ResponsibleLeaderId = accountId; linked++; }
            if (p.ResponsiblePerson == name && p.ResponsiblePersonId is null) { p.ResponsiblePersonId = accountId; linked++; }
            foreach (var m in p.Measures.Where(m => m.Owner == name && m.OwnerId is null)) { m.OwnerId = accountId; linked++; }
            assigned.Note(p, before, Notifications.Responsibility.Of(p, null));
        }
        await assigned.TellAsync(db, users.GetUserId(User), ct);
        await db.SaveChangesAsync(ct);
        return linked;
    }

    public async Task<IActionResult> OnPostLinkAsync(CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) return NotFound();
        await LoadAsync(ct);
        var row = Rows.FirstOrDefault(r => r.Name == name && r.OrganizationId == OrganizationId);
        if (row is null) return NotFound();
        if (row.Candidates.FirstOrDefault(c => c.Id == AccountId) is not { } account)
        {
            Error = $"请为“{name}”选择{row.Unit}的一个账号";
            return Page();
        }
        var n = await LinkAsync(name, OrganizationId, account.Id, ct);
        Message = $"已将{row.Unit}的“{name}”关联到账号 {account.Label}（{n} 处）；此后预警和通知直接发给该账号。";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name)) return NotFound();
        await LoadAsync(ct);
        var row = Rows.FirstOrDefault(r => r.Name == name && r.OrganizationId == OrganizationId);
        if (row is null) return NotFound();
        var userName = NewUserName?.Trim();
        if (!MayCreate) Error = "新建账号由系统管理员在“用户”页办理；建好后回到本页选择该账号";
        else if (string.IsNullOrEmpty(userName)) Error = "请填写新账号的用户名";
        else if (Role is not (Roles.UnitEditor or Roles.UnitLeader)) Error = "请选择新账号的角色：单位填报人或单位领导";
        else if (OrganizationId is null) Error = "没有单位的姓名不能在此新建账号，请在“用户”页新建";
        else if (await users.FindByNameAsync(userName) is not null) Error = $"用户名“{userName}”已被使用";
        if (Error is not null) return Page();

        var password = Admin.AccountWork.GeneratePassword();
        var user = new AppUser { UserName = userName, DisplayName = name, OrganizationId = OrganizationId };
        // The account, its role and the links in one transaction: nothing half done. One unit: a transient
        // PostgreSQL error repeats all three, from the start (RetriedUnit), rather than failing half-way.
        var (created, n) = await RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded) result = await users.AddToRoleAsync(user, Role!);
            if (!result.Succeeded) return (result, 0); // the transaction is rolled back as it is disposed
            var linked = await LinkAsync(name, OrganizationId, user.Id, t);
            await tx.CommitAsync(t);
            return (result, linked);
        }, ct);
        if (!created.Succeeded)
        {
            Error = string.Join("；", created.Errors.Select(e => e.Description));
            return Page();
        }
        Message = $"已新建账号“{userName}”（{name}，{row.Unit}，{Roles.Chinese(Role!)}）并关联 {n} 处。";
        NewPassword = password;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostKeepAsync(CancellationToken ct)
    {
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 100) return NotFound();
        var key = PeopleLinks.KeptKey(name);
        if (!await db.Settings.AnyAsync(s => s.Key == key, ct))
        {
            db.Settings.Add(new AppSetting { Key = key, Value = User.Identity?.Name });
            await db.SaveChangesAsync(ct);
        }
        Message = $"“{name}”保留为文本：不再列在此处，台账上仍标注“{PeopleLinks.Unlinked}”，预警和通知到不了本人。";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostUnkeepAsync(CancellationToken ct)
    {
        var key = PeopleLinks.KeptKey(Name ?? "");
        await db.Settings.Where(s => s.Key == key).ExecuteDeleteAsync(ct);
        await LoadAsync(ct);
        return Page();
    }
}
