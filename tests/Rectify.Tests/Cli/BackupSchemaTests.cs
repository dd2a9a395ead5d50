using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rectify.Data;
using Rectify.Tests.Packaging;
using Rectify.Tests.Web;

namespace Rectify.Tests.Cli;

/// <summary>
/// Issue 23: `rectify backup` copies the database as it is. The upgrade takes its backup before it migrates, so the
/// backup must be the pre-upgrade state to roll back to; a backup that migrated first would restore the new schema
/// under the old program. The real executable, as a process, on SQLite and on PostgreSQL.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BackupSchemaTests : IDisposable
{
    readonly string _data = Directory.CreateTempSubdirectory("rectify-backup-schema-").FullName;
    string? _pgDatabase;

    /// <summary>The CLI's settings for the database: none for SQLite in the data folder, else a new database on the test server.</summary>
    (Dictionary<string, string> Env, string? Pg) Database(bool postgres)
    {
        if (!postgres) return ([], null);
        // The server first: without one the test is skipped and there is no database to drop.
        var server = RectifyApp.PostgresServer();
        _pgDatabase = "rectify_bak_" + Guid.NewGuid().ToString("N")[..12];
        var pg = server + ";Database=" + _pgDatabase;
        return (new() { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Rectify"] = pg }, pg);
    }

    static async Task<List<string>> HistoryAsync(RectifyDb db) => (await db.Database.GetAppliedMigrationsAsync()).ToList();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_database_one_migration_behind_is_backed_up_as_it_is_and_restores_to_that_schema_after_the_upgrade(bool postgres)
    {
        var (env, pg) = Database(postgres);
        var made = CliTests.RunWith(_data, env, "migrate");
        Assert.True(made.Exit == 0, made.Err);
        // The database of the previous version: this build's, taken back one migration by EF's migrator (its Down).
        string previous;
        List<string> history;
        Dictionary<string, List<string>> rows;
        await using (var db = PackageTests.OpenDb(_data, pg))
        {
            previous = db.Database.GetMigrations().ToList()[^2];
            await db.GetService<IMigrator>().MigrateAsync(previous, TestContext.Current.CancellationToken);
            history = await HistoryAsync(db);
            Assert.Equal(previous, history[^1]);
            rows = await PackageTests.RowsAsync(db, null);
        }
        Assert.Contains(rows, t => t.Key.StartsWith("Problems(", StringComparison.Ordinal) && t.Value.Count > 10);

        var zip = Path.Combine(_data, "before-upgrade.zip");
        var backup = CliTests.RunWith(_data, env, "backup", zip);
        Assert.True(backup.Exit == 0, backup.Err);
        Assert.Contains($"数据库结构（{previous}）早于本程序", backup.Err);
        Assert.DoesNotContain("正在迁移", backup.Err);
        // The backup changed nothing: the same migrations applied, the same tables, columns and rows.
        await using (var db = PackageTests.OpenDb(_data, pg))
        {
            Assert.Equal(history, await HistoryAsync(db));
            Assert.Equal(rows, await PackageTests.RowsAsync(db, null));
        }

        // The upgrade migrates; rolling back restores the backup: the older schema again, every row as it was.
        Assert.Equal(0, CliTests.RunWith(_data, env, "migrate").Exit);
        await using (var db = PackageTests.OpenDb(_data, pg))
            Assert.NotEqual(history, await HistoryAsync(db));
        var restored = CliTests.RunWith(_data, env, "restore", zip);
        Assert.True(restored.Exit == 0, restored.Err);
        await using (var db = PackageTests.OpenDb(_data, pg))
        {
            Assert.Equal(history, await HistoryAsync(db));
            Assert.Equal(rows, await PackageTests.RowsAsync(db, null));
        }
    }

    [Fact]
    public async Task A_database_of_a_newer_version_is_backed_up_as_it_is_with_a_warning()
    {
        Assert.Equal(0, CliTests.Run(_data, "migrate").Exit);
        const string future = "29991231000000_FromANewerVersion";
        await using (var db = PackageTests.OpenDb(_data, null))
            await db.Database.ExecuteSqlRawAsync($"INSERT INTO \"__EFMigrationsHistory\" VALUES ('{future}', '99.0')", TestContext.Current.CancellationToken);
        var backup = CliTests.Run(_data, "backup", Path.Combine(_data, "b.zip"));
        Assert.True(backup.Exit == 0, backup.Err);
        Assert.Contains($"数据库结构（{future}）新于本程序", backup.Err);
        Assert.True(File.Exists(Path.Combine(_data, "b.zip")));
        await using (var db = PackageTests.OpenDb(_data, null))
            Assert.Equal(future, (await HistoryAsync(db))[^1]);
    }

    [Fact]
    public void A_data_folder_without_a_database_is_refused_and_none_is_created()
    {
        var backup = CliTests.Run(_data, "backup", Path.Combine(_data, "b.zip"));
        Assert.Equal(2, backup.Exit);
        Assert.Contains("没有可备份的数据库", backup.Err);
        Assert.False(File.Exists(Path.Combine(_data, "rectify.db")));
        Assert.False(File.Exists(Path.Combine(_data, "b.zip")));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_data, recursive: true); } catch (IOException) { }
        if (_pgDatabase is null) return;
        using var conn = new Npgsql.NpgsqlConnection(RectifyApp.ConfiguredPostgres);
        conn.Open();
        using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_pgDatabase}\" WITH (FORCE)", conn);
        drop.ExecuteNonQuery();
    }
}
