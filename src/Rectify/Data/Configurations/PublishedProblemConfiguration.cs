using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>Public portal (issue 7): the problems of a published notice, frozen with it.</summary>
sealed class PublishedProblemConfiguration : IEntityTypeConfiguration<PublishedProblem>
{
    public void Configure(EntityTypeBuilder<PublishedProblem> e)
    {
        e.HasOne(x => x.Notice).WithMany().HasForeignKey(x => x.NoticeId).OnDelete(DeleteBehavior.Cascade);
        e.HasIndex(x => new { x.NoticeId, x.Ordinal });
        e.Property(x => x.StatusCode).HasMaxLength(24);
        e.Property(x => x.ExpectedCompletion).HasConversion(StoredAs.YearMonthText).HasMaxLength(7);
    }
}
