using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>One inspection: round, kind, group, target organisations, on-site period (partial dates), feedback date.</summary>
[Authorize(Policy = Policies.LedgerAdmin)]
public class InspectionModel(RectifyDb db, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public int? RoundId { get; set; }
    [BindProperty] public InspectionKind Kind { get; set; }
    [BindProperty] public string? Group { get; set; }
    [BindProperty] public List<int> Targets { get; set; } = [];
    [BindProperty] public string? OnSiteFrom { get; set; }
    [BindProperty] public string? OnSiteTo { get; set; }
    [BindProperty] public string? FeedbackDate { get; set; }

    public List<(int Id, string Name, InspectionKind Kind)> Rounds { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public List<string> Errors { get; } = [];

    async Task LoadAsync(CancellationToken ct)
    {
        Rounds = (await db.Rounds.AsNoTracking().OrderByDescending(r => r.Id).Select(r => new { r.Id, r.Body, r.Name, r.Kind }).ToListAsync(ct))
            .Select(r => (r.Id, r.Body + r.Name, r.Kind)).ToList();
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
    }

    public async Task<IActionResult> OnGetAsync(int? round, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Id is { } id)
        {
            var i = await db.Inspections.AsNoTracking().Include(x => x.Targets).FirstOrDefaultAsync(x => x.Id == id, ct);
            if (i is null) return NotFound();
            (RoundId, Kind, Group) = (i.RoundId, i.Kind, i.Group);
            Targets = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).ToList();
            (OnSiteFrom, OnSiteTo, FeedbackDate) = (i.OnSiteFrom?.ToString(), i.OnSiteTo?.ToString(), i.FeedbackDate?.ToString());
        }
        else if (round is { } r && Rounds.FirstOrDefault(x => x.Id == r) is { Name: not null } chosen)
            (RoundId, Kind) = (chosen.Id, chosen.Kind);
        return Page();
    }

    PartialDate? Date(string? text, string label)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (PartialDate.TryParse(text.Trim(), out var d)) return d;
        Errors.Add($"{label}“{text}”不是日期，应写成 2023-01-15、2023-01-上旬、2023-01 或 2023");
        return null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (RoundId is not { } roundId || !Rounds.Any(r => r.Id == roundId)) Errors.Add("请选择巡察轮次");
        if (!Enum.IsDefined(Kind)) Errors.Add("请选择类型");
        var targets = Targets.Distinct().ToList();
        if (targets.Count == 0) Errors.Add("请至少选择一个被巡察单位");
        if (targets.Any(t => !Organizations.Any(o => o.Id == t))) Errors.Add("所选被巡察单位不存在");
        var from = Date(OnSiteFrom, "进驻开始");
        var to = Date(OnSiteTo, "进驻结束");
        var feedback = Date(FeedbackDate, "反馈日期");
        if (from is { } f && to is { } t2 && f.Start > t2.End) Errors.Add("进驻开始不能晚于进驻结束");
        if (to is { } t3 && feedback is { } fb && fb.End < t3.Start) Errors.Add("反馈日期不能早于进驻结束");
        if (Errors.Count > 0) return Page();

        Inspection inspection;
        if (Id is { } id)
        {
            inspection = await db.Inspections.Include(x => x.Targets).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"巡察 {id} 不存在");
            inspection.Targets.RemoveAll(x => !targets.Contains(x.OrganizationId));
        }
        else
            inspection = db.Inspections.Add(new Inspection { CreatedAt = clock.GetUtcNow() }).Entity;
        inspection.RoundId = RoundId!.Value;
        inspection.Kind = Kind;
        inspection.Group = string.IsNullOrWhiteSpace(Group) ? null : Group.Trim();
        for (var n = 0; n < targets.Count; n++)
        {
            var existing = inspection.Targets.FirstOrDefault(x => x.OrganizationId == targets[n]);
            if (existing is null) inspection.Targets.Add(new InspectionTarget { OrganizationId = targets[n], Ordinal = n + 1 });
            else existing.Ordinal = n + 1;
        }
        inspection.TargetName = Organizations.First(o => o.Id == targets[0]).Name;
        (inspection.OnSiteFrom, inspection.OnSiteTo, inspection.FeedbackDate) = (from, to, feedback);
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"已保存巡察：{inspection.TargetName} {Rounds.First(r => r.Id == inspection.RoundId).Name}";
        return Redirect("/admin/rounds");
    }
}
