using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Features.Ledger;

/// <summary>
/// The ledger for A4 landscape paper: the same filters and sort, all rows, no paging, and what a paper
/// ledger carries that the screen shows only on the problem's page: each measure with its owner and
/// deadline, and the progress entries.
/// </summary>
public class PrintModel(RectifyDb db, Rectify.Infrastructure.CurrentScope currentScope, Rectify.Core.OfficeClock clock) : LedgerModel(db, currentScope, clock)
{
    protected override bool Paged => false;

    public ILookup<int, Measure> Measures { get; private set; } = Enumerable.Empty<Measure>().ToLookup(m => m.ProblemId);
    public ILookup<int, ProgressEntry> Progress { get; private set; } = Enumerable.Empty<ProgressEntry>().ToLookup(e => e.ProblemId);

    protected override async Task LoadedAsync(CancellationToken ct)
    {
        // The rows are already the user's (scope and filters applied): their ids bound what is read here.
        var ids = Rows.Items.Select(r => r.Id).ToList();
        Measures = (await Db.Measures.AsNoTracking().Where(m => ids.Contains(m.ProblemId)).OrderBy(m => m.Ordinal).ToListAsync(ct)).ToLookup(m => m.ProblemId);
        Progress = (await Db.ProgressEntries.AsNoTracking().Include(e => e.Evidence).Where(e => ids.Contains(e.ProblemId))
            .OrderBy(e => e.Date).ThenBy(e => e.Id).ToListAsync(ct)).ToLookup(e => e.ProblemId);
    }
}
