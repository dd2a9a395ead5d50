using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>Accounts: create with a role and an organisation, change role, disable/enable, reset password.</summary>
[Authorize(Roles = Roles.Admin)]
public class UsersModel(RectifyDb db, UserManager<AppUser> users) : PageModel
{
    public sealed record UserRow(string Id, string UserName, string? DisplayName, string? Role, string? Organization, bool Disabled);

    [BindProperty] public string? UserName { get; set; }
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public string? Role { get; set; }
    [BindProperty] public int? OrganizationId { get; set; }
    [BindProperty] public string? UserId { get; set; }

    public List<UserRow> Users { get; private set; } = [];
    public List<(int Id, string Name)> Organizations { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Message { get; private set; }
    /// <summary>A password just set; shown this once and never stored in clear.</summary>
    public string? NewPassword { get; private set; }

    async Task LoadAsync(CancellationToken ct)
    {
        Organizations = (await db.Organizations.AsNoTracking().OrderBy(o => o.Name).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            .Select(o => (o.Id, o.Name)).ToList();
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName).Select(u => new
        {
            u.Id, u.UserName, u.DisplayName, u.Disabled, Org = u.Organization!.Name,
            Role = (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == u.Id select r.Name).FirstOrDefault(),
        }).ToListAsync(ct);
        Users = rows.Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.Role, u.Org, u.Disabled)).ToList();
    }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = UserName?.Trim();
        if (string.IsNullOrEmpty(name)) Error = "请填写用户名";
        else if (Role is null || !Roles.All.Contains(Role)) Error = "请选择角色";
        else if (OrganizationId is { } oid && !await db.Organizations.AnyAsync(o => o.Id == oid, ct)) Error = "所选单位不存在";
        else if (Role is Roles.UnitEditor or Roles.UnitLeader && OrganizationId is null) Error = $"“{Roles.Chinese(Role)}”须选择所属单位";
        else if (await users.FindByNameAsync(name) is not null) Error = $"用户名“{name}”已被使用";
        if (Error is not null) { await LoadAsync(ct); return Page(); }

        var password = GeneratePassword();
        var user = new AppUser { UserName = name, DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? null : DisplayName.Trim(), OrganizationId = OrganizationId };
        // The user and the role in one transaction: no account is left without its role.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (created.Succeeded) created = await users.AddToRoleAsync(user, Role!);
        if (!created.Succeeded)
        {
            await tx.RollbackAsync(ct);
            Error = string.Join(";", created.Errors.Select(e => e.Description));
            await LoadAsync(ct);
            return Page();
        }
        await tx.CommitAsync(ct);
        Message = $"已新建用户“{name}”。";
        NewPassword = password;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRoleAsync(CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return NotFound();
        if (Role is null || !Roles.All.Contains(Role)) { Error = "请选择角色"; await LoadAsync(ct); return Page(); }
        if (user.UserName == User.Identity?.Name && Role != Roles.Admin) { Error = "不能取消自己的管理员角色"; await LoadAsync(ct); return Page(); }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var current = await users.GetRolesAsync(user);
        var r = await users.RemoveFromRolesAsync(user, current);
        if (r.Succeeded) r = await users.AddToRoleAsync(user, Role);
        if (!r.Succeeded) { await tx.RollbackAsync(ct); Error = string.Join(";", r.Errors.Select(e => e.Description)); await LoadAsync(ct); return Page(); }
        await tx.CommitAsync(ct);
        Message = $"已把“{user.UserName}”的角色改为“{Roles.Chinese(Role)}”。";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(bool disable, CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return NotFound();
        if (user.UserName == User.Identity?.Name) { Error = "不能停用自己的账户"; await LoadAsync(ct); return Page(); }
        // Disabling ends the account's sessions and API tokens at their next request (Data/RightsChanges.cs).
        user.Disabled = disable;
        await users.UpdateAsync(user);
        Message = disable ? $"已停用“{user.UserName}”,该账户不能再登录。" : $"已启用“{user.UserName}”。";
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostResetAsync(CancellationToken ct)
    {
        var user = UserId is null ? null : await users.FindByIdAsync(UserId);
        if (user is null) return NotFound();
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var r = await users.ResetPasswordAsync(user, token, password);
        if (!r.Succeeded) { Error = string.Join(";", r.Errors.Select(e => e.Description)); await LoadAsync(ct); return Page(); }
        await users.SetLockoutEndDateAsync(user, null);
        Message = $"已重置“{user.UserName}”的密码。";
        NewPassword = password;
        await LoadAsync(ct);
        return Page();
    }

    static string GeneratePassword() => Rectify.Core.Security.PasswordPolicy.Generate();
}
