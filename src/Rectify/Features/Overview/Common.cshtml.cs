using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Overview;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

/// <summary>共性问题: similar problems across units, and the district-wide lists made of them.</summary>
public class CommonModel(RectifyDb db, CurrentScope currentScope, TimeProvider clock, OverviewCache cache) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Round { get; set; }
    public IReadOnlyList<ProblemGroup> Groups { get; private set; } = [];
    public List<CommonProblemList> Lists { get; private set; } = [];
    public CommonProblemList? List { get; private set; }
    public List<DrillRow> ListRows { get; private set; } = [];
    public int ListUnits { get; private set; }
    /// <summary>Who made the list, kept by user name, as the page names them.</summary>
    public Rectify.Features.Problems.UserNames CreatedBy { get; private set; } = Rectify.Features.Problems.UserNames.None;
    public bool CanCreate { get; private set; }
    public string? Error { get; private set; }
    Dictionary<int, RectificationStatus> _status = [];

    public RectificationStatus StatusOf(int id) => _status.GetValueOrDefault(id, RectificationStatus.NotStated);
    HashSet<int> _open = [];
    /// <summary>How many of a group's problems are completed (已完成 or 长期坚持, Statuses.Done).</summary>
    public int Done(ProblemGroup g) => g.Members.Count(m => !_open.Contains(m.Id));
    /// <summary>The page shows this many groups, each with this many of its problems named.</summary>
    public const int ShownGroups = 60, ShownMembers = 8;

    public async Task<IActionResult> OnGetAsync(int? id, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        if (id is { } listId)
        {
            List = await db.CommonProblemLists.AsNoTracking().FirstOrDefaultAsync(l => l.Id == listId, ct);
            if (List is null) return NotFound();
            var ids = List.ProblemIds;
            ListRows = await scope.Problems(db).AsNoTracking().Where(p => ids.Contains(p.Id)).OrderBy(p => p.InspectionId).ThenBy(p => p.Ordinal)
                .Select(p => new DrillRow(p.Id, p.InspectionId, p.Inspection!.TargetName, p.Ordinal, p.Title, p.Category!.Title, p.Status, p.Closure.State, p.Deadline, p.ExpectedCompletion, p.ResponsibleLeader, p.ResponsibleLeaderId))
                .ToListAsync(ct);
            // A list with nothing of the user's scope is another units' matter: answered as not existing.
            if (ListRows.Count == 0 && !scope.SeesAll) return NotFound();
            ListUnits = ListRows.Select(r => r.Organization).Distinct().Count();
            CreatedBy = await Rectify.Features.Problems.PeopleLinks.NamesByUserNameAsync(db, [List.CreatedBy], ct);
            return Page();
        }
        await LoadGroupsAsync(scope, ct);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int group, string? name, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        await LoadGroupsAsync(scope, ct);
        if (!CanCreate) return Forbid();
        if (string.IsNullOrWhiteSpace(name)) { Error = "请填写清单名称"; return Page(); }
        if (group < 0 || group >= Groups.Count) { Error = "该组已不存在（数据已变化），请刷新后重试"; return Page(); }
        var g = Groups[group];
        var list = new CommonProblemList
        {
            Name = name.Trim(), Keywords = g.Label, CreatedAt = clock.GetUtcNow(),
            CreatedBy = User.Identity?.Name ?? "?", ProblemIds = g.Members.Select(m => m.Id).ToList(),
        };
        db.CommonProblemLists.Add(list);
        await db.SaveChangesAsync(ct);
        return Redirect($"/overview/common/{list.Id}");
    }

    async Task LoadGroupsAsync(Scope scope, CancellationToken ct)
    {
        CanCreate = scope.CanRecordSupervision;
        Groups = await cache.CommonAsync(db, scope, Round, ct);
        // Statuses change all day, the groups seldom: read them fresh for the completion rates. Only the problems
        // not yet completed are listed (a province has 1.2 million problems, most of them completed: reading every
        // status took most of the page's 1.6–2.3 s), and the statuses of the members the page names.
        var done = Statuses.Done.ToList();
        _open = (await OverviewQuery.Problems(db, scope, Round).AsNoTracking().Where(p => !done.Contains(p.Status)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
        var shown = Groups.Take(ShownGroups).SelectMany(g => g.Members.Take(ShownMembers)).Select(m => m.Id).Distinct().ToList();
        _status = await db.Problems.AsNoTracking().Where(p => shown.Contains(p.Id)).Select(p => new { p.Id, p.Status }).ToDictionaryAsync(p => p.Id, p => p.Status, ct);
        Lists = await db.CommonProblemLists.AsNoTracking().OrderByDescending(l => l.Id).ToListAsync(ct);
        if (!scope.SeesAll)
        {
            // Only the lists that hold a problem the user sees.
            var ids = Lists.SelectMany(l => l.ProblemIds).Distinct().ToList();
            var visible = (await scope.Problems(db).Where(p => ids.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct)).ToHashSet();
            Lists = Lists.Where(l => l.ProblemIds.Any(visible.Contains)).ToList();
        }
    }
}
