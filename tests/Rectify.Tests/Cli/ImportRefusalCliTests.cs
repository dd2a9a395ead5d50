using System.Text.Json;
using Rectify.Tests.Import;

namespace Rectify.Tests.Cli;

/// <summary>`rectify import` on bad PDFs and pictures: exit 2, one Chinese line, nothing stored.</summary>
public sealed class ImportRefusalCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-cli-" + Guid.NewGuid().ToString("N"));

    string Write(string name, byte[] content)
    {
        Directory.CreateDirectory(_data + "-in");
        var path = Path.Combine(_data + "-in", name);
        File.WriteAllBytes(path, content);
        return path;
    }

    static void AssertRefusedInOneLine((int Exit, string Out, string Err) run, string reason)
    {
        Assert.Equal(2, run.Exit);
        var line = Assert.Single(run.Err.Trim().Split('\n'));
        Assert.StartsWith("错误", line);
        Assert.Contains(reason, line);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void Bad_pdfs_pictures_and_foreign_text_are_refused_with_exit_2_and_nothing_is_stored()
    {
        AssertRefusedInOneLine(CliTests.Run(_data, "import", Write("加密.pdf", PdfRefusalTests.Encrypted()), "--save"), "已加密");
        AssertRefusedInOneLine(CliTests.Run(_data, "import", Write("损坏.pdf", PdfRefusalTests.Broken()), "--save"), "无法读取");
        AssertRefusedInOneLine(CliTests.Run(_data, "import", Write("长.pdf", PdfRefusalTests.Pages(1000)), "--save"), "共 1000 页");
        AssertRefusedInOneLine(CliTests.Run(_data, "import", Write("english.pdf", PdfRefusalTests.English()), "--save"), "不是中文");
        var blank = Write("空白.png", PdfRefusalTests.BlankPng());
        AssertRefusedInOneLine(CliTests.Run(_data, "import", blank, "--save"), "没有识别出文字");
        AssertRefusedInOneLine(CliTests.Run(_data, "check", blank), "没有识别出文字");

        var listed = CliTests.Run(_data, "inspections", "--json");
        Assert.Equal(0, listed.Exit);
        // Only the demo ledger the first start loads.
        Assert.Equal(1, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
    }

    [Fact]
    public void Without_tesseract_a_scan_is_refused_naming_the_packages_to_install()
    {
        // A PATH that holds dotnet and nothing else: tesseract and pdftoppm are "not installed".
        var bin = Directory.CreateDirectory(_data + "-bin").FullName;
        var dotnet = Environment.GetEnvironmentVariable("PATH")!.Split(':').Select(d => Path.Combine(d, "dotnet")).First(File.Exists);
        File.CreateSymbolicLink(Path.Combine(bin, "dotnet"), new FileInfo(dotnet).ResolveLinkTarget(true)?.FullName ?? dotnet);
        var run = CliTests.RunWith(_data, new() { ["PATH"] = bin }, "import", Write("scan.png", PdfRefusalTests.BlankPng()));
        AssertRefusedInOneLine(run, "tesseract-ocr tesseract-ocr-chi-sim poppler-utils");
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _data, _data + "-in", _data + "-bin" })
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }
}
