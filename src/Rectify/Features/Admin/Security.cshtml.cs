using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// The security administrator's page: the security settings in force; the roles of every account
/// (grant, remove); ending an account's sessions and API tokens; disabling and resetting the password
/// of administrators' accounts (the system administrator does those of ordinary accounts). Never the
/// administrator's own account: nobody raises or removes their own rights.
/// </summary>
[Authorize(Policy = Policies.Security)]
public class SecurityModel(RectifyDb db, UserManager<AppUser> users, IOptions<IdentityOptions> identity,
    IOptions<SecurityOptions> security, IOptions<Account.AccountOptions> accounts) : PageModel
{
    [BindProperty] public string? UserId { get; set; }
    [BindProperty] public string? Role { get; set; }

    public List<AccountWork.AccountRow> Users { get; private set; } = [];
    /// <summary>The settings in force, as (what, value) lines.</summary>
    public List<(string Name, string Value)> Settings { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    public string? NewPassword { get; private set; }

    async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        Users = await AccountWork.ListAsync(db, ct);
        var lockout = identity.Value.Lockout;
        var settings = security.Value;
        var setting = SecurityOptions.Section + ":";
        Settings =
        [
            ("三员分立", accounts.Value.SeparateAdministrators
                ? "开启：系统管理员、安全管理员、审计管理员各司其职，巡察办管理员不管理账户"
                : $"关闭（{Policies.SeparationSetting}=false）：巡察办管理员兼任三员"),
            ("双因素认证", settings.RequireTwoFactor
                ? "管理员账户（巡察办管理员与三员）必须使用验证器应用的动态码，首次登录先设置；其他账户可自行启用；每个动态码只能使用一次"
                : $"不强制（{setting}RequireTwoFactor=false）：各账户可自行启用；每个动态码只能使用一次"),
            ("密码规则", Rectify.Core.Security.PasswordPolicy.Described),
            ("密码有效期", settings.PasswordExpires
                ? $"{settings.PasswordMaxAgeDays} 天，到期后须先修改密码"
                : $"不限（{setting}PasswordExpires=false）"),
            ("登录失败锁定", $"连续 {lockout.MaxFailedAccessAttempts} 次失败锁定 {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} 分钟；登录时提示上次登录的时间、地址和此后的失败次数"),
            ("会话", $"空闲 {settings.IdleMinutes} 分钟或登录 {settings.SessionHours} 小时后结束；停用、改角色、改密码、重置验证器、结束会话后立即失效"),
            ("Cookie", settings.Https
                ? "HTTPS：全部 Cookie 带 Secure，名称带 __Host- 前缀，HttpOnly，SameSite"
                : $"按请求协议（{setting}Https=false）：HTTPS 请求时带 Secure，HttpOnly，SameSite"),
            ("API 令牌", "有效期 90 天，只存哈希；停用账户、结束会话或权限变化即失效"),
        ];
        return Page();
    }

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    /// <summary>The account to act on, never one's own; otherwise the reason, shown on the page.</summary>
    async Task<(AppUser? User, IActionResult? Refused)> OtherAccountAsync(CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return (null, NotFound());
        if (user.UserName != User.Identity?.Name) return (user, null);
        Error = "不能更改自己的账户的角色和状态";
        return (null, await ShowAsync(ct));
    }

    public async Task<IActionResult> OnPostGrantAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return refused!;
        if (Role is null || !Roles.All.Contains(Role)) Error = "请选择角色";
        else Error = await AccountWork.GrantAsync(users, user, Role);
        if (Error is null) Message = $"已授予“{user.UserName}”“{Roles.Chinese(Role!)}”角色。";
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return refused!;
        if (Role is null || !Roles.All.Contains(Role)) Error = "请选择角色";
        else Error = await AccountWork.RevokeAsync(users, user, Role);
        if (Error is null) Message = $"已撤销“{user.UserName}”的“{Roles.Chinese(Role!)}”角色。";
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return refused!;
        var tokens = await AccountWork.EndSessionsAsync(db, users, user, ct);
        Message = $"已结束“{user.UserName}”的全部会话" + (tokens > 0 ? $"，吊销 API 令牌 {tokens} 个。" : "。");
        return await ShowAsync(ct);
    }

    /// <summary>A lost authenticator, of any account but one's own: it sets up a new one at its next sign-in.</summary>
    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return refused!;
        var tokens = await AccountWork.ResetAuthenticatorAsync(db, users, user, ct);
        Message = $"已重置“{user.UserName}”的验证器：原密钥和恢复码作废，全部会话已结束" + (tokens > 0 ? $"，吊销 API 令牌 {tokens} 个" : "")
            + "；该账户下次登录时须先重新设置验证器。";
        return await ShowAsync(ct);
    }

    /// <summary>An administrator's account; an ordinary one is the system administrator's.</summary>
    async Task<(AppUser? User, IActionResult? Refused)> AdministratorAccountAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return (null, refused);
        if (await AccountWork.IsAdministratorAsync(users, user)) return (user, null);
        Error = $"“{user.UserName}”是普通账户，其停用和密码由系统管理员在“用户”中办理";
        return (null, await ShowAsync(ct));
    }

    public async Task<IActionResult> OnPostDisableAsync(bool disable, CancellationToken ct)
    {
        var (user, refused) = await AdministratorAccountAsync(ct);
        if (user is null) return refused!;
        Message = await AccountWork.SetDisabledAsync(users, user, disable);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var (user, refused) = await AdministratorAccountAsync(ct);
        if (user is null) return refused!;
        (NewPassword, Error) = await AccountWork.ResetPasswordAsync(users, user);
        if (Error is null) Message = $"已重置“{user.UserName}”的密码。";
        return await ShowAsync(ct);
    }
}
