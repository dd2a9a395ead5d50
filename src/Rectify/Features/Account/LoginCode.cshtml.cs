using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Rectify.Data;

namespace Rectify.Features.Account;

/// <summary>The second step of sign-in: the six digits of the authenticator app, or a recovery code.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(AppHost.SignInRateLimit)]
public class LoginCodeModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, RectifyDb db, TimeProvider clock) : PageModel
{
    [BindProperty] public string? Code { get; set; }
    [BindProperty] public bool Recovery { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }
    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIn.GetTwoFactorAuthenticationUserAsync() is null ? RedirectToPage("/Account/Login") : Page();

    public async Task<IActionResult> OnPostAsync()
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        // The first step's short-lived cookie is gone (expired, or another browser): start again.
        if (user is null) return RedirectToPage("/Account/Login");
        // A recovery code is compared as issued (with its hyphen, in capitals); an authenticator code is digits.
        var code = Recovery ? (Code ?? "").Replace(" ", "").Trim().ToUpperInvariant() : (Code ?? "").Replace(" ", "").Replace("-", "").Trim();
        if (code.Length == 0) { Error = Recovery ? "请输入恢复码" : "请输入验证器应用显示的 6 位验证码"; return Page(); }
        var result = await SignInRecord.AttemptAsync(db, user, () => Recovery
            ? signIn.TwoFactorRecoveryCodeSignInAsync(code)
            : signIn.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false));
        if (result.Succeeded)
        {
            TempData[SignInRecord.TempDataKey] = await SignInRecord.SucceededAsync(users, user, HttpContext, clock)
                + (Recovery ? $"已使用一个恢复码，还剩 {await users.CountRecoveryCodesAsync(user)} 个。" : "");
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }
        Error = result.IsLockedOut ? "登录失败次数过多，账户已锁定 15 分钟" : Recovery ? "恢复码不正确或已用过" : "验证码不正确或已过期，请输入验证器应用当前显示的验证码";
        return Page();
    }
}
