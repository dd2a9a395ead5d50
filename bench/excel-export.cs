// Run: dotnet run -c Release bench/excel-export.cs -- 120000   (issue 21: the Excel export streamed with bounded memory; bench/EXPORT-AND-LEDGER.md)
#:project ../src/Rectify.Core/Rectify.Core.csproj
#:property Nullable=enable
using System.Diagnostics;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;

// A ledger of N problems (a district round has 20,000; the district 120,000) written to a file:
// time, and the process's peak RSS before and after the write.
var n = int.Parse(args[0]);
var ledger = new LedgerDocument();
var per = (n + 7) / 8;
var ordinal = 0;
for (var c = 1; c <= 8 && ordinal < n; c++)
{
    var cat = new CategoryItem { Ordinal = c, Title = $"第{c}方面：落实全面从严治党主体责任方面" };
    for (var k = 0; k < per && ordinal < n; k++)
    {
        ordinal++;
        cat.Problems.Add(new ProblemItem
        {
            Ordinal = ordinal, Title = $"公务用车管理不规范，存在私车公养问题（第{ordinal}项）",
            Detail = $"经查，该单位{ordinal % 97}号车辆加油记录与出车登记不一致，涉及金额{ordinal % 1000}元，台账不全。",
            Measures = ["建立公务用车使用登记制度", $"清退违规报销费用{ordinal % 1000}元", "开展专项检查"],
            Deadline = new DateOnly(2026, 1 + ordinal % 12, 1 + ordinal % 28), Kind = "限期整改", Status = "in-progress",
            ResponsibleLeader = "张三", ResponsibleDepartment = "办公室", ResponsiblePerson = "李四",
            Progress = $"已完成第一阶段整改，清退{ordinal % 500}元。",
        });
    }
    ledger.Categories.Add(cat);
}
static long Rss() { foreach (var l in File.ReadLines("/proc/self/status")) if (l.StartsWith("VmRSS")) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024; return 0; }
static long Hwm() { foreach (var l in File.ReadLines("/proc/self/status")) if (l.StartsWith("VmHWM")) return long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024; return 0; }
GC.Collect();
var before = Rss();
var sw = Stopwatch.StartNew();
var path = Path.GetTempFileName();
using (var f = File.Create(path)) LedgerWorkbook.Write(ledger, "某区", new DateOnly(2026, 12, 3), f);
sw.Stop();
Console.WriteLine($"{n} problems: {sw.Elapsed.TotalSeconds:0.00} s, file {new FileInfo(path).Length / 1024} kB, RSS with the ledger built {before} MB, peak RSS (VmHWM) {Hwm()} MB, so the write added up to {Hwm() - before} MB");
File.Delete(path);
