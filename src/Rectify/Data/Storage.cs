using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using Rectify.Infrastructure;

namespace Rectify.Data;

public enum DatabaseProvider { Sqlite, Postgres }

/// <summary>
/// Where the data lives: SQLite in the data folder by default, PostgreSQL when
/// Database:Provider=Postgres and ConnectionStrings:Rectify are set.
/// </summary>
public sealed class Storage
{
    public DatabaseProvider Provider { get; }
    public string DataFolder { get; }
    public string ConnectionString { get; }
    public string EvidenceFolder => Path.Combine(DataFolder, "evidence");
    /// <summary>
    /// How many audit chains writes spread over (Rectify:Audit:Chains): writers of different chains do not
    /// wait for each other on PostgreSQL. Only a spreading choice: verification reads whatever chains exist.
    /// </summary>
    public int AuditChains { get; }
    /// <summary>Rectify:Audit:Hash as configured (SHA256 or SM3), null when not set.</summary>
    public Rectify.Core.Audit.AuditHashAlgorithm? ConfiguredAuditHash { get; }
    /// <summary>The hash of this database's audit chains: fixed at its first start (<see cref="AuditLog.FixHashAsync"/>).</summary>
    public Rectify.Core.Audit.AuditHashAlgorithm AuditHash { get; set; }
    readonly DbContextOptions _options;

    /// <summary>From the configuration before the services exist (the tests, the benchmarks): read and checked as at start.</summary>
    public Storage(IConfiguration config, IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor> interceptors)
        : this(Settings.Require<StorageOptions>(config, StorageOptions.Section), interceptors) { }

    /// <param name="options">Checked already (<see cref="Settings"/>).</param>
    /// <param name="interceptors">The work done on every save (<see cref="Interceptors.SaveInterceptors"/>), in their order.</param>
    public Storage(StorageOptions options, IEnumerable<Microsoft.EntityFrameworkCore.Diagnostics.ISaveChangesInterceptor> interceptors)
    {
        var onSave = interceptors.ToArray();
        DataFolder = Path.GetFullPath(options.DataFolder);
        AuditChains = options.AuditChains;
        ConfiguredAuditHash = options.AuditHashKind;
        AuditHash = ConfiguredAuditHash ?? Rectify.Core.Audit.AuditHashAlgorithm.Sha256;
        Provider = options.ProviderKind ?? throw new InvalidOperationException(string.Join("\n", options.Problems()));
        if (Provider == DatabaseProvider.Postgres)
        {
            ConnectionString = options.ConnectionString ?? throw new InvalidOperationException(string.Join("\n", options.Problems()));
            var postgres = new DbContextOptionsBuilder<PostgresRectifyDb>()
                .UseNpgsql(WithNpgsqlDefaults(ConnectionString), o => o.ExecutionStrategy(d => new RetryOutsideTransactions(d)))
                .AddInterceptors(onSave).AddInterceptors(new RetriedUnit.StoredForGood());
            if (options.SerialKeys) postgres.ReplaceService<Microsoft.EntityFrameworkCore.Migrations.IMigrationsSqlGenerator, SerialKeysSqlGenerator>();
            _options = postgres.Options;
        }
        else
        {
            Directory.CreateDirectory(DataFolder);
            ConnectionString = options.ConnectionString ?? $"Data Source={Path.Combine(DataFolder, "rectify.db")};Foreign Keys=True";
            _options = new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite(ConnectionString).AddInterceptors(onSave).Options;
            _sqliteWriters = new SemaphoreSlim(1, 1);
        }
    }

    /// <summary>
    /// Npgsql settings that suit this app, unless the connection string sets them: a pooled connection
    /// is not reset (DISCARD ALL) each time EF closes it after a query, as the app keeps no session
    /// state (its advisory locks are transaction-scoped), and the statements it runs often are prepared
    /// on the server once per connection instead of parsed and planned every time.
    /// </summary>
    static string WithNpgsqlDefaults(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString }.Keys.Cast<string>()
            .Select(k => k.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant()).ToHashSet();
        var b = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!given.Contains("noresetonclose")) b.NoResetOnClose = true;
        if (!given.Contains("maxautoprepare")) b.MaxAutoPrepare = 50;
        return b.ConnectionString;
    }

    public RectifyDb CreateDb()
    {
        RectifyDb db = Provider == DatabaseProvider.Postgres
            ? new PostgresRectifyDb((DbContextOptions<PostgresRectifyDb>)_options)
            : new SqliteRectifyDb((DbContextOptions<SqliteRectifyDb>)_options);
        db.PublicChanged = () => Interlocked.Increment(ref _publicVersion);
        db.WriteGate = _sqliteWriters;
        db.AuditChains = AuditChains;
        db.AuditHash = AuditHash;
        return db;
    }

    /// <summary>
    /// SQLite takes one writer at a time. Writers of this app queue here, asynchronously, instead of
    /// meeting in SQLite's lock, where Microsoft.Data.Sqlite retries a busy writer only after blocking
    /// its thread for 150 ms (again and again under load: seconds for a write, and a starved thread pool).
    /// </summary>
    readonly SemaphoreSlim? _sqliteWriters;

    /// <summary>
    /// Moves whenever a context of this app saves something the public pages show; their caches are
    /// keyed by it, so this instance shows a change at once (other instances when their short expiry ends).
    /// </summary>
    public long PublicVersion => Interlocked.Read(ref _publicVersion);
    long _publicVersion;

    public string Describe() => Provider == DatabaseProvider.Postgres
        ? "PostgreSQL " + new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = null }.ConnectionString
        : "SQLite " + Path.Combine(DataFolder, "rectify.db");
}

