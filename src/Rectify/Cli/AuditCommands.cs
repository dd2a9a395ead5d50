using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Audit;
using Rectify.Data;

namespace Rectify.Cli;

/// <summary>`rectify audit verify|export`: check and hand over the tamper-evident log.</summary>
public static class AuditCommands
{
    /// <summary>How many differences are printed one by one; the rest are counted.</summary>
    const int MaxFindings = 200;

    public static Command Create()
    {
        var head = new Option<string?>("--head") { Description = "先前记下的链头（audit verify 或 backup 打印的“链=序号,…:哈希”，或旧格式“序号:哈希”），用于发现末尾被删除或被改写的记录" };
        var verify = new Command("verify", "校验审计日志的每条哈希链，并按日志重演核对台账各表的现有数据：指出第一条被改动、删除或调换的日志记录，以及在应用之外被改动、新增或删除的数据行（表、编号、字段、日志值、现值）") { head };
        verify.SetAction((parse, ct) =>
        {
            // A malformed head is refused before anything is opened.
            AuditHead? expected = null;
            if (parse.GetValue(head) is { } h)
                expected = AuditHead.Parse(h, out var error) ?? throw new InvalidOperationException(error);
            return Commands.WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                var algorithm = sp.GetRequiredService<Storage>().AuditHash;
                var started = System.Diagnostics.Stopwatch.StartNew();
                // Streamed in chain order; only each chain's last entry is kept, for the head.
                var lasts = new SortedDictionary<int, (long Seq, string Hash)>();
                long entries = 0;
                var broken = AuditChain.Verify(db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).AsEnumerable().Select(e =>
                {
                    entries++;
                    lasts[e.Chain] = (e.Seq, e.Hash);
                    return e;
                }), expected, algorithm);
                var exit = 0;
                if (broken is not null)
                {
                    Console.WriteLine($"审计日志已被篡改：{broken.Reason}");
                    exit = 1;
                }
                else
                {
                    var current = AuditHead.Of(lasts.Select(l => (l.Key, l.Value.Seq, l.Value.Hash)));
                    Console.WriteLine($"审计日志完整：{entries} 条记录，{current.Chains.Count} 条链（{algorithm.Name()}）。链头 {current}");
                }

                // The ledger against the log (even when the log is broken: both are worth knowing).
                var ledger = await AuditLedger.CompareAsync(db, MaxFindings, ct);
                foreach (var f in ledger.Findings) Console.WriteLine(f.Message);
                if (ledger.FindingCount > ledger.Findings.Count) Console.WriteLine($"……另有 {ledger.FindingCount - ledger.Findings.Count} 处不符未列出");
                foreach (var t in ledger.Tables.Where(t => t.NotCovered > 0 || t.GoneWithParent > 0))
                    Console.WriteLine($"  表 {t.Table}:{t.Rows} 行，{t.Compared} 行已核对"
                        + (t.NotCovered > 0 ? $",{t.NotCovered} 行不在日志覆盖范围内（关闭审计批量生成，日志只记了哪些行，没有记值）" : "")
                        + (t.GoneWithParent > 0 ? $",{t.GoneWithParent} 行随日志中删除的上级记录一并删除" : ""));
                var rows = ledger.Tables.Sum(t => t.Rows);
                var compared = ledger.Tables.Sum(t => t.Compared);
                var notCovered = ledger.Tables.Sum(t => t.NotCovered);
                Console.WriteLine(ledger.FindingCount == 0
                    ? $"台账与审计日志一致：{ledger.Tables.Count} 张表、{rows} 行，其中 {compared} 行逐字段核对一致，{notCovered} 行不在日志覆盖范围内"
                    : $"台账与审计日志不符：{ledger.FindingCount} 处（数据在应用之外被改动、新增或删除）；{ledger.Tables.Count} 张表、{rows} 行，{compared} 行逐字段核对，{notCovered} 行不在日志覆盖范围内");
                Console.WriteLine($"未核对的表：{string.Join("、", ledger.NotCompared)}");
                // Evidence rows against the evidence folder: a row whose file is gone is evidence lost.
                var (missing, firstMissing) = await sp.GetRequiredService<Rectify.Features.Problems.EvidenceStore>().MissingAsync(db, MaxFindings, ct);
                foreach (var m in firstMissing)
                    Console.WriteLine($"佐证材料文件缺失：佐证材料 {m.Id}（整改进展 {m.ProgressEntryId}，“{m.FileName}”），应在 evidence/{m.StoredPath}");
                if (missing > firstMissing.Count) Console.WriteLine($"……另有 {missing - firstMissing.Count} 个佐证材料文件缺失未列出");
                Console.WriteLine(missing == 0 ? "佐证材料文件齐全" : $"佐证材料文件缺失：{missing} 个");
                if (missing > 0) exit = 1;
                Console.WriteLine($"用时 {started.Elapsed.TotalSeconds:0.0} 秒");
                return ledger.FindingCount > 0 ? 1 : exit;
            }, seed: false);
        });

        var output = new Option<FileInfo?>("-o", "--output") { Description = "输出文件（默认标准输出），每行一条 JSON 记录（含所在链 chain、链内序号 seq 与哈希）" };
        var export = new Command("export", "导出审计日志（按写入顺序，每条含其链、序号与哈希）") { output };
        export.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            // The export is itself audited (三员分立: the audit administrator's work is visible too), before it is written.
            db.Actor = $"命令行（{Environment.UserName}）";
            await RetriedUnit.RunAsync(db, async t =>
            {
                db.RecordEvent(nameof(AuditEntry), "export", AuditLog.Details(new Dictionary<string, string?> { ["to"] = parse.GetValue(output)?.FullName ?? "标准输出" }));
                await db.SaveChangesAsync(t);
            }, ct);
            await using var writer = parse.GetValue(output) is { } f ? new StreamWriter(f.FullName) : new StreamWriter(Console.OpenStandardOutput());
            // Id is the global order of writing; each entry names its chain and its place in it.
            await AuditLog.ExportAsync(db.AuditEntries, writer, ct);
            return 0;
        }, seed: false));
        return new Command("audit", "审计日志（防篡改）") { verify, export };
    }
}
