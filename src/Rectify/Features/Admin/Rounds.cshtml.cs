using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>巡察轮次: the inspecting body, the round's name and kind, and its deadline settings; with its inspections.</summary>
[Authorize(Policy = Policies.LedgerAdmin)]
public class RoundsModel(RectifyDb db) : PageModel
{
    public sealed record InspectionLine(int Id, string? Group, string Targets, string? FeedbackDate, int Problems);

    [BindProperty(SupportsGet = true)] public int? Id { get; set; }
    [BindProperty] public string? Body { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public InspectionKind Kind { get; set; }
    [BindProperty] public int PlanDays { get; set; } = 30;
    [BindProperty] public int ReportDays { get; set; } = 60;
    [BindProperty] public int CentralisedMonths { get; set; } = 3;

    public List<(InspectionRound Round, List<InspectionLine> Inspections)> Rounds { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }

    async Task LoadAsync(CancellationToken ct)
    {
        var rounds = await db.Rounds.AsNoTracking().OrderByDescending(r => r.Id).ToListAsync(ct);
        var inspections = await db.Inspections.AsNoTracking().Select(i => new
        {
            i.Id, i.RoundId, i.Group, i.FeedbackDate, Problems = i.Problems.Count,
            Targets = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).ToList(),
        }).ToListAsync(ct);
        Rounds = rounds.Select(r => (r, inspections.Where(i => i.RoundId == r.Id)
            .Select(i => new InspectionLine(i.Id, i.Group, string.Join("、", i.Targets), i.FeedbackDate?.ToChinese(), i.Problems)).ToList())).ToList();
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Id is { } id)
        {
            var r = Rounds.Select(x => x.Round).FirstOrDefault(x => x.Id == id);
            if (r is null) return NotFound();
            (Body, Name, Kind) = (r.Body, r.Name, r.Kind);
            (PlanDays, ReportDays, CentralisedMonths) = (r.Deadlines.PlanDays, r.Deadlines.ReportDays, r.Deadlines.CentralisedMonths);
        }
        Message = TempData["Message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var body = Body?.Trim();
        var name = Name?.Trim();
        if (string.IsNullOrEmpty(body)) Errors.Add("请填写巡察主体（如：九届区委）");
        if (string.IsNullOrEmpty(name)) Errors.Add("请填写轮次名称（如：第二轮巡察）");
        if (!Enum.IsDefined(Kind)) Errors.Add("请选择类型");
        if (PlanDays is < 1 or > 365) Errors.Add("整改方案时限应为 1 到 365 天");
        if (ReportDays is < 1 or > 730) Errors.Add("整改情况报告时限应为 1 到 730 天");
        if (PlanDays > ReportDays) Errors.Add("整改方案时限不能晚于整改情况报告时限");
        if (CentralisedMonths is < 1 or > 24) Errors.Add("集中整改期应为 1 到 24 个月");
        if (Errors.Count == 0 && await db.Rounds.AnyAsync(r => r.Body == body && r.Name == name && r.Id != (Id ?? 0), ct))
            Errors.Add($"已有轮次“{body}{name}”");
        if (Errors.Count > 0) { await LoadAsync(ct); return Page(); }

        InspectionRound round;
        if (Id is { } id)
            round = await db.Rounds.FindAsync([id], ct) ?? throw new NotFoundException($"轮次 {id} 不存在");
        else
            round = db.Rounds.Add(new InspectionRound { Body = body!, Name = name! }).Entity;
        round.Body = body!;
        round.Name = name!;
        round.Kind = Kind;
        round.Deadlines.PlanDays = PlanDays;
        round.Deadlines.ReportDays = ReportDays;
        round.Deadlines.CentralisedMonths = CentralisedMonths;
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"已保存轮次“{round.DisplayName}”";
        return Redirect("/admin/rounds");
    }
}