/// <summary>
/// EF Core's retry of transient PostgreSQL errors (EnableRetryOnFailure: a restart, a dropped
/// connection, a refused one): a query, or a unit a caller wrapped in the strategy, is run again up to
/// three times within a few seconds. Work already inside a transaction (a save, whose interceptors
/// number versions and chain audit entries once; a caller's own transaction) is not repeated piecemeal:
/// it fails once as a whole and is answered 503 (<see cref="Infrastructure.Fault"/>), nothing saved.
/// Work that opens its own transaction runs through <see cref="RetriedUnit"/>, which repeats it whole.
/// </summary>
sealed class RetryOutsideTransactions(ExecutionStrategyDependencies dependencies)
    : Npgsql.EntityFrameworkCore.PostgreSQL.NpgsqlRetryingExecutionStrategy(dependencies, 3, TimeSpan.FromSeconds(2), null)
{
    bool _inTransaction;

    protected override void OnFirstExecution()
    {
        _inTransaction = Dependencies.CurrentContext.Context.Database.CurrentTransaction is not null;
        // The base refuses a caller's transaction outright; here such a unit simply runs once.
        if (_inTransaction) ExceptionsEncountered.Clear();
        else base.OnFirstExecution();
    }

    protected override bool ShouldRetryOn(Exception? exception) => !_inTransaction && RetriedUnit.Repeatable && base.ShouldRetryOn(exception);
}

/// <summary>
/// Work run by the execution strategy as one unit: work that opens its own transaction, and every write request
/// (<see cref="Infrastructure.RetriedRequest"/>). A transient PostgreSQL error anywhere in it (a restart, a dropped
/// connection) rolls back what is open and runs the unit again from its start, with what the failed attempt left in
/// the change tracker forgotten, so the unit's rows are written once. Only while nothing of it may have been stored
/// for good: once a commit was sent (it may have reached the server before the connection broke), a statement ran
/// outside a transaction, or an answer began, the error is answered (503) rather than risking a second write. The
/// queries and saves inside it do not retry on their own (the strategy runs nested work once). On SQLite the unit
/// simply runs once.
/// </summary>
public static class RetriedUnit
{
    /// <summary>The unit under way in this flow of work, shared by the units nested in it.</summary>
    static readonly AsyncLocal<Attempt?> Current = new();

    sealed class Attempt
    {
        public bool MayHaveStored;
    }

    /// <summary>False once something of the unit under way may be stored: then it must not run again.</summary>
    internal static bool Repeatable => Current.Value is not { MayHaveStored: true };

    /// <summary>Something of the unit under way may now be stored for good, or seen (an answer begun): it is not run again.</summary>
    public static void MayHaveStored()
    {
        if (Current.Value is { } attempt) attempt.MayHaveStored = true;
    }

    public static async Task<T> RunAsync<T>(RectifyDb db, Func<CancellationToken, Task<T>> unit, CancellationToken ct)
    {
        // Set in this async method, so it ends with it; a nested unit belongs to the outer one, which alone repeats.
        Current.Value ??= new Attempt();
        var attempt = 0;
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async token =>
        {
            if (attempt++ > 0) db.ChangeTracker.Clear();
            return await unit(token);
        }, ct);
    }

    public static Task RunAsync(RectifyDb db, Func<CancellationToken, Task> unit, CancellationToken ct) =>
        RunAsync(db, async token => { await unit(token); return true; }, ct);

    /// <summary>
    /// Tells the unit under way when something of it may be stored for good (PostgreSQL's contexts): before a commit
    /// is sent, and before a statement other than a query runs outside a transaction (stored as it runs).
    /// </summary>
    internal sealed class StoredForGood : IDbTransactionInterceptor, IDbCommandInterceptor
    {
        public InterceptionResult TransactionCommitting(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result)
        {
            MayHaveStored();
            return result;
        }

        public ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            MayHaveStored();
            return ValueTask.FromResult(result);
        }

        static void Running(DbCommand command)
        {
            // A query changes nothing; anything else outside a transaction may be stored by the time it fails.
            if (command.Transaction is null && !command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) MayHaveStored();
        }

        public InterceptionResult<int> NonQueryExecuting(DbCommand command,
            CommandEventData eventData, InterceptionResult<int> result)
        {
            Running(command);
            return result;
        }

        public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            Running(command);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command,
            CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            Running(command);
            return result;
        }

        public ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            Running(command);
            return ValueTask.FromResult(result);
        }

        public InterceptionResult<object> ScalarExecuting(DbCommand command,
            CommandEventData eventData, InterceptionResult<object> result)
        {
            Running(command);
            return result;
        }

        public ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command,
            CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            Running(command);
            return ValueTask.FromResult(result);
        }
    }
}

// Design-time factories: `dotnet ef migrations add X --context SqliteRectifyDb|PostgresRectifyDb`.
public sealed class SqliteDesignFactory : IDesignTimeDbContextFactory<SqliteRectifyDb>
{
    public SqliteRectifyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite("Data Source=design.db").Options);
}

public sealed class PostgresDesignFactory : IDesignTimeDbContextFactory<PostgresRectifyDb>
{
    public PostgresRectifyDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresRectifyDb>().UseNpgsql("Host=localhost;Database=rectify_design").Options);
}
