using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Notices;

namespace Rectify.Tests.Notices;

public class NoticeComposerTests
{
    static List<string> Texts(ComposedNotice n, NoticeBlockLevel level) => n.Of(level).Select(b => b.Text).ToList();

    [Fact]
    public void Counts_sentence_is_computed_from_the_problems_not_the_summary_claim()
    {
        var n = DemoNotice.Composed();
        Assert.Equal(14, n.Counts.Problems);
        Assert.Equal(11, n.Counts.Completed);
        Assert.Equal(0, n.Counts.NotFeasible);
        Assert.Equal(3, n.Counts.InProgress);
        // No problem is not feasible: the group is left out, never "暂不具备整改条件0个".
        Assert.Contains("截至2023年9月8日，巡察反馈的四个方面14个问题，已完成整改11个，正在推进3个，整改完成率78.6%。",
            Texts(n, NoticeBlockLevel.Body));
    }

    /// <summary>A short notice whose problems are headed "<paramref name="first"/>" and "<paramref name="second"/>".</summary>
    static string HeadedNotice(string first, string second) => $"""
        中共某区水务局党组关于巡察整改进展情况的公告
        根据区委统一部署,2023年3月1日至4月30日,区委第三巡察组对区水务局党组进行了巡察,5月20日反馈了巡察意见。现将整改情况予以公布。
        一、整改落实情况
        1.{first}
        整改状态:已完成整改
        整改措施:修订学习制度。
        2.{second}
        整改状态:正在推进
        整改措施:修订财务制度。
        二、下一步工作
        持续抓好整改。
        中共某区水务局党组
        2023年10月8日
        """;

    [Theory]
    // The office's own form is kept, its words and all: "关于…的问题。", a flat heading that is the problem itself.
    [InlineData("关于学习贯彻不深入的问题。", "关于财务管理不规范的问题。", "学习贯彻不深入", "1．关于学习贯彻不深入的问题。", "2．关于财务管理不规范的问题。")]
    [InlineData("学习贯彻不深入。", "财务管理不规范。", "学习贯彻不深入", "1．学习贯彻不深入。", "2．财务管理不规范。")]
    [InlineData("关于“学习贯彻不深入”问题的整改", "关于“财务管理不规范”问题的整改", "学习贯彻不深入", "1．关于“学习贯彻不深入”问题的整改", "2．关于“财务管理不规范”问题的整改")]
    // Rectify's own form stays as it is.
    [InlineData("对“学习贯彻不深入”的整改进展情况", "对“财务管理不规范”的整改进展情况", "学习贯彻不深入", "1．对“学习贯彻不深入”的整改进展情况", "2．对“财务管理不规范”的整改进展情况")]
    public void Problems_of_an_imported_notice_are_headed_as_the_office_headed_them(string first, string second, string title, string written1, string written2)
    {
        var ledger = Rectify.Core.Import.NoticeParser.Parse(HeadedNotice(first, second));
        Assert.Equal(title, ledger.AllProblems.First().Title);
        var notice = NoticeComposer.Compose(NoticeInput.FromLedger(ledger, contacts: new() { Phone = "0753-2351954" }));
        Assert.Equal([written1, written2], Texts(notice, NoticeBlockLevel.ProblemHeading));
        // Read back, the headings give the same problems.
        var back = Rectify.Core.Import.NoticeParser.Parse(NoticeTextWriter.Write(notice));
        Assert.Equal(ledger.AllProblems.Select(p => p.Title), back.AllProblems.Select(p => p.Title));
    }

    [Fact]
    public void Problems_of_a_ledger_typed_in_rectify_are_headed_in_rectifys_form()
    {
        var ledger = Rectify.Core.Import.NoticeParser.Parse(HeadedNotice("关于学习贯彻不深入的问题。", "关于财务管理不规范的问题。"));
        ledger.Narrative = null;
        var notice = NoticeComposer.Compose(NoticeInput.FromLedger(ledger, contacts: new() { Phone = "0753-2351954" }));
        Assert.Equal(["1．对“学习贯彻不深入”的整改进展情况", "2．对“财务管理不规范”的整改进展情况"], Texts(notice, NoticeBlockLevel.ProblemHeading));
        Assert.StartsWith("1．对“", Texts(DemoNotice.Composed(), NoticeBlockLevel.ProblemHeading)[0]);
    }

