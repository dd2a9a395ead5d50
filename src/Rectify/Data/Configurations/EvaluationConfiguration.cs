using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Rectify.Core.Domain;

namespace Rectify.Data.Configurations;

/// <summary>Supervision (issue 6): evaluations with their criteria as JSON.</summary>
sealed class EvaluationConfiguration : IEntityTypeConfiguration<Rectify.Core.Supervision.Evaluation>
{
    public void Configure(EntityTypeBuilder<Rectify.Core.Supervision.Evaluation> e)
    {
        e.Property(x => x.Grade).HasConversion<string>().HasMaxLength(16);
        e.Property(x => x.Total).HasPrecision(5, 1);
        e.Property(x => x.Criteria).HasConversion(
            v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null),
            v => System.Text.Json.JsonSerializer.Deserialize<List<Rectify.Core.Supervision.EvaluationCriterion>>(v, (System.Text.Json.JsonSerializerOptions?)null) ?? new(),
            new Microsoft.EntityFrameworkCore.ChangeTracking.ValueComparer<List<Rectify.Core.Supervision.EvaluationCriterion>>(
                (a, c) => System.Text.Json.JsonSerializer.Serialize(a, (System.Text.Json.JsonSerializerOptions?)null) == System.Text.Json.JsonSerializer.Serialize(c, (System.Text.Json.JsonSerializerOptions?)null),
                v => System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null).GetHashCode(),
                v => System.Text.Json.JsonSerializer.Deserialize<List<Rectify.Core.Supervision.EvaluationCriterion>>(System.Text.Json.JsonSerializer.Serialize(v, (System.Text.Json.JsonSerializerOptions?)null), (System.Text.Json.JsonSerializerOptions?)null)!));
        e.HasOne<Inspection>().WithMany().HasForeignKey(x => x.InspectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
