using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rectify.Data;
using Rectify.Data.Migrations;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>
/// The migrations are one baseline per provider plus whatever comes later
/// (docs/decisions/0010-migrations-baseline.md). These tests keep every later migration honest:
/// the migrations build exactly the model, with the hand-made objects EF cannot declare; each later
/// migration can be undone and redone on a database holding the demo without losing a row; and a
/// database from before the squash is adopted or refused, never half-migrated.
/// </summary>
public abstract class MigrationsTests : IAsyncLifetime
{
    protected abstract RectifyApp CreateApp();
    protected abstract RectifyDb CreateEmptyDb();
    RectifyApp App = null!;

    public async ValueTask InitializeAsync()
    {
        App = CreateApp();
        _ = App.Server; // start: migrates a new database and loads the demo
        await Task.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    [Fact]
    public async Task The_migrations_build_exactly_the_model_with_every_hand_made_object()
    {
        await using var db = App.CreateDb();
        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration holds: add one (docs/decisions/0010)");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken));
        var present = await ObjectsAsync(db);
        foreach (var (kind, name) in HandMadeSchema.Objects)
            Assert.True(present.Contains((kind, name)), $"{kind} {name} is missing after the migrations");
    }

    /// <summary>Names the tables whose rows changed (xUnit cuts a dictionary's difference off before it).</summary>
    static void AssertSameRows(Dictionary<string, long> expected, Dictionary<string, long> actual, string after)
    {
        var changed = expected.Keys.Union(actual.Keys)
            .Where(t => expected.GetValueOrDefault(t, -1) != actual.GetValueOrDefault(t, -1))
            .Select(t => $"{t}: {expected.GetValueOrDefault(t, -1)} → {actual.GetValueOrDefault(t, -1)}").ToList();
        Assert.True(changed.Count == 0, $"rows changed after {after}: {string.Join("; ", changed)}");
    }

    [Fact]
    public async Task Every_later_migration_undoes_and_redoes_without_losing_a_row()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = App.CreateDb();
        var migrations = db.Database.GetMigrations().ToList();
        var before = await CountRowsAsync(db);
        Assert.True(before["Problems"] > 0, "the demo ledger should be loaded");
        var migrator = db.GetService<IMigrator>();
        // From the newest back to the one after the baseline: down one step, then up to the newest.
        for (var i = migrations.Count - 1; i >= 1; i--)
        {
            await migrator.MigrateAsync(migrations[i - 1], ct);
            // A table a later migration creates goes with its rows when that migration is undone: what must
            // survive is every row of the tables the older schema has.
            var kept = await TablesAsync(db);
            await migrator.MigrateAsync(null, ct);
            AssertSameRows(Only(before, kept), Only(await CountRowsAsync(db), kept), $"down to {migrations[i - 1]} and up again");
        }
        Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync(ct));
    }

    [Fact]
    public async Task A_database_at_the_last_pre_release_migration_is_adopted_as_the_baseline()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = App.CreateDb();
        var history = db.GetService<IHistoryRepository>();
        var known = db.Database.GetMigrations().ToList();
        var rows = await CountRowsAsync(db);
        // As a pre-release database left it: the baseline's schema under the old migrations' names.
        await db.GetService<IMigrator>().MigrateAsync(known[0], ct);
        var kept = await TablesAsync(db);
        await db.Database.ExecuteSqlRawAsync(history.GetDeleteScript(known[0]), ct);
        foreach (var old in OldIds)
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(old, "10.0.0")), ct);

        await PreRelease.AdoptAsync(db, ct);
        await db.Database.MigrateAsync(ct);

        Assert.Equal(known, await db.Database.GetAppliedMigrationsAsync(ct));
        AssertSameRows(Only(rows, kept), Only(await CountRowsAsync(db), kept), "adopted and migrated");
    }

    [Fact]
    public async Task A_database_at_an_earlier_pre_release_migration_is_refused_in_words_and_left_as_it_was()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = App.CreateDb();
        var history = db.GetService<IHistoryRepository>();
        var known = db.Database.GetMigrations().ToList();
        await db.GetService<IMigrator>().MigrateAsync(known[0], ct);
        var kept = await TablesAsync(db);
        await db.Database.ExecuteSqlRawAsync(history.GetDeleteScript(known[0]), ct);
        foreach (var old in OldIds.Take(3))
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(old, "10.0.0")), ct);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => PreRelease.AdoptAsync(db, ct));
        Assert.Contains("发布前测试版本", e.Message);
        Assert.Contains(OldIds[2], e.Message);
        Assert.Equal(OldIds.Take(3), await db.Database.GetAppliedMigrationsAsync(ct));
    }

    [Fact]
    public async Task An_empty_database_migrates_to_the_newest_and_then_has_nothing_pending()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = CreateEmptyDb();
        try
        {
            await PreRelease.AdoptAsync(db, ct);
            await db.Database.MigrateAsync(ct);
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync(ct));
            Assert.Empty(await db.Database.GetPendingMigrationsAsync(ct));
        }
        finally
        {
            await db.Database.EnsureDeletedAsync(ct);
        }
    }

    protected abstract string[] OldIds { get; }

    static async Task<HashSet<(string, string)>> ObjectsAsync(RectifyDb db) => db.Database.IsNpgsql()
        ? (await db.Database.SqlQueryRaw<KindName>(
            """
            SELECT CASE c.relkind WHEN 'i' THEN 'index' ELSE 'table' END AS "Kind", c.relname AS "Name"
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'i')
            """).ToListAsync()).Select(o => (o.Kind, o.Name)).ToHashSet()
        : (await db.Database.SqlQueryRaw<KindName>("""SELECT type AS "Kind", name AS "Name" FROM sqlite_master""").ToListAsync())
            .Select(o => (o.Kind, o.Name)).ToHashSet();

    sealed record KindName(string Kind, string Name);

    static async Task<HashSet<string>> TablesAsync(RectifyDb db) =>
        (await ObjectsAsync(db)).Where(o => o.Item1 == "table").Select(o => o.Item2).ToHashSet();

    static Dictionary<string, long> Only(Dictionary<string, long> counts, HashSet<string> tables) =>
        counts.Where(c => tables.Contains(c.Key)).ToDictionary();

    /// <summary>The row count of every table the model maps.</summary>
    static async Task<Dictionary<string, long>> CountRowsAsync(RectifyDb db)
    {
        var counts = new Dictionary<string, long>();
        foreach (var table in db.Model.GetEntityTypes().Select(t => t.GetTableName()).OfType<string>().Distinct().Order())
        {
            // The table's name comes from the model, not from input.
            var sql = "SELECT COUNT(*) AS \"Value\" FROM \"" + table + "\"";
            counts[table] = await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
        }
        return counts;
    }
}

