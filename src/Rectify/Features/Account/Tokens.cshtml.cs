using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Account;

/// <summary>
/// /account/tokens: API tokens in the browser (issue 18 item 9). Each user makes, lists and revokes their own
/// (name, read or read-write, expiry) by the rules of /api/tokens (<see cref="TokensApi"/>); the security
/// administrator sees and revokes everyone's. The secret is shown once, on the answer to the creation, never again.
/// </summary>
[Authorize]
public class TokensModel(RectifyDb db, TimeProvider clock, IAuthorizationService authorization) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Access { get; set; } = TokensApi.Read;
    [BindProperty] public int? Days { get; set; } = 90;

    public List<TokenInfo> Tokens { get; private set; } = [];
    /// <summary>Everyone's tokens: the security administrator.</summary>
    public bool Everyone { get; private set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public CreatedToken? Created { get; private set; }

    string Me => User.FindFirstValue(ClaimTypes.NameIdentifier)!;

    async Task LoadAsync(CancellationToken ct)
    {
        Everyone = (await authorization.AuthorizeAsync(User, Policies.Security)).Succeeded;
        Tokens = await TokensApi.ListAsync(db, clock, Everyone ? null : Me, ct);
    }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            Created = await TokensApi.CreateAsync(db, clock, Me, new NewToken(Name, Access, Days), ct);
            Message = $"已新建{Created.Info.AccessText}令牌“{Created.Info.Name}”。";
            Name = null;
            // The secret is on this answer only: no cache keeps it.
            Response.Headers.CacheControl = "no-store";
        }
        catch (DomainException e)
        {
            Error = e.Message;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(int id, CancellationToken ct)
    {
        await LoadAsync(ct);
        if (await TokensApi.RevokeAsync(db, clock, id, Everyone ? null : Me, ct) is not { } name) return NotFound();
        Message = $"令牌“{name}”已吊销，使用它的程序将无法再访问。";
        await LoadAsync(ct);
        return Page();
    }
}
