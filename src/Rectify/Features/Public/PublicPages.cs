using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>What a comment form sends. Website is the honeypot: people never see it, robots fill it.</summary>
public sealed class CommentInput
{
    public int NoticeId { get; set; }
    public int? ProblemId { get; set; }
    public string? Name { get; set; }
    public string? Contact { get; set; }
    public bool ReplyWanted { get; set; }
    public string? Content { get; set; }
    public string? Website { get; set; }
}

/// <summary>The comment form, as the notice page shows it and the send page re-shows it with its errors.</summary>
public sealed record CommentFormView(CommentInput Input, IReadOnlyList<PublishedProblem> Problems, IReadOnlyDictionary<string, string> Errors)
{
    public string? Error(string field) => Errors.TryGetValue(field, out var m) ? m : null;
}

/// <summary>A published notice with the organisation that issued it (the inspection's target).</summary>
public sealed record PublicNotice(Notice Notice, Organization? Organization);

/// <summary>Queries of the public pages: only published notices, only their frozen data.</summary>
public static class PublicQueries
{
    public static IQueryable<Notice> Published(RectifyDb db) => db.Notices.AsNoTracking().Where(n => n.State == SignOffState.Published);

    public static async Task<PublicNotice?> FindAsync(RectifyDb db, int id, CancellationToken ct)
    {
        var notice = await Published(db).FirstOrDefaultAsync(n => n.Id == id, ct);
        if (notice is null) return null;
        return new PublicNotice(notice, await OrganizationOfAsync(db, notice.InspectionId, ct));
    }

    public static Task<Organization?> OrganizationOfAsync(RectifyDb db, int inspectionId, CancellationToken ct) =>
        db.InspectionTargets.AsNoTracking().Where(t => t.InspectionId == inspectionId)
            .OrderBy(t => t.Ordinal).Select(t => t.Organization).FirstOrDefaultAsync(ct);

    public static Task<List<PublishedProblem>> ProblemsAsync(RectifyDb db, int noticeId, CancellationToken ct) =>
        db.PublishedProblems.AsNoTracking().Where(p => p.NoticeId == noticeId).OrderBy(p => p.Ordinal).ToListAsync(ct);
}

/// <summary>A published notice page's data: frozen at publication except the organisation's name and contacts.</summary>
public sealed record PublicNoticeView(Notice Notice, Organization? Organization, IReadOnlyList<PublishedLine> Lines, IReadOnlyList<PublishedProblem> Problems);

/// <summary>
/// The public pages are read far more than anything else and change rarely: their data (and the list's
/// whole output, see <see cref="PublicPortal"/>) is cached per app instance for <see cref="Lifetime"/>,
/// keyed by <see cref="Storage.PublicVersion"/>, which moves when this instance saves a notice, a frozen
/// problem list or an organisation. So this instance shows such a change at once, another instance over
/// the same database within <see cref="Lifetime"/>. Comments are never cached: they are posted, checked
/// against the database, and rate-limited.
/// </summary>
public sealed class PublicCache(IMemoryCache memory, Storage storage)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    /// <summary>The page of a published notice; null when unknown or not published (not cached, so a new publication shows at once).</summary>
    public async Task<PublicNoticeView?> NoticeAsync(RectifyDb db, int id, CancellationToken ct)
    {
        var key = (nameof(PublicNoticeView), id, storage.PublicVersion);
        if (memory.TryGetValue(key, out PublicNoticeView? view)) return view;
        var found = await PublicQueries.FindAsync(db, id, ct);
        if (found is null) return null;
        var problems = await PublicQueries.ProblemsAsync(db, id, ct);
        view = new PublicNoticeView(found.Notice, found.Organization,
            PublishedNoticeText.Parse(found.Notice.PublishedText, found.Notice.Title, problems.Select(p => p.Title).OfType<string>().ToList()), problems);
        memory.Set(key, view, Lifetime);
        return view;
    }
}
