using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>Upward report sign-off (issue 6 item 7): one row per inspection and kind, the report frozen as JSON at submission.</summary>
sealed class UpwardReportConfiguration : IEntityTypeConfiguration<Rectify.Core.Supervision.UpwardReport>
{
    public void Configure(EntityTypeBuilder<Rectify.Core.Supervision.UpwardReport> e)
    {
        e.HasIndex(x => new { x.InspectionId, x.Kind }).IsUnique();
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(24);
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        e.Property(x => x.SubmittedBy).HasMaxLength(256);
        e.Property(x => x.ApprovedBy).HasMaxLength(256);
        e.Property(x => x.Sha256).HasMaxLength(64);
        e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
