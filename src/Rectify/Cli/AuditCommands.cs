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
    public static Command Create()
    {
        var head = new Option<string?>("--head") { Description = "先前记下的链头(audit verify 或 backup 打印的“链=序号,…:哈希”,或旧格式“序号:哈希”),用于发现末尾被删除或被改写的记录" };
        var verify = new Command("verify", "校验审计日志的每条哈希链,指出第一条被改动、删除或调换的记录") { head };
        verify.SetAction((parse, ct) =>
        {
            // A malformed head is refused before anything is opened.
            AuditHead? expected = null;
            if (parse.GetValue(head) is { } h)
                expected = AuditHead.Parse(h, out var error) ?? throw new InvalidOperationException(error);
            return Commands.WithAppAsync(parse, async sp =>
            {
                var db = sp.GetRequiredService<RectifyDb>();
                var list = new List<AuditEntry>();
                await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Chain).ThenBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(ct))
                    list.Add(e);
                var broken = AuditChain.Verify(list, expected);
                if (broken is not null)
                {
                    Console.WriteLine($"审计日志已被篡改:{broken.Reason}");
                    return 1;
                }
                var current = AuditHead.Of(list);
                Console.WriteLine($"审计日志完整:{list.Count} 条记录,{current.Chains.Count} 条链。链头 {current}");
                return 0;
            }, seed: false);
        });

        var output = new Option<FileInfo?>("-o", "--output") { Description = "输出文件(默认标准输出),每行一条 JSON 记录(含所在链 chain、链内序号 seq 与哈希)" };
        var export = new Command("export", "导出审计日志(按写入顺序,每条含其链、序号与哈希)") { output };
        export.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            // The export is itself audited (三员分立: the audit administrator's work is visible too), before it is written.
            db.Actor = $"命令行({Environment.UserName})";
            db.RecordEvent(nameof(AuditEntry), "export", AuditLog.Details(new Dictionary<string, string?> { ["to"] = parse.GetValue(output)?.FullName ?? "标准输出" }));
            await db.SaveChangesAsync(ct);
            await using var writer = parse.GetValue(output) is { } f ? new StreamWriter(f.FullName) : new StreamWriter(Console.OpenStandardOutput());
            // Id is the global order of writing; each entry names its chain and its place in it.
            await AuditLog.ExportAsync(db.AuditEntries, writer, ct);
            return 0;
        }, seed: false));
        return new Command("audit", "审计日志(防篡改)") { verify, export };
    }
}
