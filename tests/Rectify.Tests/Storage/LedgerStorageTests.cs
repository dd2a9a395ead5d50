using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core;
using Rectify.Core.Audit;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Features.Inspections;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>The same data tests, run on SQLite and on a real PostgreSQL server.</summary>
public abstract class LedgerStorageTests : IAsyncLifetime
{
    RectifyApp? _app;
    protected RectifyApp App => _app!;
    protected abstract RectifyApp CreateApp();

    public async ValueTask InitializeAsync()
    {
        _app = CreateApp();
        // Starting the host migrates the database and loads the demo.
        await _app.CreateClient().GetAsync("/healthz");
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_demo_ledger_is_stored_whole_with_partial_dates_and_months()
    {
        await using var db = App.CreateDb();
        var i = await db.Inspections.Include(x => x.Round).SingleAsync();
        Assert.Equal("九届区委", i.Round!.Body);
        Assert.Equal(PartialDate.Parse("2023-01-上旬"), i.OnSiteTo);
        Assert.Equal(PartialDate.Parse("2023-03-10"), i.FeedbackDate);
        Assert.Equal(14, await db.Problems.CountAsync());
        Assert.Equal(3, await db.Problems.CountAsync(p => p.Status == RectificationStatus.Phased));
        var p14 = await db.Problems.Include(p => p.Measures).SingleAsync(p => p.Ordinal == 14);
        Assert.Equal(new YearMonth(2024, 3), p14.ExpectedCompletion);
        Assert.Equal(3, p14.Measures.Count);
    }

    [Fact]
    public async Task Export_counts_match_the_ledger()
    {
        await using var db = App.CreateDb();
        var doc = (await LedgerTransfer.ExportAsync(db, 1))!;
        Assert.Equal((4, 14, 11, 3, 0), (doc.Counts.Categories, doc.Counts.Problems, doc.Counts.Completed, doc.Counts.InProgress, doc.Counts.NotFeasible));
    }

    [Fact]
    public async Task A_status_change_by_the_rules_is_stored_and_an_illegal_one_refused()
    {
        await using (var db = App.CreateDb())
        {
            db.Actor = "城北镇填报员";
            var p = await db.Problems.SingleAsync(x => x.Ordinal == 3);
            p.ChangeStatus(RectificationStatus.Phased, new YearMonth(2024, 6));
            await db.SaveChangesAsync();
        }
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Ordinal == 3);
            Assert.Equal(new YearMonth(2024, 6), p.ExpectedCompletion);
            Assert.Equal(1, p.Version);
            var change = await db.ProblemChanges.SingleAsync(c => c.ProblemId == p.Id && c.Field == "ExpectedCompletion");
            Assert.Equal(("2023-12", "2024-06", "城北镇填报员"), (change.Before, change.After, change.By));
            var e = Assert.Throws<DomainException>(() => p.ChangeStatus(RectificationStatus.NotFeasible, reason: "x"));
            Assert.Contains("不能从", e.Message);
        }
    }

    [Fact]
    public async Task A_stale_write_is_refused_and_changes_nothing()
    {
        await using var first = App.CreateDb();
        await using var second = App.CreateDb();
        var a = await first.Problems.SingleAsync(x => x.Ordinal == 7);
        var b = await second.Problems.SingleAsync(x => x.Ordinal == 7);
        a.ResponsibleLeader = "张三";
        await first.SaveChangesAsync();
        b.ResponsibleLeader = "李四";
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync());
        await using var check = App.CreateDb();
        Assert.Equal("张三", (await check.Problems.SingleAsync(x => x.Ordinal == 7)).ResponsibleLeader);
    }

    [Fact]
    public async Task Loading_a_ledger_creates_its_organisation_and_reuses_the_round()
    {
        var doc = Setup.DemoLedger();
        doc.Issuer = "中共某某区西阳镇委员会";
        doc.Inspection.Target = "西阳镇党委";
        await using (var db = App.CreateDb())
            await LedgerTransfer.LoadAsync(db, doc, new Rectify.Core.OfficeClock(TimeProvider.System, Rectify.Core.OfficeClock.FindZone(null)));
        await using var check = App.CreateDb();
        Assert.Equal(1, await check.Rounds.CountAsync());
        Assert.Equal(2, await check.Inspections.CountAsync());
        Assert.True(await check.Organizations.AnyAsync(o => o.Name == "西阳镇" && o.FullName == "中共某某区西阳镇委员会"));
        Assert.Equal(28, await check.Problems.CountAsync());
    }

    [Fact]
    public async Task A_ledger_with_a_repeated_ordinal_writes_nothing()
    {
        var doc = Setup.DemoLedger();
        doc.Categories[1].Problems[0].Ordinal = 1;
        await using (var db = App.CreateDb())
        {
            var e = await Assert.ThrowsAsync<DomainException>(() => LedgerTransfer.LoadAsync(db, doc, new Rectify.Core.OfficeClock(TimeProvider.System, Rectify.Core.OfficeClock.FindZone(null))));
            Assert.Contains("序号 1 重复", e.Message);
        }
        await using var check = App.CreateDb();
        Assert.Equal(1, await check.Inspections.CountAsync());
        Assert.Equal(14, await check.Problems.CountAsync());
    }

    async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = App.CreateDb();
        return await db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).ToListAsync();
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_chain_with_who_and_before_and_after()
    {
        await using (var db = App.CreateDb())
        {
            db.Actor = "城北镇填报员";
            var p = await db.Problems.SingleAsync(x => x.Ordinal == 7);
            p.ChangeStatus(RectificationStatus.InProgress);
            await db.SaveChangesAsync();
        }
        var log = await AuditAsync();
        Assert.Null(AuditChain.Verify(log));
        Assert.Contains(log, a => a.Entity == "Problem" && a.Action == "insert" && a.After!.Contains("撂荒复耕工作开展不扎实"));
        Assert.Contains(log, a => a.Entity == "AppUser" && a.Action == "insert" && a.After!.Contains("\"PasswordHash\":\"sha256:"));
        var change = log.Last(a => a.Entity == "Problem");
        Assert.Equal(("update", "城北镇填报员"), (change.Action, change.Actor));
        Assert.Contains("\"Status\":\"phased\"", change.Before);
        Assert.Contains("\"Status\":\"in-progress\"", change.After);
    }

    /// <summary>A run of ordinary changes: each problem's remarks edited, one save each, <paramref name="rounds"/> times.</summary>
    async Task ChangeEveryProblemAsync(int rounds)
    {
        for (var round = 0; round < rounds; round++)
            foreach (var id in await IdsAsync())
            {
                await using var db = App.CreateDb();
                db.Actor = "城北镇填报员";
                (await db.Problems.SingleAsync(p => p.Id == id)).Remarks = $"第 {round} 轮";
                await db.SaveChangesAsync();
            }
    }

    async Task<List<int>> IdsAsync()
    {
        await using var db = App.CreateDb();
        return await db.Problems.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync();
    }

    /// <summary>A chain other than 0 with at least <paramref name="entries"/> entries, after a run of changes.</summary>
    async Task<List<AuditEntry>> NonZeroChainAsync(int entries)
    {
        await ChangeEveryProblemAsync(3);
        return (await AuditAsync()).Where(a => a.Chain != 0).GroupBy(a => a.Chain)
            .First(g => g.Count() >= entries).OrderBy(a => a.Seq).ToList();
    }

    [Fact]
    public async Task Ordinary_changes_spread_over_several_chains_each_whole_and_a_problem_keeps_its_chain()
    {
        await ChangeEveryProblemAsync(2);
        var log = await AuditAsync();
        Assert.Null(AuditChain.Verify(log));
        Assert.Null(AuditChain.Verify(log.OrderBy(a => a.Chain).ThenBy(a => a.Seq)));
        var edits = log.Where(a => a.Entity == "Problem" && a.Action == "update").ToList();
        Assert.Equal(14 * 2, edits.Count);
        Assert.True(edits.Select(a => a.Chain).Distinct().Count() >= 4, $"14 problems' edits in chains {string.Join(",", edits.Select(a => a.Chain).Distinct())}");
        Assert.All(edits.GroupBy(a => a.EntityKey), g => Assert.Single(g.Select(a => a.Chain).Distinct()));
        // Every chain is numbered 1, 2, 3… on its own.
        Assert.All(log.GroupBy(a => a.Chain), g => Assert.Equal(Enumerable.Range(1, g.Count()).Select(i => (long)i), g.Select(a => a.Seq).Order()));
    }

    [Fact]
    public async Task A_row_edited_deleted_or_reordered_in_the_database_breaks_the_chain_there()
    {
        var chain = await NonZeroChainAsync(4);
        var (c, second, third) = (chain[0].Chain, chain[1], chain[2]);
        await using var db = App.CreateDb();

        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Actor\" = '别人' WHERE \"Id\" = {0}", second.Id);
        var edited = AuditChain.Verify(await AuditAsync());
        Assert.Equal((c, 2L, second.Id), (edited!.Chain, edited.Seq, edited.Id));
        Assert.Contains($"链 {c} 第 2 条（编号 {second.Id}）的内容与其哈希不符（该记录被改动）", edited.Reason);

        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Actor\" = {0} WHERE \"Id\" = {1}", second.Actor, second.Id);
        Assert.Null(AuditChain.Verify(await AuditAsync()));

        await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", second.Id);
        var deleted = AuditChain.Verify(await AuditAsync());
        Assert.Equal((c, 2L, third.Id), (deleted!.Chain, deleted.Seq, deleted.Id));
        Assert.Contains($"链 {c} 第 2 条至第 2 条缺失", deleted.Reason);
    }

    [Fact]
    public async Task Swapped_rows_are_detected()
    {
        var chain = await NonZeroChainAsync(4);
        var (c, a, b) = (chain[0].Chain, chain[1], chain[2]);
        await using var db = App.CreateDb();
        // Swap the places of rows 2 and 3 of a chain (what a reordering looks like to the reader).
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Seq\" = -1 WHERE \"Id\" = {0}", a.Id);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Seq\" = 2 WHERE \"Id\" = {0}", b.Id);
        await db.Database.ExecuteSqlRawAsync("UPDATE \"AuditEntries\" SET \"Seq\" = 3 WHERE \"Id\" = {0}", a.Id);
        var log = await AuditAsync();
        var broken = AuditChain.Verify(log);
        Assert.Equal((c, 2L), (broken!.Chain, broken.Seq));
        // Read in the order of the chains, as `audit verify` does: row b now stands second.
        broken = AuditChain.Verify(log.OrderBy(x => x.Chain).ThenBy(x => x.Seq));
        Assert.Equal((c, 2L, b.Id), (broken!.Chain, broken.Seq, broken.Id));
        Assert.Contains("前一哈希", broken.Reason);
    }

    [Fact]
    public async Task A_tail_cut_off_a_chain_is_caught_with_the_noted_head_and_later_entries_are_not()
    {
        await ChangeEveryProblemAsync(2);
        var noted = AuditHead.Of(await AuditAsync());
        Assert.True(noted.Chains.Count > 1);
        await ChangeEveryProblemAsync(1);
        Assert.Null(AuditChain.Verify(await AuditAsync(), noted));

        var (c, seq) = noted.Chains.Where(h => h.Chain != 0).MaxBy(h => h.Seq);
        await using (var db = App.CreateDb())
            await db.Database.ExecuteSqlRawAsync("DELETE FROM \"AuditEntries\" WHERE \"Chain\" = {0} AND \"Seq\" >= {1}", c, seq);
        var log = await AuditAsync();
        Assert.Null(AuditChain.Verify(log));
        var broken = AuditChain.Verify(log, noted);
        Assert.Equal((c, seq), (broken!.Chain, broken.Seq));
        Assert.Contains($"链 {c} 只到第 {seq - 1} 条", broken.Reason);
    }

    [Fact]
    public async Task Several_saves_in_one_transaction_append_to_the_chain_the_first_one_locked()
    {
        var chains = App.Services.GetRequiredService<Rectify.Data.Storage>().AuditChains;
        var ids = await IdsAsync();
        int Natural(int id) => AuditChain.ChooseChain("Problem", id.ToString(System.Globalization.CultureInfo.InvariantCulture), chains);
        // Two problems whose own chains differ.
        var first = ids[0];
        var second = ids.First(id => Natural(id) != Natural(first));
        await using (var db = App.CreateDb())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            (await db.Problems.SingleAsync(p => p.Id == first)).Remarks = "同一事务 1";
            await db.SaveChangesAsync();
            (await db.Problems.SingleAsync(p => p.Id == second)).Remarks = "同一事务 2";
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }
        var log = await AuditAsync();
        Assert.Null(AuditChain.Verify(log));
        var both = log.Where(a => a.After != null && a.After.Contains("同一事务")).ToList();
        Assert.Equal(2, both.Count);
        Assert.Equal(new[] { Natural(first), Natural(first) }, both.Select(a => a.Chain));
        Assert.Equal(both[0].Seq + 1, both[1].Seq);

        // The next transaction chooses again.
        await using (var db = App.CreateDb())
        {
            (await db.Problems.SingleAsync(p => p.Id == second)).Remarks = "另一次保存";
            await db.SaveChangesAsync();
        }
        Assert.Equal(Natural(second), (await AuditAsync()).Single(a => a.After != null && a.After.Contains("另一次保存")).Chain);
    }

    [Fact]
    public async Task A_backup_taken_while_running_restores_everything_that_was_there()
    {
        var storage = App.Services.GetRequiredService<Rectify.Data.Storage>();
        var evidence = Path.Combine(storage.EvidenceFolder, "ab", "abcdef");
        Directory.CreateDirectory(Path.GetDirectoryName(evidence)!);
        await File.WriteAllTextAsync(evidence, "会议纪要");
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Ordinal == 2);
            p.ResponsibleLeader = "王五";
            await db.SaveChangesAsync();
        }
        var before = await SnapshotAsync();
        var file = Path.Combine(App.DataFolder + "-backup.zip");
        await Rectify.Data.Backup.CreateAsync(storage, file);

        // Lose things after the backup: a problem, a leader, an evidence file.
        await using (var db = App.CreateDb())
        {
            db.Problems.Remove(await db.Problems.SingleAsync(x => x.Ordinal == 14));
            (await db.Problems.SingleAsync(x => x.Ordinal == 2)).ResponsibleLeader = null;
            await db.SaveChangesAsync();
        }
        File.Delete(evidence);
        Assert.NotEqual(before, await SnapshotAsync());

        await Rectify.Data.Backup.RestoreAsync(storage, file);
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal("会议纪要", await File.ReadAllTextAsync(evidence));
        Assert.Null(AuditChain.Verify(await AuditAsync()));
        File.Delete(file);
    }

    /// <summary>Everything a user would miss, as one comparable string.</summary>
    async Task<string> SnapshotAsync()
    {
        await using var db = App.CreateDb();
        var problems = await db.Problems.AsNoTracking().Include(p => p.Measures).OrderBy(p => p.Id).ToListAsync();
        var audit = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).Select(a => a.Hash).ToListAsync();
        return string.Join("\n", problems.Select(p => $"{p.Id}|{p.Ordinal}|{p.Title}|{p.Status}|{p.ExpectedCompletion}|{p.ResponsibleLeader}|{p.Version}|{string.Join("/", p.Measures.OrderBy(m => m.Ordinal).Select(m => m.Text))}"))
            + "\n" + string.Join(",", audit) + "\n" + await db.Users.CountAsync();
    }

    [Fact]
    public async Task Closure_and_extension_history_survive_a_round_trip_through_the_database()
    {
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.Include(x => x.Progress).ThenInclude(x => x.Evidence).SingleAsync(x => x.Ordinal == 1);
            var entry = p.AddProgress(new DateOnly(2023, 9, 1), "学习计划已印发", "editor");
            entry.Evidence.Add(new Evidence { FileName = "计划.pdf", ContentType = "application/pdf", Size = 3, Sha256 = new string('a', 64), StoredPath = "x", UploadedBy = "editor" });
            p.RequestClosure("editor", DateTimeOffset.UtcNow);
            var q = await db.Problems.Include(x => x.Extensions).SingleAsync(x => x.Ordinal == 7);
            q.SetDeadline(new DateOnly(2023, 12, 31));
            var ext = q.RequestExtension(new DateOnly(2024, 3, 31), "资金未到位", "editor", DateTimeOffset.UtcNow, new DateOnly(2023, 9, 1));
            q.DecideExtension(ext, true, "leader", null, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        await using var check = App.CreateDb();
        var closed = await check.Problems.SingleAsync(x => x.Ordinal == 1);
        Assert.Equal(ClosureState.Requested, closed.Closure.State);
        Assert.Equal("editor", closed.Closure.RequestedBy);
        var extended = await check.Problems.Include(x => x.Extensions).SingleAsync(x => x.Ordinal == 7);
        Assert.Equal(new DateOnly(2024, 3, 31), extended.Deadline);
        Assert.Equal(new DateOnly(2023, 12, 31), Assert.Single(extended.Extensions).OldDeadline);
    }
}

public sealed class SqliteLedgerStorageTests : LedgerStorageTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresLedgerStorageTests : LedgerStorageTests
{
    protected override RectifyApp CreateApp()
    {
        var server = RectifyApp.PostgresServer();
        return new RectifyApp(server);
    }
}
