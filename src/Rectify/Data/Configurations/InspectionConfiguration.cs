using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class InspectionConfiguration : IEntityTypeConfiguration<Inspection>
{
    public void Configure(EntityTypeBuilder<Inspection> e)
    {
        e.HasOne(i => i.Round).WithMany(r => r.Inspections).HasForeignKey(i => i.RoundId).OnDelete(DeleteBehavior.Restrict);
        e.Property(i => i.Kind).HasConversion<string>().HasMaxLength(30);
        e.Property(i => i.OnSiteFrom).HasConversion(StoredAs.PartialDateText).HasMaxLength(16);
        e.Property(i => i.OnSiteTo).HasConversion(StoredAs.PartialDateText).HasMaxLength(16);
        e.Property(i => i.FeedbackDate).HasConversion(StoredAs.PartialDateText).HasMaxLength(16);
        e.Ignore(i => i.PrimaryOrganizationId);
        // The fingerprint of an imported notice's text: a second import of it is found by this index.
        e.Property(i => i.SourceHash).HasMaxLength(64);
        e.HasIndex(i => i.SourceHash);
        e.HasMany(i => i.Categories).WithOne().HasForeignKey(c => c.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.Problems).WithOne(p => p.Inspection).HasForeignKey(p => p.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.LeadingGroup).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.Meetings).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.PolicyDocuments).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.Outcomes).WithOne().HasForeignKey(m => m.InspectionId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(i => i.Targets).WithOne().HasForeignKey(t => t.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