    [Fact]
    public void Title_opening_signature_and_date()
    {
        var n = DemoNotice.Composed();
        Assert.Equal("中共梅州市梅江区城北镇委员会关于九届区委第二轮巡察整改进展情况的公告", n.Title);
        Assert.Equal(NoticeBlockLevel.Title, n.Blocks[0].Level);
        var opening = Assert.Single(Texts(n, NoticeBlockLevel.Opening));
        Assert.Equal("根据区委巡察工作统一部署，2022年8月12日至2023年1月上旬，九届区委第二轮巡察第一组对城北镇党委进行了集中巡察，"
            + "并于2023年3月10日向镇党委反馈了巡察情况。按照党务公开原则和巡察工作有关要求，现将巡察整改阶段性进展情况予以公布。", opening);
        Assert.Equal(["中共梅州市梅江区城北镇委员会"], Texts(n, NoticeBlockLevel.Signature));
        Assert.Equal(["2023年9月8日"], Texts(n, NoticeBlockLevel.Date));
        Assert.Equal(NoticeBlockLevel.Date, n.Blocks[^1].Level);
    }

    [Fact]
    public void Title_template_and_circular_are_configurable()
    {
        var input = DemoNotice.Input();
        input.DocumentKind = NoticeDocumentKind.Circular;
        input.TitleTemplate = "{short}关于{kind}整改情况的{doc}";
        Assert.Equal("镇党委关于巡察整改情况的通报", NoticeComposer.Compose(input).Title);
    }

    [Fact]
    public void A_notice_without_a_round_is_titled_by_its_inspection()
    {
        var input = DemoNotice.Input();
        input.TitleTemplate = NoticeInput.DefaultTitleTemplate;
        input.DocumentKind = NoticeDocumentKind.Circular;
        Assert.Equal("中共梅州市梅江区城北镇委员会关于九届区委第二轮巡察整改进展情况的通报", NoticeComposer.Compose(input).Title);
        input.Inspection.Round = null;
        Assert.Equal("中共梅州市梅江区城北镇委员会关于九届区委巡察整改进展情况的通报", NoticeComposer.Compose(input).Title);
        input.Inspection.Body = null;
        Assert.Equal("中共梅州市梅江区城北镇委员会关于巡察整改进展情况的通报", NoticeComposer.Compose(input).Title);
        input.Inspection.Kind = InspectionKind.Xunshi;
        input.Inspection.Body = "省委";
        input.Inspection.Round = "第三轮";
        Assert.Equal("中共梅州市梅江区城北镇委员会关于省委第三轮巡视整改进展情况的通报", NoticeComposer.Compose(input).Title);
    }

    [Fact]
    public void Leadership_section_counts_meetings_and_policies()
    {
        var input = DemoNotice.Input();
        input.Meetings = [new("党委会议"), new("党委会议"), new("党委会议"), new("党委会议"), new("专题民主生活会", new DateOnly(2023, 5, 23))];
        input.LeadingGroup = [new("张三", "组长", "镇党委书记"), new("李四", "副组长", "镇长"), new("王五", "成员")];
        var body = Texts(NoticeComposer.Compose(input), NoticeBlockLevel.Body);
        Assert.Contains(body, p => p.Contains("共召开4次党委会议、1次专题民主生活会，共建立健全完善12项规章制度、2项工作计划、2项方案。", StringComparison.Ordinal));
        Assert.Contains(body, p => p.Contains("成立了以镇党委书记张三为组长、镇长李四为副组长的整改工作领导小组（成员共3人）", StringComparison.Ordinal));
    }

