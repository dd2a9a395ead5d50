using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>
/// What a user may see: the inspection office and supervisors without an organisation see
/// everything; everyone else sees their organisation and its subtree.
/// </summary>
public sealed class Scope
{
    /// <summary>Visible organisation ids; null means all.</summary>
    public IReadOnlySet<int>? Organizations { get; }
    /// <summary>The account as read under the current access stamp; shared between requests, so read it, never change it.</summary>
    public AppUser User { get; }
    public IReadOnlyList<string> Roles { get; }

    /// <summary>
    /// The problems it sees as a linked 责任部门 (a unit below theirs) without seeing their unit: keys "unit|name" to the
    /// department (<see cref="Features.Problems.Departments.Seen"/>); empty for most accounts.
    /// </summary>
    public IReadOnlyDictionary<string, int> Departments { get; }
    readonly string[] _departmentKeys;
    /// <summary>The units of those keys (a few: the units above the account's), to find their inspections by index.</summary>
    readonly int[] _departmentUnits;

    Scope(AppUser user, IReadOnlyList<string> roles, IReadOnlySet<int>? orgs, IReadOnlyDictionary<string, int>? departments = null)
    {
        User = user; Roles = roles; Organizations = orgs;
        Departments = departments ?? new Dictionary<string, int>();
        _departmentKeys = [.. Departments.Keys.Order(StringComparer.Ordinal)];
        _departmentUnits = [.. Departments.Keys.Select(k => int.Parse(k[..k.IndexOf('|')], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order()];
    }

    public bool Is(string role) => Roles.Contains(role);
    public bool SeesAll => Organizations is null;
    public bool Sees(int? organizationId) => Organizations is null || (organizationId is { } id && Organizations.Contains(id));

    public static async Task<Scope?> ForAsync(ClaimsPrincipal principal, RectifyDb db, CancellationToken ct = default)
    {
        var id = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null) return null;
        // Read through the access cache: the same rows, read once per access stamp instead of per request.
        var cached = await (db.Access ?? new AccessCache()).ScopeAsync(db, id, ct);
        return cached is null ? null : new Scope(cached.User, cached.Roles, cached.Organizations, cached.Departments);
    }

    /// <summary>The scope of an account that is not signed in now, by the same rule (<see cref="AccessCache.Visible"/>): who may act on an event.</summary>
    public static Scope Of(AppUser user, IReadOnlyList<string> roles, IReadOnlyList<(int Id, int? ParentId)> tree) =>
        new(user, roles, AccessCache.Visible(user, roles, tree));

    public static HashSet<int> Subtree(int root, IEnumerable<(int Id, int? ParentId)> orgs)
    {
        var children = orgs.Where(o => o.ParentId is not null).ToLookup(o => o.ParentId!.Value, o => o.Id);
        var set = new HashSet<int> { root };
        var stack = new Stack<int>([root]);
        while (stack.Count > 0)
            foreach (var c in children[stack.Pop()])
                if (set.Add(c)) stack.Push(c);
        return set;
    }

    /// <summary>巡察办 (its administrator and its staff): the ledger's work everywhere.</summary>
    public bool IsOffice => Is(Infrastructure.Roles.Admin) || Is(Infrastructure.Roles.OfficeStaff);

    /// <summary>
    /// An account that should see a unit's ledger but has no organisation (and is not one of the office or
    /// the commission, who then see the district): it sees nothing, and every page says why (the layout's banner).
    /// </summary>
    public bool LacksOrganization => User.OrganizationId is null && Organizations is { Count: 0 }
        && !Roles.Any(Infrastructure.Roles.Separated.Contains);

    /// <summary>Edit a ledger (problems, measures, progress, evidence, requests): the unit's editors and the office.</summary>
    public bool CanEdit(int? organizationId) => IsOffice || (Is(Infrastructure.Roles.UnitEditor) && Sees(organizationId));

    /// <summary>Approve progress, extensions and closure requests inside the unit: its leaders and the office.</summary>
    public bool CanApprove(int? organizationId) => IsOffice || (Is(Infrastructure.Roles.UnitLeader) && Sees(organizationId));

    /// <summary>Verify closures and record supervision: the discipline commission and the office (outside the unit).</summary>
    public bool CanVerify(int? organizationId) => IsOffice || (Is(Infrastructure.Roles.Supervisor) && Sees(organizationId));

    /// <summary>审批签发 a notice or report of the unit (or return it for changes): its 签发人 and leaders, and the office.</summary>
    public bool CanSign(int? organizationId) => CanApprove(organizationId) || (Is(Infrastructure.Roles.Signer) && Sees(organizationId));

    /// <summary>Record supervision (inspections, orders, talks) and start common-problem groups: the commission and the office.</summary>
    public bool CanRecordSupervision => IsOffice || Is(Infrastructure.Roles.Supervisor);

    /// <summary>
    /// The problems the user sees: those of inspections of a unit it sees, and those of its linked 责任部门
    /// (<see cref="Departments"/>). The one rule of the ledger list, its counts, search and the problem page
    /// (<see cref="Features.Problems.ProblemWork.VisibleAsync"/> asks this query).
    /// </summary>
    public IQueryable<Problem> Problems(RectifyDb db)
    {
        if (Organizations is null) return db.Problems;
        // As an IN over the targets (not EXISTS per problem), so that the database seeks the
        // problems of those inspections by index instead of testing every problem; the set as one
        // parameter, so that the statement is the same for every unit.
        if (_departmentKeys.Length == 0)
            return db.Problems.Where(p => db.InspectionTargets.Where(t => EF.Parameter(Organizations).Contains(t.OrganizationId)).Select(t => t.InspectionId).Contains(p.InspectionId));
        // A department's problem: its inspection's first unit and its 责任部门 make one of the account's keys (Departments.Key).
        // Looked for only in the inspections of the keys' units (by index, as the first branch), most often none.
        var (keys, units) = (_departmentKeys, _departmentUnits);
        return db.Problems.Where(p => db.InspectionTargets.Where(t => EF.Parameter(Organizations).Contains(t.OrganizationId)).Select(t => t.InspectionId).Contains(p.InspectionId)
            || (db.InspectionTargets.Where(t => EF.Parameter(units).Contains(t.OrganizationId)).Select(t => t.InspectionId).Contains(p.InspectionId)
                && p.ResponsibleDepartment != null && EF.Parameter(keys).Contains(
                db.InspectionTargets.Where(t => t.InspectionId == p.InspectionId).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId.ToString()).FirstOrDefault()
                + "|" + p.ResponsibleDepartment.Trim())));
    }

    /// <summary>
    /// Inspections whose ledger the user sees: all of it (<see cref="Inspections"/>), or the part of it that is its
    /// 责任部门's (<see cref="Problems"/>). The home list and the ledger page; the rest of an inspection (its records,
    /// notices, supervision, whole-ledger exports) stays <see cref="Inspections"/>.
    /// </summary>
    public IQueryable<Inspection> Ledgers(RectifyDb db)
    {
        if (_departmentKeys.Length == 0) return Inspections(db);
        var whole = Inspections(db).Select(i => i.Id);
        var part = Problems(db).Select(p => p.InspectionId);
        return db.Inspections.Where(i => whole.Contains(i.Id) || part.Contains(i.Id));
    }

    /// <summary>Sees the whole ledger of an inspection with these units (one of them), not only its 责任部门's part.</summary>
    public bool SeesWhole(IEnumerable<int> targets) => SeesAll || targets.Any(t => Sees(t));

    /// <summary>Inspections whose target organisation the user sees.</summary>
    public IQueryable<Inspection> Inspections(RectifyDb db) => Organizations is null
        ? db.Inspections
        : db.Inspections.Where(i => i.Targets.Any(t => EF.Parameter(Organizations).Contains(t.OrganizationId)));
}
