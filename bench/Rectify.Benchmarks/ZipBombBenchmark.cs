using System.IO.Compression;
using System.Text;
using BenchmarkDotNet.Attributes;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Benchmarks;

/// <summary>
/// Issue 20: a 0.68 MB .docx whose document.xml expands to 680 MB is refused (target: under 1 s and
/// 100 MB); and what the check costs a real notice .docx (bench/zip-bombs.md).
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class ZipBombBenchmark
{
    byte[] bomb = [];
    byte[] notice = [];

    [GlobalSetup]
    public void Setup()
    {
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        using (var ms = new MemoryStream())
        {
            using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
            {
                using var s = zip.CreateEntry("word/document.xml", CompressionLevel.Optimal).Open();
                s.Write(Encoding.UTF8.GetBytes("""<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>"""));
                for (var i = 0; i < 680; i++) s.Write(spaces);
            }
            bomb = ms.ToArray();
        }
        var ledger = LedgerJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "chengbei-2023-09-08.json")));
        using var docx = new MemoryStream();
        NoticeDocxWriter.Write(NoticeComposer.Compose(NoticeInput.FromLedger(ledger, shortName: "镇党委")), docx);
        notice = docx.ToArray();
    }

    [Benchmark]
    public string RefuseTheBomb()
    {
        try
        {
            NoticeImporter.Import(bomb, "bomb.docx");
            throw new InvalidOperationException("the bomb went through");
        }
        catch (ImportRefusedException e) { return e.Message; }
    }

    [Benchmark]
    public byte[] CheckARealNotice()
    {
        ArchiveGuard.Check(notice, "notice.docx");
        return notice;
    }

    [Benchmark(Baseline = true)]
    public LedgerDocument ImportARealNotice() => NoticeImporter.Import(notice, "notice.docx");
}
