using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Features.Problems;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

public sealed record RecordInput(
    string Kind, DateOnly? Date, int? InspectionId, int? TargetOrganizationId, string? TargetDepartment, string? TargetPerson,
    List<int>? ProblemIds, string? Findings, string? Outcome, DateOnly? Deadline, string? SummonsReason);

public sealed record RecordView(
    int Id, string Kind, string KindName, DateOnly Date, string ActedBy, int? InspectionId, int? TargetOrganizationId, string? TargetOrganization,
    string? TargetDepartment, string? TargetPerson, List<int> ProblemIds, string? Findings, string? Outcome, DateOnly? Deadline,
    string State, string StateName, string? SummonsReason, string? ReportedFixedBy, string? AcceptedBy, string Light, string LightName = "", string LightRule = "");

/// <param name="ResponsibleLeaderId">The account the 责任领导 is linked to (PeopleLinks), or null: a page flags the name “未关联账号”.</param>
public sealed record ProblemLight(int Id, int InspectionId, int Ordinal, string Title, string Organization, string Status, string? ResponsibleLeader,
    string? ResponsiblePerson, DateOnly? Due, int? DaysLeft, string Light, string LightName, string LightRule,
    string? ResponsibleLeaderId = null, string? ResponsiblePersonId = null);

/// <param name="RequestedBy">The requester's user name, as the closure records it.</param>
/// <param name="RequestedByName">The requester as a page shows them: the account's name, else the user name.</param>
public sealed record ClosureRequest(int ProblemId, int InspectionId, int Ordinal, string Title, string Organization, string Status, string? RequestedBy, DateTimeOffset? RequestedAt, string? RequestedByName);

public sealed record SupervisionQueue(List<ClosureRequest> ClosureRequests, List<ProblemLight> Warnings, List<RecordView> Records);

public sealed record CriterionInput(string Name, decimal Weight, decimal Score);

/// <summary>
/// What the supervisor does, shared by the pages and the API. Each operation checks the scope
/// (outside it: 404; inside but without the right: <see cref="ForbiddenException"/>), applies the
/// rules of Rectify.Core.Supervision and saves once.
/// </summary>
public static class SupervisionWork
{
    /// <summary>Records the user sees: those aimed at organisations in scope or about inspections in scope.</summary>
    public static IQueryable<SupervisionAction> Records(RectifyDb db, Scope scope)
    {
        if (scope.SeesAll) return db.SupervisionActions;
        var orgs = scope.Organizations!;
        var inspections = scope.Inspections(db).Select(i => i.Id);
        return db.SupervisionActions.Where(a => (a.TargetOrganizationId != null && orgs.Contains(a.TargetOrganizationId.Value))
            || (a.InspectionId != null && inspections.Contains(a.InspectionId.Value)));
    }

