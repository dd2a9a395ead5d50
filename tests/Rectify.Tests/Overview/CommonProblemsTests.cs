using System.Diagnostics;
using Rectify.Core.Import;
using Rectify.Core.Overview;
using Rectify.Features.Overview;

namespace Rectify.Tests.Overview;

public class CommonProblemsTests(ITestOutputHelper output)
{
    static List<ProblemText> Texts(params (string Org, string Title)[] rows) => rows.Select((r, i) => new ProblemText(i + 1, r.Org, r.Title)).ToList();

    // Thirty findings of thirty other units that share no phrase: a group of three is then a tenth.
    static readonly string[] Unrelated =
    [
        "河道非法采砂", "人防工程维护", "农村公路养护", "秸秆禁烧", "统计数据质量", "文物保护", "优抚对象认定", "防汛物资储备", "食品经营许可",
        "住房公积金缴存", "城市管理执法", "劳务派遣", "粮食储备", "高标准农田管护", "农村饮水", "网格员队伍", "物业服务企业", "校外培训治理",
        "医保基金使用", "非税收入征缴", "公务卡使用", "农房安全排查", "残疾人就业帮扶", "人口普查", "征兵", "双拥共建", "地名标志", "气象预警",
        "广播电视", "电动车充电",
    ];

    /// <summary>The rows, then the thirty unrelated findings.</summary>
    static List<ProblemText> Padded(params (string Org, string Title)[] rows) =>
        Texts([.. rows, .. Unrelated.Select((t, i) => ($"他单位{i}", t + "不到位"))]);

    [Fact]
    public void Synonyms_of_a_kind_of_finding_make_one_group_named_in_the_words_most_of_its_problems_use()
    {
        var problems = Padded(
            ("甲镇", "公车私用问题仍然存在"), ("乙镇", "公务用车管理不规范"), ("丙局", "公务用车使用审批不严格"),
            ("丁镇", "意识形态工作责任制落实不到位"), ("戊镇", "森林防火巡护不到位"));
        var groups = CommonProblems.Group(problems);
        CommonProblemRules.Assert(problems, groups);
        var cars = Assert.Single(groups);
        Assert.Equal("公务用车", cars.Label);
        Assert.Equal([1, 2, 3], cars.Members.Select(m => m.Id).Order());
    }

    [Fact]
    public void A_problem_with_two_findings_is_in_both_groups()
    {
        var problems = Padded(("甲镇", "财务报销审核把关不严，公务用车管理不规范"), ("乙镇", "存在无依据报销现象"), ("丙镇", "公车私用问题仍然存在"));
        var groups = CommonProblems.Group(problems);
        CommonProblemRules.Assert(problems, groups);
        var reimbursement = Assert.Single(groups, g => g.Label is "财务报销" or "报销审核" or "无依据报销");
        var cars = Assert.Single(groups, g => g.Label is "公务用车" or "公车私用");
        Assert.Equal([1, 2], reimbursement.Members.Select(m => m.Id).Order());
        Assert.Equal([1, 3], cars.Members.Select(m => m.Id).Order());
    }

    [Fact]
    public void A_phrase_the_vocabulary_does_not_know_is_found_in_the_problems_own_words()
    {
        var problems = Padded(
            ("甲镇", "森林防火巡护不到位"), ("乙镇", "森林防火责任落实不到位"), ("丙镇", "部分村森林防火宣传不够"),
            ("丁镇", "信访案件办理不及时"));
        var groups = CommonProblems.Group(problems);
        CommonProblemRules.Assert(problems, groups);
        var fire = Assert.Single(groups);
        Assert.Equal("森林防火", fire.Label);
        Assert.Equal(3, fire.Units);
    }

    [Fact]
    public void Boilerplate_alone_makes_no_group_and_no_label()
    {
        Assert.Empty(CommonProblems.Pieces("存在落实不到位的问题"));
        Assert.Equal(["财务管理", "疫情防控"], CommonProblems.Pieces("财务管理不到位的问题，疫情防控不够"));
        var problems = Padded(("甲镇", "学习培训不到位的问题"), ("乙镇", "督促检查不到位的问题"), ("丙镇", "宣传引导不到位的问题"));
        Assert.DoesNotContain(CommonProblems.Group(problems), g => g.Members.Any(m => m.Id <= 3));
    }

