using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class NoticeConfiguration : IEntityTypeConfiguration<Notice>
{
    public void Configure(EntityTypeBuilder<Notice> e)
    {
        // Two approvers or publishers at once: the second write finds the state moved and is refused (409).
        e.Property(x => x.State).HasConversion<string>().HasMaxLength(16).IsConcurrencyToken();
        // notices-web: 公告/通报 stored by name, like the other enums.
        e.Property(x => x.DocumentKind).HasConversion<string>().HasMaxLength(16);
        e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
