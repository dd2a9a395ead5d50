using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>The matrix of roles and what each may do (<see cref="RoleMatrix"/>), for any of the administrators.</summary>
[Authorize(Policy = Policies.Administration)]
public class RoleMatrixModel(IAuthorizationService auth) : PageModel
{
    public List<RoleMatrix.Row> Rows { get; private set; } = [];

    public async Task OnGetAsync() => Rows = await RoleMatrix.BuildAsync(auth);
}
