using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class InspectionTargetConfiguration : IEntityTypeConfiguration<InspectionTarget>
{
    public void Configure(EntityTypeBuilder<InspectionTarget> e)
    {
        e.HasKey(t => new { t.InspectionId, t.OrganizationId });
        e.HasOne(t => t.Organization).WithMany().HasForeignKey(t => t.OrganizationId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(t => t.OrganizationId);
    }
}
