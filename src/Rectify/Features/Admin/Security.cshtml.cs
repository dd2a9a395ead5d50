using Microsoft.AspNetCore.Authentication.Cookies;
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
    IOptionsMonitor<CookieAuthenticationOptions> cookies, IOptions<Account.AccountOptions> accounts, TimeProvider clock) : PageModel
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
        var password = identity.Value.Password;
        var lockout = identity.Value.Lockout;
        var cookie = cookies.Get(IdentityConstants.ApplicationScheme);
        Settings =
        [
            ("三员分立", accounts.Value.SeparateAdministrators
                ? "开启:系统管理员、安全管理员、审计管理员各司其职,巡察办管理员不管理账户"
                : $"关闭({Policies.SeparationSetting}=false):巡察办管理员兼任三员"),
            ("密码", $"至少 {password.RequiredLength} 位" + (password.RequireDigit ? ",含数字" : "") + (password.RequireUppercase ? ",含大写字母" : "")
                + (password.RequireLowercase ? ",含小写字母" : "") + (password.RequireNonAlphanumeric ? ",含符号" : "")),
            ("登录失败锁定", $"连续 {lockout.MaxFailedAccessAttempts} 次失败锁定 {lockout.DefaultLockoutTimeSpan.TotalMinutes:0} 分钟"),
            ("会话", $"{cookie.ExpireTimeSpan.TotalHours:0.#} 小时" + (cookie.SlidingExpiration ? "(有操作则顺延)" : "") + ";停用、改密码、结束会话后立即失效"),
            ("API 令牌", "有效期 90 天,只存哈希;停用账户或结束会话即失效"),
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
        var tokens = await AccountWork.EndSessionsAsync(db, users, user, clock, ct);
        Message = $"已结束“{user.UserName}”的全部会话" + (tokens > 0 ? $",吊销 API 令牌 {tokens} 个。" : "。");
        return await ShowAsync(ct);
    }

    /// <summary>An administrator's account; an ordinary one is the system administrator's.</summary>
    async Task<(AppUser? User, IActionResult? Refused)> AdministratorAccountAsync(CancellationToken ct)
    {
        var (user, refused) = await OtherAccountAsync(ct);
        if (user is null) return (null, refused);
        if (await AccountWork.IsAdministratorAsync(users, user)) return (user, null);
        Error = $"“{user.UserName}”是普通账户,其停用和密码由系统管理员在“用户”中办理";
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
