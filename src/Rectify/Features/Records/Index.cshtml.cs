using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Records;

/// <summary>
/// 整改记录 of an inspection: the leading group, meetings and policy documents (each linkable to
/// problems), and outcome records (accountability by kind and person count, funds recovered).
/// </summary>
public class RecordsModel(RectifyDb db, CurrentScope currentScope) : PageModel
{
    public static readonly string[] GroupRoles = ["组长", "副组长", "成员", "办公室主任"];
    public static readonly string[] MeetingKinds = ["党委会", "专题民主生活会", "党政联席会议", "整改工作推进会", "组织生活会"];

    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public string? PersonTitle { get; set; }
    [BindProperty] public DateOnly? Date { get; set; }
    [BindProperty] public string? Kind { get; set; }
    [BindProperty] public string? Title { get; set; }
    [BindProperty] public List<int> ProblemIds { get; set; } = [];
    [BindProperty] public int? Persons { get; set; }
    [BindProperty] public decimal? AmountYuan { get; set; }
    [BindProperty] public int RecordId { get; set; }

    public string Organization { get; private set; } = "";
    public bool CanEdit { get; private set; }
    public List<LeadingGroupMember> Group { get; private set; } = [];
    public List<Meeting> Meetings { get; private set; } = [];
    public List<PolicyDocument> Policies { get; private set; } = [];
    public List<OutcomeRecord> Outcomes { get; private set; } = [];
    public List<(int Id, int Ordinal, string Title)> Problems { get; private set; } = [];
    public string? Error { get; private set; }
    /// <summary>Which form the error belongs to, so it shows beside it.</summary>
    public string? ErrorFor { get; private set; }
    public string? Message { get; private set; }

