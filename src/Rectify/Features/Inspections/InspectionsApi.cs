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
        var rows = await scope.Inspections(db).AsNoTracking().OrderByDescending(i => i.Id).Select(i => new
        {
            i.Id,
            Organization = i.Targets.OrderBy(t => t.Ordinal).Select(t => t.Organization!.Name).FirstOrDefault(),
            Round = i.Round!.Body + i.Round.Name,
            i.Kind,
            i.Group,
            i.FeedbackDate,
            Problems = i.Problems.Count,
            Completed = i.Problems.Count(p => p.Status == Core.Domain.RectificationStatus.Completed || p.Status == Core.Domain.RectificationStatus.CompletedSustained),
        }).ToListAsync(ct);
        return rows.Select(r => new InspectionSummary(r.Id, r.Organization, r.Round, Core.Domain.InspectionKinds.Chinese(r.Kind), r.Group, r.FeedbackDate, r.Problems, r.Completed)).ToList();
    }
}