    [Fact]
    public void Only_groups_spanning_several_units_are_common_problems()
    {
        var problems = Texts(("甲镇", "财务管理不规范"), ("甲镇", "财务管理制度执行不严"), ("乙镇", "意识形态工作台账不健全"), ("丙镇", "未建立意识形态工作台账"));
        var group = Assert.Single(CommonProblems.Group(problems));
        Assert.Equal([3, 4], group.Members.Select(m => m.Id).Order());
        Assert.Equal("意识形态", group.Label);
    }

    [Fact]
    public void A_group_of_more_than_a_tenth_is_split_by_what_else_its_problems_say_unless_they_are_all_the_same()
    {
        var rows = new List<(string, string)>();
        // Twelve units' 财务管理 findings of three sorts, and three units' 公务接待 alone: of 53 problems,
        // 财务管理 would hold 12 and 公务接待 7, more than a tenth (5).
        string[] sorts = ["财务管理不规范，公务接待审批不严", "财务管理混乱，合同管理不规范", "财务管理松散，政府采购程序不严格"];
        for (var i = 0; i < 12; i++) rows.Add(($"单位{i}", sorts[i % 3]));
        for (var i = 0; i < 3; i++) rows.Add(($"单位{12 + i}", "公务接待清单填写不全"));
        // Eight units with word for word the same finding: one group, however large.
        for (var i = 0; i < 8; i++) rows.Add(($"单位{20 + i}", "违规发放津补贴"));
        var problems = Padded([.. rows]);
        var groups = CommonProblems.Group(problems);
        foreach (var g in groups) output.WriteLine($"{g.Label}: {g.Members.Count}");
        CommonProblemRules.Assert(problems, groups);
        Assert.DoesNotContain(groups, g => g.Label is "财务管理" or "公务接待");
        Assert.Contains(groups, g => g.Label == "财务管理·公务接待" && g.Members.Count == 4);
        // 合同管理 and 政府采购 alone say the same as with 财务管理: one group each, by the shorter name.
        Assert.Contains(groups, g => g.Label == "合同管理" && g.Members.Count == 4);
        Assert.Contains(groups, g => g.Label == "政府采购" && g.Members.Count == 4);
        Assert.Contains(groups, g => g.Label == "违规发放津补贴" && g.Members.Count == 8);
    }

    [Fact]
    public void Each_phrase_of_the_vocabulary_can_be_found_and_names_one_kind()
    {
        var phrases = FindingVocabulary.Categories.SelectMany(c => c.Phrases).ToList();
        Assert.Equal(phrases.Count, phrases.Distinct().Count());
        foreach (var c in FindingVocabulary.Categories)
        {
            Assert.Contains(c.Phrases, p => c.Name.Contains(p, StringComparison.Ordinal) || p == c.Name);
            // A phrase with boilerplate inside would be cut apart before it is looked for.
            foreach (var p in c.Phrases) Assert.Equal([p], CommonProblems.Pieces(p));
        }
    }

    [Fact]
    public void The_sample_notices_group_by_the_rules()
    {
        var dir = Path.Combine(AppContext.BaseDirectory, "TestData");
        var problems = new List<ProblemText>();
        foreach (var file in Directory.GetFiles(dir, "*.txt", SearchOption.AllDirectories).Order())
        {
            var doc = NoticeImporter.Import(File.ReadAllBytes(file), Path.GetFileName(file));
            foreach (var p in doc.Categories.SelectMany(c => c.Problems))
                problems.Add(new ProblemText(problems.Count + 1, doc.Issuer ?? Path.GetFileName(file), p.Title));
        }
        output.WriteLine($"{problems.Count} problems");
        var groups = CommonProblems.Group(problems);
        foreach (var g in groups) output.WriteLine($"{g.Label}: " + string.Join(" | ", g.Members.Select(m => m.Title)));
        Assert.True(problems.Count >= 20, $"only {problems.Count} problems in the samples");
        CommonProblemRules.Assert(problems, groups);
        // 城北镇 and the 婺城 bureau both fall short in 学习贯彻习近平新时代中国特色社会主义思想, in those words.
        Assert.Contains(groups, g => g.Label == "学习贯彻习近平新时代中国特色社会主义思想" && g.Units >= 2);
    }