    public string ProblemOrdinals(IEnumerable<int> ids) =>
        string.Join("、", Problems.Where(p => ids.Contains(p.Id)).Select(p => p.Ordinal.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    async Task<IActionResult?> LoadAsync(bool write, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        var i = await scope.Inspections(db).AsNoTracking().Where(x => x.Id == Id).Select(x => new
        {
            // Scalar subqueries: a two-column one is translated with ROW_NUMBER() over every target of the district.
            x.TargetName,
            OrgId = x.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault(),
            OrgName = x.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
        }).FirstOrDefaultAsync(ct);
        if (i is null) return NotFound();
        CanEdit = scope.CanEdit(i.OrgId);
        if (write && !CanEdit) return Forbid();
        Organization = i.OrgName ?? i.TargetName ?? "";
        Group = await db.LeadingGroupMembers.AsNoTracking().Where(m => m.InspectionId == Id).OrderBy(m => m.Id).ToListAsync(ct);
        Meetings = await db.Meetings.AsNoTracking().Where(m => m.InspectionId == Id).OrderBy(m => m.Date).ThenBy(m => m.Id).ToListAsync(ct);
        Policies = await db.PolicyDocuments.AsNoTracking().Where(m => m.InspectionId == Id).OrderBy(m => m.Kind).ThenBy(m => m.Id).ToListAsync(ct);
        Outcomes = await db.Outcomes.AsNoTracking().Where(m => m.InspectionId == Id).OrderBy(m => m.Kind).ThenBy(m => m.Id).ToListAsync(ct);
        Problems = (await db.Problems.AsNoTracking().Where(p => p.InspectionId == Id).OrderBy(p => p.Ordinal)
            .Select(p => new { p.Id, p.Ordinal, p.Title }).ToListAsync(ct)).Select(p => (p.Id, p.Ordinal, p.Title)).ToList();
        return null;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await LoadAsync(false, ct) is { } refused) return refused;
        Message = TempData["Message"] as string;
        return Page();
    }

    IActionResult Refuse(string form, string message) { ErrorFor = form; Error = message; return Page(); }

    async Task<IActionResult> SavedAsync(string message, CancellationToken ct)
    {
        await db.SaveChangesAsync(ct);
        TempData["Message"] = message;
        return Redirect($"/inspections/{Id}/records");
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    string? CheckProblems() => ProblemIds.Any(pid => !Problems.Any(p => p.Id == pid)) ? "所选问题不属于本次巡察" : null;

    public async Task<IActionResult> OnPostMemberAsync(CancellationToken ct)
    {
        if (await LoadAsync(true, ct) is { } refused) return refused;
        if (Clean(Name) is not { } name) return Refuse("member", "请填写领导小组成员姓名");
        if (Role is null || !GroupRoles.Contains(Role)) return Refuse("member", "请选择在领导小组中的职务（组长、副组长、成员或办公室主任）");
        if (Role == "组长" && Group.Any(m => m.Role == "组长")) return Refuse("member", $"领导小组已有组长“{Group.First(m => m.Role == "组长").Name}”");
        db.LeadingGroupMembers.Add(new LeadingGroupMember { InspectionId = Id, Name = name, Role = Role, Title = Clean(PersonTitle) });
        return await SavedAsync($"已添加领导小组{Role}“{name}”", ct);
    }

    public async Task<IActionResult> OnPostMeetingAsync(CancellationToken ct)
    {
        if (await LoadAsync(true, ct) is { } refused) return refused;
        if (!ModelState.IsValid || Date is null) return Refuse("meeting", "请填写有效的会议日期");
        if (Clean(Kind) is not { } kind) return Refuse("meeting", "请选择会议类型");
        if (CheckProblems() is { } bad) return Refuse("meeting", bad);
        db.Meetings.Add(new Meeting { InspectionId = Id, Date = Date, Kind = kind, Title = Clean(Title), ProblemIds = ProblemIds.Distinct().Order().ToList() });
        return await SavedAsync($"已添加{kind}（{Date:yyyy-MM-dd}）", ct);
    }

    public async Task<IActionResult> OnPostPolicyAsync(CancellationToken ct)
    {
        if (await LoadAsync(true, ct) is { } refused) return refused;
        if (!Enum.TryParse<PolicyKind>(Kind, out var kind) || !Enum.IsDefined(kind)) return Refuse("policy", "请选择类别（规章制度、工作计划或方案）");
        if (Clean(Title) is not { } title) return Refuse("policy", "请填写制度或方案的名称");
        if (!ModelState.IsValid) return Refuse("policy", "印发日期不是有效的日期");
        if (CheckProblems() is { } bad) return Refuse("policy", bad);
        db.PolicyDocuments.Add(new PolicyDocument { InspectionId = Id, Kind = kind, Title = title, AdoptedOn = Date, ProblemIds = ProblemIds.Distinct().Order().ToList() });
        return await SavedAsync($"已添加{kind.Chinese()}“{title}”", ct);
    }

    public async Task<IActionResult> OnPostOutcomeAsync(CancellationToken ct)
    {
        if (await LoadAsync(true, ct) is { } refused) return refused;
        if (!Enum.TryParse<OutcomeKind>(Kind, out var kind) || !Enum.IsDefined(kind)) return Refuse("outcome", "请选择问责方式或追缴资金");
        if (!ModelState.IsValid) return Refuse("outcome", "人数或金额不是有效的数字");
        if (kind == OutcomeKind.FundsRecovered)
        {
            if (AmountYuan is not > 0) return Refuse("outcome", "追缴资金须填写大于 0 的金额（元）");
            db.Outcomes.Add(new OutcomeRecord { InspectionId = Id, Kind = kind, AmountYuan = decimal.Round(AmountYuan.Value, 2), Persons = 0 });
            return await SavedAsync($"已记录追缴资金 {AmountYuan:0.##} 元", ct);
        }
        if (Persons is not (> 0 and <= 10000)) return Refuse("outcome", $"“{kind.Chinese()}”须填写 1 到 10000 之间的人数");
        db.Outcomes.Add(new OutcomeRecord { InspectionId = Id, Kind = kind, Persons = Persons.Value, Notes = Clean(Title) });
        return await SavedAsync($"已记录{kind.Chinese()} {Persons} 人", ct);
    }

    public async Task<IActionResult> OnPostDeleteAsync(string what, CancellationToken ct)
    {
        if (await LoadAsync(true, ct) is { } refused) return refused;
        object? record = what switch
        {
            "member" => await db.LeadingGroupMembers.FirstOrDefaultAsync(x => x.Id == RecordId && x.InspectionId == Id, ct),
            "meeting" => await db.Meetings.FirstOrDefaultAsync(x => x.Id == RecordId && x.InspectionId == Id, ct),
            "policy" => await db.PolicyDocuments.FirstOrDefaultAsync(x => x.Id == RecordId && x.InspectionId == Id, ct),
            "outcome" => await db.Outcomes.FirstOrDefaultAsync(x => x.Id == RecordId && x.InspectionId == Id, ct),
            _ => null,
        };
        if (record is null) return NotFound();
        db.Remove(record);
        return await SavedAsync("已删除", ct);
    }
}
