using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Rectify.Core.Audit;
using Rectify.Data;
using Rectify.Features.Overview;

namespace Rectify.Benchmarks;

/// <summary>
/// `audit verify` at district scale (docs/decisions/0007): a `demo generate` database of 120,000 problems
/// (written in bulk, so the log names the rows, not their values), timed as it is; then every problem edited
/// through RectifyDb (an audited update each, so its values are known to the log) and timed again: the chains
/// checked and the whole ledger compared with its replayed log.
/// Run: dotnet run -c Release --project bench/Rectify.Benchmarks -- audit-verify [--problems 120000] [--orgs 3000]
/// </summary>
public static class AuditVerifyBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        int Arg(string name, int fallback) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        var problems = Arg("--problems", 120_000);
        var orgs = Arg("--orgs", 3000);
        var folder = Path.Combine(Path.GetTempPath(), "rectify-bench-audit-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = new Storage(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rectify:Data"] = folder }).Build(), Rectify.Data.Interceptors.SaveInterceptors.InOrder());
        try
        {
            await using (var db = storage.CreateDb())
            {
                await db.Database.MigrateAsync();
                await AuditLog.FixHashAsync(db, storage);
            }
            var sw = Stopwatch.StartNew();
            await DistrictGenerator.GenerateAsync(storage, new Rectify.Core.OfficeClock(TimeProvider.System, Rectify.Core.OfficeClock.FindZone(null)), orgs, problems);
            Console.WriteLine($"generated {problems:N0} problems (auditing off, bulk entries) in {sw.Elapsed.TotalSeconds:0.0} s");
            await VerifyAsync(storage, "generated, values not logged");

            sw.Restart();
            var last = 0;
            while (true)
            {
                await using var db = storage.CreateDb();
                var batch = await db.Problems.Where(p => p.Id > last).OrderBy(p => p.Id).Take(2000).ToListAsync();
                if (batch.Count == 0) break;
                foreach (var p in batch) p.Remarks = "已核实 " + p.Id;
                await db.SaveChangesAsync();
                last = batch[^1].Id;
            }
            Console.WriteLine($"edited every problem through RectifyDb (one audited update each) in {sw.Elapsed.TotalSeconds:0.0} s");
            await VerifyAsync(storage, "every problem's values in the log");
            Console.WriteLine($"database {new FileInfo(Path.Combine(folder, "rectify.db")).Length / 1e6:0} MB; peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / 1e6:0} MB");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, true);
        }
    }

    static async Task VerifyAsync(Storage storage, string what)
    {
        await using var db = storage.CreateDb();
        GC.Collect();
        var before = GC.GetTotalMemory(true);
        var sw = Stopwatch.StartNew();
        long entries = 0;
        var broken = AuditChain.Verify(db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).AsEnumerable().Select(e => { entries++; return e; }), null, storage.AuditHash);
        var chains = sw.Elapsed;
        var ledger = await AuditLedger.CompareAsync(db, 10, CancellationToken.None);
        var total = sw.Elapsed;
        Console.WriteLine($"[{what}] chains: {entries:N0} entries in {chains.TotalSeconds:0.00} s ({(broken is null ? "intact" : broken.Reason)}); "
            + $"ledger: {ledger.Tables.Sum(t => t.Rows):N0} rows, {ledger.Tables.Sum(t => t.Compared):N0} compared, {ledger.Tables.Sum(t => t.NotCovered):N0} not covered, "
            + $"{ledger.FindingCount} findings in {(total - chains).TotalSeconds:0.00} s; total {total.TotalSeconds:0.00} s; managed heap after {(GC.GetTotalMemory(false) - before) / 1e6:0} MB more");
        foreach (var f in ledger.Findings) Console.WriteLine("  " + f.Message);
    }
}
