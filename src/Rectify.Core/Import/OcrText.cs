using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Rectify.Core.Import;

/// <summary>A page as an image: what was read by OCR, shown beside the text in the preview.</summary>
public sealed record PageImage(string MediaType, byte[] Bytes);

/// <summary>What OCR read: the text, the mean of tesseract's word confidences (0–100), and the pages read.</summary>
public sealed record OcrResult(string Text, decimal MeanConfidence, IReadOnlyList<PageImage> Pages);

/// <summary>
/// Scanned notices (a PDF without a text layer, a .png or .jpg) read by Debian's tesseract with the
/// chi_sim model; PDF pages are first rendered by poppler's pdftoppm at 300 dpi. Each tool runs as a
/// process with a time limit and a bound on what it may print; its files live in a temporary folder
/// removed afterwards.
/// </summary>
public static class OcrText
{
    /// <summary>OCR takes half a minute a page on a small server; a scan longer than this is refused rather than read for an hour.</summary>
    public const int MaxPages = 20;

    /// <summary>A page at 300 dpi is 9 megapixels (A4); a picture past this is refused before tesseract holds it in memory.</summary>
    public const long MaxPixels = 60_000_000;

    public static readonly TimeSpan PageTimeLimit = TimeSpan.FromMinutes(3);

    /// <summary>The one line shown when a tool or the Chinese model is missing.</summary>
    public const string InstallMessage = "识别扫描件需要 tesseract 和 pdftoppm，请安装 Debian 软件包 tesseract-ocr tesseract-ocr-chi-sim poppler-utils 后再导入";

    // tesseract's TSV of a page is about 100 KB; past 8 MB something is wrong.
    const int MaxOutputChars = 8 * 1024 * 1024;

