using System.ComponentModel.DataAnnotations;
using Rectify.Infrastructure;

namespace Rectify.Features.Account;

/// <summary>
/// Accounts: who administers what (三员分立, docs/decisions/0008), the first administrators' passwords
/// (used once, when their accounts are made on the first start) and the sign-in rate per address.
/// </summary>
public sealed class AccountOptions
{
    public const string Section = "Rectify";

    /// <summary>true: accounts, roles and the audit log go to three separate administrators; false: admin does all.</summary>
    [Setting(Policies.SeparationSetting)]
    public bool SeparateAdministrators { get; set; } = true;

    /// <summary>Sign-in attempts (POST) one client address may make in a minute, beside the lockout of an account.</summary>
    [Range(1, 1_000_000)]
    public int SignInPerMinute { get; set; } = 20;

    /// <summary>true: the first start loads the demo ledger (城北镇); the package's appsettings turn it off.</summary>
    public bool DemoOnFirstStart { get; set; } = true;

    /// <summary>First password of admin (巡察办管理员); generated and printed once when not given.</summary>
    [Setting(Environment = "RECTIFY_ADMIN_PASSWORD")]
    public string? AdminPassword { get; set; }

    /// <summary>First password of sysadmin (系统管理员).</summary>
    [Setting(Environment = "RECTIFY_SYSADMIN_PASSWORD")]
    public string? SysAdminPassword { get; set; }

    /// <summary>First password of secadmin (安全管理员).</summary>
    [Setting(Environment = "RECTIFY_SECADMIN_PASSWORD")]
    public string? SecAdminPassword { get; set; }

    /// <summary>First password of auditadmin (审计管理员).</summary>
    [Setting(Environment = "RECTIFY_AUDITADMIN_PASSWORD")]
    public string? AuditAdminPassword { get; set; }

    /// <summary>
    /// The file the first passwords were read from into the environment (the package's /etc/rectify/first-passwords,
    /// read by systemd and by the `rectify` command), so that the first start names it instead of the variable.
    /// </summary>
    [Setting(Environment = "RECTIFY_FIRST_PASSWORDS_FILE")]
    public string? FirstPasswordsFile { get; set; }
}
