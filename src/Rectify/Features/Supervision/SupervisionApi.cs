using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Documents;
using Rectify.Features.Notices;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

public sealed record ReasonInput(string? Reason);
public sealed record NoteInput(string? Note);
public sealed record ReviewInput(DateOnly ScheduledOn);
/// <summary>An inspection's own light thresholds; null gives back its round's.</summary>
public sealed record LightsInput(int? GreenDays, int? YellowDays);
public sealed record EvaluationInput(List<CriterionInput>? Criteria, string? Remarks);
public sealed record MilestoneView(string Code, string Name, DateOnly Due, bool Done, string Light);
public sealed record InspectionSupervision(int InspectionId, DeadlineSettings Deadlines, List<MilestoneView> Milestones, List<ProblemLight> Problems,
    List<MeasureLight> Measures, List<EvaluationView> Evaluations,
    /// <summary>The round's own settings (what "保存本轮设置" changes); Deadlines are those in force for this inspection.</summary>
    DeadlineSettings RoundDeadlines);
public sealed record MeasureLight(int Id, int ProblemId, int ProblemOrdinal, int Ordinal, string Text, DateOnly? Deadline, DateOnly? DoneOn, string Light);
public sealed record EvaluationView(int Id, DateOnly EvaluatedOn, string EvaluatedBy, decimal Total, string Grade, List<EvaluationCriterion> Criteria, string? Remarks);

/// <summary>/api/supervision: the supervisor's queue, supervision records, closure verification, look-back, evaluation, reports.</summary>
public static class SupervisionApi
{
    public static RouteGroupBuilder MapSupervisionApi(this IEndpointRouteBuilder routes)
    {
        var g = routes.MapGroup("/api/supervision").RequireAuthorization().WithTags("Supervision");

        g.MapGet("/queue", (HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.QueueAsync(db, scope, clock.Today, ct))));

