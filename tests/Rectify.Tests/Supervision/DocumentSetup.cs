using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Tests.Supervision;

/// <summary>The settings an office makes once on /admin/documents, so that upward reports can go out.</summary>
static class DocumentSetup
{
    public static async Task ForInspectionAsync(RectifyDb db, int inspectionId = 1, string? leader = "王书记")
    {
        var orgId = await db.InspectionTargets.Where(t => t.InspectionId == inspectionId).OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).FirstAsync();
        var org = await db.Organizations.FindAsync(orgId);
        org!.PrincipalLeader ??= leader;
        db.DocumentSettings.Add(new DocumentSettings
        {
            OrganizationId = orgId, IssuerMark = "中共梅州市梅江区城北镇委员会文件", AgencyCode = "城北党", MainRecipient = "区委巡察工作领导小组",
            Sealed = true, ContactPerson = "张干事", ContactPhone = "0753-2222222", CopyTo = "区纪委监委，区委组织部", Printer = "城北镇党政办公室",
        });
        await db.SaveChangesAsync();
    }
}
