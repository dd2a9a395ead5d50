using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>
/// Issue 15 item 11: every sample notice in TestData (SAMPLES.md) read as a reader of it would: how many
/// problems, each one's first words, status, expected month and number of measures, the parts kept as
/// narrative, nothing left unplaced, and nothing the notice does not say.
/// </summary>
public class SampleLedgerTests
{
    /// <param name="FirstWords">How the problem's title starts.</param>
    /// <param name="Month">The expected completion month the notice states ("2023-12"), if any.</param>
    /// <param name="Measures">How many measures the notice lists for it (cut short: as far as the text goes).</param>
    public sealed record ProblemSeen(string FirstWords, string Status, string? Month, int Measures);

    /// <param name="HeadingStart">How the part's heading starts; empty for a part without one.</param>
    public sealed record PartSeen(string Role, string HeadingStart, int Paragraphs);

    public sealed record SampleSeen(string File, ProblemSeen[] Problems, PartSeen[] Narrative);

    static ProblemSeen P(string words, string status, int measures, string? month = null) => new(words, status, month, measures);

    static readonly SampleSeen[] All =
    [
        new("chengbei-2023-09-08.txt",
        [
            P("学习贯彻习近平", "completed-sustained", 2), P("乡村振兴成效不够明显", "completed-sustained", 5),
            P("撂荒复耕工作开展不扎实", "phased", 3, "2023-12"), P("镇综合行政执法和信访案件", "completed-sustained", 2),
            P("疫情防控工作不到位", "completed-sustained", 1), P("存在乱占土地违建问题", "completed-sustained", 3),
            P("未严实落实全面从严治党", "phased", 4, "2023-12"), P("财经制度执行不严", "completed-sustained", 3),
            P("对建档立卡贫困户", "completed-sustained", 2), P("对镇办企业监管不到位", "completed-sustained", 3),
            P("干部选拔任用流程不够严谨", "completed-sustained", 4), P("未建立健全意识形态工作台账", "completed-sustained", 1),
            P("巡察整改落实不到位", "completed-sustained", 4), P("‘部分往来款长期未清理’", "phased", 3, "2024-03"),
        ],
        [
            new("opening", "", 1), new("work-done", "一、强化政治担当", 4), new("next-steps", "三、坚持统筹兼顾", 4), new("closing", "", 1),
        ]),
        new("02_wucheng-culture-tourism-bureau-2023.txt",
            [P("学习贯彻习近平新时代", "not-stated", 0)],
            [new("opening", "", 2)]),
        new("17_jiangxia-state-assets-group-2026.txt",
            [P("学习贯彻落实有偏差", "not-stated", 1), P("议事决策不规范", "not-stated", 2), P("国有资产保值增值有不足", "not-stated", 3), P("重大项目综合效益", "not-stated", 2)],
            [new("opening", "", 1)]),
        new("21_changge-funeral-special-xuncha-2025.txt",
            [P("基本殡葬服务制度不健全", "completed", 3), P("未落实殡葬服务机构管办分离", "completed", 2)],
            [new("opening", "", 2)]),
        new("23_xuchang-civil-affairs-bureau-2025.txt",
            [P("干部队伍结构不够优化", "not-stated", 3), P("中层轮岗交流不足", "not-stated", 2), P("局党组压力传导不到位", "not-stated", 1)],
            [new("opening", "", 2)]),
        new("26_qingpu-civil-affairs-bureau-2026.txt", [], [new("opening", "", 1), new("work-done", "一、锚定政治“定盘星”", 4)]),
        new("29_weidu-district-provincial-xunshi-2023.txt", [], [new("opening", "", 1), new("work-done", "一、扛稳抓牢政治责任", 4)]),
    ];

    public static TheoryData<string> Files() => new(All.Select(s => s.File));

    static SampleSeen Seen(string file) => All.Single(s => s.File == file);

    [Fact]
    public void Every_sample_in_test_data_is_listed_here()
    {
        var listed = All.Select(s => s.File).Order();
        var files = Directory.GetFiles(Samples.Path(""), "*.txt").Select(Path.GetFileName).Order();
        Assert.Equal(files, listed);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void The_sample_gives_its_problems_statuses_months_and_narrative_parts(string file)
    {
        var seen = Seen(file);
        var doc = NoticeImporter.Import(File.ReadAllBytes(Samples.Path(seen.File)), seen.File);
        var problems = doc.AllProblems.ToList();
        Assert.Equal(seen.Problems.Length, problems.Count);
        for (var k = 0; k < problems.Count; k++)
        {
            var (p, e) = (problems[k], seen.Problems[k]);
            Assert.StartsWith(e.FirstWords, p.Title);
            Assert.Equal((e.Status, e.Month, e.Measures), (p.Status, p.ExpectedCompletion?.ToString(), p.Measures.Count));
        }
        // The "problems" part only marks where the problems stood among the narrative parts (for the notice written back).
        Assert.Equal(seen.Narrative, (doc.Narrative ?? []).Where(n => n.Role != "problems").Select(n => new PartSeen(n.Role, HeadingStart(n, seen), n.Paragraphs.Count)));
        Assert.True((doc.Narrative ?? []).Count(n => n.Role == "problems") <= 1, "the problems' place is marked once at most");
        Assert.Null(doc.Notes);
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Nothing_in_the_ledger_is_invented(string file)
    {
        var seen = Seen(file);
        var source = ChineseText.Key(Samples.Text(seen.File));
        var doc = NoticeImporter.Import(File.ReadAllBytes(Samples.Path(seen.File)), seen.File);
        // Every title, measure, item and narrative paragraph is the notice's own words.
        var words = doc.Categories.Where(c => c.Title != "未分类问题").Select(c => c.Title)
            .Concat(doc.AllProblems.SelectMany(p => p.Measures.SelectMany(m => m.Split('\n')).Concat(p.Items ?? []).Prepend(p.Title)))
            .Concat((doc.Narrative ?? []).SelectMany(n => n.Paragraphs));
        foreach (var w in words) Assert.True(source.Contains(ChineseText.Key(w), StringComparison.Ordinal), $"not in {seen.File}: {w}");
    }

    static string HeadingStart(NarrativePart part, SampleSeen seen)
    {
        var expected = seen.Narrative.FirstOrDefault(e => e.Role == part.Role)?.HeadingStart ?? "";
        return part.Heading is null ? "" : part.Heading.StartsWith(expected, StringComparison.Ordinal) ? expected : part.Heading;
    }
}
