using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Rectify.Core.Audit;
using Rectify.Core.Domain;
using Rectify.Data;

namespace Rectify.Tests.Storage;

/// <summary>
/// A log written before there were several chains (one chain, hashed without a chain number) upgrades
/// by the AuditChains migration into chain 0 and still verifies; new entries continue it or start other chains.
/// </summary>
public abstract class AuditChainsMigrationTests
{
    protected abstract RectifyDb CreateDb();
    protected abstract string Before { get; }

    /// <summary>The hash as the single chain computed it, written out here apart from the app's code.</summary>
    static string OldHash(string prev, long seq, DateTimeOffset at, string actor, string entity, string key, string action, string? before, string? after)
    {
        var sb = new StringBuilder();
        foreach (var v in new[] { prev, seq.ToString(CultureInfo.InvariantCulture), at.UtcTicks.ToString(CultureInfo.InvariantCulture), actor, entity, key, action, before, after })
            sb.Append(v is null ? "-1:" : v.Length.ToString(CultureInfo.InvariantCulture) + ":" + v).Append('|');
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    [Fact]
    public async Task Entries_of_the_single_chain_become_chain_0_and_keep_verifying()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = CreateDb();
        await db.Database.EnsureDeletedAsync(ct);
        try
        {
            var migrator = db.GetService<IMigrator>();
            await migrator.MigrateAsync(Before, ct);
            var prev = AuditChain.Genesis;
            for (var seq = 1; seq <= 3; seq++)
            {
                var at = new DateTimeOffset(2026, 11, 1, 8, 0, seq, 250, TimeSpan.Zero);
                var (actor, entity, key, action, before, after) = ("admin", "Organization", seq.ToString(CultureInfo.InvariantCulture), "update", $"{{\"Name\":\"旧{seq}\"}}", $"{{\"Name\":\"镇{seq}\"}}");
                var hash = OldHash(prev, seq, at, actor, entity, key, action, before, after);
                await db.Database.ExecuteSqlRawAsync(
                    """
                    INSERT INTO "AuditEntries" ("Seq", "At", "Actor", "Entity", "EntityKey", "Action", "Before", "After", "PrevHash", "Hash")
                    VALUES ({0}, {1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})
                    """, [seq, at, actor, entity, key, action, before, after, prev, hash], ct);
                prev = hash;
            }

            await migrator.MigrateAsync(null, ct);

            var log = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).ToListAsync(ct);
            Assert.Equal(new[] { 0, 0, 0 }, log.Select(a => a.Chain));
            Assert.Null(AuditChain.Verify(log));
            Assert.Null(AuditChain.Verify(log, AuditHead.Parse($"3:{prev}", out _)));

            // One chain configured: the next entry continues chain 0.
            db.AuditChains = 1;
            db.Organizations.Add(new Organization { Name = "西阳镇" });
            await db.SaveChangesAsync(ct);
            // Many: organisations until one lands in a chain other than 0.
            db.AuditChains = 32;
            for (var i = 0; i < 8 && !await db.AuditEntries.AnyAsync(a => a.Chain != 0, ct); i++)
            {
                db.Organizations.Add(new Organization { Name = $"东岭村{i}" });
                await db.SaveChangesAsync(ct);
            }

            log = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).ToListAsync(ct);
            Assert.Equal(4, log.Single(a => a.After!.Contains("西阳镇")).Seq);
            Assert.Equal(0, log.Single(a => a.After!.Contains("西阳镇")).Chain);
            Assert.Contains(log, a => a.Chain != 0);
            Assert.Null(AuditChain.Verify(log));
            Assert.Null(AuditChain.Verify(log, AuditHead.Parse($"3:{prev}", out _)));
            var indexes = db.Database.IsNpgsql()
                ? await db.Database.SqlQueryRaw<string>("""SELECT indexname AS "Value" FROM pg_indexes WHERE tablename = 'AuditEntries'""").ToListAsync(ct)
                : await db.Database.SqlQueryRaw<string>("""SELECT name AS "Value" FROM sqlite_master WHERE type = 'index' AND tbl_name = 'AuditEntries'""").ToListAsync(ct);
            Assert.Contains("IX_AuditEntries_Chain_Seq", indexes);
            Assert.DoesNotContain("IX_AuditEntries_Seq", indexes);
        }
        finally
        {
            await db.Database.EnsureDeletedAsync(ct);
        }
    }
}

public sealed class SqliteAuditChainsMigrationTests : AuditChainsMigrationTests
{
    readonly string _file = Path.Combine(Path.GetTempPath(), "rectify-migration-" + Guid.NewGuid().ToString("N") + ".db");
    protected override RectifyDb CreateDb() => new SqliteRectifyDb(new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite($"Data Source={_file};Pooling=False")
        .AddInterceptors(Rectify.Data.Interceptors.SaveInterceptors.InOrder()).Options);
    protected override string Before => "20261127042112_OverviewSpeed";
}

public sealed class PostgresAuditChainsMigrationTests : AuditChainsMigrationTests
{
    protected override RectifyDb CreateDb()
    {
        var server = Rectify.Tests.Web.RectifyApp.PostgresServer();
        return new PostgresRectifyDb(new DbContextOptionsBuilder<PostgresRectifyDb>()
            .UseNpgsql(server + ";Database=rectify_m_" + Guid.NewGuid().ToString("N")[..12])
            .AddInterceptors(Rectify.Data.Interceptors.SaveInterceptors.InOrder()).Options);
    }
    protected override string Before => "20261127042236_OverviewSpeed";
}

/// <summary>Rectify:Audit:Chains: how many chains writes spread over.</summary>
public sealed class AuditChainsSettingTests
{
    static Rectify.Data.Storage With(string? chains) => new(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rectify:Data"] = Path.Combine(Path.GetTempPath(), "rectify-chains-" + Guid.NewGuid().ToString("N")),
            ["Rectify:Audit:Chains"] = chains,
        }).Build(), Rectify.Data.Interceptors.SaveInterceptors.InOrder());

    [Fact]
    public void The_number_of_chains_is_read_and_a_wrong_one_refused_in_words()
    {
        var unset = With(null);
        Assert.Equal(32, unset.AuditChains);
        Directory.Delete(unset.DataFolder, true);
        var storage = With("7");
        using (var db = storage.CreateDb()) Assert.Equal(7, db.AuditChains);
        Directory.Delete(storage.DataFolder, true);
        foreach (var wrong in new[] { "0", "-3", "viele", "2000" })
        {
            var e = Assert.Throws<InvalidOperationException>(() => With(wrong));
            Assert.Equal($"Rectify:Audit:Chains 应为 1 至 1024 之间的整数,而不是“{wrong}”", e.Message);
        }
    }
}
