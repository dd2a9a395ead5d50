using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

public class NoticeTextWritersTests
{
    static string[] Lines(string s) => s.TrimEnd('\n').Split('\n');

    [Fact]
    public void Text_follows_the_sample_line_shape()
    {
        var lines = Lines(NoticeTextWriter.Write(DemoNotice.Composed()));
        Assert.Equal("中共梅州市梅江区城北镇委员会关于九届区委第二轮巡察整改进展情况的公告", lines[0]);
        Assert.StartsWith("根据区委巡察工作统一部署，2022年8月12日至2023年1月上旬，九届区委第二轮巡察第一组对城北镇党委进行了集中巡察", lines[1]);
        Assert.Contains("一、强化政治担当，扛起巡察整改责任", lines);
        Assert.Contains("二、坚持问题导向，推动巡察整改工作", lines);
        Assert.Contains("（一）党中央各项决策部署在基层的落实情况方面", lines);
        Assert.Contains("（四）对巡察、审计等问题整改情况监督的方面", lines);
        Assert.Contains("1．对“学习贯彻习近平新时代中国特色社会主义思想不够深入扎实”的整改进展情况", lines);
        Assert.Contains("整改状态：已完成整改并长期坚持", lines);
        Assert.Contains("整改状态：取得阶段性成效，预计2023年12月完成", lines);
        Assert.Contains("整改过程：", lines);
        Assert.Contains("整改过程：按照国家最新政策要求，抓好疫情常态化防控工作。", lines);
        Assert.Contains(lines, l => l.StartsWith("一是精心制定学习计划，明确学习的主要内容。", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("五是结合乡村振兴示范带建设", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("欢迎广大干部群众对巡察整改落实情况进行监督。", StringComparison.Ordinal) && l.Contains("联系方式：电话：0753-2351954；邮政信箱：", StringComparison.Ordinal));
        Assert.Equal("中共梅州市梅江区城北镇委员会", lines[^2]);
        Assert.Equal("2023年9月8日", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Length == 0);
        // The notice's own full-width marks (GB/T 9704), as every generated document has them.
        Assert.DoesNotContain(lines, l => PunctuationScanTests.HalfWidthRegex().IsMatch(l));
    }

    [Fact]
    public void Text_measures_are_the_sample_lines()
    {
        var sample = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "notices", "chengbei-2023-09-08.txt"));
        var lines = Lines(NoticeTextWriter.Write(DemoNotice.Composed()));
        // The measure and status lines of the problems the ledger holds verbatim come back as the sample has them.
        foreach (var l in sample.Where(l => l.StartsWith("一是", StringComparison.Ordinal) || l.StartsWith("四是", StringComparison.Ordinal)))
            Assert.Contains(ChineseText.FullWidthPunctuation(l), lines);
    }

    [Fact]
    public void Html_is_self_contained_and_encodes_every_text()
    {
        var input = DemoNotice.Input();
        input.TitleTemplate = "<script>alert(1)</script>{issuer}的{doc}";
        input.Categories[0].Problems[0].Title = "a & b <b>粗</b>";
        var html = NoticeHtmlWriter.Write(NoticeComposer.Compose(input));
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;中共梅州市梅江区城北镇委员会的公告", html);
        Assert.Contains("a &amp; b &lt;b&gt;粗&lt;/b&gt;", html);
        Assert.DoesNotContain("http", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain(" src=", html);
        Assert.Contains("<h2>一、强化政治担当，扛起巡察整改责任</h2>", html);
        Assert.Contains("<p class=\"date\">2023年9月8日</p>", html);
        Assert.StartsWith("<!DOCTYPE html>", html);
    }

    [Fact]
    public void Markdown_has_heading_levels_and_escapes_markup()
    {
        var input = DemoNotice.Input();
        input.Categories[0].Problems[0].Measures = ["*强调*的措施"];
        var md = NoticeMarkdownWriter.Write(NoticeComposer.Compose(input));
        Assert.StartsWith("# 中共梅州市梅江区城北镇委员会关于九届区委第二轮巡察整改进展情况的公告\n\n", md);
        Assert.Contains("\n## 一、强化政治担当，扛起巡察整改责任\n", md);
        Assert.Contains("\n### （一）党中央各项决策部署在基层的落实情况方面\n", md);
        Assert.Contains("\n#### 1．对“学习贯彻习近平新时代中国特色社会主义思想不够深入扎实”的整改进展情况\n", md);
        Assert.Contains("整改过程：\\*强调\\*的措施。", md);
        Assert.EndsWith("中共梅州市梅江区城北镇委员会\n\n2023年9月8日\n", md);
    }
}
