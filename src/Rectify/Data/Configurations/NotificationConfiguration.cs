using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>Supervision (issue 6): in-app notifications, one per recipient and event.</summary>
sealed class NotificationConfiguration : IEntityTypeConfiguration<Rectify.Features.Notifications.Notification>
{
    public void Configure(EntityTypeBuilder<Rectify.Features.Notifications.Notification> e)
    {
        e.HasIndex(n => n.EventKey).IsUnique();
        e.HasIndex(n => new { n.UserId, n.ReadAt });
        e.Property(n => n.EventKey).HasMaxLength(200);
        e.Property(n => n.Kind).HasMaxLength(40);
        e.HasOne<AppUser>().WithMany().HasForeignKey(n => n.UserId).OnDelete(DeleteBehavior.Cascade);
        e.HasOne<Problem>().WithMany().HasForeignKey(n => n.ProblemId).OnDelete(DeleteBehavior.Cascade);
        // The outbox (MailOutbox): the e-mail of each, its attempts and when it is due; the index answers "what is due".
        e.Property(n => n.Link).HasMaxLength(200);
        e.Property(n => n.EmailTo).HasMaxLength(254);
        e.Property(n => n.EmailError).HasMaxLength(500);
        e.Ignore(n => n.Href);
        e.HasIndex(n => n.EmailDueAt);
        e.Property(n => n.Channel).HasMaxLength(10);
    }
}
