using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>An organisation's GB/T 9704 elements (/admin/documents): one row each, gone with the organisation.</summary>
sealed class DocumentSettingsConfiguration : IEntityTypeConfiguration<DocumentSettings>
{
    public void Configure(EntityTypeBuilder<DocumentSettings> e)
    {
        e.HasKey(x => x.OrganizationId);
        e.HasOne<Organization>().WithOne().HasForeignKey<DocumentSettings>(x => x.OrganizationId).OnDelete(DeleteBehavior.Cascade);
    }
}
