using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Audit;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> e)
    {
        // A chain's entries in order; its head is the last index entry of the chain.
        e.HasIndex(a => new { a.Chain, a.Seq }).IsUnique();
        e.HasIndex(a => new { a.Entity, a.EntityKey });
        e.Property(a => a.Hash).HasMaxLength(64);
        e.Property(a => a.PrevHash).HasMaxLength(64);
        e.Property(a => a.Action).HasMaxLength(8);
    }
}
