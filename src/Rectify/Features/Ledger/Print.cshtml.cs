using Rectify.Data;

namespace Rectify.Features.Ledger;

/// <summary>The ledger for A4 landscape paper: the same filters and sort, all rows, no paging.</summary>
public class PrintModel(RectifyDb db, Rectify.Core.OfficeClock clock) : LedgerModel(db, clock)
{
    protected override bool Paged => false;
}
