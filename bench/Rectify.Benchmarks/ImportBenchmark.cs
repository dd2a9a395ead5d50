using System.Text;
using BenchmarkDotNet.Attributes;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Benchmarks;

/// <summary>Parsing the whole 城北镇 notice (14 problems, ~9 KB of text); target median under 1 ms.</summary>
[MemoryDiagnoser]
[MedianColumn]
public class ImportBenchmark
{
    private string text = "";
    private byte[] bytes = [];

    [GlobalSetup]
    public void Setup()
    {
        text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "chengbei-2023-09-08.txt"));
        bytes = Encoding.UTF8.GetBytes(text);
    }

    [Benchmark(Baseline = true)]
    public LedgerDocument ParseChengbeiText() => NoticeParser.Parse(text);

    [Benchmark]
    public LedgerDocument ImportChengbeiBytes() => NoticeImporter.Import(bytes, "chengbei-2023-09-08.txt");
}
