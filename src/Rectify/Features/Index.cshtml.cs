using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Data;
using Rectify.Features.Inspections;
using Rectify.Infrastructure;

namespace Rectify.Features;

public class IndexModel(RectifyDb db, CurrentScope currentScope) : PageModel
{
    public List<InspectionSummary> Inspections { get; private set; } = [];
    public bool CanImport { get; private set; }
    /// <summary>The account has no organisation: the layout's banner says so, and no empty list is shown.</summary>
    public bool LacksOrganization { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        CanImport = Import.ImportLimits.MayImport(scope);
        LacksOrganization = scope.LacksOrganization;
        if (LacksOrganization) return Page();
        Inspections = await InspectionsApi.ListAsync(db, scope, ct);
        return Page();
    }
}
