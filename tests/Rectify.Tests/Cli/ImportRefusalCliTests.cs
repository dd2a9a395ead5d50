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

    // Only a work-done part: nothing to save, said as an error that `check` fails on and `--save` refuses.
    const string WorkDoneOnly = "根据区委统一部署，区委第二巡察组对区卫健局党组进行了巡察。现将整改进展情况予以公布。\n一、我们这样干\n（一）先学一步，带头深学细悟。局党组召开会议6次。\n（二）多走一步，上门听取意见。\n中共某区卫健局党组\n2024年9月8日\n";

    [Fact]
    public void A_notice_with_no_problem_fails_check_and_is_not_saved()
    {
        var path = Write("work-done.txt", System.Text.Encoding.UTF8.GetBytes(WorkDoneOnly));
        var check = CliTests.Run(_data, "check", path);
        Assert.Equal(1, check.Exit);
        Assert.Contains("正文中没有找到逐条列出的问题（问题的标题、整改状态或整改措施），不能保存为台账 [no-problems]", check.Out);

        var save = CliTests.Run(_data, "import", path, "--save");
        Assert.Equal(2, save.Exit);
        var line = Assert.Single(save.Err.Trim().Split('\n'));
        Assert.Equal("错误：正文中没有找到逐条列出的问题（问题的标题、整改状态或整改措施），不能保存为台账", line);
        var listed = CliTests.Run(_data, "inspections", "--json");
        Assert.Equal(1, JsonDocument.Parse(listed.Out).RootElement.GetArrayLength());
    }

    [Theory]
    [InlineData("import")]
    [InlineData("check")]
    public void Help_for_file_names_every_kind_the_importer_reads(string command)
    {
        var help = CliTests.Run(_data, command, "--help");
        Assert.Equal(0, help.Exit);
        var text = string.Join("", help.Out.Split('\n').Select(l => l.Trim()));
        foreach (var kind in new[] { "纯文本", ".docx", ".html", ".xlsx", "PDF", ".png/.jpg", "OCR" })
            Assert.Contains(kind, text);
    }

    [Fact]
    public void Help_for_check_states_its_exit_codes()
    {
        var help = CliTests.Run(_data, "check", "--help");
        Assert.Equal(0, help.Exit);
        // The help is wrapped at spaces: compared without them.
        var text = string.Concat(help.Out.Where(c => !char.IsWhiteSpace(c)));
        Assert.Contains("退出码：0没有错误", text);
        Assert.Contains("1有错误级别的问题", text);
        Assert.Contains("或摘要与正文不一致（summary-mismatch）", text);
        Assert.Contains("2文件被拒绝", text);
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _data, _data + "-in", _data + "-bin" })
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
    }
}