        g.MapGet("/records", (int? inspectionId, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var q = SupervisionWork.Records(db, scope);
                if (inspectionId is { } iid) q = q.Where(a => a.InspectionId == iid);
                return TypedResults.Ok(await SupervisionWork.RecordViewsAsync(db, q, clock.Today, ct));
            }));

        g.MapGet("/records/{id:int}", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var list = await SupervisionWork.RecordViewsAsync(db, SupervisionWork.Records(db, scope).Where(a => a.Id == id), clock.Today, ct);
                return list.Count == 0 ? throw new NotFoundException($"没有编号为 {id} 的监督检查记录") : TypedResults.Ok(list[0]);
            }));

        // 责令限期整改通知 of a recorded order, per GB/T 9704; refused (422) naming what the frame still lacks.
        g.MapGet("/records/{id:int}/order.docx", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await OrderAsync(db, scope, id, ct);
                return TypedResults.File(NoticeDocxWriter.ToBytes(doc), NoticesApi.DocxType, $"{doc.Content.Title}.docx");
            }));
        g.MapGet("/records/{id:int}/order/pdf", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, PdfConverter pdf, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await OrderAsync(db, scope, id, ct);
                var (bytes, type) = await pdf.FileAsync(doc, ct);
                return TypedResults.File(bytes, type, $"{doc.Content.Title}.pdf");
            }));
        g.MapPost("/records", (RecordInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var a = await SupervisionWork.CreateAsync(db, scope, input, clock, ct);
                return TypedResults.Created($"/api/supervision/records/{a.Id}", await SupervisionWork.ViewAsync(db, a, clock.Today, ct));
            }));

        g.MapPost("/records/{id:int}/report-fixed", (int id, NoteInput? input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.ViewAsync(db, await SupervisionWork.ReportFixedAsync(db, scope, id, input?.Note, clock, ct), clock.Today, ct))));

        g.MapPost("/records/{id:int}/accept", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.ViewAsync(db, await SupervisionWork.AcceptAsync(db, scope, id, clock, ct), clock.Today, ct))));

        g.MapPost("/records/{id:int}/confirm", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.ViewAsync(db, await SupervisionWork.ConfirmAsync(db, scope, id, clock, ct), clock.Today, ct))));

        g.MapPost("/problems/{id:int}/closure/approve", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var p = await SupervisionWork.DecideClosureAsync(db, scope, id, true, null, clock, ct);
                return TypedResults.Ok(new { p.Id, closure = p.Closure.State.ToString(), p.Closure.DecidedBy });
            }));

        g.MapPost("/problems/{id:int}/closure/reject", (int id, ReasonInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var p = await SupervisionWork.DecideClosureAsync(db, scope, id, false, input.Reason, clock, ct);
                return TypedResults.Ok(new { p.Id, closure = p.Closure.State.ToString(), status = p.Status.Code(), p.Closure.Reason });
            }));

        g.MapPost("/problems/{id:int}/reviews", (int id, ReviewInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var r = await SupervisionWork.ScheduleReviewAsync(db, scope, id, input.ScheduledOn, clock, ct);
                return TypedResults.Ok(new { r.Id, r.ProblemId, r.ScheduledOn, result = r.Result.ToString() });
            }));

        g.MapPost("/reviews/{id:int}/confirm", (int id, NoteInput? input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var r = await SupervisionWork.DecideReviewAsync(db, scope, id, false, input?.Note, clock, ct);
                return TypedResults.Ok(new { r.Id, r.ProblemId, result = r.Result.ToString(), r.DoneOn, r.ReviewedBy });
            }));

        g.MapPost("/reviews/{id:int}/reopen", (int id, ReasonInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var r = await SupervisionWork.DecideReviewAsync(db, scope, id, true, input.Reason, clock, ct);
                return TypedResults.Ok(new { r.Id, r.ProblemId, result = r.Result.ToString(), r.DoneOn, r.ReviewedBy, r.Reason });
            }));

        g.MapGet("/inspections/{id:int}", (int id, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await InspectionAsync(db, scope, id, clock.Today, ct))));

        g.MapPut("/inspections/{id:int}/deadlines", (int id, DeadlineSettings input, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.SetDeadlinesAsync(db, scope, id, input, ct))));

        g.MapPut("/inspections/{id:int}/lights", (int id, LightsInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope => TypedResults.Ok(await SupervisionWork.SetLightsAsync(db, scope, id, input, ct))));
        g.MapPost("/inspections/{id:int}/evaluations", (int id, EvaluationInput input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, Microsoft.Extensions.Options.IOptions<GradeThresholds> thresholds, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var e = await SupervisionWork.EvaluateAsync(db, scope, id, input.Criteria ?? [], input.Remarks, thresholds.Value, clock, ct);
                return TypedResults.Ok(ToView(e));
            }));

        // The draft (.docx, or /pdf beside it): composed now, with the unit's frame; its 发文字号 once a serial was given at submission.
        g.MapGet("/inspections/{id:int}/reports/{kind}.docx", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await DraftAsync(db, scope, id, kind, clock, ct);
                return TypedResults.File(NoticeDocxWriter.ToBytes(doc), NoticesApi.DocxType, $"{doc.Content.Title}（草稿）.docx");
            }));
        g.MapGet("/inspections/{id:int}/reports/{kind}/pdf", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, PdfConverter pdf, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await DraftAsync(db, scope, id, kind, clock, ct);
                var (bytes, type) = await pdf.FileAsync(doc, ct);
                return TypedResults.File(bytes, type, $"{doc.Content.Title}（草稿）.pdf");
            }));

        // Sign-off of the upward reports (issue 6 item 7): state, submit, approve, the signed .docx from the frozen text.
        g.MapGet("/inspections/{id:int}/reports/{kind}", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var k = UpwardReportSignOff.ParseKind(kind);
                var (_, r) = await UpwardReportSignOff.LoadAsync(db, scope, id, k, ct);
                return TypedResults.Ok(UpwardReportSignOff.View(k, r));
            }));
        g.MapPost("/inspections/{id:int}/reports/{kind}/submit", (int id, string kind, ReportSubmission? input, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var k = UpwardReportSignOff.ParseKind(kind);
                return TypedResults.Ok(UpwardReportSignOff.View(k, await UpwardReportSignOff.SubmitAsync(db, scope, id, k, input?.SecrecyReviewed ?? false, clock, ct, input?.Serial)));
            }));
        g.MapPost("/inspections/{id:int}/reports/{kind}/approve", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var k = UpwardReportSignOff.ParseKind(kind);
                return TypedResults.Ok(UpwardReportSignOff.View(k, await UpwardReportSignOff.ApproveAsync(db, scope, id, k, clock, ct)));
            }));
        g.MapPost("/inspections/{id:int}/reports/{kind}/return", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var k = UpwardReportSignOff.ParseKind(kind);
                return TypedResults.Ok(UpwardReportSignOff.View(k, await UpwardReportSignOff.ReturnAsync(db, scope, id, k, ct)));
            }));
        g.MapGet("/inspections/{id:int}/reports/{kind}/signed.docx", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await UpwardReportSignOff.SignedAsync(db, scope, id, UpwardReportSignOff.ParseKind(kind), ct);
                return TypedResults.File(NoticeDocxWriter.ToBytes(doc), NoticesApi.DocxType, $"{doc.Content.Title}.docx");
            }));
        g.MapGet("/inspections/{id:int}/reports/{kind}/signed/pdf", (int id, string kind, HttpContext http, CurrentScope currentScope, RectifyDb db, PdfConverter pdf, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                var doc = await UpwardReportSignOff.SignedAsync(db, scope, id, UpwardReportSignOff.ParseKind(kind), ct);
                var (bytes, type) = await pdf.FileAsync(doc, ct);
                return TypedResults.File(bytes, type, $"{doc.Content.Title}.pdf");
            }));

        g.MapPost("/reminders/scan", (HttpContext http, CurrentScope currentScope, RectifyDb db, OfficeClock clock, Mailer mailer, CancellationToken ct) =>
            Run(currentScope, async scope =>
            {
                if (!scope.IsOffice) throw new ForbiddenException("只有巡察办可以手动触发预警扫描");
                return TypedResults.Ok(await ReminderScan.RunAsync(db, clock, mailer, ct));
            }));
        return g;
    }

    internal static async Task<Core.Documents.OfficialDocument> DraftAsync(RectifyDb db, Scope scope, int id, string kind, OfficeClock clock, CancellationToken ct)
    {
        var k = UpwardReports.FromCode(kind) ?? throw new NotFoundException($"没有“{kind}”这种报告");
        var serial = await db.UpwardReports.Where(r => r.InspectionId == id && r.Kind == k).Select(r => r.Serial).FirstOrDefaultAsync(ct);
        return await UpwardReportFiles.DocumentAsync(db, scope, id, k, serial, clock.Today, ct);
    }

    /// <summary>Where <see cref="GradeThresholds"/> are configured.</summary>
    public const string EvaluationSection = "Rectify:Evaluation";

    public static void AddGradeThresholds(IServiceCollection services) => services.AddSettings<GradeThresholds>(EvaluationSection);

    public static EvaluationView ToView(Evaluation e) => new(e.Id, e.EvaluatedOn, e.EvaluatedBy, e.Total, e.Grade.Chinese(), e.Criteria, e.Remarks);

    public static async Task<InspectionSupervision> InspectionAsync(RectifyDb db, Scope scope, int id, DateOnly today, CancellationToken ct)
    {
        var insp = await scope.Inspections(db).AsNoTracking().Include(i => i.Round).FirstOrDefaultAsync(i => i.Id == id, ct)
            ?? throw new NotFoundException($"没有编号为 {id} 的巡察");
        // The settings in force for this inspection: its round's, with its own light thresholds.
        var s = insp.Settings;
        var evaluations = await db.Evaluations.AsNoTracking().Where(e => e.InspectionId == id).OrderByDescending(e => e.Id).ToListAsync(ct);
        var milestones = Core.Supervision.Milestones.Of(insp, s, today, evaluations.Count > 0)
            .Select(m => new MilestoneView(m.Code, m.Name, m.Due, m.Done, m.Light.Code())).ToList();
        var problems = await SupervisionWork.ProblemLightsAsync(db, db.Problems.Where(p => p.InspectionId == id), today, ct);
        var measures = await db.Measures.AsNoTracking().Where(m => db.Problems.Any(p => p.Id == m.ProblemId && p.InspectionId == id))
            .Join(db.Problems, m => m.ProblemId, p => p.Id, (m, p) => new { m, p.Ordinal }).ToListAsync(ct);
        return new InspectionSupervision(id, s, milestones, problems,
            measures.OrderBy(x => x.Ordinal).ThenBy(x => x.m.Ordinal)
                .Select(x => new MeasureLight(x.m.Id, x.m.ProblemId, x.Ordinal, x.m.Ordinal, x.m.Text, x.m.Deadline, x.m.DoneOn, Warnings.For(x.m, today, s).Code())).ToList(),
            evaluations.Select(ToView).ToList(), insp.Round!.Deadlines);
    }

    /// <summary>Runs an operation for the signed-in user; its refusals (403, 404, 422) are answered by the one mapping (Infrastructure/Refusals.cs).</summary>
    static async Task<IResult> Run(CurrentScope currentScope, Func<Scope, Task<IResult>> work) =>
        await work(await currentScope.RequiredAsync());

    /// <summary>The order's notice, if the user sees the record and it is an order; it may go out only with every element.</summary>
    internal static async Task<Core.Documents.OfficialDocument> OrderAsync(RectifyDb db, Scope scope, int id, CancellationToken ct)
    {
        var order = await SupervisionWork.Records(db, scope).AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (order is not { Kind: SupervisionKind.OrderToRectify }) throw new NotFoundException($"没有编号为 {id} 的责令限期整改记录");
        var doc = await DocumentFrames.OrderAsync(db, order, ct);
        doc.EnsureComplete(OrderDocument.Name, "印发");
        return doc;
    }
}

/// <summary>Body of a report submission: the 保密审查 confirmation.</summary>
public sealed record ReportSubmission(bool SecrecyReviewed, int? Serial = null);
