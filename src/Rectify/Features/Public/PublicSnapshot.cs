using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>
/// Freezes the problem list of a notice at publication, beside its frozen text: the public page
/// shows each problem's status and expected completion as the notice states them (on its as-of
/// date, from <paramref name="input"/>), whatever the ledger says later or said since. Withheld
/// problems get no row. The caller saves (one SaveChanges with the publication).
/// </summary>
public static class PublicSnapshot
{
    public static async Task FreezeAsync(RectifyDb db, Notice notice, NoticeInput input, CancellationToken ct = default)
    {
        var ids = await db.Problems.AsNoTracking().Where(p => p.InspectionId == notice.InspectionId)
            .Select(p => new { p.Ordinal, p.Id }).ToDictionaryAsync(p => p.Ordinal, p => p.Id, ct);

        // Publishing again replaces the earlier snapshot.
        if (notice.Id != 0)
            db.PublishedProblems.RemoveRange(await db.PublishedProblems.Where(x => x.NoticeId == notice.Id).ToListAsync(ct));

        foreach (var c in input.Categories)
            foreach (var p in c.Problems.Where(p => !p.Withheld && ids.ContainsKey(p.Ordinal)).OrderBy(p => p.Ordinal))
                db.PublishedProblems.Add(new PublishedProblem
                {
                    Notice = notice,
                    NoticeId = notice.Id,
                    ProblemId = ids[p.Ordinal],
                    Ordinal = p.Ordinal,
                    CategoryOrdinal = c.Ordinal,
                    CategoryTitle = c.Title,
                    Title = p.Title,
                    StatusCode = p.Status.Code(),
                    StatusText = p.Status.Chinese(),
                    ExpectedCompletion = p.Status.IsCompleted() ? null : p.ExpectedCompletion,
                });
    }
}
