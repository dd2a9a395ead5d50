using Rectify.FullWidth;

namespace Rectify.Tests.Typography;

/// <summary>
/// Every message a user reads is Chinese with full-width punctuation (，：；（）！？). The messages no test
/// reaches (a rare refusal, a CLI help line, a notification) are held to it by reading the sources: every C#
/// string literal and the text of every Razor page under src/, by the same code as the sweep
/// (tools/FullWidth, which fixes what this finds). Half-width marks that are right there are listed, with
/// the reason, in tools/FullWidth/allow.txt.
/// </summary>
public class FullWidthSourceTests
{
    static string Root() => FullWidthSweep.FindRoot(AppContext.BaseDirectory) ?? throw new DirectoryNotFoundException("Rectify.slnx not found");

    [Fact]
    public void No_text_in_src_has_a_half_width_mark_beside_chinese()
    {
        var root = Root();
        var allow = FullWidthSweep.LoadAllowList(root);
        var bad = new List<string>();
        var files = 0;
        foreach (var file in FullWidthSweep.Files(root))
        {
            files++;
            var rel = Path.GetRelativePath(root, file).Replace('\\', '/');
            foreach (var c in FullWidthSweep.Rewrite(rel, File.ReadAllText(file), allow).Changes.DistinctBy(c => c.Line))
                bad.Add($"{rel}:{c.Line}: {c.LineText.Trim()}");
        }
        Assert.True(files > 200, $"only {files} files read: the scan lost its sources");
        Assert.True(bad.Count == 0, $"{bad.Count} lines set half-width marks beside Chinese (fix: dotnet run --project tools/FullWidth; "
            + "or, where the mark is right, a line in tools/FullWidth/allow.txt):\n" + string.Join("\n", bad));
        Assert.True(!allow.Unused.Any(), "tools/FullWidth/allow.txt allows what is no longer there:\n"
            + string.Join("\n", allow.Unused.Select(e => $"allow.txt:{e.LineNumber}: {e.Path}\t{e.Text}")));
    }

    /// <summary>What the sweep changes in C#, and what it must leave.</summary>
    [Theory]
    [InlineData("""x = "责令限期整改:请于3日内(含当日)报告!";""", """x = "责令限期整改：请于3日内（含当日）报告！";""")]
    [InlineData("""x = $"时限: {d:yyyy-MM-dd},还有 {n} 天";""", """x = $"时限：{d:yyyy-MM-dd}，还有 {n} 天";""")]
    [InlineData("""x = $"已生成 {f}({n} 个问题)";""", """x = $"已生成 {f}（{n} 个问题）";""")]
    [InlineData("""x = $"{a}{(b ? "(草稿)" : "")}";""", """x = $"{a}{(b ? "（草稿）" : "")}";""")]
    [InlineData("""x = "Excel 工作簿(.xlsx)";""", """x = "Excel 工作簿（.xlsx）";""")]
    [InlineData("""x = "（草稿):";""", """x = "（草稿）：";""")]
    // Left alone: times, dates, numbers, settings keys, format items, English, character sets, code.
    [InlineData("""x = $"{h}:{m} 于 10:30 开会,共 1,000 元";""", """x = $"{h}:{m} 于 10:30 开会，共 1,000 元";""")]
    [InlineData("""x = "设置 Rectify:Smtp:Host 为空";""", null)]
    [InlineData("""log.Info("SMTP {Host}:{Port} 连接失败", h, p);""", null)]
    [InlineData("""x = "，,。;、(".Contains(c);""", null)]
    [InlineData("""x = F(a, b) ? '(' : ')'; // 注释(不改):""", null)]
    [InlineData("""[GeneratedRegex(@"整改状态\s*[:：](?<t>.+)")]""", null)]
    [InlineData("""static readonly Regex R = new("问题(一|二):");""", null)]
    [InlineData("""[RegularExpression("^(秘密|机密)$", ErrorMessage = "密级(可空)")]""", """[RegularExpression("^(秘密|机密)$", ErrorMessage = "密级（可空）")]""")]
    [InlineData(""""x = $$"""{"a":{{n}}} 问题:{{n}}""";"""", """"x = $$"""{"a":{{n}}} 问题：{{n}}""";"""")]
    public void The_sweep_sets_chinese_text_full_width_and_leaves_code(string before, string? after)
    {
        var once = FullWidthSweep.Rewrite("A.cs", before).Text;
        Assert.Equal(after ?? before, once);
        Assert.Equal(once, FullWidthSweep.Rewrite("A.cs", once).Text);
    }

    /// <summary>On a page: the text and the literals in its code, never the brackets of code.</summary>
    [Theory]
    [InlineData("<p>理由:@p.Reason</p>", "<p>理由：@p.Reason</p>")]
    [InlineData("<title>@(org)(打印)</title>", "<title>@(org)（打印）</title>")]
    [InlineData("""<span>(@T(ca) 认领)</span>""", """<span>（@T(ca) 认领）</span>""")]
    [InlineData("""<p>@(n is null ? "(草稿)" : "")问题@(p.Ordinal)不予公开</p>""", """<p>@(n is null ? "（草稿）" : "")问题@(p.Ordinal)不予公开</p>""")]
    [InlineData("""@foreach (var (k, l) in new[] { ("open", "待办结"), ("all", "全部") })""", null)]
    [InlineData("""<button onclick="return confirm('删除?')">删除</button>""", """<button onclick="return confirm('删除？')">删除</button>""")]
    [InlineData("@* 注释(不改): *@<script>alert('不改:')</script>", null)]
    [InlineData("<p>时间 10:30,2026-01-02</p>", null)]
    public void The_sweep_sets_page_text_full_width_and_leaves_razor_code(string before, string? after)
    {
        var once = FullWidthSweep.Rewrite("A.cshtml", before).Text;
        Assert.Equal(after ?? before, once);
        Assert.Equal(once, FullWidthSweep.Rewrite("A.cshtml", once).Text);
    }

    [Fact]
    public void An_allowed_mark_stays_and_says_where()
    {
        var allow = new FullWidthSweep.AllowList(["src/A.cs\t“序号:哈希”\ta syntax the user types"]);
        var r = FullWidthSweep.Rewrite("src/A.cs", "x = \"应为“序号:哈希”,或留空\";", allow);
        Assert.Equal("x = \"应为“序号:哈希”，或留空\";", r.Text);
        Assert.Equal(1, Assert.Single(r.Changes).Line);
        Assert.Empty(allow.Unused);
    }
}
