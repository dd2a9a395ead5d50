using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class SupervisionActionConfiguration : IEntityTypeConfiguration<SupervisionAction>
{
    public void Configure(EntityTypeBuilder<SupervisionAction> e)
    {
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.HasOne<Organization>().WithMany().HasForeignKey(x => x.TargetOrganizationId).OnDelete(DeleteBehavior.SetNull);
        e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
