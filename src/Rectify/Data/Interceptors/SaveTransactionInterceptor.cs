using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rectify.Data.Interceptors;

/// <summary>
/// The write lock and the transaction of a save. Runs last before the save, when the other
/// interceptors have said what they will write after the rows, and last after it, to commit. A save
/// that fails or is cancelled rolls back and lets the next writer in.
/// </summary>
sealed class SaveTransactionInterceptor : SaveChangesInterceptor
{
    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        var work = db.Saving;
        // Inside a caller's transaction the write lock is already held (and waiting here could deadlock).
        if (db.Database.CurrentTransaction is not null) return result;
        var writes = work.Audit.Count > 0 || db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);
        if (writes && db.WriteGate is { } gate)
        {
            await gate.WaitAsync(cancellationToken);
            work.Gate = gate;
        }
        try
        {
            // A save's own transaction, not a RetriedUnit: the save is one statement batch, run once; the unit around
            // it (a write request, a command) is what repeats after a transient error (RetryOutsideTransactions).
            if (work.NeedsTransaction) work.Transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        }
        catch
        {
            End(work);
            throw;
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var work = SaveInterceptors.Db(eventData).Saving;
        try
        {
            // Under the chain lock nothing is awaited (AuditChainInterceptor).
            if (work.Audit.Count > 0) work.Transaction?.Commit();
            else if (work.Transaction is not null) await work.Transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            End(work);
        }
        return result;
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End(SaveInterceptors.Db(eventData).Saving);
        return Task.CompletedTask;
    }

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        End(SaveInterceptors.Db(eventData).Saving);
        return Task.CompletedTask;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        End(SaveInterceptors.Db(eventData).Saving);
        return ValueTask.FromResult(result);
    }

    /// <summary>Rolls back what was not committed and frees the lock; once, whichever of the paths above comes first.</summary>
    static void End(SaveWork work)
    {
        work.Transaction?.Dispose();
        work.Transaction = null;
        work.Gate?.Release();
        work.Gate = null;
    }
}
