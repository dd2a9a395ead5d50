using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
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
            HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, LedgerListCache cache, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            var (filter, errors) = LedgerFilter.Parse(http.Request.Query);
            if (errors.Count > 0)
                return TypedResults.ValidationProblem(errors, detail: string.Join("；", errors.Values.SelectMany(v => v)), title: "查询参数有误");
            var page = await LedgerQuery.PageAsync(db, scope, filter, clock.Today, ct, cache: cache);
            return TypedResults.Ok(new ProblemList(page.Items, page.Total));
        }).RequireAuthorization().WithTags("Ledger");

        routes.MapGet("/api/inspections/{id:int}/ledger.xlsx", (int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
            ExportAsync(id, http, db, clock, currentScope, ct)).RequireAuthorization().WithTags("Ledger");
        // The page's download link; same file.
        routes.MapGet("/inspections/{id:int}/export.xlsx", (int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
            ExportAsync(id, http, db, clock, currentScope, ct)).RequireAuthorization();

        // 批量处理 for programs: the page's change, one result per problem (saved, unchanged, or refused with the reason).
        routes.MapPost("/api/inspections/{id:int}/problems/bulk", async Task<Ok<BulkResult>> (int id, BulkInput body, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.RequiredAsync(ct);
            if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) throw new NotFoundException($"没有编号为 {id} 的巡察，或它不在您的范围内");
            return TypedResults.Ok(await BulkWork.RunAsync(db, scope, clock, id, body, ct));
        }).RequireAuthorization().WithTags("Ledger")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        return routes;
    }

    static async Task<Results<FileStreamHttpResult, NotFound, UnauthorizedHttpResult>> ExportAsync(
        int id, HttpContext http, RectifyDb db, OfficeClock clock, CurrentScope currentScope, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return TypedResults.Unauthorized();
        List<int>? only = null;
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct))
        {
            // A 责任部门's account: the problems of its part of the ledger, as listed (Scope.Problems).
            only = await scope.Problems(db).Where(p => p.InspectionId == id).Select(p => p.Id).ToListAsync(ct);
            if (only.Count == 0) return TypedResults.NotFound();
        }
        if (await WorkbookAsync(db, clock, id, only, ct) is not { } file) return TypedResults.NotFound();
        return TypedResults.File(file.File, XlsxType, file.Name);
    }

    /// <summary>
    /// The ledger as a workbook, of the whole inspection or only of <paramref name="only"/> (the problems chosen on
    /// the page), with each row's light on the export's date; null when the inspection is not there. Scope is the caller's.
    /// </summary>
    public static async Task<(Stream File, string Name)?> WorkbookAsync(RectifyDb db, OfficeClock clock, int id, IReadOnlyCollection<int>? only, CancellationToken ct)
    {
        var doc = await LedgerTransfer.ExportAsync(db, id, ct);
        if (doc is null) return null;
        if (only is not null)
        {
            var ordinals = (await db.Problems.Where(p => p.InspectionId == id && only.Contains(p.Id)).Select(p => p.Ordinal).ToListAsync(ct)).ToHashSet();
            foreach (var c in doc.Categories) c.Problems.RemoveAll(p => !ordinals.Contains(p.Ordinal));
            doc.Categories.RemoveAll(c => c.Problems.Count == 0);
            doc.WithComputedCounts();
        }
        var org = await db.InspectionTargets.Where(t => t.InspectionId == id).OrderBy(t => t.Ordinal)
            .Select(t => t.Organization!.Name).FirstOrDefaultAsync(ct) ?? doc.Inspection.Target ?? "";
        var today = clock.Today;
        // Each problem's light on the export's date, by the one rule and this inspection's thresholds.
        var thresholds = await Supervision.LightThresholds.LoadAsync(db, ct, id);
        var lights = (await db.Problems.AsNoTracking().Where(p => p.InspectionId == id)
                .Select(p => new { p.Ordinal, p.Deadline, p.ExpectedCompletion, p.Status, Closure = p.Closure.State }).ToListAsync(ct))
            .ToDictionary(p => p.Ordinal, p => (thresholds.Light(id, p.Deadline, p.ExpectedCompletion, p.Status, p.Closure, today),
                Core.Supervision.Warnings.DaysLeft(p.Deadline ?? p.ExpectedCompletion?.LastDay, today)));
        var file = TempFile();
        try { LedgerWorkbook.Write(doc, org, today, file, lights, inspectionId: id); }
        catch { await file.DisposeAsync(); throw; }
        file.Position = 0;
        return (file, $"{org}整改台账{(only is null ? "" : "（所选）")}-{today:yyyyMMdd}.xlsx");
    }

    /// <summary>
    /// Where a workbook is written before it is sent: a file, not memory, so that a large export holds one
    /// row at a time (the writers stream); deleted when the response has sent and closed it. Written whole
    /// before the first byte goes out, so a refusal is still a clear message, never half a file.
    /// </summary>
    public static FileStream TempFile() => new(Path.Combine(Path.GetTempPath(), $"rectify-export-{Guid.NewGuid():N}.xlsx"),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose);
}
