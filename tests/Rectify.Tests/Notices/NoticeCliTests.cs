using DocumentFormat.OpenXml.Packaging;
using Rectify.Tests.Cli;

namespace Rectify.Tests.Notices;

/// <summary>`rectify notice` as a process on a fresh data folder (the demo ledger of 城北镇).</summary>
public sealed class NoticeCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-notice-cli-" + Guid.NewGuid().ToString("N"));
    string Out(string name) => Path.Combine(_data + "-out", name);

    public NoticeCliTests() => Directory.CreateDirectory(_data + "-out");

    [Fact]
    public void Writes_the_demo_notice_as_docx_and_text_with_counts_from_the_ledger()
    {
        var (exit, output, err) = CliTests.Run(_data, "notice", "--inspection", "1", "--as-of", "2023-09-08", "--format", "docx", "-o", Out("demo.docx"));
        Assert.True(exit == 0, err);
        Assert.Contains("14 个问题", output);
        using (var doc = WordprocessingDocument.Open(Out("demo.docx"), false))
            Assert.Contains("截至2023年9月8日，巡察反馈的四个方面14个问题，已完成整改11个", doc.MainDocumentPart!.Document!.Body!.InnerText);

        Assert.Equal(0, CliTests.Run(_data, "notice", "--inspection", "1", "--as-of", "2023年9月8日", "--format", "txt", "-o", Out("demo.txt")).Exit);
        var text = File.ReadAllText(Out("demo.txt"));
        Assert.StartsWith("中共梅州市梅江区城北镇委员会关于九届区委第二轮巡察整改进展情况的公告\n", text);
        Assert.EndsWith("中共梅州市梅江区城北镇委员会\n2023年9月8日\n", text);
        Assert.Equal(0, CliTests.Run(_data, "notice", "--inspection", "1", "--as-of", "2023-09-08", "--format", "html", "-o", Out("demo.html")).Exit);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(Out("demo.html")));
    }

    [Theory]
    [InlineData("2023-03-01", "截至日期2023年3月1日早于反馈日期2023年3月10日")]
    [InlineData("3/1/2023", "截至日期“3/1/2023”无法识别")]
    public void A_refused_notice_exits_2_with_one_line_and_writes_no_file(string asOf, string message)
    {
        Assert.Equal(0, CliTests.Run(_data, "inspections").Exit); // the folder set up first: its one-time message is not the refusal's
        var (exit, _, err) = CliTests.Run(_data, "notice", "--inspection", "1", "--as-of", asOf, "--format", "docx", "-o", Out("refused.docx"));
        Assert.Equal(2, exit);
        var line = Assert.Single(err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.StartsWith("错误：" + message, line);
        Assert.False(File.Exists(Out("refused.docx")));
    }

    [Fact]
    public void An_unknown_inspection_is_refused_and_writes_no_file()
    {
        var (exit, _, err) = CliTests.Run(_data, "notice", "--inspection", "99", "--format", "md", "-o", Out("none.md"));
        Assert.Equal(2, exit);
        Assert.Contains("巡察 99 不存在", err);
        Assert.False(File.Exists(Out("none.md")));
    }

    public void Dispose()
    {
        foreach (var dir in new[] { _data, _data + "-out" })
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
