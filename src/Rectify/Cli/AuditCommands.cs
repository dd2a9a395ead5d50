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
        var head = new Option<string?>("--head") { Description = "先前记下的链头“序号:哈希”,用于发现末尾被删除的记录" };
        var verify = new Command("verify", "校验审计日志的哈希链,指出第一条被改动、删除或调换的记录") { head };
        verify.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            (long, string)? expected = null;
            if (parse.GetValue(head) is { } h)
            {
                var parts = h.Split(':');
                if (parts.Length != 2 || !long.TryParse(parts[0], out var s) || parts[1].Length != 64)
                    throw new InvalidOperationException("--head 应为“序号:64位哈希”");
                expected = (s, parts[1]);
            }
            var entries = db.AuditEntries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable();
            var list = new List<AuditEntry>();
            await foreach (var e in entries.WithCancellation(ct)) list.Add(e);
            var broken = AuditChain.Verify(list, expected);
            if (broken is not null)
            {
                Console.WriteLine($"审计日志已被篡改:{broken.Reason}");
                return 1;
            }
            var last = list.LastOrDefault();
            Console.WriteLine($"审计日志完整:{list.Count} 条记录。链头 {last?.Seq ?? 0}:{last?.Hash ?? AuditChain.Genesis}");
            return 0;
        }, seed: false));

        var output = new Option<FileInfo?>("-o", "--output") { Description = "输出文件(默认标准输出),每行一条 JSON 记录" };
        var export = new Command("export", "导出审计日志(每条含其哈希)") { output };
        export.SetAction((parse, ct) => Commands.WithAppAsync(parse, async sp =>
        {
            var db = sp.GetRequiredService<RectifyDb>();
            var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            await using var writer = parse.GetValue(output) is { } f ? new StreamWriter(f.FullName) : new StreamWriter(Console.OpenStandardOutput());
            await foreach (var e in db.AuditEntries.AsNoTracking().OrderBy(a => a.Seq).AsAsyncEnumerable().WithCancellation(ct))
                await writer.WriteLineAsync(JsonSerializer.Serialize(e, options));
            return 0;
        }, seed: false));
        return new Command("audit", "审计日志(防篡改)") { verify, export };
    }
}
