using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Rectify.Data;
using Rectify.Features.Import;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// What each role may do, worked out by asking the rules the code itself checks (<see cref="Scope"/>'s rights,
/// <see cref="ImportLimits"/>, <see cref="Hearers"/> and the authorization policies of <see cref="Policies"/>)
/// for an account holding that one role in a town of a small sample tree (district → town → village, and a
/// neighbouring town). Nothing here is a hand-written table: change a rule and the matrix follows.
/// </summary>
public static class RoleMatrix
{
    const int District = 1, Town = 2, Village = 3, Neighbour = 4;
    static readonly IReadOnlyList<(int Id, int? ParentId)> SampleTree = [(District, null), (Town, District), (Village, Town), (Neighbour, District)];

    public sealed record Right(string Name, Func<Scope, bool>? Ledger = null, string? Policy = null);

    /// <summary>The columns, in the order of the work; a ledger right is asked of the account's scope, an administration right of its policy.</summary>
    public static readonly IReadOnlyList<Right> Rights =
    [
        new("查看本单位及下级单位的台账", s => s.Sees(Town) && s.Sees(Village)),
        new("查看其他单位的台账", s => s.Sees(Neighbour)),
        new("填报问题、措施、进展，申请销号和延期（本单位）", s => s.CanEdit(Town)),
        new("审批延期、认领问题（本单位）", s => s.CanApprove(Town)),
        new("审批签发公告和报告（本单位）", s => s.CanSign(Town)),
        new("核验销号、安排回头看（本单位）", s => s.CanVerify(Town)),
        new("记录监督检查、责令整改", s => s.CanRecordSupervision),
        new("导入公告和台账", ImportLimits.MayImport),
        new("设置整改时限和预警天数", s => s.IsOffice),
        new("被告知下级单位每个逾期问题和逾期未办的责令整改", s => Hearers.Commission(s, [Village])),
        new("轮次、巡察和公文格式设置", Policy: Policies.LedgerAdmin),
        new("组织架构和用户账户", Policy: Policies.Accounts),
        new("角色、安全策略和会话", Policy: Policies.Security),
        new("审计日志", Policy: Policies.Audit),
    ];

    public sealed record Row(string Role, string Name, IReadOnlyList<bool> May, string WithoutOrganization);

    public static async Task<List<Row>> BuildAsync(IAuthorizationService auth)
    {
        var rows = new List<Row>();
        foreach (var role in Roles.All)
        {
            var inTown = Scope.Of(new AppUser { UserName = role, OrganizationId = Town }, [role], SampleTree);
            var nowhere = Scope.Of(new AppUser { UserName = role }, [role], SampleTree);
            var principal = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, role), new Claim(ClaimTypes.Role, role)], "role-matrix"));
            var may = new List<bool>();
            foreach (var r in Rights)
                may.Add(r.Policy is { } policy ? (await auth.AuthorizeAsync(principal, policy)).Succeeded : r.Ledger!(inTown));
            var without = nowhere.SeesAll ? "全区" : nowhere.Organizations is { Count: 0 } ? "看不到台账" : "本单位及下级";
            rows.Add(new Row(role, Roles.Chinese(role), may, without));
        }
        return rows;
    }
}
