using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Rectify.Core.Security;
using Rectify.Data;

namespace Rectify.Infrastructure;

/// <summary>Who must have a second factor: administrators, while Rectify:Security:RequireTwoFactor is on.</summary>
public static class TwoFactorRule
{
    public static bool Required(SecurityOptions security, IEnumerable<string> roles) =>
        security.RequireTwoFactor && roles.Any(Roles.IsAdministrator);

    /// <summary>
    /// A claim on an account whose authenticator the security administrator reset: it sets up a new
    /// one before anything else, whatever its roles; removed when it has (Features/Account/TwoFactor).
    /// </summary>
    public const string SetUpAgain = "rectify:two-factor-set-up-again";
}

/// <summary>
/// What a signed-in browser must do before anything else: an administrator without a second
/// factor sets one up, an expired password is changed. Until then only the account pages answer
/// (pages are sent there, the API answers 403 with the reason). API tokens are not sessions and
/// pass: a token can only be made from a session that passed here.
/// </summary>
public sealed class AccountGate(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, CurrentScope current, IOptions<SecurityOptions> options, TimeProvider clock)
    {
        if (http.User.Identity?.IsAuthenticated != true || http.User.Identity.AuthenticationType == ApiTokenService.Scheme
            || http.Request.Path.StartsWithSegments("/account") || http.Request.Path.StartsWithSegments("/error"))
        {
            await next(http);
            return;
        }
        var scope = await current.GetAsync(http.RequestAborted);
        if (scope is null) { await next(http); return; }
        var security = options.Value;
        string? where = null, why = null;
        if ((TwoFactorRule.Required(security, scope.Roles) || http.User.HasClaim(c => c.Type == TwoFactorRule.SetUpAgain)) && !scope.User.TwoFactorEnabled)
            (where, why) = ("/account/two-factor", "须先启用双因素认证（管理员账户，或验证器已被安全管理员重置）");
        else if (PasswordExpired(security, scope.User, clock.GetUtcNow()))
            (where, why) = ("/account/password", $"密码已使用超过 {security.PasswordMaxAgeDays} 天，须先修改密码");
        if (where is null) { await next(http); return; }
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await Results.Problem(title: "请先完成账户安全设置", detail: why, statusCode: 403, type: "urn:rectify:account-setup-required").ExecuteAsync(http);
            return;
        }
        http.Response.Redirect(where);
    }

    public static bool PasswordExpired(SecurityOptions security, AppUser user, DateTimeOffset now) =>
        security.PasswordExpires && user.PasswordChangedAt is { } changed && now - changed > TimeSpan.FromDays(security.PasswordMaxAgeDays);
}

/// <summary>Identity's check of a new password is <see cref="PasswordPolicy"/>, the one rule.</summary>
public sealed class PasswordPolicyValidator : IPasswordValidator<AppUser>
{
    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        var failures = PasswordPolicy.Check(user.UserName, password ?? "");
        return Task.FromResult(failures.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(failures.Select(f => new IdentityError { Code = "PasswordPolicy", Description = f }).ToArray()));
    }
}
