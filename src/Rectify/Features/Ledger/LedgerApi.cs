using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Excel;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

public sealed record ProblemList(IReadOnlyList<LedgerRow> Items, int Total);

public static class LedgerApi
{
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static IEndpointRouteBuilder MapLedgerApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/problems", async Task<Results<Ok<ProblemList>, ValidationProblem, UnauthorizedHttpResult>> (
            HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            var (filter, errors) = LedgerFilter.Parse(http.Request.Query);
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors, detail: string.Join(";", errors.Values.SelectMany(v => v)), title: "查询参数有误");
            var page = await LedgerQuery.PageAsync(db, scope, filter, clock.Today, ct);
            return TypedResults.Ok(new ProblemList(page.Items, page.Total));
        }).RequireAuthorization().WithTags("Ledger");

        routes.MapGet("/api/inspections/{id:int}/ledger.xlsx", (int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
            ExportAsync(id, http, db, clock, currentScope, ct)).RequireAuthorization().WithTags("Ledger");
        // The page's download link; same file.
        routes.MapGet("/inspections/{id:int}/export.xlsx", (int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
            ExportAsync(id, http, db, clock, currentScope, ct)).RequireAuthorization();
        return routes;
    }

    static async Task<Results<FileContentHttpResult, NotFound, UnauthorizedHttpResult>> ExportAsync(
        int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return TypedResults.Unauthorized();
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
        var doc = await LedgerTransfer.ExportAsync(db, id, ct);
        if (doc is null) return TypedResults.NotFound();
        var org = await db.InspectionTargets.Where(t => t.InspectionId == id).OrderBy(t => t.Ordinal)
            .Select(t => t.Organization!.Name).FirstOrDefaultAsync(ct) ?? doc.Inspection.Target ?? "";
        var today = clock.Today;
        // Each problem's light on the export's date, by the one rule and this inspection's thresholds.
        var thresholds = await Supervision.LightThresholds.LoadAsync(db, ct, id);
        var lights = (await db.Problems.AsNoTracking().Where(p => p.InspectionId == id)
                .Select(p => new { p.Ordinal, p.Deadline, p.ExpectedCompletion, p.Status, Closure = p.Closure.State }).ToListAsync(ct))
            .ToDictionary(p => p.Ordinal, p => (thresholds.Light(id, p.Deadline, p.ExpectedCompletion, p.Status, p.Closure, today),
                Core.Supervision.Warnings.DaysLeft(p.Deadline ?? p.ExpectedCompletion?.LastDay, today)));
        using var buffer = new MemoryStream();
        LedgerWorkbook.Write(doc, org, today, buffer, lights);
        return TypedResults.File(buffer.ToArray(), XlsxType, $"{org}整改台账-{today:yyyyMMdd}.xlsx");
    }
}
