using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Core.Domain;

namespace Rectify.Data.Interceptors;

/// <summary>
/// Every write of a problem bumps its version (a stale edit is caught) and is kept in its history,
/// field by field, with who and when.
/// </summary>
sealed class ProblemHistoryInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        var now = db.Clock.GetUtcNow();
        foreach (var e in db.ChangeTracker.Entries<Problem>().ToList())
        {
            if (e.State != EntityState.Modified) continue;
            e.Entity.Version++;
            foreach (var prop in e.Properties)
            {
                if (!prop.IsModified || prop.Metadata.Name is nameof(Problem.Version) or nameof(Problem.CompletedOn)) continue;
                var before = RectifyDb.Format(prop.OriginalValue);
                var after = RectifyDb.Format(prop.CurrentValue);
                if (before == after) continue;
                db.ProblemChanges.Add(new ProblemChange { ProblemId = e.Entity.Id, At = now, By = db.Actor, Field = prop.Metadata.Name, Before = before, After = after });
            }
            foreach (var complex in e.ComplexProperties)
                foreach (var prop in complex.Properties)
                {
                    if (!prop.IsModified) continue;
                    var before = RectifyDb.Format(prop.OriginalValue);
                    var after = RectifyDb.Format(prop.CurrentValue);
                    if (before == after) continue;
                    db.ProblemChanges.Add(new ProblemChange { ProblemId = e.Entity.Id, At = now, By = db.Actor, Field = complex.Metadata.Name + "." + prop.Metadata.Name, Before = before, After = after });
                }
            // A completion with measures still open carries its reason; it has no column, the history keeps it.
            if (e.Entity.CompletionReason is { } why && e.Property(p => p.Status).IsModified)
                db.ProblemChanges.Add(new ProblemChange { ProblemId = e.Entity.Id, At = now, By = db.Actor, Field = Problem.CompletionReasonField, After = why });
        }
        return ValueTask.FromResult(result);
    }
}
