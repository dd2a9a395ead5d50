using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Data;

namespace Rectify.Features.Account;

/// <summary>
/// Changing one's own password. The change ends every other session and every API token of the
/// account (Data/RightsChanges.cs); this browser is signed in again under the new stamp.
/// </summary>
public class PasswordModel(UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty] public string? Current { get; set; }
    [BindProperty] public string? New { get; set; }
    [BindProperty] public string? Confirm { get; set; }
    public IReadOnlyList<string> Errors { get; private set; } = [];
    public string? Message { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return Challenge();
        if (string.IsNullOrEmpty(Current) || string.IsNullOrEmpty(New)) { Errors = ["请填写原密码和新密码"]; return Page(); }
        if (New != Confirm) { Errors = ["两次输入的新密码不一致"]; return Page(); }
        if (New == Current) { Errors = ["新密码不能与原密码相同"]; return Page(); }
        var result = await users.ChangePasswordAsync(user, Current, New);
        if (!result.Succeeded) { Errors = result.Errors.Select(e => e.Description).ToList(); return Page(); }
        await signIn.RefreshSignInAsync(user);
        Message = "密码已修改。该账户在其他浏览器的登录和全部 API 令牌已失效。";
        return Page();
    }
}
