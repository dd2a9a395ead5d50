using Rectify.Core.Overview;

namespace Rectify.Tests.Overview;

public class CommonProblemsTests(ITestOutputHelper output)
{
    /// <summary>
    /// A small labelled set in the words real notices use (巡察反馈问题 of towns, bureaus and
    /// companies): the label is the subject a district would group them under.
    /// </summary>
    static readonly (string Label, string Org, string Title)[] Labelled =
    [
        ("theory", "城北镇", "学习贯彻习近平新时代中国特色社会主义思想不够深入扎实"),
        ("theory", "西阳镇", "学习贯彻习近平新时代中国特色社会主义思想不深入"),
        ("theory", "区文旅局", "学习贯彻习近平新时代中国特色社会主义思想和上级重大决策部署不够到位"),
        ("theory", "国资集团", "学习贯彻习近平新时代中国特色社会主义思想有偏差"),
        ("finance", "城北镇", "财经制度执行不严,财务管理不规范"),
        ("finance", "长沙镇", "财务管理不规范,财经纪律执行不严格"),
        ("finance", "区水务局", "财务管理制度执行不到位"),
        ("finance", "国资集团", "财务报销审核把关不严,财务管理不规范"),
        ("ideology", "城北镇", "未建立健全意识形态工作台账"),
        ("ideology", "西阳镇", "意识形态工作责任制落实不到位"),
        ("ideology", "区文旅局", "意识形态工作台账不健全"),
        ("cadres", "城北镇", "干部选拔任用流程不够严谨细致"),
        ("cadres", "长沙镇", "干部选拔任用工作不规范"),
        ("cadres", "区水务局", "选人用人程序不严谨,干部选拔任用不规范"),
        ("land", "城北镇", "存在乱占土地违建问题"),
        ("land", "三角镇", "乱占耕地建房问题整治不彻底"),
        ("land", "西阳镇", "违法占用土地建房查处不力"),
        ("abandoned", "城北镇", "撂荒复耕工作开展不扎实"),
        ("abandoned", "三角镇", "撂荒耕地复耕复种推进缓慢"),
        ("rectify", "城北镇", "巡察整改落实不到位"),
        ("rectify", "长沙镇", "上轮巡察反馈问题整改不到位"),
        ("rectify", "区水务局", "巡察整改落实不彻底"),
        ("decisions", "国资集团", "议事决策不规范"),
        ("decisions", "区文旅局", "\"三重一大\"事项议事决策程序不规范"),
        ("decisions", "长沙镇", "集体决策议事规则执行不严"),
        ("vow", "三角镇", "疫情防控工作不到位"),
        ("assets", "国资集团", "国有资产保值增值有不足"),
        ("rural", "城北镇", "乡村振兴成效不够明显,强力推进的举措不多"),
        ("petition", "西阳镇", "信访案件办理不及时"),
        ("partyduty", "城北镇", "未严实落实全面从严治党主体责任"),
        ("partyduty", "区水务局", "全面从严治党主体责任落实不到位"),
        ("partyduty", "三角镇", "落实全面从严治党主体责任有差距"),
    ];

    [Fact]
    public void Groups_the_labelled_set_with_high_pairwise_precision_and_recall()
    {
        var problems = Labelled.Select((x, i) => new ProblemText(i, x.Org, x.Title)).ToList();
        var groups = CommonProblems.Group(problems, minUnits: 1);
        var groupOf = new Dictionary<int, int>();
        for (var g = 0; g < groups.Count; g++) foreach (var m in groups[g].Members) groupOf[m.Id] = g;

        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < Labelled.Length; i++)
            for (var j = i + 1; j < Labelled.Length; j++)
            {
                var same = Labelled[i].Label == Labelled[j].Label;
                var together = groupOf[i] == groupOf[j];
                if (same && together) tp++; else if (!same && together) fp++; else if (same) fn++;
            }
        var precision = tp / (double)(tp + fp);
        var recall = tp / (double)(tp + fn);
        output.WriteLine($"pairs: tp {tp}, fp {fp}, fn {fn}; precision {precision:P0}, recall {recall:P0}");
        foreach (var g in groups.Where(g => g.Members.Count > 1))
            output.WriteLine($"[{string.Join(" ", g.Keywords)}] " + string.Join(" | ", g.Members.Select(m => m.Title)));
        Assert.True(precision >= 0.9, $"precision {precision:P0}");
        Assert.True(recall >= 0.8, $"recall {recall:P0}");
    }

    [Fact]
    public void Only_groups_spanning_several_units_are_common_problems()
    {
        var problems = new List<ProblemText>
        {
            new(1, "甲镇", "财务管理不规范"), new(2, "甲镇", "财务管理制度执行不严"),
            new(3, "乙镇", "意识形态工作台账不健全"), new(4, "丙镇", "未建立意识形态工作台账"),
        };
        var group = Assert.Single(CommonProblems.Group(problems));
        Assert.Equal([3, 4], group.Members.Select(m => m.Id).Order());
        Assert.Equal(2, group.Units);
    }

    [Fact]
    public void Boilerplate_alone_does_not_make_titles_similar()
    {
        var a = CommonProblems.Bigrams("财务管理不到位的问题");
        var b = CommonProblems.Bigrams("疫情防控不到位的问题");
        var weight = new Dictionary<string, double>();
        Assert.Equal(0, CommonProblems.Similarity(a, b, weight));
    }
}
