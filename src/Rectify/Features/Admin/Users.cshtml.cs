using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// The system administrator's accounts: create with an ordinary role and an organisation; disable/enable,
/// reset the password and move to another organisation an ordinary account. Roles after creation, and the
/// accounts of administrators, are the security administrator's (/admin/security).
/// </summary>
[Authorize(Policy = Policies.Accounts)]
public class UsersModel(RectifyDb db, UserManager<AppUser> users) : PageModel
{
    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public string? UserId { get; set; }
    [BindProperty] public string? Email { get; set; }

    public List<AccountWork.AccountRow> Users { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    /// <summary>A password just set; shown this once and never stored in clear.</summary>
    public string? NewPassword { get; private set; }

    async Task LoadAsync(CancellationToken ct)
    {
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        Users = await AccountWork.ListAsync(db, ct);
    }

    async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        return Page();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = UserName?.Trim();
        if (string.IsNullOrEmpty(name)) Error = "请填写用户名";
        else if (Role is null || !Roles.All.Contains(Role)) Error = "请选择角色";
        // An administrator's role is granted by the security administrator, to an account created here.
        else if (!Roles.Ordinary.Contains(Role)) Error = $"“{Roles.Chinese(Role)}”角色由安全管理员授予：请先以普通角色新建账户";
        else if (OrganizationId is { } oid && !await db.Organizations.AnyAsync(o => o.Id == oid, ct)) Error = "所选单位不存在";
        else if (Roles.OfAUnit.Contains(Role) && OrganizationId is null) Error = $"“{Roles.Chinese(Role)}”须选择所属单位";
        else if (await users.FindByNameAsync(name) is not null) Error = $"用户名“{name}”已被使用";
        else Error = AccountWork.Email(Email).Error;
        if (Error is not null) return await ShowAsync(ct);

        var password = AccountWork.GeneratePassword();
        var user = new AppUser { UserName = name, DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(), OrganizationId = OrganizationId, Email = AccountWork.Email(Email).Address };
        // The user and the role in one transaction: no account is left without its role.
        var created = await RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            var result = await users.CreateAsync(user, password);
            if (result.Succeeded) result = await users.AddToRoleAsync(user, Role!);
            if (result.Succeeded) await tx.CommitAsync(t);
            return result;
        }, ct);
        if (!created.Succeeded)
        {
            Error = string.Join("；", created.Errors.Select(e => e.Description));
            return await ShowAsync(ct);
        }
        Message = $"已新建用户“{name}”。";
        NewPassword = password;
        return await ShowAsync(ct);
    }

    /// <summary>The ordinary account this page may change; otherwise the reason, shown on the page.</summary>
    async Task<(AppUser? User, IActionResult? Refused)> OrdinaryAccountAsync(CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return (null, NotFound());
        if (user.UserName == User.Identity?.Name) Error = "不能在此更改自己的账户";
        else if (await AccountWork.IsAdministratorAsync(users, user)) Error = $"“{user.UserName}”是管理员账户，其停用、密码和单位由安全管理员办理";
        return Error is null ? (user, null) : (null, await ShowAsync(ct));
    }

    public async Task<IActionResult> OnPostDisableAsync(bool disable, CancellationToken ct)
    {
        var (user, refused) = await OrdinaryAccountAsync(ct);
        if (user is null) return refused!;
        Message = await AccountWork.SetDisabledAsync(users, user, disable);
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var (user, refused) = await OrdinaryAccountAsync(ct);
        if (user is null) return refused!;
        (NewPassword, Error) = await AccountWork.ResetPasswordAsync(users, user);
        if (Error is null) Message = $"已重置“{user.UserName}”的密码。";
        return await ShowAsync(ct);
    }

    /// <summary>The address the account's notifications are e-mailed to (any account: it grants nothing).</summary>
    public async Task<IActionResult> OnPostEmailAsync(CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return NotFound();
        Error = await AccountWork.SetEmailAsync(users, user, Email);
        if (Error is null) Message = user.Email is null ? $"已清除“{user.UserName}”的邮箱，消息只进站内。" : $"已把“{user.UserName}”的邮箱设为 {user.Email}，消息将同时发邮件。";
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostOrganizationAsync(CancellationToken ct)
    {
        var (user, refused) = await OrdinaryAccountAsync(ct);
        if (user is null) return refused!;
        var roles = await users.GetRolesAsync(user);
        if (OrganizationId is { } oid && !await db.Organizations.AnyAsync(o => o.Id == oid, ct)) Error = "所选单位不存在";
        else if (OrganizationId is null && roles.FirstOrDefault(Roles.OfAUnit.Contains) is { } unitRole)
            Error = $"“{Roles.Chinese(unitRole)}”须有所属单位";
        if (Error is not null) return await ShowAsync(ct);
        user.OrganizationId = OrganizationId;
        var r = await users.UpdateAsync(user);
        if (!r.Succeeded) Error = string.Join("；", r.Errors.Select(e => e.Description));
        else Message = $"已把“{user.UserName}”的所属单位改为“{(OrganizationId is null ? "（无单位）" : await db.Organizations.Where(o => o.Id == OrganizationId).Select(o => o.Name).SingleAsync(ct))}”。";
        return await ShowAsync(ct);
    }
}
