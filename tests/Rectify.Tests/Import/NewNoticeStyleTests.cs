using Rectify.Core;
using Rectify.Core.Import;

namespace Rectify.Tests.Import;

/// <summary>
/// Defects found by importing notices in styles the samples do not have (a 县 notice with 项 counts, a 局 notice
/// with its problems in a table, a notice cut short with its 年/月 lost), each as a general rule on a short text.
/// </summary>
public class NewNoticeStyleTests
{
    const string Rest = "一、整改工作总体情况\n反馈问题1个，已完成整改1个。\n二、反馈问题整改落实情况\n1.关于甲的问题\n整改情况：已完成整改。\n";

    [Theory]
    [InlineData("中共某县水利局党组关于县委第四巡察组巡察反馈意见整改进展情况的通报")]
    [InlineData("关于区委巡察组反馈意见整改情况的公告")]
    public void A_title_that_names_the_feedback_is_the_title_not_the_introduction(string title)
    {
        var doc = NoticeParser.Parse(title + "\n根据县委统一部署，县委第四巡察组于2024年3月5日至4月30日对县水利局党组进行了巡察。\n" + Rest);
        Assert.Equal(title, doc.Title);
    }

    [Fact]
    public void A_lost_month_in_two_digits_after_its_year_is_repaired_and_the_range_end_after_it_too()
    {
        var doc = NoticeParser.Parse("某局公告\n根据区委统一部署，2023年45日至531日，区委第二巡察组对区市场监管局党组进行了巡察。\n" + Rest);
        Assert.Equal((new PartialDate(2023, 4, 5), new PartialDate(2023, 5, 31)), (doc.Inspection.OnSite!.From, doc.Inspection.OnSite.To));
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“2023年45日”", StringComparison.Ordinal));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "ambiguous-date");
    }

    [Fact]
    public void Two_digits_that_are_no_month_and_day_are_no_guess()
    {
        var doc = NoticeParser.Parse("某局公告\n根据区委统一部署，2023年10日至12月20日，区委第二巡察组对区市场监管局党组进行了巡察。\n" + Rest);
        Assert.Null(doc.Inspection.OnSite?.From);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message.Contains("“2023年10日”", StringComparison.Ordinal));
    }

    [Fact]
    public void A_paragraph_that_fills_its_last_line_in_a_pdf_is_not_run_into_the_signature_after_it()
    {
        PageLine Line(double top, double right, string text) => new(1, 842, 56, right, top, 13, text);
        var lines = new[]
        {
            Line(100, 532, "欢迎广大干部群众对巡察整改情况进行监督。联系电话：0371-1234567；电子邮箱：x@example.cn。"),
            Line(115, 186, "中共某县水利局党组"),
            Line(130, 140, "2024年9月20日"),
        };
        Assert.Equal(["欢迎广大干部群众对巡察整改情况进行监督。联系电话：0371-1234567；电子邮箱：x@example.cn。", "中共某县水利局党组", "2024年9月20日"],
            PageText.Paragraphs(lines).Split('\n'));
    }
}