public sealed class SqliteMigrationsTests : MigrationsTests
{
    protected override RectifyApp CreateApp() => new();
    protected override RectifyDb CreateEmptyDb() => new SqliteRectifyDb(new DbContextOptionsBuilder<SqliteRectifyDb>()
        .UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), "rectify-migrations-" + Guid.NewGuid().ToString("N") + ".db")};Pooling=False").Options);
    protected override string[] OldIds =>
    [
        "20261127021256_Initial", "20261127025048_UpwardReports", "20261127033054_LedgerSearch",
        "20261127042112_OverviewSpeed", "20261127065447_AuditChains", "20261203074138_SignInRecord",
    ];
}

public sealed class PostgresMigrationsTests : MigrationsTests
{
    protected override RectifyApp CreateApp() => new(RectifyApp.PostgresServer());
    protected override RectifyDb CreateEmptyDb() => new PostgresRectifyDb(new DbContextOptionsBuilder<PostgresRectifyDb>()
        .UseNpgsql(RectifyApp.PostgresServer() + ";Database=rectify_m_" + Guid.NewGuid().ToString("N")[..12]).Options);
    protected override string[] OldIds =>
    [
        "20261127021319_Initial", "20261127025107_UpwardReports", "20261127033142_LedgerSearch",
        "20261127042236_OverviewSpeed", "20261127065450_AuditChains", "20261203074141_SignInRecord",
    ];
}
