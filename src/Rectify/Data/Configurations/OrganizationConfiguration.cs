using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class OrganizationConfiguration : IEntityTypeConfiguration<Organization>
{
    public void Configure(EntityTypeBuilder<Organization> e)
    {
        e.HasOne(o => o.Parent).WithMany(o => o.Children).HasForeignKey(o => o.ParentId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(o => o.Name);
        e.Property(o => o.Level).HasConversion<string>().HasMaxLength(20);
        e.Ignore(o => o.HasContacts);
    }
}
