using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

/// <summary>
/// A problem's 责任部门 as a unit of the organisation tree (issue 18 item 1): the department whose name it bears among
/// the units below the problem's unit (its 科室, 站所, villages), when exactly one does; an administrator's choice on
/// /admin/people settles the rest (none or several). Worked out when needed, not stored on the problem, so an
/// imported or typed name links as soon as the department is in the tree. Otherwise the name stays text, flagged
/// “未关联”. The linked department's accounts hear the problem's events as its unit's do (<see cref="Notifications.Events"/>),
/// and its robot too.
/// </summary>
public static class Departments
{
    public const string Unlinked = "未关联";
    /// <summary>The settings that hold an administrator's choices; saving one changes what accounts see (<see cref="AccessCache.Governs"/>).</summary>
    public const string ChoicePrefix = "department-link:";

    /// <summary>The setting that holds an administrator's choice for the name in the unit.</summary>
    public static string ChoiceKey(int unit, string name) => $"{ChoicePrefix}{unit}:{name.Trim()}";

    /// <summary>The units a department of <paramref name="unit"/> may be: those below it in the tree.</summary>
    public static IEnumerable<(int Id, int? ParentId, string Name)> Below(int unit, IReadOnlyList<(int Id, int? ParentId, string Name)> tree)
    {
        var under = Scope.Subtree(unit, tree.Select(t => (t.Id, t.ParentId)));
        return tree.Where(t => t.Id != unit && under.Contains(t.Id));
    }

    /// <summary>The department the name is in the unit: the administrator's choice, else the one unit below bearing the name; else null.</summary>
    public static int? Of(string? name, int? unit, IReadOnlyList<(int Id, int? ParentId, string Name)> tree, IReadOnlyDictionary<string, string?> choices)
    {
        if (string.IsNullOrWhiteSpace(name) || unit is not { } u) return null;
        return Of(name, u, Below(u, tree).ToLookup(b => b.Name, b => b.Id), choices);
    }

    /// <summary>The rule of <see cref="Of(string?, int?, IReadOnlyList{ValueTuple{int, int?, string}}, IReadOnlyDictionary{string, string?})"/> over the unit's units below, by name.</summary>
    static int? Of(string name, int unit, ILookup<string, int> below, IReadOnlyDictionary<string, string?> choices)
    {
        if (choices.TryGetValue(ChoiceKey(unit, name), out var chosen) && int.TryParse(chosen, out var id) && below.Any(g => g.Contains(id))) return id;
        var found = below[name.Trim()].Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>
    /// The problems an account sees as a 责任部门, as keys "unit|name" (<see cref="Key"/>) to the department: for every unit above
    /// the account's organisations that it does not see itself, each name that is one of its organisations there (by
    /// <see cref="Of(string?, int?, IReadOnlyList{ValueTuple{int, int?, string}}, IReadOnlyDictionary{string, string?})"/>).
    /// A problem whose inspection's first unit and 责任部门 make such a key is the account's (<see cref="Scope.Problems"/>).
    /// </summary>
    public static IReadOnlyDictionary<string, int> Seen(IReadOnlySet<int> organizations, IReadOnlyList<(int Id, int? ParentId, string Name)> tree,
        IReadOnlyDictionary<string, string?> choices)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        if (organizations.Count == 0) return seen;
        var parent = tree.ToDictionary(t => t.Id, t => t.ParentId);
        var mine = tree.Where(t => organizations.Contains(t.Id)).ToList();
        // The units above what the account sees: the ancestors of its organisations outside its subtree (a few).
        var above = new HashSet<int>();
        foreach (var m in mine)
            for (var u = parent.GetValueOrDefault(m.Id); u is { } up && !organizations.Contains(up) && above.Add(up); u = parent.GetValueOrDefault(up)) { }
        foreach (var unit in above)
        {
            var below = Below(unit, tree).ToLookup(b => b.Name, b => b.Id);
            var prefix = ChoiceKey(unit, "");
            // Its organisations' own names, and the names an administrator linked to one of them.
            var names = mine.Select(m => m.Name.Trim())
                .Concat(choices.Where(c => c.Key.StartsWith(prefix, StringComparison.Ordinal) && int.TryParse(c.Value, out var id) && organizations.Contains(id))
                    .Select(c => c.Key[prefix.Length..]));
            foreach (var name in names.Where(n => n.Length > 0).Distinct())
                if (Of(name, unit, below, choices) is { } d && organizations.Contains(d)) seen[Key(unit, name)] = d;
        }
        return seen;
    }

    /// <summary>A problem's department key: its inspection's first unit and its 责任部门, as <see cref="Scope.Problems"/> builds it in SQL.</summary>
    public static string Key(int unit, string name) => $"{unit}|{name.Trim()}";

    public static async Task<IReadOnlyList<(int Id, int? ParentId, string Name)>> TreeAsync(RectifyDb db, CancellationToken ct) =>
        (await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.ParentId, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.ParentId, o.Name)).ToList();

    public static async Task<Dictionary<string, string?>> ChoicesAsync(RectifyDb db, CancellationToken ct) =>
        await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(ChoicePrefix)).ToDictionaryAsync(s => s.Key, s => s.Value, ct);

    /// <summary>The linked department of the problem (its inspection's first unit is the one the names belong to, as for the people).</summary>
    public static async Task<int?> OfAsync(RectifyDb db, Problem p, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(p.ResponsibleDepartment)) return null;
        var unit = await db.InspectionTargets.AsNoTracking().Where(t => t.InspectionId == p.InspectionId).OrderBy(t => t.Ordinal)
            .Select(t => (int?)t.OrganizationId).FirstOrDefaultAsync(ct);
        return Of(p.ResponsibleDepartment, unit, await TreeAsync(db, ct), await ChoicesAsync(db, ct));
    }

    static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>The department on a page: its name, flagged “未关联” when it is no unit of the tree.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Html(string? name, int? departmentId, string none)
    {
        if (string.IsNullOrWhiteSpace(name)) return new Microsoft.AspNetCore.Html.HtmlString(Encoder.Encode(none));
        var flag = departmentId is null ? $" <span class=\"tag unlinked\" title=\"责任部门未关联到组织树中的部门，通知到不了该部门的账号\">{Unlinked}</span>" : "";
        return new Microsoft.AspNetCore.Html.HtmlString(Encoder.Encode(name) + flag);
    }
}
