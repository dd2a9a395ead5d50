using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>/public: the published notices by organisation and date, with a search.</summary>
[Microsoft.AspNetCore.OutputCaching.OutputCache(PolicyName = PublicPortal.ListCache)]
public class PublicIndexModel(RectifyDb db) : PageModel
{
    public sealed record Row(int Id, string Title, DateOnly AsOf, DateTimeOffset? PublishedAt, int? OrganizationId, string Organization);

    public List<Row> Rows { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public string? Q { get; private set; }
    public int? Org { get; private set; }

    public async Task OnGetAsync(string? q, int? org, CancellationToken ct)
    {
        Q = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        Org = org;
        var notices = await PublicQueries.Published(db).Select(n => new { n.Id, n.Title, n.AsOf, n.PublishedAt, n.InspectionId }).ToListAsync(ct);
        var organizations = await Feedback.Inbox.OrganizationsAsync(db, notices.Select(n => n.InspectionId).Distinct().ToList(), ct);
        var rows = notices.Select(n => organizations.TryGetValue(n.InspectionId, out var o)
            ? new Row(n.Id, n.Title, n.AsOf, n.PublishedAt, o.Id, o.Name)
            : new Row(n.Id, n.Title, n.AsOf, n.PublishedAt, null, "")).ToList();
        Organizations = rows.Where(r => r.OrganizationId is not null).Select(r => (r.OrganizationId!.Value, r.Organization)).Distinct().OrderBy(o => o.Item2, StringComparer.Ordinal).ToList();

        var query = rows.AsEnumerable();
        if (Org is { } o) query = query.Where(r => r.OrganizationId == o);
        if (Q is not null)
        {
            // Search the frozen text too, so a reader finds a notice by a problem it names.
            var hits = await PublicQueries.Published(db)
                .Where(n => n.Title.Contains(Q) || (n.PublishedText != null && n.PublishedText.Contains(Q)))
                .Select(n => n.Id).ToListAsync(ct);
            query = query.Where(r => hits.Contains(r.Id) || r.Organization.Contains(Q, StringComparison.Ordinal));
        }
        Rows = query.OrderBy(r => r.Organization, StringComparer.Ordinal).ThenByDescending(r => r.AsOf).ThenByDescending(r => r.Id).ToList();
    }
}