    public static async Task<SupervisionQueue> QueueAsync(RectifyDb db, Scope scope, DateOnly today, CancellationToken ct)
    {
        var problems = scope.Problems(db).AsNoTracking();
        var requests = await problems.Where(p => p.Closure.State == ClosureState.Requested)
            .Select(p => new { p.Id, p.InspectionId, p.Ordinal, p.Title, p.Status, p.Closure.RequestedBy, p.Closure.RequestedAt, Org = p.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var warnings = (await ProblemLightsAsync(db, problems, today, ct))
            .Where(l => l.Light is "red" or "yellow").OrderBy(l => l.Light == "red" ? 0 : 1).ThenBy(l => l.DaysLeft).ToList();
        var records = await RecordViewsAsync(db, Records(db, scope), today, ct);
        var names = await Problems.PeopleLinks.NamesByUserNameAsync(db, requests.Select(r => r.RequestedBy), ct);
        return new SupervisionQueue(
            requests.OrderBy(r => r.RequestedAt).Select(r => new ClosureRequest(r.Id, r.InspectionId, r.Ordinal, r.Title, r.Org ?? "", r.Status.Chinese(),
                r.RequestedBy, r.RequestedAt, names.Of(r.RequestedBy))).ToList(),
            warnings, records);
    }

    /// <summary>Every problem of the query with its light, by the settings of its own round.</summary>
    public static async Task<List<ProblemLight>> ProblemLightsAsync(RectifyDb db, IQueryable<Problem> problems, DateOnly today, CancellationToken ct)
    {
        var rows = await problems.AsNoTracking()
            .Select(p => new { Problem = p, Org = p.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var lights = await LightThresholds.LoadAsync(db, ct);
        return rows.OrderBy(r => r.Problem.InspectionId).ThenBy(r => r.Problem.Ordinal).Select(r =>
        {
            var p = r.Problem;
            var light = LightBadge.Of(Warnings.For(p, today, lights.Of(p.InspectionId)), p.DueDate, today, lights.Of(p.InspectionId));
            return new ProblemLight(p.Id, p.InspectionId, p.Ordinal, p.Title, r.Org ?? "", p.Status.Chinese(), p.ResponsibleLeader, p.ResponsiblePerson,
                p.DueDate, Warnings.DaysLeft(p.DueDate, today), light.Code, light.Text, light.Rule, p.ResponsibleLeaderId, p.ResponsiblePersonId);
        }).ToList();
    }

    public static async Task<List<RecordView>> RecordViewsAsync(RectifyDb db, IQueryable<SupervisionAction> query, DateOnly today, CancellationToken ct)
    {
        var list = await query.AsNoTracking().OrderByDescending(a => a.Date).ThenByDescending(a => a.Id).ToListAsync(ct);
        var orgIds = list.Where(a => a.TargetOrganizationId != null).Select(a => a.TargetOrganizationId!.Value).Distinct().ToList();
        var orgs = await db.Organizations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        var lights = await LightThresholds.LoadAsync(db, ct);
        return list.Select(a => View(a, a.TargetOrganizationId is { } o && orgs.TryGetValue(o, out var n) ? n : null, today, lights)).ToList();
    }

    /// <summary>One record as the API returns it, after an action on it.</summary>
    public static async Task<RecordView> ViewAsync(RectifyDb db, SupervisionAction a, DateOnly today, CancellationToken ct) =>
        View(a, null, today, await LightThresholds.LoadAsync(db, ct, a.InspectionId ?? 0));

    public static RecordView View(SupervisionAction a, string? org, DateOnly today, LightThresholds lights)
    {
        // An order is tracked by its own deadline until the unit reports it fixed, by the one light
        // rule with its inspection's thresholds (the defaults for an order about a unit alone).
        var settings = lights.Of(a.InspectionId ?? 0);
        var light = LightBadge.Of(a.Kind == SupervisionKind.OrderToRectify
            ? Warnings.Light(a.Deadline, today, a.State is SupervisionState.ReportedFixed or SupervisionState.Accepted, settings)
            : WarningLight.None, a.Deadline, today, settings);
        return new RecordView(a.Id, a.Kind.Code(), a.Kind.Chinese(), a.Date, a.ActedBy, a.InspectionId, a.TargetOrganizationId, org, a.TargetDepartment,
            a.TargetPerson, a.ProblemIds, a.Findings, a.Outcome, a.Deadline, a.State.ToString(), a.State.Chinese(), a.SummonsReason, a.ReportedFixedBy, a.AcceptedBy, light.Code, light.Text, light.Rule);
    }

    public static async Task<SupervisionAction> CreateAsync(RectifyDb db, Scope scope, RecordInput input, OfficeClock clock, CancellationToken ct)
    {
        if (!scope.CanRecordSupervision) throw new ForbiddenException("只有纪委监督员和巡察办可以记录监督检查");
        var kind = SupervisionRules.KindFromText(input.Kind) ?? throw new DomainException($"监督检查的类别须为专项督查、明察暗访、责令限期整改、约谈或提醒谈话，而不是“{input.Kind}”");
        PartialDate? feedback = null;
        int? org = input.TargetOrganizationId;
        if (input.InspectionId is { } iid)
        {
            var insp = await scope.Inspections(db).AsNoTracking().Where(i => i.Id == iid)
                .Select(i => new { i.FeedbackDate, Org = i.Targets.OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefault() })
                .FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"没有编号为 {iid} 的巡察");
            feedback = insp.FeedbackDate;
            org ??= insp.Org;
        }
        if (input.TargetOrganizationId is { } t && (!scope.Sees(t) || !await db.Organizations.AnyAsync(o => o.Id == t, ct)))
            throw new NotFoundException($"没有编号为 {t} 的单位");
        var problemIds = (input.ProblemIds ?? []).Distinct().ToList();
        if (problemIds.Count > 0)
        {
            var found = await scope.Problems(db).Where(p => problemIds.Contains(p.Id) && (input.InspectionId == null || p.InspectionId == input.InspectionId)).Select(p => p.Id).ToListAsync(ct);
            var missing = problemIds.Except(found).ToList();
            if (missing.Count > 0) throw new DomainException($"所涉问题 {string.Join("、", missing)} 不存在或不属于该巡察");
        }
        var a = new SupervisionAction
        {
            Kind = kind,
            Date = input.Date ?? clock.Today,
            ActedBy = scope.User.Name,
            InspectionId = input.InspectionId,
            TargetOrganizationId = input.TargetOrganizationId,
            TargetDepartment = Clean(input.TargetDepartment),
            TargetPerson = Clean(input.TargetPerson),
            ProblemIds = problemIds,
            Findings = Clean(input.Findings),
            Outcome = Clean(input.Outcome),
            Deadline = input.Deadline,
            SummonsReason = Clean(input.SummonsReason),
            State = SupervisionState.Open,
        };
        SupervisionRules.Validate(a, feedback);
        // A record must land inside the recorder's scope, or others of the unit could never see it.
        if (!scope.CanVerify(org) || (org is null && !scope.SeesAll)) throw new ForbiddenException("记录的对象不在您的监督范围内");
        db.SupervisionActions.Add(a);
        await Events.OrderIssuedAsync(db, a, org, scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return a;
    }

    static async Task<(SupervisionAction Action, int? Org)> FindAsync(RectifyDb db, Scope scope, int id, CancellationToken ct)
    {
        var a = await Records(db, scope).FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException($"没有编号为 {id} 的监督检查记录");
        var org = a.TargetOrganizationId ?? (a.InspectionId is { } iid
            ? await db.InspectionTargets.Where(t => t.InspectionId == iid).OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefaultAsync(ct)
            : null);
        return (a, org);
    }

    public static async Task<SupervisionAction> ReportFixedAsync(RectifyDb db, Scope scope, int id, string? note, OfficeClock clock, CancellationToken ct)
    {
        var (a, org) = await FindAsync(db, scope, id, ct);
        if (!scope.CanEdit(org) && !scope.CanApprove(org)) throw new ForbiddenException("只有被责令单位的填报员或领导可以报告整改完成");
        SupervisionRules.ReportFixed(a, scope.User.Name, note, clock.UtcNow);
        await db.SaveChangesAsync(ct);
        return a;
    }

    public static async Task<SupervisionAction> AcceptAsync(RectifyDb db, Scope scope, int id, OfficeClock clock, CancellationToken ct)
    {
        var (a, org) = await FindAsync(db, scope, id, ct);
        if (!scope.CanVerify(org)) throw new ForbiddenException("只有纪委监督员和巡察办可以验收");
        SupervisionRules.Accept(a, scope.User.Name, clock.UtcNow);
        await db.SaveChangesAsync(ct);
        return a;
    }

    public static async Task<SupervisionAction> ConfirmAsync(RectifyDb db, Scope scope, int id, OfficeClock clock, CancellationToken ct)
    {
        var (a, org) = await FindAsync(db, scope, id, ct);
        if (!scope.CanVerify(org)) throw new ForbiddenException("只有纪委监督员和巡察办可以确认");
        SupervisionRules.Confirm(a, scope.User.Name, clock.Today);
        await db.SaveChangesAsync(ct);
        return a;
    }

    static async Task<Problem> ProblemForVerifyAsync(RectifyDb db, Scope scope, int problemId, CancellationToken ct)
    {
        var p = await scope.Problems(db).Include(x => x.Progress).ThenInclude(x => x.Evidence).Include(x => x.Reviews)
            .FirstOrDefaultAsync(x => x.Id == problemId, ct) ?? throw new NotFoundException($"没有编号为 {problemId} 的问题");
        var org = await db.InspectionTargets.Where(t => t.InspectionId == p.InspectionId).OrderBy(t => t.Ordinal).Select(t => (int?)t.OrganizationId).FirstOrDefaultAsync(ct);
        if (!scope.CanVerify(org)) throw new ForbiddenException("只有纪委监督员和巡察办可以核验销号和开展回头看");
        // The scoped context may have been created before sign-in was known (Identity resolves it early), so name the actor here.
        db.Actor = scope.User.UserName ?? scope.User.Name;
        return p;
    }

    /// <summary>销号 verified from the queue: the problem page's own path (<see cref="ProblemWork.DecideClosureAsync"/>), so both check the same.</summary>
    public static async Task<Problem> DecideClosureAsync(RectifyDb db, Scope scope, int problemId, bool approve, string? reason, OfficeClock clock, CancellationToken ct)
    {
        var w = await ProblemWork.LoadAsync(db, scope, clock, problemId, ct);
        await w.DecideClosureAsync(approve, reason, null, ct);
        return w.Problem;
    }

    public static async Task<Review> ScheduleReviewAsync(RectifyDb db, Scope scope, int problemId, DateOnly on, OfficeClock clock, CancellationToken ct)
    {
        var p = await ProblemForVerifyAsync(db, scope, problemId, ct);
        var r = LookBack.Schedule(p, on, clock.Today);
        await Events.LookBackScheduledAsync(db, p, r, scope.User.Id, ct);
        await db.SaveChangesAsync(ct);
        return r;
    }

    public static async Task<Review> DecideReviewAsync(RectifyDb db, Scope scope, int reviewId, bool reopen, string? reason, OfficeClock clock, CancellationToken ct)
    {
        var problemId = await db.Reviews.Where(r => r.Id == reviewId).Select(r => (int?)r.ProblemId).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"没有编号为 {reviewId} 的回头看");
        Problem p;
        try { p = await ProblemForVerifyAsync(db, scope, problemId, ct); }
        catch (NotFoundException) { throw new NotFoundException($"没有编号为 {reviewId} 的回头看"); }
        var r = p.Reviews.First(x => x.Id == reviewId);
        var completed = p.Status.IsCompleted();
        if (reopen) p.ReopenByLookBack(reason ?? "", db.Actor, clock.Today, r);
        else LookBack.Confirm(r, db.Actor, clock.Today, reason);
        // Only a problem that was completed is reopened; a long-term one's look-back is just recorded.
        if (reopen && completed) await Events.ReopenedAsync(db, p, r.Reason!, scope.User.Id, ct);
        db.Touch(p);
        await db.SaveChangesAsync(ct);
        return r;
    }

    /// <summary>Changes the round's deadlines (the office only): they apply to every inspection of the round.</summary>
    public static async Task<DeadlineSettings> SetDeadlinesAsync(RectifyDb db, Scope scope, int inspectionId, DeadlineSettings s, CancellationToken ct)
    {
        var insp = await scope.Inspections(db).Include(i => i.Round).FirstOrDefaultAsync(i => i.Id == inspectionId, ct)
            ?? throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        if (!scope.IsOffice) throw new ForbiddenException("只有巡察办可以设置本轮巡察的整改时限");
        Milestones.Validate(s);
        insp.Round!.Deadlines = new DeadlineSettings { PlanDays = s.PlanDays, ReportDays = s.ReportDays, CentralisedMonths = s.CentralisedMonths, GreenDays = s.GreenDays, YellowDays = s.YellowDays };
        await db.SaveChangesAsync(ct);
        return insp.Round.Deadlines;
    }

    /// <summary>
    /// The light's thresholds of one inspection alone (the office only); null for both gives it back its
    /// round's. Checked with the round's other settings as the round's are (yellow not above green).
    /// </summary>
    public static async Task<DeadlineSettings> SetLightsAsync(RectifyDb db, Scope scope, int inspectionId, LightsInput input, CancellationToken ct)
    {
        var insp = await scope.Inspections(db).Include(i => i.Round).FirstOrDefaultAsync(i => i.Id == inspectionId, ct)
            ?? throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        if (!scope.IsOffice) throw new ForbiddenException("只有巡察办可以设置本次巡察的预警天数");
        Milestones.Validate(insp.Round!.Deadlines.WithLights(input.GreenDays, input.YellowDays));
        (insp.GreenDays, insp.YellowDays) = (input.GreenDays, input.YellowDays);
        await db.SaveChangesAsync(ct);
        return insp.Settings;
    }

    /// <summary>Scores an inspection; 基本合格 and 不合格 propose a 约谈 of the principal leader and a 回头看 of its completed problems.</summary>
    public static async Task<Evaluation> EvaluateAsync(RectifyDb db, Scope scope, int inspectionId, List<CriterionInput> criteria, string? remarks, GradeThresholds t, OfficeClock clock, CancellationToken ct)
    {
        var insp = await scope.Inspections(db).Include(i => i.Targets).ThenInclude(x => x.Organization).FirstOrDefaultAsync(i => i.Id == inspectionId, ct)
            ?? throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        if (!scope.CanVerify(insp.PrimaryOrganizationId)) throw new ForbiddenException("只有纪委监督员和巡察办可以评估整改");
        var today = clock.Today;
        var e = new Evaluation
        {
            InspectionId = inspectionId,
            EvaluatedOn = today,
            EvaluatedBy = scope.User.Name,
            Criteria = criteria.Select(c => new EvaluationCriterion { Name = c.Name?.Trim() ?? "", Weight = c.Weight, Score = c.Score }).ToList(),
            Remarks = Clean(remarks),
        };
        Evaluations.Score(e, t);
        db.Evaluations.Add(e);
        if (Evaluations.CallsForFollowUp(e.Grade))
        {
            var org = insp.Targets.OrderBy(x => x.Ordinal).Select(x => x.Organization).FirstOrDefault();
            db.SupervisionActions.Add(new SupervisionAction
            {
                Kind = SupervisionKind.Summons,
                Date = today,
                ActedBy = scope.User.Name,
                InspectionId = inspectionId,
                TargetOrganizationId = org?.Id,
                TargetPerson = org?.PrincipalLeader ?? "主要负责人",
                SummonsReason = "整改不力",
                Findings = $"集中整改评估得分 {e.Total:0.#}，等次“{e.Grade.Chinese()}”",
                State = SupervisionState.Proposed,
            });
            var candidates = await db.Problems.Include(p => p.Reviews).Where(p => p.InspectionId == inspectionId).ToListAsync(ct);
            foreach (var p in candidates.Where(p => LookBack.IsCandidate(p) && !p.Reviews.Any(r => r.Result == ReviewResult.Scheduled)))
            {
                var r = new Review { ProblemId = p.Id, ScheduledOn = today.AddDays(30), Result = ReviewResult.Scheduled, Reason = $"评估等次“{e.Grade.Chinese()}”建议回头看" };
                p.Reviews.Add(r);
                await Events.LookBackScheduledAsync(db, p, r, scope.User.Id, ct);
            }
        }
        await db.SaveChangesAsync(ct);
        return e;
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
