using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class InspectionRoundConfiguration : IEntityTypeConfiguration<InspectionRound>
{
    public void Configure(EntityTypeBuilder<InspectionRound> e)
    {
        e.Property(r => r.Kind).HasConversion<string>().HasMaxLength(30);
        e.ComplexProperty(r => r.Deadlines);
        e.Ignore(r => r.DisplayName);
    }
}
