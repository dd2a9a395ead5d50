using Microsoft.EntityFrameworkCore;
using Rectify.Core.Documents;
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
        var leaderFacts = new LeaderFacts(
            string.IsNullOrWhiteSpace(leader) ? null
                : await db.LeadingGroupMembers.Where(m => m.InspectionId == inspectionId && m.Name == leader).Select(m => m.Role).FirstOrDefaultAsync(ct),
            await db.Meetings.AsNoTracking().Where(m => m.InspectionId == inspectionId && (m.Date == null || m.Date <= asOf)).OrderBy(m => m.Date).ThenBy(m => m.Id)
                .Select(m => new NoticeMeeting(m.Kind, m.Date)).ToListAsync(ct));
        return UpwardReports.Compose(kind, ledger, leader, facts, asOf, leaderFacts);
    }

    /// <summary>The report with its GB/T 9704 frame: the unit's settings, the round's 主送机关, the given 发文顺序号.</summary>
    public static async Task<OfficialDocument> DocumentAsync(RectifyDb db, Scope scope, int inspectionId, UpwardReportKind kind, int? serial, DateOnly asOf, CancellationToken ct) =>
        await Documents.DocumentFrames.UpwardReportAsync(db, inspectionId, kind, serial, await ComposeAsync(db, scope, inspectionId, kind, asOf, ct), ct);
}
