using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>A notice copied or saved from a web page: the page's furniture is dropped, never part of issuer, title or body.</summary>
public class PageNoiseTests
{
    private const string Body = """
        根据区委统一部署,2024年3月4日至5月10日,区委第二巡察组对区卫健局党组进行了巡察,6月12日反馈了巡察意见。现将整改进展情况予以公布。
        巡察反馈问题1个,已完成整改1个。
        一、反馈问题整改落实情况
        1.关于药品采购不规范的问题
        整改状态:已完成整改
        整改措施:修订采购制度。
        欢迎广大干部群众对巡察整改落实情况进行监督。
        """;

    [Fact]
    public void Site_name_breadcrumbs_toolbar_and_saved_copy_lines_are_dropped()
    {
        var doc = NoticeParser.Parse("""
            title: 中共某区卫生健康局党组关于巡察整改进展情况的通报_某区人民政府
            url: https://www.example.gov.cn/art/2024/7/1/art_1.html
            某区人民政府门户网站
            首页 > 政务公开 > 通知公告
            返回上一级
            中共某区卫生健康局党组关于巡察整改进展情况的通报
            【信息来源:区纪委监委 【信息时间:2024-07-01 09:54  阅读次数: 】【字号 大 中 小】【我要打印】【关闭】
            发布时间:2024-07-01 来源:本网 浏览次数:123
            字号:大 中 小
            分享到:
            打印本页 关闭窗口
            """ + "\n" + Body);
        Assert.Equal("中共某区卫生健康局党组关于巡察整改进展情况的通报", doc.Title);
        Assert.Equal("中共某区卫生健康局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2024, 7, 1), doc.Date);
        Assert.Equal(["修订采购制度。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Null(doc.Notes);
        var all = LedgerJson.Write(doc);
        foreach (var noise in new[] { "门户网站", "首页", "返回", "阅读次数", "浏览次数", "字号", "打印", "分享", "example.gov.cn", "_某区人民政府", "本网" })
            Assert.DoesNotContain(noise, all);
    }

    [Fact]
    public void A_source_line_is_never_the_issuer_and_a_date_on_the_title_line_is_the_date()
    {
        var doc = NoticeParser.Parse("""
            某区巡察整改进展情况公告 2024-07-01
            来源:区委巡察办
            """ + "\n" + Body);
        Assert.Equal("某区巡察整改进展情况公告", doc.Title);
        Assert.Null(doc.Issuer);
        Assert.Equal(new DateOnly(2024, 7, 1), doc.Date);
    }

    [Theory]
    [InlineData("【字号 大 中 小】【我要打印】【关闭】")]
    [InlineData("【信息时间:2025-10-22 09:54 阅读次数: 】【字号 】【我要打印】【关闭")]
    [InlineData("返回上一级")]
    [InlineData("title: 关于巡察整改情况的通报")]
    [InlineData("长葛市人民政府门户网站")]
    public void Page_furniture_lines_are_noise(string line) =>
        Assert.Equal(LineKind.Noise, LineClassifier.Classify(0, line).Kind);

    [Theory]
    [InlineData("首页 > 通知公告")]
    [InlineData("当前位置：首页＞巡察工作")]
    [InlineData("首页 » 信息公开")]
    [InlineData("通知公告")]
    [InlineData("工作动态")]
    [InlineData("巡察工作")]
    public void A_one_step_breadcrumb_and_a_bare_column_name_are_noise(string line) =>
        Assert.Equal(LineKind.Noise, LineClassifier.Classify(0, line).Kind);

    [Theory]
    [InlineData("主办单位：某县人民政府办公室　承办：某县大数据中心")]
    [InlineData("网站标识码：3301000001　浙ICP备00000001号")]
    [InlineData("浙公网安备 33070202000001号")]
    [InlineData("技术支持：某某信息技术有限公司")]
    [InlineData("版权所有：某区人民政府　联系我们　网站地图")]
    [InlineData("Copyright © 2024 某区人民政府 All Rights Reserved")]
    public void A_site_footer_line_is_noise(string line) =>
        Assert.Equal(LineKind.Noise, LineClassifier.Classify(0, line).Kind);

    [Theory]
    [InlineData("公告")]
    [InlineData("空气质量指数>100的天数")]
    [InlineData("一是修订采购制度；二是开展专项检查。")]
    [InlineData("中共某区卫生健康局党组关于巡察整改进展情况的通报")]
    public void A_title_word_alone_or_a_sentence_is_no_page_furniture(string line) =>
        Assert.NotEqual(LineKind.Noise, LineClassifier.Classify(0, line).Kind);

    [Fact]
    public void A_column_line_and_a_one_step_breadcrumb_before_the_title_are_not_the_title()
    {
        var doc = NoticeParser.Parse("""
            某区卫生健康局
            首页 > 通知公告
            通知公告
            中共某区卫生健康局党组关于巡察整改进展情况的通报
            """ + "\n" + Body);
        Assert.Equal("中共某区卫生健康局党组关于巡察整改进展情况的通报", doc.Title);
        Assert.Equal("中共某区卫生健康局党组", doc.Issuer);
    }

    [Fact]
    public void The_title_proper_is_preferred_to_a_line_that_only_holds_a_title_word()
    {
        var doc = NoticeParser.Parse("""
            清风某区·巡察公示
            中共某区卫生健康局党组关于区委第二轮巡察整改进展情况的公告
            """ + "\n" + Body);
        Assert.Equal("中共某区卫生健康局党组关于区委第二轮巡察整改进展情况的公告", doc.Title);
    }

    [Fact]
    public void A_site_footer_after_the_signature_is_neither_measure_issuer_nor_contact()
    {
        var doc = NoticeParser.Parse("中共某区卫生健康局党组关于巡察整改进展情况的通报\n" + Body.Replace("欢迎广大干部群众对巡察整改落实情况进行监督。\n", "") + """

            中共某区卫生健康局党组
            2024年7月1日
            主办单位：某区人民政府办公室　承办：某区大数据发展中心
            地址：某区人民路1号　邮编：310000
            电话：0571-00000000
            网站标识码：3301000001　浙ICP备00000001号
            浙公网安备 33070202000001号
            技术支持：某某信息技术有限公司
            """);
        Assert.Equal("中共某区卫生健康局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2024, 7, 1), doc.Date);
        Assert.Equal(["修订采购制度。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Null(doc.Contacts);
        Assert.Null(doc.Notes);
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
        Assert.DoesNotContain("网站标识码", LedgerJson.Write(doc));
    }

    [Fact]
    public void A_signature_is_found_above_lines_that_are_no_part_of_the_notice()
    {
        var doc = NoticeParser.Parse("中共某区卫生健康局党组关于巡察整改进展情况的通报\n" + Body + """

            中共某区卫生健康局党组
            2024年7月1日
            （此件公开发布）
            附件：1.整改台账
            2.整改责任分工表
            抄送：区委巡察办
            """);
        Assert.Equal("中共某区卫生健康局党组", doc.Issuer);
        Assert.Equal(new DateOnly(2024, 7, 1), doc.Date);
        Assert.Equal(["修订采购制度。"], Assert.Single(doc.AllProblems).Measures);
    }
}
