using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

/// <summary>
/// One problem on A4 portrait paper: what a paper file of the problem carries (fields, measures with owner and
/// deadline, progress, the light in words), under a header with the round and the date; no navigation.
/// The same load and scope as the problem page (<see cref="ProblemWork.LoadAsync"/>).
/// </summary>
public class ProblemPrintModel(RectifyDb db, CurrentScope currentScope, OfficeClock clock) : PageModel
{
    public ProblemWork W { get; private set; } = null!;
    public DateOnly Today => clock.Today;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken ct)
    {
        var scope = await currentScope.GetAsync(ct);
        if (scope is null) return Challenge();
        try { W = await ProblemWork.LoadAsync(db, scope, clock, id, ct); }
        catch (NotFoundException) { return NotFound(); }
        return Page();
    }
}
