using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Feedback;

/// <summary>A comment as the staff inbox sees it: with its notice and the organisation that must answer.</summary>
public sealed record InboxItem(PublicFeedback Feedback, Notice Notice, int? OrganizationId, string Organization);

/// <summary>What a signed-in user's inbox holds: comments on notices of the inspections their scope sees.</summary>
public static class Inbox
{
    public static async Task<List<InboxItem>> LoadAsync(RectifyDb db, Scope scope, int? feedbackId, CancellationToken ct)
    {
        var inspections = scope.Inspections(db).Select(i => i.Id);
        var query = from f in db.PublicFeedback.AsNoTracking()
                    join n in db.Notices.AsNoTracking() on f.NoticeId equals n.Id
                    where inspections.Contains(n.InspectionId)
                    select new { f, n };
        if (feedbackId is { } id) query = query.Where(x => x.f.Id == id);
        var rows = await query.ToListAsync(ct);
        var organizations = await OrganizationsAsync(db, rows.Select(r => r.n.InspectionId).Distinct().ToList(), ct);
        return rows.Select(r => organizations.TryGetValue(r.n.InspectionId, out var o)
            ? new InboxItem(r.f, r.n, o.Id, o.Name)
            : new InboxItem(r.f, r.n, null, "")).ToList();
    }

    /// <summary>The organisation of each inspection: its first target.</summary>
    public static async Task<Dictionary<int, (int Id, string Name)>> OrganizationsAsync(RectifyDb db, List<int> inspectionIds, CancellationToken ct)
    {
        var targets = await db.InspectionTargets.AsNoTracking().Where(t => inspectionIds.Contains(t.InspectionId))
            .Select(t => new { t.InspectionId, t.Ordinal, t.OrganizationId, t.Organization!.Name }).ToListAsync(ct);
        return targets.GroupBy(t => t.InspectionId)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Ordinal).Select(t => (t.OrganizationId, t.Name)).First());
    }
}