    [Fact]
    public void Given_leadership_and_next_steps_texts_replace_the_defaults()
    {
        var input = DemoNotice.Input();
        input.LeadershipText = "第一段。\n\n第二段。";
        input.NextStepsText = "下一步段落。";
        var n = NoticeComposer.Compose(input);
        var i = n.Blocks.ToList().FindIndex(b => b.Text.StartsWith("一、", StringComparison.Ordinal));
        Assert.Equal("第一段。", n.Blocks[i + 1].Text);
        Assert.Equal("第二段。", n.Blocks[i + 2].Text);
        Assert.StartsWith("截至", n.Blocks[i + 3].Text);
        var j = n.Blocks.ToList().FindIndex(b => b.Text.StartsWith("三、", StringComparison.Ordinal));
        Assert.Equal("下一步段落。", n.Blocks[j + 1].Text);
        Assert.StartsWith("欢迎广大干部群众", n.Blocks[j + 2].Text);
    }

    [Fact]
    public void Default_next_steps_name_the_open_problems_and_the_latest_month()
    {
        var n = DemoNotice.Composed();
        Assert.Contains(Texts(n, NoticeBlockLevel.Body), p => p.Contains("对尚未完成整改的3个问题", StringComparison.Ordinal) && p.Contains("2024年3月前全面完成", StringComparison.Ordinal));
    }

    [Fact]
    public void Outcomes_are_counted_with_funds_in_ten_thousands()
    {
        var input = DemoNotice.Input();
        input.Outcomes = [new(OutcomeKind.AdministrativeSanction, 0), new(OutcomeKind.CriticismEducation, 6), new(OutcomeKind.FundsRecovered, 0, 71320m)];
        var body = Texts(NoticeComposer.Compose(input), NoticeBlockLevel.Body);
        Assert.Contains("整改中，给予批评教育6人；追缴资金7.132万元。", body);
        Assert.DoesNotContain(body, b => b.Contains("0人", StringComparison.Ordinal));

        input.Outcomes = [new(OutcomeKind.FundsRecovered, 0, 3500m)];
        Assert.Contains("整改中，追缴资金3500元。", Texts(NoticeComposer.Compose(input), NoticeBlockLevel.Body));
    }

    [Fact]
    public void Categories_and_problems_are_headed_as_the_sample()
    {
        var n = DemoNotice.Composed();
        var h2 = Texts(n, NoticeBlockLevel.Heading2);
        Assert.Equal("（一）党中央各项决策部署在基层的落实情况方面", h2[0]);
        Assert.Equal("（三）基层党组织建设方面", h2[2]);
        Assert.Equal(4, h2.Count);
        var ph = Texts(n, NoticeBlockLevel.ProblemHeading);
        Assert.Equal(14, ph.Count);
        Assert.Equal("1．对“学习贯彻习近平新时代中国特色社会主义思想不够深入扎实”的整改进展情况", ph[0]);
        Assert.Equal(["一、强化政治担当，扛起巡察整改责任", "二、坚持问题导向，推动巡察整改工作", "三、坚持统筹兼顾，巩固巡察整改成效"], Texts(n, NoticeBlockLevel.Heading1));
    }

    [Fact]
    public void Category_without_aspect_word_gets_one_and_only_one()
    {
        var input = DemoNotice.Input();
        input.Categories[0].Title = "落实全面从严治党";
        var h2 = Texts(NoticeComposer.Compose(input), NoticeBlockLevel.Heading2);
        Assert.Equal("（一）落实全面从严治党方面", h2[0]);
        Assert.Equal("（二）群众身边腐败问题和不正之风以及群众反映强烈的问题方面", h2[1]);
    }

