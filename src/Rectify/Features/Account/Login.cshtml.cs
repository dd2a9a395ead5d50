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
public class LoginModel(SignInManager<AppUser> signIn, UserManager<AppUser> users, RectifyDb db, TimeProvider clock) : PageModel
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
        if (user is null)
        {
            // As much work as for an account (one password hash), so that neither the answer nor its time says the name is unknown.
            users.PasswordHasher.VerifyHashedPassword(Nobody, NobodysHash ??= users.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString()), Password);
            Error = Failed;
            return Page();
        }
        if (user.Disabled)
        {
            // Only the one who knows the password learns that the account is disabled (the check counts towards lockout).
            var check = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true);
            Error = check.Succeeded ? "该账户已停用，请联系巡察办" : Failed;
            return Page();
        }
        // Counted for the warning at the account's next sign-in (鉴别警示).
        var result = await SignInRecord.AttemptAsync(db, user, () => signIn.PasswordSignInAsync(user, Password, isPersistent: false, lockoutOnFailure: true));
        var back = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/";
        if (result.RequiresTwoFactor) return RedirectToPage("/Account/LoginCode", new { ReturnUrl = back });
        if (result.Succeeded)
        {
            TempData[SignInRecord.TempDataKey] = await SignInRecord.SucceededAsync(users, user, HttpContext, clock);
            return LocalRedirect(back);
        }
        // A locked account answers like a wrong password: unknown names never lock, so a different answer would tell which names exist.
        Error = Failed;
        return Page();
    }

    /// <summary>The one answer to an unknown name, a wrong password and a locked account.</summary>
    public const string Failed = "用户名或密码不正确，或因连续输错 5 次账户已锁定 15 分钟";

    static readonly AppUser Nobody = new();
    static string? NobodysHash;
}
