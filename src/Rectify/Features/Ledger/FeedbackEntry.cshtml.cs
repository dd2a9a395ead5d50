using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>反馈意见 entered by hand: the inspection office adds aspects (方面) and problems to an inspection.</summary>
public class FeedbackEntryModel(RectifyDb db, CurrentScope currentScope) : PageModel
{
    public sealed record ProblemLine(int Id, int Ordinal, string Title, int Items);

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public string? CategoryTitle { get; set; }
    [BindProperty] public int? CategoryId { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public string? Detail { get; set; }
    [BindProperty] public string? Items { get; set; }
    [BindProperty] public RectificationKind Kind { get; set; } = RectificationKind.Deadline;
    [BindProperty] public DateOnly? Deadline { get; set; }

    public string Organization { get; private set; } = "";
    public List<(Category Category, List<ProblemLine> Problems)> Categories { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }

    async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        var i = await scope.Inspections(db).AsNoTracking().Where(x => x.Id == Id)
            .Select(x => new { x.TargetName, Org = x.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        if (i is null) return NotFound();
        // Entering feedback is the inspection office's work (DOMAIN.md "Roles").
        if (!scope.IsOffice) return Forbid();
        Organization = i.Org ?? i.TargetName ?? "";
        var categories = await db.Categories.AsNoTracking().Where(c => c.InspectionId == Id).OrderBy(c => c.Ordinal).ToListAsync(ct);
        var problems = await db.Problems.AsNoTracking().Where(p => p.InspectionId == Id).OrderBy(p => p.Ordinal)
            .Select(p => new { p.Id, p.CategoryId, p.Ordinal, p.Title, p.SpecificItems }).ToListAsync(ct);
        Categories = categories.Select(c => (c, problems.Where(p => p.CategoryId == c.Id)
            .Select(p => new ProblemLine(p.Id, p.Ordinal, p.Title, p.SpecificItems.Count)).ToList())).ToList();
        return null;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        Message = TempData["Message"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostCategoryAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var title = CategoryTitle?.Trim();
        if (string.IsNullOrEmpty(title)) { Error = "请填写方面的名称"; return Page(); }
        if (title.Length > 200) { Error = "方面的名称不超过 200 字"; return Page(); }
        if (Categories.Any(c => c.Category.Title == title)) { Error = $"已有方面“{title}”"; return Page(); }
        var ordinal = Categories.Count == 0 ? 1 : Categories.Max(c => c.Category.Ordinal) + 1;
        db.Categories.Add(new Category { InspectionId = Id, Ordinal = ordinal, Title = title });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"已添加第{ordinal}个方面“{title}”";
        return Redirect($"/inspections/{Id}/feedback");
    }

    public async Task<IActionResult> OnPostProblemAsync(CancellationToken ct)
    {
        if (await LoadAsync(ct) is { } refused) return refused;
        var title = Title?.Trim();
        if (CategoryId is not { } cid || !Categories.Any(c => c.Category.Id == cid)) Error = "请选择问题所属的方面（没有时先添加方面）";
        else if (string.IsNullOrEmpty(title)) Error = "请填写问题";
        else if (title.Length > 500) Error = "问题不超过 500 字；详细情况请写在“问题描述”中";
        else if (!Enum.IsDefined(Kind)) Error = "请选择整改类型";
        else if (!ModelState.IsValid) Error = "整改时限不是有效的日期";
        if (Error is not null) return Page();

        // Problems are numbered across aspects in the order they are entered.
        var ordinal = (await db.Problems.Where(p => p.InspectionId == Id).MaxAsync(p => (int?)p.Ordinal, ct) ?? 0) + 1;
        var items = (Items ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        db.Problems.Add(new Problem
        {
            InspectionId = Id, CategoryId = CategoryId!.Value, Ordinal = ordinal, Title = title!,
            Detail = string.IsNullOrWhiteSpace(Detail) ? null : Detail.Trim(), SpecificItems = items, Kind = Kind, Deadline = Deadline,
        });
        await db.SaveChangesAsync(ct);
        TempData["Message"] = $"已添加问题 {ordinal}“{title}”";
        return Redirect($"/inspections/{Id}/feedback");
    }
}
