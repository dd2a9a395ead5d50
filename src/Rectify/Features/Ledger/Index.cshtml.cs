using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>整改台账 of one inspection, read-only for now.</summary>
public class LedgerModel(RectifyDb db) : PageModel
{
    public LedgerDocument Ledger { get; private set; } = new();
    public string Organization { get; private set; } = "";
    public string Heading { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await Scope.ForAsync(User, db, ct);
        if (scope is null) return Challenge();
        if (!await scope.Inspections(db).AnyAsync(i => i.Id == id, ct)) return NotFound();
        Ledger = (await LedgerTransfer.ExportAsync(db, id, ct))!;
        Organization = Ledger.Inspection.Target ?? Ledger.Issuer ?? "";
        Heading = $"{Organization} 整改台账";
        return Page();
    }

    public static string ChineseNumber(int n) => n switch
    {
        >= 1 and <= 10 => "一二三四五六七八九十"[n - 1].ToString(),
        > 10 and < 20 => "十" + "一二三四五六七八九"[n - 11],
        _ => n.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
