using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Features.Problems;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>
/// One change for many problems of a ledger, as the page's 批量处理 and POST /api/inspections/{id}/problems/bulk send it.
/// <see cref="Ids"/> names the problems, or <see cref="All"/> takes every problem matching <see cref="Filter"/>
/// (the ledger's query string, as its links carry it).
/// </summary>
public sealed record BulkInput
{
    public List<int>? Ids { get; init; }
    public bool All { get; init; }
    public string? Filter { get; init; }
    /// <summary>leader, department, person, owner (every measure's 责任人), deadline or extension.</summary>
    public string? Action { get; init; }
    /// <summary>The new leader, department (责任单位), person or measure owner.</summary>
    public string? Value { get; init; }
    /// <summary>The new deadline (deadline, extension).</summary>
    public DateOnly? Deadline { get; init; }
    /// <summary>The extension's reason.</summary>
    public string? Reason { get; init; }
    /// <summary>For a deadline: where another one is already set, request an extension to it (with <see cref="Reason"/>) instead of refusing.</summary>
    public bool ExtendWhereSet { get; init; }
}

/// <summary>What happened to one problem: saved, unchanged (already so) or refused with the reason.</summary>
public sealed record BulkRow(int Id, int Ordinal, string Title, string Outcome, string Message);

public sealed record BulkResult(IReadOnlyList<BulkRow> Rows)
{
    public int Saved => Rows.Count(r => r.Outcome == BulkWork.Saved);
    public int Unchanged => Rows.Count(r => r.Outcome == BulkWork.Unchanged);
    public int Refused => Rows.Count(r => r.Outcome == BulkWork.Refused);
}

/// <summary>
/// 批量处理: each problem goes through its own <see cref="ProblemWork"/>, the single edit's path and rules
/// (scope, role, the entity's deadline and closure rules, notifications), and is saved on its own: a refused
/// problem is listed with the reason and writes nothing, the others are saved, each with its history and audit rows.
/// </summary>
public static class BulkWork
{
    public const string Saved = "saved", Unchanged = "unchanged", Refused = "refused";
    /// <summary>One request changes at most this many problems: each is loaded, checked and saved on its own.</summary>
    public const int MaxProblems = 500;

    public static readonly IReadOnlyDictionary<string, string> Actions = new Dictionary<string, string>
    {
        ["leader"] = "设置责任领导", ["department"] = "设置责任单位（部门）", ["person"] = "设置责任人", ["owner"] = "设置整改措施责任人",
        ["deadline"] = "设置整改时限", ["extension"] = "申请延期",
    };

