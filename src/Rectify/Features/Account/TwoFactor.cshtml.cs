using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using QRCoder;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Account;

/// <summary>
/// The second factor of one's own account: an authenticator app (TOTP, RFC 6238) set up by
/// scanning a QR code drawn here (no outside service), confirmed by one code, with ten one-time
/// recovery codes shown once. Administrators must have it (Rectify:Security:RequireTwoFactor);
/// others may.
/// </summary>
public class TwoFactorModel(UserManager<AppUser> users, SignInManager<AppUser> signIn, CurrentScope currentScope, IOptions<SecurityOptions> security) : PageModel
{
    public bool Enabled { get; private set; }
    public bool Required { get; private set; }
    public string? SharedKey { get; private set; }
    public string? QrDataUri { get; private set; }
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }
    public int RecoveryLeft { get; private set; }
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    [BindProperty] public string? Code { get; set; }

    async Task<AppUser?> LoadAsync()
    {
        var user = await users.GetUserAsync(User);
        if (user is null) return null;
        Enabled = user.TwoFactorEnabled;
        var scope = await currentScope.GetAsync(HttpContext.RequestAborted);
        Required = scope is not null && TwoFactorRule.Required(security.Value, scope.Roles);
        RecoveryLeft = Enabled ? await users.CountRecoveryCodesAsync(user) : 0;
        if (!Enabled)
        {
            var key = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(key))
            {
                // A new key changes the security stamp: the session is issued again under it.
                await users.ResetAuthenticatorKeyAsync(user);
                await signIn.RefreshSignInAsync(user);
                key = await users.GetAuthenticatorKeyAsync(user);
            }
            SharedKey = Grouped(key!);
            QrDataUri = QrCode(AuthenticatorUri(user.UserName!, key!));
        }
        return user;
    }

    public async Task<IActionResult> OnGetAsync() => await LoadAsync() is null ? Challenge() : Page();

    public async Task<IActionResult> OnPostEnableAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        if (Enabled) return Page();
        var code = (Code ?? "").Replace(" ", "").Replace("-", "");
        if (!await users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code))
        {
            Error = "验证码不正确：请输入验证器应用里 Rectify 当前显示的 6 位数字（并检查手机时间是否准确）";
            return Page();
        }
        await users.SetTwoFactorEnabledAsync(user, true);
        // A reset authenticator has been set up again (Features/Admin/AccountWork.ResetAuthenticatorAsync).
        foreach (var claim in (await users.GetClaimsAsync(user)).Where(c => c.Type == TwoFactorRule.SetUpAgain).ToList())
            await users.RemoveClaimAsync(user, claim);
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        await signIn.RefreshSignInAsync(user);
        Enabled = true;
        RecoveryLeft = RecoveryCodes.Count;
        SharedKey = QrDataUri = null;
        Message = "双因素认证已启用。以后登录时，输入密码后还须输入验证器应用的验证码。";
        return Page();
    }

    public async Task<IActionResult> OnPostRecoveryCodesAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        if (!Enabled) { Error = "尚未启用双因素认证"; return Page(); }
        RecoveryCodes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        RecoveryLeft = RecoveryCodes.Count;
        Message = "已生成新的恢复码，原有恢复码全部作废。";
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync()
    {
        var user = await LoadAsync();
        if (user is null) return Challenge();
        if (Required) { Error = "管理员账户必须使用双因素认证，不能停用"; return Page(); }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await signIn.RefreshSignInAsync(user);
        await LoadAsync();
        Message = "双因素认证已停用。";
        return Page();
    }

    public static string AuthenticatorUri(string userName, string key) =>
        $"otpauth://totp/Rectify:{Uri.EscapeDataString(userName)}?secret={key}&issuer=Rectify&digits=6";

    static string Grouped(string key) =>
        string.Join(" ", Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();

    static string QrCode(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.Q);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
    }
}
