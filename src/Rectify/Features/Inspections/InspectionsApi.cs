using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Inspections;

/// <summary>One inspection in a list; <see cref="FeedbackDate"/> is ISO 8601 in JSON (2023-03-10, or 2023-03 when only the month is known).</summary>
public sealed record InspectionSummary(int Id, string? Organization, string Round, string Kind, string? Group, Rectify.Core.PartialDate? FeedbackDate, int Problems, int Completed);

public static class InspectionsApi
{
    public static RouteGroupBuilder MapInspectionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/inspections").RequireAuthorization().WithTags("Inspections");

        group.MapGet("/", async Task<Results<Ok<List<InspectionSummary>>, UnauthorizedHttpResult>> (HttpContext http, RectifyDb db, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            return TypedResults.Ok(await ListAsync(db, scope, ct));
        });

        group.MapGet("/{id:int}/ledger", async Task<Results<Ok<LedgerDocument>, NotFound, UnauthorizedHttpResult>> (int id, HttpContext http, RectifyDb db, CurrentScope currentScope, CancellationToken ct) =>
        {
            var scope = await currentScope.GetAsync(ct);
            if (scope is null) return TypedResults.Unauthorized();
            // Outside the user's scope answers 404, so ids of other units are not confirmed.
            if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return TypedResults.NotFound();
            var doc = await LedgerTransfer.ExportAsync(db, id, ct);
            return doc is null ? TypedResults.NotFound() : TypedResults.Ok(doc);
        });
        return group;
    }

    public static async Task<List<InspectionSummary>> ListAsync(RectifyDb db, Scope scope, CancellationToken ct)
    {
        var rows = await scope.Ledgers(db).AsNoTracking().OrderByDescending(i => i.Id).Select(i => new
        {
            i.Id,
            Organization = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
            Round = i.Round!.Body + i.Round.Name,
            i.Kind,
            i.Group,
            i.FeedbackDate,
        }).ToListAsync(ct);
        // Counted per status in SQL (the ledger index yields them in order) and folded into buckets by the one counting function.
        var ids = rows.Select(r => r.Id).ToList();
        // A 责任部门's account counts the problems it sees (Scope.Problems), as its ledger lists them.
        var problems = scope.Departments.Count == 0 ? db.Problems : scope.Problems(db);
        var perStatus = (await problems.Where(p => ids.Contains(p.InspectionId)).GroupBy(p => new { p.InspectionId, p.Status })
            .Select(g => new { g.Key.InspectionId, g.Key.Status, Count = g.Count() }).ToListAsync(ct))
            .ToLookup(x => x.InspectionId, x => KeyValuePair.Create(x.Status, x.Count));
        return rows.Select(r =>
        {
            var counts = Core.Domain.StatusCounts.Of(perStatus[r.Id]);
            return new InspectionSummary(r.Id, r.Organization, r.Round, Core.Domain.InspectionKinds.Chinese(r.Kind), r.Group, r.FeedbackDate, counts.Total, counts.Done);
        }).ToList();
    }
}
