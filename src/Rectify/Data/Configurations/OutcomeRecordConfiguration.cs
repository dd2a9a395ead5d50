using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class OutcomeRecordConfiguration : IEntityTypeConfiguration<OutcomeRecord>
{
    public void Configure(EntityTypeBuilder<OutcomeRecord> e)
    {
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(40);
        e.Property(x => x.AmountYuan).HasPrecision(18, 2);
    }
}
