using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Rectify.Core.Domain;

namespace Rectify.Data.Interceptors;

/// <summary>
/// Overview (issue 8): <see cref="Problem.CompletedOn"/> follows the status. Entering a
/// completed status dates it today (the office's date, <see cref="Core.OfficeClock"/>; completed → completed-sustained keeps the
/// date); leaving it clears it; a problem stored already completed is dated today unless its
/// writer dated it (an import dates it by the notice: LedgerTransfer).
/// </summary>
sealed class CompletionDateInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        var now = db.Clock.GetUtcNow();
        var office = db.Office;
        foreach (var e in db.ChangeTracker.Entries<Problem>())
        {
            var completedOn = e.Property(p => p.CompletedOn);
            var completed = e.Entity.Status.IsCompleted();
            if (e.State == EntityState.Added)
            {
                // A problem recorded without a start exists from now (a ledger as of an earlier date does not have it).
                if (e.Entity.CreatedAt == default) e.Entity.CreatedAt = now;
                if (!completed) completedOn.CurrentValue = null;
                else completedOn.CurrentValue ??= office.DateOf(now);
            }
            else if (e.State == EntityState.Modified && e.Property(p => p.Status).IsModified)
            {
                var was = ((RectificationStatus)e.Property(p => p.Status).OriginalValue!).IsCompleted();
                if (!completed) completedOn.CurrentValue = null;
                else if (!was || completedOn.CurrentValue is null) completedOn.CurrentValue = office.DateOf(now);
            }
        }
        return ValueTask.FromResult(result);
    }
}
