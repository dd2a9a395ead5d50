using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Infrastructure;

namespace Rectify.Data.Configurations;

/// <summary>The first answer to a write with an Idempotency-Key, per user and key; purged after 24 h by creation time.</summary>
sealed class IdempotentRequestConfiguration : IEntityTypeConfiguration<IdempotentRequest>
{
    public void Configure(EntityTypeBuilder<IdempotentRequest> e)
    {
        e.HasKey(r => new { r.UserName, r.Key });
        e.HasIndex(r => r.CreatedAt);
        e.Property(r => r.UserName).HasMaxLength(256);
        e.Property(r => r.Key).HasMaxLength(Idempotency.MaxKeyLength);
        e.Property(r => r.Route).HasMaxLength(600);
    }
}