    public static bool IsPng(byte[] c) => c.AsSpan().StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
    public static bool IsJpeg(byte[] c) => c.AsSpan().StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]);

    /// <summary>A .png or .jpg picture of a notice.</summary>
    public static OcrResult ReadImage(byte[] content, string name)
    {
        var png = IsPng(content);
        if (Pixels(content, png) is not { } pixels) throw new ImportRefusedException($"{name}看似图片但无法读取（文件可能已损坏）");
        if (pixels > MaxPixels) throw new ImportRefusedException($"{name}的像素超过 {MaxPixels / 1_000_000} 百万的上限，请缩小后再导入");
        using var work = new WorkFolder();
        var file = work.Path(png ? "page.png" : "page.jpg");
        File.WriteAllBytes(file, content);
        return Recognise(name, [(file, new PageImage(png ? "image/png" : "image/jpeg", content))]);
    }

    /// <summary>A PDF without a text layer, <paramref name="pages"/> long.</summary>
    public static OcrResult ReadPdf(byte[] content, string name, int pages)
    {
        if (pages > MaxPages)
            throw new ImportRefusedException($"{name}是扫描件，共 {pages} 页，超过文字识别 {MaxPages} 页的上限，请分批导入或提供文字版 PDF");
        using var work = new WorkFolder();
        var pdf = work.Path("notice.pdf");
        File.WriteAllBytes(pdf, content);
        var (exit, _, error) = Run("pdftoppm", ["-r", "300", "-gray", "-png", pdf, work.Path("page")], TimeSpan.FromSeconds(30) + pages * TimeSpan.FromSeconds(20), name);
        if (exit != 0) throw new ImportRefusedException($"{name}的页面无法转为图片（{FirstLine(error)}）");
        // pdftoppm numbers pages page-1.png or page-01.png by the page count; the names sort in page order.
        var files = Directory.GetFiles(work.Root, "page-*.png").Order(StringComparer.Ordinal).ToList();
        return Recognise(name, files.Select(f => (f, new PageImage("image/png", File.ReadAllBytes(f)))).ToList());
    }

    static OcrResult Recognise(string name, List<(string File, PageImage Image)> pages)
    {
        var lines = new List<PageLine>();
        var confidences = new List<double>();
        for (var n = 0; n < pages.Count; n++)
        {
            // One thread: the server's cores are shared, and tesseract's threads mostly wait on each other.
            var (exit, tsv, error) = Run("tesseract", [pages[n].File, "stdout", "-l", "chi_sim", "tsv"], PageTimeLimit, name, ("OMP_THREAD_LIMIT", "1"));
            if (error.Contains("Failed loading language", StringComparison.Ordinal) || error.Contains("Error opening data file", StringComparison.Ordinal))
                throw new ImportRefusedException(InstallMessage);
            if (exit != 0) throw new ImportRefusedException($"{name}第 {n + 1} 页无法识别（{FirstLine(error)}）");
            lines.AddRange(ReadTsv(n + 1, tsv, confidences));
        }
        var text = PageText.Paragraphs(lines);
        if (text.Count(c => !char.IsWhiteSpace(c)) < 10)
            throw new ImportRefusedException($"{name}中没有识别出文字");
        var mean = confidences.Count == 0 ? 0 : (decimal)Math.Round(confidences.Average(), 1);
        return new OcrResult(text, mean, pages.Select(p => p.Image).ToList());
    }

    /// <summary>
    /// tesseract's TSV: level 1 the page, 4 a line (its box), 5 a word (its text and confidence). Words of
    /// a line are joined as <see cref="PageText.NeedsSpace"/> says (chi_sim splits CJK into many words).
    /// </summary>
    internal static List<PageLine> ReadTsv(int page, string tsv, List<double> confidences)
    {
        var lines = new List<PageLine>();
        double height = 0;
        (double Left, double Right, double Top, double Size)? box = null;
        var text = new StringBuilder();
        void Flush()
        {
            if (box is { } b && text.Length > 0) lines.Add(new PageLine(page, height, b.Left, b.Right, b.Top, b.Size, text.ToString()));
            text.Clear();
            box = null;
        }
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || !int.TryParse(f[0], out var level)) continue;
            double N(int i) => double.TryParse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0;
            switch (level)
            {
                case 1: height = N(9); break;
                case 4:
                    Flush();
                    box = (N(6), N(6) + N(8), N(7), Math.Max(1, N(9)));
                    break;
                case 5:
                    var word = f[11].Trim();
                    if (word.Length == 0) break;
                    if (N(10) >= 0) confidences.Add(N(10));
                    if (text.Length > 0 && PageText.NeedsSpace(text[^1], word[0])) text.Append(' ');
                    text.Append(word);
                    break;
            }
        }
        Flush();
        return lines;
    }

    /// <summary>
    /// Runs a tool by the one runner (<see cref="ExternalTool"/>), reading at most <see cref="MaxOutputChars"/>
    /// of what it prints; a tool that is not installed, runs past its time or prints too much is refused with one line.
    /// </summary>
    static (int Exit, string Output, string Error) Run(string tool, string[] args, TimeSpan limit, string name, params (string Key, string Value)[] environment)
    {
        try
        {
            var r = ExternalTool.Run(tool, args, limit, MaxOutputChars, environment);
            return (r.ExitCode, r.Output, r.Error);
        }
        catch (ToolException e)
        {
            throw new ImportRefusedException(e.Failure switch
            {
                ToolFailure.Missing => InstallMessage,
                ToolFailure.TimedOut => $"{name}的文字识别超过 {limit.TotalSeconds:0} 秒的时限，已停止",
                _ => $"{name}的识别结果过大，已停止",
            });
        }
    }

    static string FirstLine(string s) => s.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "无输出";

    /// <summary>Width × height from a PNG's IHDR or a JPEG's start-of-frame; null when the header cannot be read.</summary>
    static long? Pixels(byte[] c, bool png)
    {
        if (png)
            return c.Length >= 24 ? (long)BinaryPrimitives.ReadUInt32BigEndian(c.AsSpan(16)) * BinaryPrimitives.ReadUInt32BigEndian(c.AsSpan(20)) : null;
        var at = 2;
        while (at + 9 < c.Length && c[at] == 0xFF)
        {
            var marker = c[at + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(c.AsSpan(at + 2));
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return (long)BinaryPrimitives.ReadUInt16BigEndian(c.AsSpan(at + 5)) * BinaryPrimitives.ReadUInt16BigEndian(c.AsSpan(at + 7));
            at += 2 + length;
        }
        return null;
    }

    /// <summary>A temporary folder for the tools' files, removed with everything in it.</summary>
    sealed class WorkFolder : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("rectify-ocr-").FullName;
        public string Path(string file) => System.IO.Path.Combine(Root, file);
        public void Dispose()
        {
            try { Directory.Delete(Root, recursive: true); }
            catch (IOException) { } // a file still held: the OS's temp cleaning takes it
        }
    }
}
