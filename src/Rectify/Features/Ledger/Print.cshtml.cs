using Rectify.Data;

namespace Rectify.Features.Ledger;

/// <summary>The ledger for A4 landscape paper: the same filters and sort, all rows, no paging.</summary>
public class PrintModel(RectifyDb db, Rectify.Infrastructure.CurrentScope currentScope, Rectify.Core.OfficeClock clock) : LedgerModel(db, currentScope, clock)
{
    protected override bool Paged => false;
}
