namespace Rectify.Infrastructure;

/// <summary>The roles of DOMAIN.md "Roles".</summary>
public static class Roles
{
    public const string Admin = "admin";
    public const string UnitEditor = "unit-editor";
    public const string UnitLeader = "unit-leader";
    public const string Supervisor = "supervisor";
    public const string Reader = "reader";

    public static readonly string[] All = [Admin, UnitEditor, UnitLeader, Supervisor, Reader];

    /// <summary>Roles that administer the system or the whole ledger: they must sign in with a second factor.</summary>
    public static bool IsAdministrator(string role) => role == Admin;

    public static string Chinese(string role) => role switch
    {
        Admin => "巡察办管理员",
        UnitEditor => "被巡察单位填报员",
        UnitLeader => "单位领导",
        Supervisor => "纪委监督员",
        Reader => "只读用户",
        _ => role,
    };
}
