using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> e)
    {
        e.HasOne(u => u.Organization).WithMany().OnDelete(DeleteBehavior.SetNull);
        e.Property(u => u.LastSignInAddress).HasMaxLength(64);
        e.Property(u => u.NotifyPrefs).HasMaxLength(2000);
    }
}