    public static async Task<BulkResult> RunAsync(RectifyDb db, Scope scope, OfficeClock clock, int inspectionId, BulkInput input, CancellationToken ct)
    {
        var action = input.Action?.Trim() ?? "";
        if (!Actions.ContainsKey(action))
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest,
                string.IsNullOrEmpty(action) ? "请选择要做的批量操作" : $"未知的批量操作“{action}”，应为 {string.Join("、", Actions.Keys)} 之一");
        var value = string.IsNullOrWhiteSpace(input.Value) ? null : input.Value.Trim();
        if (action is "leader" or "department" or "person" or "owner" && value is null)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"请填写新的{What(action)}");
        if (action is "deadline" or "extension" && input.Deadline is null)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, action == "deadline" ? "请填写整改时限" : "请填写延期后的整改时限");
        if ((action == "extension" || input.ExtendWhereSet) && string.IsNullOrWhiteSpace(input.Reason))
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, "申请延期须说明理由");

        var ids = await IdsAsync(db, scope, clock, inspectionId, input, ct);
        if (ids.Count == 0) throw new ProblemRefusedException(StatusCodes.Status400BadRequest, input.All ? "没有符合筛选条件的问题" : "请先勾选要处理的问题");
        if (ids.Count > MaxProblems)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"一次最多批量处理 {MaxProblems} 个问题，所选为 {ids.Count} 个；请缩小筛选范围后分批处理");

        var rows = new List<BulkRow>();
        // Whoever hears of the action hears once, of all its problems (OneAction), not once per problem.
        var told = new OneAction(Actions[action], $"/inspections/{inspectionId}");
        db.Grouping = told;
        try
        {
            foreach (var id in ids)
            {
                // Each problem on its own: what one refused left in memory never reaches the next one's save.
                db.ChangeTracker.Clear();
                ProblemWork? w = null;
                var mark = told.Mark;
                try
                {
                    w = await ProblemWork.LoadAsync(db, scope, clock, id, ct);
                    if (w.Problem.InspectionId != inspectionId) throw new NotFoundException("该问题不在本台账中");
                    var (outcome, message) = await ApplyAsync(w, action, value, input, ct);
                    rows.Add(new BulkRow(id, w.Problem.Ordinal, w.Problem.Title, outcome, message));
                }
                // A rule, a role or the scope refuses this problem; a fault (the database gone) stops the whole request.
                catch (Exception e) when (e is DomainException or ForbiddenException or NotFoundException or StaleVersionException or DbUpdateConcurrencyException)
                {
                    told.DropSince(mark);
                    var shown = w is not null && w.Problem.InspectionId == inspectionId;
                    rows.Add(new BulkRow(id, shown ? w!.Problem.Ordinal : 0, shown ? w!.Problem.Title : "（不在您的范围内的问题）", Refused, Refusals.Of(e)!.Value.Detail));
                }
            }
        }
        finally
        {
            // Flush below ends the grouping on the way that gets there; a fault that stops the loop must not leave the
            // request's context grouping into an action that is never flushed (its notices would be lost unseen).
            db.Grouping = null;
        }
        db.ChangeTracker.Clear();
        told.Flush(db);
        await db.SaveChangesAsync(ct);
        db.ChangeTracker.Clear();
        return new BulkResult(rows);
    }

    static string What(string action) => action switch { "leader" => "责任领导", "department" => "责任单位（部门）", "owner" => "整改措施责任人", _ => "责任人" };

    static async Task<(string, string)> ApplyAsync(ProblemWork w, string action, string? value, BulkInput input, CancellationToken ct)
    {
        var p = w.Problem;
        switch (action)
        {
            case "leader" or "department" or "person":
                var before = action switch { "leader" => p.ResponsibleLeader, "department" => p.ResponsibleDepartment, _ => p.ResponsiblePerson };
                if (before == value) return (Unchanged, $"{What(action)}已是 {value}");
                var f = ProblemFields.Of(p);
                f = action switch { "leader" => f with { Leader = value }, "department" => f with { Department = value }, _ => f with { Person = value } };
                await w.UpdateFieldsAsync(f, ct);
                return (Saved, $"{What(action)}由 {before ?? "（空）"} 改为 {value}" + (w.Told > 0 ? $"，已通知 {w.Told} 人" : ""));
            case "owner":
                // A problem without measures is refused by the edit's rule (ProblemWork.SetMeasureOwnersAsync), with the reason.
                if (p.Measures.Count > 0 && p.Measures.All(m => m.Owner == value)) return (Unchanged, $"各项整改措施的责任人已是 {value}");
                var n = await w.SetMeasureOwnersAsync(value, p.Version, ct);
                return (Saved, $"{n} 项整改措施的责任人改为 {value}" + (w.Told > 0 ? $"，已通知 {w.Told} 人" : ""));
            case "deadline":
                var d = input.Deadline!.Value;
                if (p.Deadline == d) return (Unchanged, $"整改时限已是 {d:yyyy-MM-dd}");
                if (p.Deadline is { } current && input.ExtendWhereSet)
                {
                    await w.RequestExtensionAsync(d, input.Reason, p.Version, ct);
                    return (Saved, $"整改时限已定为 {current:yyyy-MM-dd}，已申请延期至 {d:yyyy-MM-dd}，待审批");
                }
                // A deadline already set is refused here by the entity's rule (Problem.SetDeadline).
                await w.UpdateFieldsAsync(ProblemFields.Of(p) with { Deadline = d }, ct);
                return (Saved, $"整改时限定为 {d:yyyy-MM-dd}");
            default: // extension
                var old = p.Deadline;
                await w.RequestExtensionAsync(input.Deadline, input.Reason, p.Version, ct);
                return (Saved, $"已申请延期至 {input.Deadline:yyyy-MM-dd}（原时限 {(old is { } o ? o.ToString("yyyy-MM-dd") : "未定")}），待审批");
        }
    }

    /// <summary>The chosen problems, in the ledger's order: the ticked ones, or every one the filter matches.</summary>
    public static async Task<List<int>> IdsAsync(RectifyDb db, Scope scope, OfficeClock clock, int inspectionId, BulkInput input, CancellationToken ct)
    {
        if (!input.All) return (input.Ids ?? []).Distinct().ToList();
        var (filter, errors) = LedgerFilter.Parse(QueryHelpers.ParseQuery(input.Filter ?? ""));
        if (errors.Count > 0)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, "筛选条件有误：" + string.Join("；", errors.Values.SelectMany(v => v)));
        filter = filter with { Inspection = inspectionId };
        var lights = await LightThresholds.LoadAsync(db, ct, inspectionId);
        return await LedgerQuery.Filtered(db, scope, filter, clock.Today, lights).Select(p => p.Id).ToListAsync(ct);
    }
}