    [Fact]
    public void Phased_problems_carry_the_expected_month_and_measures_are_numbered()
    {
        var blocks = DemoNotice.Composed().Blocks.Select(b => b.Text).ToList();
        var i = blocks.IndexOf("3．对“撂荒复耕工作开展不扎实”的整改进展情况");
        Assert.Equal("整改状态：取得阶段性成效，预计2023年12月完成", blocks[i + 1]);
        Assert.Equal("整改过程：", blocks[i + 2]);
        Assert.StartsWith("一是对复耕地实行网格化管理", blocks[i + 3]);
        Assert.StartsWith("二是积极筹措资金", blocks[i + 4]);
        Assert.StartsWith("三是积极引导农业龙头企业", blocks[i + 5]);
        Assert.Equal(3, blocks.Count(b => b.Contains("预计", StringComparison.Ordinal) && b.StartsWith("整改状态", StringComparison.Ordinal)));
        // Problem 14's status as the notice worded it ("已取得阶段性成效"), the month from the ledger.
        Assert.Contains("整改状态：已取得阶段性成效，预计2024年3月完成", blocks);
    }

    [Fact]
    public void A_single_measure_follows_the_label_on_its_line()
    {
        var blocks = DemoNotice.Composed().Blocks.Select(b => b.Text).ToList();
        var i = blocks.IndexOf("5．对“疫情防控工作不到位”的整改进展情况");
        Assert.Equal("整改状态：已完成整改并长期坚持", blocks[i + 1]);
        Assert.Equal("整改过程：按照国家最新政策要求，抓好疫情常态化防控工作。", blocks[i + 2]);
        Assert.StartsWith("6．", blocks[i + 3]);
    }

    [Fact]
    public void Withheld_problem_is_counted_but_not_itemised()
    {
        var input = DemoNotice.Input();
        var secret = input.Categories[1].Problems[0];
        secret.Withheld = true;
        secret.WithheldReason = "个人隐私";
        var n = NoticeComposer.Compose(input);
        var all = string.Join("\n", n.Blocks.Select(b => b.Text));
        Assert.DoesNotContain(secret.Title, all);
        Assert.DoesNotContain(secret.Measures[0][..10], all);
        Assert.Equal(13, n.Of(NoticeBlockLevel.ProblemHeading).Count());
        Assert.Equal(14, n.Counts.Problems);
        Assert.Contains("另有1个问题涉及个人隐私，按规定不予公开，已纳入整改台账一并推进。", Texts(n, NoticeBlockLevel.Body));
        Assert.Contains("四个方面14个问题", all);
    }

    [Fact]
    public void Not_stated_and_not_feasible_are_counted_in_their_buckets()
    {
        var input = DemoNotice.Input();
        input.Categories[0].Problems[0].Status = RectificationStatus.NotFeasible;
        input.Categories[0].Problems[1].Status = RectificationStatus.NotStated;
        var n = NoticeComposer.Compose(input);
        // The problem whose status is not stated counts in the 14 but gets no clause of its own.
        Assert.Contains(Texts(n, NoticeBlockLevel.Body), p => p.Contains("四个方面14个问题，已完成整改9个，暂不具备整改条件1个，正在推进3个，整改完成率64.3%。", StringComparison.Ordinal));
        Assert.DoesNotContain("未说明整改状态", string.Join("\n", n.Blocks.Select(b => b.Text)));
        var blocks = n.Blocks.Select(b => b.Text).ToList();
        Assert.Equal("整改状态：暂不具备整改条件", blocks[blocks.FindIndex(b => b.StartsWith("1．对", StringComparison.Ordinal)) + 1]);
        Assert.Equal("整改过程：", blocks[blocks.FindIndex(b => b.StartsWith("2．对", StringComparison.Ordinal)) + 1]);
    }

    [Fact]
    public void Contact_paragraph_lists_the_channels()
    {
        var n = DemoNotice.Composed();
        Assert.Contains("欢迎广大干部群众对巡察整改落实情况进行监督。如有意见建议，请及时向我们反映。联系方式：电话：0753-2351954；"
            + "邮政信箱：梅州市梅江区城北镇人民政府；邮政编码：514089；电子邮箱：mjqcbz@163.com。", Texts(n, NoticeBlockLevel.Body));
    }

