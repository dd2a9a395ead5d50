using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Rectify.Data;

namespace Rectify.Tests.Overview;

/// <summary>
/// The OverviewSpeed migration dates the problems already completed from their history, and
/// creates the covering index the dashboard reads (both written by hand in the migration).
/// </summary>
public abstract class OverviewMigrationTests
{
    protected abstract RectifyDb CreateDb();
    protected abstract string Before { get; }
    protected abstract object NoItems { get; }

    [Fact]
    public async Task Problems_completed_before_the_upgrade_are_dated_from_their_history()
    {
        await using var db = CreateDb();
        await db.Database.EnsureDeletedAsync();
        try
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Before, TestContext.Current.CancellationToken);
            await db.Database.ExecuteSqlRawAsync(
                """
                INSERT INTO "Rounds" ("Id", "Body", "Name", "Kind", "Deadlines_CentralisedMonths", "Deadlines_GreenDays", "Deadlines_PlanDays", "Deadlines_ReportDays", "Deadlines_YellowDays")
                VALUES (1, '九届区委', '第二轮巡察', 'Xuncha', 3, 20, 30, 60, 10);
                INSERT INTO "Inspections" ("Id", "RoundId", "Kind", "CreatedAt") VALUES (1, 1, 'Xuncha', {0});
                INSERT INTO "Categories" ("Id", "InspectionId", "Ordinal", "Title") VALUES (1, 1, 1, '基层党组织建设方面');
                """, new DateTimeOffset(2023, 9, 10, 2, 0, 0, TimeSpan.Zero));
            var created = new DateTimeOffset(2023, 9, 10, 17, 0, 0, TimeSpan.Zero); // 9月11日 in Beijing
            foreach (var (id, status) in new[] { (1, "completed"), (2, "completed-sustained"), (3, "in-progress"), (4, "completed-sustained") })
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "Problems" ("Id", "InspectionId", "CategoryId", "Ordinal", "Title", "SpecificItems", "Kind", "Status", "Withheld", "CreatedAt", "Version", "Closure_State")
                    VALUES ({0}, 1, 1, {0}, '问题', {1}, 'Deadline', {2}, {3}, {4}, 0, 'None')
                    """, id, NoItems, status, false, created);
            foreach (var (problem, at, before, after) in new[]
            {
                (1, new DateTimeOffset(2023, 10, 15, 17, 30, 0, TimeSpan.Zero), "phased", "completed"),       // 10月16日 in Beijing
                (2, new DateTimeOffset(2023, 10, 1, 2, 0, 0, TimeSpan.Zero), "in-progress", "completed"),
                (2, new DateTimeOffset(2023, 11, 1, 2, 0, 0, TimeSpan.Zero), "completed", "completed-sustained"), // still completed since 10月1日
                (3, new DateTimeOffset(2023, 10, 1, 2, 0, 0, TimeSpan.Zero), "phased", "completed"),
                (3, new DateTimeOffset(2023, 11, 1, 2, 0, 0, TimeSpan.Zero), "completed", "in-progress"),       // reopened
            })
                await db.Database.ExecuteSqlRawAsync(
                    """INSERT INTO "ProblemChanges" ("ProblemId", "At", "By", "Field", "Before", "After") VALUES ({0}, {1}, 'editor', 'Status', {2}, {3})""",
                    problem, at, before, after);

            await migrator.MigrateAsync(null, TestContext.Current.CancellationToken);

            var days = await db.Problems.AsNoTracking().OrderBy(p => p.Id).Select(p => p.CompletedOn).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(new DateOnly?[] { new(2023, 10, 16), new(2023, 10, 1), null, new(2023, 9, 11) }, days);
            // The index the tallies read, which EF cannot declare (Closure_State is a complex property's column).
            var indexes = db.Database.IsNpgsql()
                ? await db.Database.SqlQueryRaw<string>("""SELECT indexname AS "Value" FROM pg_indexes WHERE tablename = 'Problems'""").ToListAsync(TestContext.Current.CancellationToken)
                : await db.Database.SqlQueryRaw<string>("""SELECT name AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'Problems'""").ToListAsync(TestContext.Current.CancellationToken);
            Assert.Contains("IX_Problems_Overview", indexes);
        }
        finally
        {
            await db.Database.EnsureDeletedAsync();
        }
    }
}

public sealed class SqliteOverviewMigrationTests : OverviewMigrationTests
{
    readonly string _file = Path.Combine(Path.GetTempPath(), "rectify-migration-" + Guid.NewGuid().ToString("N") + ".db");
    protected override RectifyDb CreateDb() => new SqliteRectifyDb(new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite($"Data Source={_file};Pooling=False").Options);
    protected override string Before => "20261127025048_UpwardReports";
    protected override object NoItems => "[]";
}

public sealed class PostgresOverviewMigrationTests : OverviewMigrationTests
{
    protected override RectifyDb CreateDb()
    {
        var server = Rectify.Tests.Web.RectifyApp.PostgresServer();
        return new PostgresRectifyDb(new DbContextOptionsBuilder<PostgresRectifyDb>()
            .UseNpgsql(server + ";Database=rectify_m_" + Guid.NewGuid().ToString("N")[..12]).Options);
    }
    protected override string Before => "20261127025107_UpwardReports";
    protected override object NoItems => Array.Empty<string>();
}
