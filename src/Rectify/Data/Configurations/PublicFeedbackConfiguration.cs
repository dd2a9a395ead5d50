using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class PublicFeedbackConfiguration : IEntityTypeConfiguration<PublicFeedback>
{
    public void Configure(EntityTypeBuilder<PublicFeedback> e)
    {
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16);
        e.HasIndex(x => x.TrackingCode).IsUnique();
        e.HasOne<Notice>().WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
    }
}
