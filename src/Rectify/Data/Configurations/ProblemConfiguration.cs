using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

sealed class ProblemConfiguration : IEntityTypeConfiguration<Problem>
{
    public void Configure(EntityTypeBuilder<Problem> e)
    {
        e.HasIndex(p => new { p.InspectionId, p.Ordinal }).IsUnique();
        e.HasIndex(p => p.Status);
        e.Property(p => p.Status).HasConversion(StoredAs.StatusCode).HasMaxLength(24);
        e.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        e.Property(p => p.ExpectedCompletion).HasConversion(StoredAs.YearMonthText).HasMaxLength(7);
        e.Property(p => p.AmountInvolved).HasPrecision(18, 2);
        e.Property(p => p.AmountRectified).HasPrecision(18, 2);
        e.Property(p => p.Amounts).HasConversion(StoredAs.AmountsJson, StoredAs.AmountsByValue);
        e.Property(p => p.Version).IsConcurrencyToken();
        e.ComplexProperty(p => p.Closure, c => c.Property(x => x.State).HasConversion<string>().HasMaxLength(16));
        e.Ignore(p => p.IsClosed);
        e.Ignore(p => p.HasEvidence);
        e.Ignore(p => p.DueDate);
        e.HasMany(p => p.Measures).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
        // ResponsibleLeaderId, ResponsiblePersonId and Measure.OwnerId (issue 18) are plain columns, no foreign key:
        // SQLite adds one only by rebuilding the table, which would drop the indexes and triggers made in SQL.
        // Accounts are disabled, never deleted, so a link does not dangle.
        e.HasMany(p => p.Progress).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(p => p.Extensions).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
        e.HasMany(p => p.Reviews).WithOne().HasForeignKey(m => m.ProblemId).OnDelete(DeleteBehavior.Cascade);
        // Ledger list (issue 5, branch ledger): counts by status and the overdue filter of one
        // inspection are answered from this index alone (bench/Rectify.Benchmarks ledger-list).
        // The migration LedgerSearch widens this index with Closure_State by SQL (EF cannot index a complex property): the red-light rule reads it.
        e.HasIndex(p => new { p.InspectionId, p.Status, p.Deadline, p.ExpectedCompletion });
        // Overview speed (issue 8): the completion trend is a GROUP BY over this index alone. The
        // dashboard's tallies read a covering index on (InspectionId, CategoryId, Status, Deadline,
        // ExpectedCompletion, Closure_State, CompletedOn) that EF cannot declare (Closure is a complex property):
        // the OverviewSpeed migrations create it in SQL (IX_Problems_Overview).
        e.HasIndex(p => new { p.CompletedOn, p.InspectionId });
        // The problems of one status in the list's order (the status chart's drill-down), a page at a time.
        e.HasIndex(p => new { p.Status, p.InspectionId, p.Ordinal });
    }
}
