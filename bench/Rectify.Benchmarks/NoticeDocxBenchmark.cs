using BenchmarkDotNet.Attributes;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Benchmarks;

/// <summary>Compose the demo ledger's notice and write it as .docx; target: median under 50 ms.</summary>
[MemoryDiagnoser, MedianColumn]
public class NoticeDocxBenchmark
{
    LedgerDocument ledger = null!;

    [GlobalSetup]
    public void Setup() =>
        ledger = LedgerJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "chengbei-2023-09-08.json")));

    [Benchmark]
    public long ComposeAndWriteDocx()
    {
        var notice = NoticeComposer.Compose(NoticeInput.FromLedger(ledger, shortName: "镇党委"));
        using var stream = new MemoryStream();
        NoticeDocxWriter.Write(notice, stream);
        return stream.Length;
    }
}