    [Fact]
    public void A_generated_district_of_120000_problems_groups_by_the_rules_in_linear_time()
    {
        var problems = District(120_000, 3000);
        var started = Stopwatch.GetTimestamp();
        var groups = CommonProblems.Group(problems);
        var took = Stopwatch.GetElapsedTime(started);
        var half = District(60_000, 1500);
        started = Stopwatch.GetTimestamp();
        CommonProblems.Group(half);
        var tookHalf = Stopwatch.GetElapsedTime(started);
        output.WriteLine($"120,000 problems: {groups.Count} groups in {took.TotalMilliseconds:0} ms; 60,000: {tookHalf.TotalMilliseconds:0} ms; largest {groups.Max(g => g.Members.Count)}");
        foreach (var g in groups.OrderByDescending(g => g.Members.Count).Take(15)) output.WriteLine($"  {g.Label}: {g.Members.Count} problems, {g.Units} units");
        CommonProblemRules.Assert(problems, groups);
        Assert.True(groups.Count >= 50, $"{groups.Count} groups");
        // A district office acts on kinds it knows by name: the vocabulary's kinds are there.
        foreach (var name in new[] { "公务用车", "撂荒地", "债务化解", "三重一大" })
            Assert.Contains(groups, g => g.Requires.Count == 1 && g.Requires[0].SequenceEqual(FindingVocabulary.Categories.Single(c => c.Name == name).Phrases));
        // Mined from the problems: subjects the vocabulary does not name.
        Assert.Contains(groups, g => g.Label == "森林防火");
        // Half the problems should not cost much more than half the time (linear, not quadratic); generous for a busy machine.
        Assert.True(took < tookHalf * 4 + TimeSpan.FromMilliseconds(500), $"120,000 took {took}, 60,000 took {tookHalf}");
    }

    /// <summary>Titles as <c>demo generate</c> words them, units as it numbers them.</summary>
    static List<ProblemText> District(int count, int units)
    {
        var random = new Random(2026);
        return Enumerable.Range(1, count).Select(i => new ProblemText(i, $"示范第{i % units}镇", GeneratedTitles.Next(random))).ToList();
    }
}

/// <summary>The rules of 共性问题, checked on any grouping (also by the HTTP tests).</summary>
internal static class CommonProblemRules
{
    /// <summary>
    /// What every grouping must hold, whatever the problems: at most a tenth of all problems in a
    /// group unless its titles are the same words; each member holds, for each part of the
    /// requirement, the label's phrase or a listed synonym; the label is taken from the members' own
    /// words; two units at least.
    /// </summary>
    public static void Assert(IReadOnlyList<ProblemText> problems, IReadOnlyList<ProblemGroup> groups)
    {
        var cap = Math.Max(2, (int)(problems.Count * CommonProblems.MaxShare));
        foreach (var g in groups)
        {
            Xunit.Assert.True(g.Members.Count >= 2, $"{g.Label}: a group of one");
            Xunit.Assert.True(g.Units >= 2, $"{g.Label}: one unit only");
            if (g.Members.Count > cap)
            {
                var same = g.Members.Select(m => string.Concat(CommonProblems.Pieces(m.Title))).Distinct().Count() == 1;
                Xunit.Assert.True(same, $"{g.Label}: {g.Members.Count} of {problems.Count} problems, more than a tenth, and not all the same");
            }
            var parts = g.Label.Split('·');
            Xunit.Assert.Equal(g.Requires.Count, parts.Length);
            for (var i = 0; i < parts.Length; i++)
            {
                Xunit.Assert.Contains(parts[i], g.Requires[i]);
                Xunit.Assert.Contains(g.Members, m => m.Title.Contains(parts[i], StringComparison.Ordinal));
                foreach (var m in g.Members)
                    Xunit.Assert.True(g.Requires[i].Any(p => m.Title.Contains(p, StringComparison.Ordinal)),
                        $"“{m.Title}” in group {g.Label} holds neither {parts[i]} nor a synonym ({string.Join("、", g.Requires[i])})");
            }
            Xunit.Assert.Equal(g.Members.Count, g.Members.Select(m => m.Id).Distinct().Count());
        }
    }
}
