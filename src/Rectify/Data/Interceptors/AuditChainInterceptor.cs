using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Rectify.Data.Interceptors;

/// <summary>
/// Every change to any entity is appended to the hash-chained audit log (<see cref="AuditLog"/>) in the
/// same transaction, so data and log are written together or not at all.
/// </summary>
sealed class AuditChainInterceptor : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        var pending = AuditLog.Capture(db, db.AuditEnabled);
        // Events without a row of their own (the audit log read or exported) go into the same log.
        pending.AddRange(db.TakeEvents());
        db.Saving.Audit = pending;
        return ValueTask.FromResult(result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        var db = SaveInterceptors.Db(eventData);
        var pending = db.Saving.Audit;
        if (pending.Count == 0) return result;
        // The chain lock is taken only now, after the data rows: under it a writer only reads the
        // chain head, inserts its entries and commits, so writers queue for that, not for their
        // whole save (PostgreSQL; on SQLite the transaction already holds the one write lock).
        // Waiting for the lock is asynchronous; what follows under it is synchronous (see Append),
        // the commit too (SaveTransactionInterceptor).
        var chain = db.ChainFor(pending);
        var head = await AuditLog.LockAndReadHeadAsync(db, chain, cancellationToken);
        AuditLog.Append(db, pending, chain, head);
        db.SaveAppendedAuditEntries();
        return result;
    }
}
