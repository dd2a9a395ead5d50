using BenchmarkDotNet.Attributes;
using Rectify.Core.Import;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;

namespace Rectify.Benchmarks;

/// <summary>
/// Issue 15 §12: a notice of 30 pages parsed in under 20 ms; a text PDF of 10 pages read and parsed in
/// under 300 ms. Both are the demo ledger's notice as NoticeDocxWriter writes it (GB/T 9704: 22 lines of
/// 28 characters a page), exported to PDF by LibreOffice: once as it is (11 pages), and with every
/// problem four times over for more than 30 pages. Results: PDF-IMPORT.md.
/// </summary>
[MemoryDiagnoser, MedianColumn]
public class PdfImportBenchmark
{
    string thirtyPages = "";
    byte[] elevenPagePdf = [];

    [GlobalSetup]
    public void Setup()
    {
        var ledger = LedgerJson.Read(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Demo", "chengbei-2023-09-08.json")));
        elevenPagePdf = ToPdf(NoticeDocxWriter.ToBytes(Compose(ledger)));
        var ordinal = 0;
        foreach (var c in ledger.Categories)
        {
            c.Problems = [.. c.Problems, .. c.Problems.Select(Copy), .. c.Problems.Select(Copy), .. c.Problems.Select(Copy)];
            foreach (var p in c.Problems) p.Ordinal = ++ordinal;
        }
        var fourfold = Compose(ledger);
        thirtyPages = NoticeTextWriter.Write(fourfold);
        Console.WriteLine($"// 30-page notice: {thirtyPages.Length:N0} characters, {PdfPages(ToPdf(NoticeDocxWriter.ToBytes(fourfold)))} pages as PDF; PDF: {PdfPages(elevenPagePdf)} pages, {elevenPagePdf.Length:N0} bytes");
    }

    [Benchmark]
    public LedgerDocument ParseThirtyPageNotice() => NoticeParser.Parse(thirtyPages);

    [Benchmark]
    public LedgerDocument ImportElevenPageTextPdf() => NoticeImporter.Import(elevenPagePdf, "notice.pdf");

    [Benchmark]
    public string? ReadElevenPageTextPdf() => PdfText.Read(elevenPagePdf, "notice.pdf");

    static ComposedNotice Compose(LedgerDocument ledger) => NoticeComposer.Compose(NoticeInput.FromLedger(ledger, shortName: "镇党委"));

    static ProblemItem Copy(ProblemItem p) => LedgerJson.Read(LedgerJson.Write(new LedgerDocument { Categories = [new CategoryItem { Ordinal = 1, Title = "x", Problems = [p] }] })).Categories[0].Problems[0];

    static int PdfPages(byte[] pdf) => PdfText.Pages(pdf, "notice.pdf");

    static byte[] ToPdf(byte[] docx)
    {
        var dir = Directory.CreateTempSubdirectory("rectify-bench-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "notice.docx"), docx);
            var r = Rectify.Core.ExternalTool.Run("soffice", [$"-env:UserInstallation=file://{dir}/profile", "--headless", "--convert-to", "pdf", "--outdir", dir, Path.Combine(dir, "notice.docx")],
                TimeSpan.FromMinutes(2));
            if (r.ExitCode != 0) throw new InvalidOperationException($"soffice exited {r.ExitCode}: {r.Error}");
            return File.ReadAllBytes(Path.Combine(dir, "notice.pdf"));
        }
        finally { Directory.Delete(dir, true); }
    }
}
