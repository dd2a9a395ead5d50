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
}
