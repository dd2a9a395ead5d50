using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Data;

namespace Rectify.Features.Account;

/// <summary>
/// Sign-in by password, then by the authenticator's code when the account has a second factor
/// (/account/login-code). Told at each success when and from where the previous sign-in was.
/// </summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AppHost.SignInRateLimit)]
public class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, TimeProvider clock) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? Password { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码";
            return Page();
        }
        var user = await users.FindByNameAsync(UserName.Trim());
        if (user is { Disabled: true })
        {
            Error = "该账户已停用,请联系巡察办";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/LoginCode", new { ReturnUrl = back });
        if (result.Succeeded)
        {
            TempData[SignInRecord.TempDataKey] = await SignInRecord.SucceededAsync(users, user!, HttpContext, clock);
            return LocalRedirect(back);
        }
        if (user is not null && !result.IsLockedOut) await SignInRecord.FailedAsync(users, user);
        Error = result.IsLockedOut ? "登录失败次数过多,账户已锁定 15 分钟" : "用户名或密码不正确";
        return Page();
    }
}
