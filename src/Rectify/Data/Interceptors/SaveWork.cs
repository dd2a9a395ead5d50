using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace Rectify.Data.Interceptors;

/// <summary>
/// What the interceptors of one save hand to each other: what is written after the rows, and the
/// transaction and write lock that it is written under. A new one for every save (<see cref="RectifyDb.SaveChangesAsync(bool, CancellationToken)"/>).
/// </summary>
sealed class SaveWork
{
    public List<AuditLog.Pending> Audit { get; set; } = [];
    public List<object> Searched { get; set; } = [];
    public bool AccessChanged { get; set; }
    public bool ShownInPublic { get; set; }
    public SemaphoreSlim? Gate { get; set; }
    public IDbContextTransaction? Transaction { get; set; }

    /// <summary>Rows besides the data rows are written with them, or none are.</summary>
    public bool NeedsTransaction => Audit.Count > 0 || AccessChanged || Searched.Count > 0;
}

/// <summary>
/// The work done on every save, one interceptor a job, in the order they run. Each runs only on the
/// asynchronous path: every save of the app goes through it (<see cref="RectifyDb.SaveChanges(bool)"/> leads
/// there), and the audit log's own synchronous save of its entries passes them by.
/// </summary>
public static class SaveInterceptors
{
    public static IReadOnlyList<ISaveChangesInterceptor> InOrder() =>
    [
        new InputLimitsInterceptor(),       // a text over its limit refuses the save before anything else is done
        new RightsChangesInterceptor(),     // sign-in stamps and role conflicts first: they may refuse the save
        new CompletionDateInterceptor(),    // CompletedOn follows the status…
        new ProblemHistoryInterceptor(),    // …before versions and history are taken, which skip it
        new SearchIndexInterceptor(),
        new AccessStampInterceptor(),
        new AuditChainInterceptor(),        // captures every row above, ProblemChanges included
        new SaveTransactionInterceptor(),   // last to start (knows what the others need), last to finish (commits)
        new PublicPagesInterceptor(),       // after the commit
    ];

    /// <summary>Registers them, in their order, for <see cref="Storage"/> to put on every context.</summary>
    public static IServiceCollection AddSaveInterceptors(this IServiceCollection services)
    {
        foreach (var interceptor in InOrder()) services.AddSingleton(interceptor);
        return services;
    }

    internal static RectifyDb Db(DbContextEventData data) => (RectifyDb)data.Context!;
}