    [Fact]
    public void Refuses_a_notice_without_problems()
    {
        var input = DemoNotice.Input();
        foreach (var c in input.Categories) c.Problems.Clear();
        var e = Assert.Throws<DomainException>(() => NoticeComposer.Compose(input));
        Assert.Contains("没有任何整改问题", e.Message);
    }

    [Fact]
    public void Refuses_a_notice_without_contact_channels()
    {
        var input = DemoNotice.Input();
        input.Contacts = new NoticeContacts { Postcode = "514089" };
        var e = Assert.Throws<DomainException>(() => NoticeComposer.Compose(input));
        Assert.Contains("联系方式", e.Message);

        input.Contacts = new NoticeContacts { Email = "a@b.cn" };
        Assert.Contains(Texts(NoticeComposer.Compose(input), NoticeBlockLevel.Body), p => p.EndsWith("联系方式：电子邮箱：a@b.cn。", StringComparison.Ordinal));
    }

    [Fact]
    public void Refuses_an_as_of_date_before_the_feedback()
    {
        var input = DemoNotice.Input();
        input.AsOf = new DateOnly(2023, 3, 9);
        var e = Assert.Throws<DomainException>(() => NoticeComposer.Compose(input));
        Assert.Contains("早于反馈日期2023年3月10日", e.Message);

        input.AsOf = new DateOnly(2023, 3, 10);
        NoticeComposer.Compose(input);
    }

    [Fact]
    public void Nothing_is_written_when_composing_is_refused()
    {
        var input = DemoNotice.Input();
        input.Contacts = new NoticeContacts();
        using var stream = new MemoryStream();
        Assert.Throws<DomainException>(() => NoticeDocxWriter.Write(NoticeComposer.Compose(input), stream));
        Assert.Equal(0, stream.Length);
    }

    [Fact]
    public void From_ledger_carries_the_inspection_and_contacts()
    {
        var input = DemoNotice.Input();
        Assert.Equal(new PartialDate(2023, 1, dekad: Dekad.First), input.Inspection.OnSiteTo);
        Assert.Equal(new DateOnly(2023, 9, 8), input.AsOf);
        Assert.Equal(16, input.Policies.Count);
        Assert.Equal("0753-2351954", input.Contacts.Phone);
        Assert.Equal(new YearMonth(2024, 3), input.Categories[3].Problems[1].ExpectedCompletion);
    }

    [Theory]
    [InlineData(1, "一"), InlineData(4, "四"), InlineData(10, "十"), InlineData(14, "十四"), InlineData(20, "二十"), InlineData(47, "四十七")]
    public void Chinese_numerals(int n, string expected) => Assert.Equal(expected, ChineseText.Numeral(n));

    [Fact]
    public void Not_feasible_status_gives_its_reason()
    {
        var input = DemoNotice.Input();
        input.Categories[0].Problems[0].Status = RectificationStatus.NotFeasible;
        input.Categories[0].Problems[0].NotFeasibleReason = "涉及土地权属争议,待上级政策明确。";
        Assert.Contains("整改状态：暂不具备整改条件（涉及土地权属争议，待上级政策明确）", NoticeComposer.Compose(input).Blocks.Select(b => b.Text));
    }

    [Fact]
    public void Blocks_are_single_lines_and_a_measure_of_two_paragraphs_keeps_both()
    {
        var input = DemoNotice.Input();
        input.Categories[0].Problems[0].Title = "标题\r\n断行\u0001";
        input.Categories[0].Problems[0].Measures = ["第一段\n第二段", "另一措施"];
        var blocks = NoticeComposer.Compose(input).Blocks.Select(b => b.Text).ToList();
        Assert.All(blocks, b => Assert.DoesNotContain(b, c => char.IsControl(c)));
        var i = blocks.IndexOf("1．对“标题断行”的整改进展情况");
        Assert.Equal(["整改过程：", "一是第一段。", "第二段。", "二是另一措施。"], blocks.Skip(i + 2).Take(4));
    }
}
