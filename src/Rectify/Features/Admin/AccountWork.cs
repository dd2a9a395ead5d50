using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// What the system administrator's page (accounts) and the security administrator's page (roles,
/// sessions, administrators' accounts) do to an account; which of them may do it to which account is
/// decided by the pages (docs/decisions/0008-separated-administrators.md). Each change is a save of
/// the Identity tables through <see cref="RectifyDb"/>, so it lands in the audit log with its actor.
/// </summary>
public static class AccountWork
{
    public sealed record AccountRow(string Id, string UserName, string? DisplayName, IReadOnlyList<string> Roles, string? Organization, int? OrganizationId, bool Disabled, string? Email = null)
    {
        public bool IsAdministrator => Infrastructure.Roles.AnyAdministrator(Roles);
        public string RolesText => Roles.Count == 0 ? "（无角色）" : string.Join("、", Roles.Select(Infrastructure.Roles.Chinese));
    }

    public static async Task<List<AccountRow>> ListAsync(RectifyDb db, CancellationToken ct)
    {
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name!);
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.UserName)
            .Select(u => new { u.Id, u.UserName, u.DisplayName, u.Disabled, u.OrganizationId, Org = u.Organization!.Name, u.Email }).ToListAsync(ct);
        return rows.Select(u => new AccountRow(u.Id, u.UserName!, u.DisplayName, roles[u.Id].Order().ToList(), u.Org, u.OrganizationId, u.Disabled, u.Email)).ToList();
    }

    /// <summary>
    /// An account's e-mail address for its notifications, as typed: blank clears it; otherwise the address
    /// (user@domain), or the refusal in Chinese. The one check of the users page and `rectify user add --email`.
    /// </summary>
    public static (string? Address, string? Error) Email(string? typed)
    {
        var t = typed?.Trim();
        if (string.IsNullOrEmpty(t)) return (null, null);
        if (t.Length > 254 || t.Count(c => c == '@') != 1 || t.Any(char.IsWhiteSpace)
            || !MimeKit.MailboxAddress.TryParse(t, out var box) || box.Address != t || box.Domain.Length == 0 || box.LocalPart.Length == 0)
            return (null, $"邮箱“{t}”格式不正确，应为 name@example.gov.cn 这样的地址");
        return (t, null);
    }

    /// <summary>Sets or clears the account's address; the message for the page.</summary>
    public static async Task<string?> SetEmailAsync(UserManager<AppUser> users, AppUser user, string? typed)
    {
        var (address, error) = Email(typed);
        if (error is not null) return error;
        user.Email = address;
        user.NormalizedEmail = address?.ToUpperInvariant();
        var r = await users.UpdateAsync(user);
        return r.Succeeded ? null : string.Join("；", r.Errors.Select(e => e.Description));
    }

    public static async Task<bool> IsAdministratorAsync(UserManager<AppUser> users, AppUser user) =>
        Roles.AnyAdministrator(await users.GetRolesAsync(user));

    public static async Task<string> SetDisabledAsync(UserManager<AppUser> users, AppUser user, bool disable)
    {
        user.Disabled = disable;
        await users.UpdateAsync(user);
        // A new security stamp ends the sessions the account already has.
        await users.UpdateSecurityStampAsync(user);
        return disable ? $"已停用“{user.UserName}”，该账户不能再登录。" : $"已启用“{user.UserName}”。";
    }

    /// <summary>A new generated password (shown once by the caller), or the refusal.</summary>
    public static async Task<(string? Password, string? Error)> ResetPasswordAsync(UserManager<AppUser> users, AppUser user)
    {
        var password = GeneratePassword();
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var r = await users.ResetPasswordAsync(user, token, password);
        if (!r.Succeeded) return (null, string.Join("；", r.Errors.Select(e => e.Description)));
        await users.SetLockoutEndDateAsync(user, null);
        return (password, null);
    }

    /// <summary>Adds a role, refused when the account may not hold it with the ones it has (三员分立).</summary>
    public static async Task<string?> GrantAsync(UserManager<AppUser> users, AppUser user, string role)
    {
        var held = await users.GetRolesAsync(user);
        if (held.Contains(role)) return $"“{user.UserName}”已是“{Roles.Chinese(role)}”";
        if (Roles.Conflict([.. held, role]) is { } refusal) return refusal;
        var r = await users.AddToRoleAsync(user, role);
        return r.Succeeded ? null : string.Join("；", r.Errors.Select(e => e.Description));
    }

    public static async Task<string?> RevokeAsync(UserManager<AppUser> users, AppUser user, string role)
    {
        if (!await users.IsInRoleAsync(user, role)) return $"“{user.UserName}”不是“{Roles.Chinese(role)}”";
        var r = await users.RemoveFromRoleAsync(user, role);
        return r.Succeeded ? null : string.Join("；", r.Errors.Select(e => e.Description));
    }

    /// <summary>
    /// Ends every session and revokes every API token of the account: a new security stamp, whose save
    /// revokes the tokens (Data/RightsChanges.cs, the one rule). Returns how many tokens it revoked.
    /// </summary>
    public static async Task<int> EndSessionsAsync(RectifyDb db, UserManager<AppUser> users, AppUser user, CancellationToken ct)
    {
        var active = await db.ApiTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null, ct);
        await users.UpdateSecurityStampAsync(user);
        return active;
    }

    /// <summary>
    /// A lost or stolen authenticator (ASVS 2.5.7): the account's key and recovery codes are removed
    /// and its second factor is off; a new security stamp ends its sessions and, through the one rule
    /// (Data/RightsChanges.cs), its API tokens; and the account must set up a new authenticator at its
    /// next sign-in before anything else (<see cref="TwoFactorRule.SetUpAgain"/>), administrator or
    /// not. The security administrator's work (docs/decisions/0008); every row it changes is audited,
    /// and the reset is named in the log as such. Returns how many API tokens it revoked.
    /// </summary>
    /// <summary>The reset in the audit log (the action column holds 8 characters).</summary>
    public const string ResetTwoFactorAction = "reset2fa";
    /// <summary>Not a table's name: an event of a table's name would look to `audit verify` like a row.</summary>
    public const string AuthenticatorEntity = "Authenticator";

    public static async Task<int> ResetAuthenticatorAsync(RectifyDb db, UserManager<AppUser> users, AppUser user, CancellationToken ct)
    {
        var active = await db.ApiTokens.CountAsync(t => t.UserId == user.Id && t.RevokedAt == null, ct);
        await RetriedUnit.RunAsync(db, t => ResetInOneTransactionAsync(db, users, user, t), ct);
        return active;
    }

    static async Task ResetInOneTransactionAsync(RectifyDb db, UserManager<AppUser> users, AppUser user, CancellationToken ct)
    {
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await Check(users.RemoveAuthenticationTokenAsync(user, OnceOnlyAuthenticator.Store, "AuthenticatorKey"));
        await Check(users.RemoveAuthenticationTokenAsync(user, OnceOnlyAuthenticator.Store, "RecoveryCodes"));
        // The last step accepted was of the old key; the new key's first code must not wait for it.
        await Check(users.RemoveAuthenticationTokenAsync(user, OnceOnlyAuthenticator.Store, OnceOnlyAuthenticator.LastStep));
        await Check(users.SetTwoFactorEnabledAsync(user, false));
        if (!(await users.GetClaimsAsync(user)).Any(c => c.Type == TwoFactorRule.SetUpAgain))
            await Check(users.AddClaimAsync(user, new System.Security.Claims.Claim(TwoFactorRule.SetUpAgain, "1")));
        db.RecordEvent(AuthenticatorEntity, ResetTwoFactorAction, AuditLog.Details(new Dictionary<string, string?> { ["user"] = user.UserName, ["id"] = user.Id }));
        await Check(users.UpdateSecurityStampAsync(user));
        await tx.CommitAsync(ct);
    }

    static async Task Check(Task<IdentityResult> step)
    {
        var r = await step;
        if (!r.Succeeded) throw new DomainException(string.Join("；", r.Errors.Select(e => e.Description)));
    }

    /// <summary>A first or reset password that meets the one password rule.</summary>
    public static string GeneratePassword() => Rectify.Core.Security.PasswordPolicy.Generate();
}
