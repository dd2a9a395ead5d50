using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Public;

/// <summary>
/// Freezes the problem list of a notice at publication, beside its frozen text: the public page
/// shows each problem's status and expected completion as published, whatever the ledger says
/// later. Withheld problems get no row. The caller saves (one SaveChanges with the publication).
/// </summary>
public static class PublicSnapshot
{
    public static async Task FreezeAsync(RectifyDb db, Notice notice, CancellationToken ct = default)
    {
        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.InspectionId == notice.InspectionId && !p.Withheld)
            .OrderBy(p => p.Ordinal)
            .Select(p => new { p.Id, p.Ordinal, p.Title, p.Status, p.StatusText, p.ExpectedCompletion, CategoryOrdinal = p.Category!.Ordinal, CategoryTitle = p.Category.Title })
            .ToListAsync(ct);

        // Publishing again replaces the earlier snapshot.
        if (notice.Id != 0)
            db.PublishedProblems.RemoveRange(await db.PublishedProblems.Where(x => x.NoticeId == notice.Id).ToListAsync(ct));

        foreach (var p in problems)
            db.PublishedProblems.Add(new PublishedProblem
            {
                Notice = notice,
                NoticeId = notice.Id,
                ProblemId = p.Id,
                Ordinal = p.Ordinal,
                CategoryOrdinal = p.CategoryOrdinal,
                CategoryTitle = p.CategoryTitle,
                Title = p.Title,
                StatusCode = p.Status.Code(),
                StatusText = p.Status.Chinese(),
                ExpectedCompletion = p.Status.IsCompleted() ? null : p.ExpectedCompletion,
            });
    }
}
