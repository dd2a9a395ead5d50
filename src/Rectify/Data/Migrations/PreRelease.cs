using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Rectify.Data.Migrations;

/// <summary>
/// Databases made before the migrations were squashed into one baseline
/// (docs/decisions/0010-migrations-baseline.md). One that reached the last pre-release migration has
/// exactly the baseline's schema, so its history is rewritten to the baseline and nothing else
/// changes; one left at an earlier pre-release migration is refused with a message, never
/// half-migrated.
/// </summary>
public static class PreRelease
{
    /// <summary>The last migration before the squash, per provider (SQLite, PostgreSQL).</summary>
    static readonly string[] LastIds = ["20261203074138_SignInRecord", "20261203074141_SignInRecord"];

    public static async Task AdoptAsync(RectifyDb db, CancellationToken ct = default)
    {
        var known = db.Database.GetMigrations().ToList();
        var applied = (await db.Database.GetAppliedMigrationsAsync(ct)).ToList();
        if (applied.Count == 0 || applied.All(known.Contains)) return;
        if (applied.Any(known.Contains) || !applied.Any(LastIds.Contains))
            throw new InvalidOperationException(
                $"此数据库由 Rectify 的发布前测试版本建立，停在迁移“{applied[^1]}”，无法自动升级。"
                + "请用该版本导出台账（rectify export），在新的数据目录中重新导入。");

        var history = db.GetService<IHistoryRepository>();
        var baseline = known[0];
        // The history rewritten as one unit: a transient PostgreSQL error at start repeats it whole (RetriedUnit),
        // never a history with the old rows gone and the baseline's not yet there.
        await RetriedUnit.RunAsync(db, async t =>
        {
            await using var tx = await db.Database.BeginTransactionAsync(t);
            foreach (var id in applied)
                await db.Database.ExecuteSqlRawAsync(history.GetDeleteScript(id), t);
            await db.Database.ExecuteSqlRawAsync(history.GetInsertScript(new HistoryRow(baseline, ProductInfo.GetVersion())), t);
            await tx.CommitAsync(t);
        }, ct);
    }
}
