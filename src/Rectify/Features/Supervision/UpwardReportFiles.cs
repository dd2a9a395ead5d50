using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Supervision;

/// <summary>The upward reports of an inspection as drafts, filled from the ledger and the supervision records.</summary>
public static class UpwardReportFiles
{
    public static async Task<ComposedNotice> ComposeAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, DateOnly asOf, CancellationToken ct)
    {
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == inspectionId, ct)) throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        var ledger = await LedgerTransfer.ExportAsync(db, inspectionId, ct) ?? throw new NotFoundException($"没有编号为 {inspectionId} 的巡察");
        var leader = await db.InspectionTargets.Where(t => t.InspectionId == inspectionId).OrderBy(t => t.Ordinal).Select(t => t.Organization!.PrincipalLeader).FirstOrDefaultAsync(ct);
        var actions = await db.SupervisionActions.AsNoTracking().Where(a => a.InspectionId == inspectionId && a.State != SupervisionState.Proposed)
            .Select(a => new { a.Kind, a.State }).ToListAsync(ct);
        var reviews = await db.Reviews.AsNoTracking().Where(r => db.Problems.Any(p => p.Id == r.ProblemId && p.InspectionId == inspectionId) && r.Result != ReviewResult.Scheduled)
            .Select(r => r.Result).ToListAsync(ct);
        var facts = new SupervisionFacts(
            actions.Count(a => a.Kind == SupervisionKind.OrderToRectify),
            actions.Count(a => a.Kind == SupervisionKind.OrderToRectify && a.State == SupervisionState.Accepted),
            actions.Count(a => a.Kind == SupervisionKind.Summons),
            reviews.Count, reviews.Count(r => r == ReviewResult.Reopened));
        return UpwardReports.Compose(kind, ledger, leader, facts, asOf);
    }
}
