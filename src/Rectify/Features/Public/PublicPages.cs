using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
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
    public static IQueryable<Notice> Published(RectifyDb db) => db.Notices.AsNoTracking().Where(n => n.State == NoticeState.Published);

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
