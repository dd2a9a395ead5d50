using Rectify.Core;
using Rectify.Core.Documents;
using Rectify.Core.Notices;
using Rectify.Features.Problems;

namespace Rectify.Features.Documents;

/// <summary>Rectify:Pdf — where LibreOffice is.</summary>
public sealed class PdfOptions
{
    public const string Section = "Rectify:Pdf";

    /// <summary>Path of LibreOffice's soffice; not set: soffice on the PATH, else /usr/lib/libreoffice/program/soffice.</summary>
    public string? Soffice { get; set; }
}

/// <summary>
/// PDF beside every .docx: the .docx written by <see cref="NoticeDocxWriter"/> converted by LibreOffice
/// headless (`soffice --convert-to pdf`, Debian `libreoffice-writer-nogui`), so the PDF is the Word
/// file's layout with the fonts installed on the server (docs/documents.md). One conversion at a time
/// (LibreOffice's profile is per process, and the server has few cores), in a temp folder that is
/// removed afterwards, within <see cref="TimeLimit"/>. Without LibreOffice the answer (503) says what to install.
/// </summary>
public sealed class PdfConverter(Microsoft.Extensions.Options.IOptions<PdfOptions> options)
{
    /// <summary>Path of soffice (Rectify:Pdf:Soffice); not set: soffice on the PATH or Debian's place.</summary>
    public string? Soffice { get; } = Find(options.Value.Soffice);

    public static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(60);

    public const string NotInstalled = "服务器未安装 LibreOffice，暂时无法生成 PDF：请系统管理员安装 Debian 软件包 libreoffice-writer-nogui（apt-get install libreoffice-writer-nogui）和中文字体 fonts-noto-cjk（见 docs/documents.md）。Word 版（.docx）可以照常下载。";

    const string Failed = "LibreOffice 未能把文件转换为 PDF，请稍后重试；Word 版（.docx）可以照常下载。";

    // Static as the profile is: two apps in one process (the tests' hosts) converting at once with one profile made LibreOffice fail.
    static readonly SemaphoreSlim _one = new(1, 1);
    readonly string _profile = Path.Combine(Path.GetTempPath(), $"rectify-soffice-{Environment.ProcessId}");

    static string? Find(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return File.Exists(configured) ? configured : null;
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "soffice")).FirstOrDefault(File.Exists);
        return path ?? new[] { "/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice" }.FirstOrDefault(File.Exists);
    }

    /// <summary>The document as a PDF file's bytes and type (a long last paragraph printed twice, see <see cref="NoticeDocxWriter.PrintAsync"/>).</summary>
    public async Task<(byte[] Bytes, string ContentType)> FileAsync(OfficialDocument document, CancellationToken ct) =>
        (await NoticeDocxWriter.PrintAsync(document, docx => ConvertAsync(docx, ct)), "application/pdf");

    public async Task<byte[]> ConvertAsync(byte[] docx, CancellationToken ct)
    {
        if (Soffice is null) throw new ProblemRefusedException(503, NotInstalled);
        var dir = Directory.CreateTempSubdirectory("rectify-pdf-");
        await _one.WaitAsync(ct);
        try
        {
            var input = Path.Combine(dir.FullName, "document.docx");
            await File.WriteAllBytesAsync(input, docx, ct);
            ToolResult result;
            try
            {
                result = await ExternalTool.RunAsync(Soffice,
                    ["--headless", "--norestore", "--nologo", $"-env:UserInstallation=file://{_profile}", "--convert-to", "pdf", "--outdir", dir.FullName, input], TimeLimit, ct);
            }
            catch (ToolException e)
            {
                throw new ProblemRefusedException(503, e.Failure switch
                {
                    ToolFailure.Missing => NotInstalled,
                    ToolFailure.TimedOut => $"生成 PDF 超过{TimeLimit.TotalSeconds:0}秒未完成，请稍后重试；Word 版（.docx）可以照常下载。",
                    _ => Failed,
                });
            }
            var output = Path.Combine(dir.FullName, "document.pdf");
            if (result.ExitCode != 0 || !File.Exists(output))
                throw new ProblemRefusedException(503, Failed);
            return await File.ReadAllBytesAsync(output, ct);
        }
        finally
        {
            _one.Release();
            try { dir.Delete(recursive: true); } catch (IOException) { } // a file still held is left to the temp cleaner
        }
    }
}
