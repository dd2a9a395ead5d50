using Microsoft.AspNetCore.Authorization;

namespace Rectify.Infrastructure;

/// <summary>The roles of DOMAIN.md "Roles", and the separated administrators (三员分立, docs/decisions/0008).</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string UnitEditor = "unit-editor";
    public const string UnitLeader = "unit-leader";
    public const string Supervisor = "supervisor";
    public const string Reader = "reader";
    public const string SysAdmin = "sysadmin";
    public const string SecAdmin = "secadmin";
    public const string AuditAdmin = "auditadmin";
    /// <summary>签发人: signs off (审批签发) the unit's notices and reports, without editing its ledger.</summary>
    public const string Signer = "signer";
    /// <summary>巡察办工作人员: the office's daily ledger work across organisations, without administering accounts, rounds or settings.</summary>
    public const string OfficeStaff = "office-staff";

    public static readonly string[] All = [Admin, OfficeStaff, UnitEditor, UnitLeader, Signer, Supervisor, Reader, SysAdmin, SecAdmin, AuditAdmin];

    /// <summary>The ledger's everyday roles: what the system administrator may give a new account.</summary>
    public static readonly string[] Ordinary = [OfficeStaff, UnitEditor, UnitLeader, Signer, Supervisor, Reader];

    /// <summary>Roles whose account without an organisation sees the whole district (the office and the commission); with one, its subtree.</summary>
    public static readonly string[] DistrictWide = [Admin, OfficeStaff, Supervisor];

    /// <summary>Roles that act for a unit and so need one (an account without it is refused when created or moved).</summary>
    public static readonly string[] OfAUnit = [UnitEditor, UnitLeader, Signer];

    /// <summary>The three administrators of the system (三员).</summary>
    public static readonly string[] Separated = [SysAdmin, SecAdmin, AuditAdmin];

    /// <summary>An account that administers something: its lifecycle is the security administrator's, not the system administrator's.</summary>
    public static bool AnyAdministrator(IEnumerable<string> roles) => roles.Any(r => r == Admin || Separated.Contains(r));

    /// <summary>Roles that administer the system or the whole ledger: they must sign in with a second factor.</summary>
    public static bool IsAdministrator(string role) => role is Admin or SysAdmin or SecAdmin or AuditAdmin;

    public static string Chinese(string role) => role switch
    {
        Admin => "巡察办管理员",
        UnitEditor => "被巡察单位填报员",
        UnitLeader => "单位领导",
        Supervisor => "纪委监督员",
        Reader => "只读用户",
        Signer => "签发人",
        OfficeStaff => "巡察办工作人员",
        SysAdmin => "系统管理员",
        SecAdmin => "安全管理员",
        AuditAdmin => "审计管理员",
        _ => role,
    };

    /// <summary>
    /// The one rule on the roles an account may hold together (三员分立): the system, security and
    /// audit administrators each hold that role and nothing else, so no account is two of them,
    /// nor one of them and the office's administrator, nor one of them and a ledger role. Returns
    /// the refusal in Chinese, or null when <paramref name="roles"/> may be held together. Every path
    /// that assigns roles asks it first; <see cref="Data.RectifyDb"/> asks it again on every save of
    /// account roles, so no path can get round it.
    /// </summary>
    public static string? Conflict(IEnumerable<string> roles)
    {
        var held = roles.Distinct().ToList();
        var separated = held.FirstOrDefault(Separated.Contains);
        if (separated is null) return null;
        var other = held.FirstOrDefault(r => r != separated);
        return other is null ? null
            : $"三员分立：“{Chinese(separated)}”不能与“{Chinese(other)}”由同一账户担任，请另建账户。";
    }
}

/// <summary>
/// Who may administer what, as authorization policies registered once (AppHost) and named by the
/// pages, the API and the menu instead of role names. With Rectify:Security:SeparateAdministrators
/// false (a demo, a very small office) the office's administrator passes all of them.
/// </summary>
public static class Policies
{
    /// <summary>Accounts and organisations: the system administrator.</summary>
    public const string Accounts = "accounts";
    /// <summary>Roles, security settings, sessions and tokens of others: the security administrator.</summary>
    public const string Security = "security";
    /// <summary>Reading and exporting the audit log: the audit administrator.</summary>
    public const string Audit = "audit";
    /// <summary>The ledger across organisations (rounds, inspections, imports): the office's administrator.</summary>
    public const string LedgerAdmin = "ledger-admin";
    /// <summary>Any of the four: the /admin page and its menu entry.</summary>
    public const string Administration = "administration";

    /// <summary>The key of <see cref="Features.Account.AccountOptions.SeparateAdministrators"/>.</summary>
    public const string SeparationSetting = "Rectify:Security:SeparateAdministrators";

    public static void Register(AuthorizationOptions o, bool separated)
    {
        string[] Holders(string role) => separated ? [role] : [role, Roles.Admin];
        o.AddPolicy(Accounts, p => p.RequireRole(Holders(Roles.SysAdmin)));
        o.AddPolicy(Security, p => p.RequireRole(Holders(Roles.SecAdmin)));
        o.AddPolicy(Audit, p => p.RequireRole(Holders(Roles.AuditAdmin)));
        o.AddPolicy(LedgerAdmin, p => p.RequireRole(Roles.Admin));
        o.AddPolicy(Administration, p => p.RequireRole([Roles.Admin, .. Roles.Separated]));
    }
}
