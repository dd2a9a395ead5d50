using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class ProblemChangeConfiguration : IEntityTypeConfiguration<ProblemChange>
{
    public void Configure(EntityTypeBuilder<ProblemChange> e)
    {
        e.HasIndex(c => c.ProblemId);
        e.HasOne<Problem>().WithMany().HasForeignKey(c => c.ProblemId).OnDelete(DeleteBehavior.Cascade);
    }
}
