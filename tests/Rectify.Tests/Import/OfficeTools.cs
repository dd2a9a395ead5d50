using Rectify.Core;

namespace Rectify.Tests.Import;

/// <summary>The real tools a published notice passes through: LibreOffice makes the PDF, poppler renders its pages.</summary>
internal static class OfficeTools
{
    /// <summary>A .docx as LibreOffice exports it to PDF (a profile of its own, so tests may convert at once).</summary>
    public static byte[] ToPdf(byte[] docx, string? exportFilter = null)
    {
        var dir = Directory.CreateTempSubdirectory("rectify-soffice-").FullName;
        try
        {
            var input = Path.Combine(dir, "notice.docx");
            File.WriteAllBytes(input, docx);
            Run("soffice", $"-env:UserInstallation=file://{dir}/profile", "--headless", "--convert-to", exportFilter is null ? "pdf" : "pdf:writer_pdf_Export:" + exportFilter, "--outdir", dir, input);
            return File.ReadAllBytes(Path.Combine(dir, "notice.pdf"));
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Each page of a PDF as a PNG at 300 dpi, as a scanner would give it (or at <paramref name="dpi"/>, to look at).</summary>
    public static List<byte[]> ToPng(byte[] pdf, int dpi = 300)
    {
        var dir = Directory.CreateTempSubdirectory("rectify-pdftoppm-").FullName;
        try
        {
            var input = Path.Combine(dir, "notice.pdf");
            File.WriteAllBytes(input, pdf);
            Run("pdftoppm", "-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", input, Path.Combine(dir, "page"));
            return Directory.GetFiles(dir, "page-*.png").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        }
        finally { Directory.Delete(dir, true); }
    }

    /// <summary>Each page of a PDF as a JPEG at 300 dpi, as a phone or a scanner set to JPEG gives it.</summary>
    public static List<byte[]> ToJpeg(byte[] pdf)
    {
        var dir = Directory.CreateTempSubdirectory("rectify-pdftoppm-").FullName;
        try
        {
            var input = Path.Combine(dir, "notice.pdf");
            File.WriteAllBytes(input, pdf);
            Run("pdftoppm", "-r", "300", "-jpeg", input, Path.Combine(dir, "page"));
            return Directory.GetFiles(dir, "page-*.jpg").Order(StringComparer.Ordinal).Select(File.ReadAllBytes).ToList();
        }
        finally { Directory.Delete(dir, true); }
    }

    static void Run(string tool, params string[] args)
    {
        // A guard against a hung tool only: LibreOffice starts slowly on a loaded machine.
        var r = ExternalTool.Run(tool, args, TimeSpan.FromMinutes(5));
        if (r.ExitCode != 0) throw new InvalidOperationException($"{tool} exited {r.ExitCode}: {r.Error}{r.Output}");
    }
}
