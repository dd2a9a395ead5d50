using Rectify.Core;
using Rectify.Core.Import;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Import;

/// <summary>Dates whose 年/月/日 were lost in copying: repaired only when one reading is valid in context, else no guess.</summary>
public class LostDateTests
{
    private const string Rest = "进行了巡察。现将整改情况予以公布。\n一、党建方面\n1.关于甲的问题\n整改情况:已整改。\n";

    [Fact]
    public void A_lost_month_is_repaired_with_a_finding_quoting_the_source()
    {
        var doc = NoticeParser.Parse("根据区委统一部署,2023年1023日至1215日,区委第一巡察组对区交通局党组" + Rest);
        Assert.Equal((new PartialDate(2023, 10, 23), new PartialDate(2023, 12, 15)), (doc.Inspection.OnSite!.From, doc.Inspection.OnSite.To));
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“2023年1023日”") && f.Message.Contains("2023年10月23日"));
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“1215日”"));
    }

    [Fact]
    public void Two_valid_readings_are_an_ambiguous_date_and_no_guess()
    {
        var doc = NoticeParser.Parse("根据区委统一部署,2023年111日至12月20日,区委第一巡察组对区交通局党组" + Rest);
        Assert.Null(doc.Inspection.OnSite?.From);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message.Contains("“2023年111日”") && f.Message.Contains("2023年1月11日或2023年11月1日"));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "repaired-date");
    }

    [Fact]
    public void The_date_before_leaves_one_reading()
    {
        var doc = NoticeParser.Parse("根据区委统一部署,2023年3月1日至4月30日,区委第一巡察组对区交通局党组进行了巡察,2023年111日反馈了巡察意见。" + Rest);
        Assert.Equal(new PartialDate(2023, 11, 1), doc.Inspection.FeedbackDate);
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("2023年11月1日"));
    }

    [Fact]
    public void Month_end_dekads_and_year_end_are_kept_as_partial_dates()
    {
        var dates = NoticeDates.Scan("2023年1月上旬进驻,9月底反馈,2023年底前完成。");
        Assert.Equal([new PartialDate(2023, 1, null, Dekad.First), new PartialDate(2023, 9, null, Dekad.Last), new PartialDate(2023, 12)], dates.Select(d => d.Date));
    }

    private const string Intro = "根据区委统一部署,2023年3月1日至4月30日,区委第一巡察组对区交通局党组进行了巡察,2023年5月20日反馈了巡察意见。现将整改情况予以公布。\n一、党建方面\n";

    [Fact]
    public void A_signature_date_with_lost_characters_is_repaired_and_is_no_measure()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n2024年325日\n");
        Assert.Equal(new DateOnly(2024, 3, 25), doc.Date);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“2024年325日”") && f.Message.Contains("2024年3月25日"));
    }

    [Fact]
    public void A_signature_date_that_reads_two_ways_is_no_date_but_still_the_signature()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n2024年111日\n");
        Assert.Null(doc.Date);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message.Contains("“2024年111日”"));
        Assert.DoesNotContain(doc.Findings, f => f.Code is "truncated" or "repaired-date");
    }

    // ---- A signature date that lost its 日 or its 年

    [Fact]
    public void A_signature_date_without_its_day_keeps_the_month_with_a_finding()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n2025年9月\n");
        Assert.Null(doc.Date);
        Assert.Equal(new YearMonth(2025, 9), doc.DateMonth);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        var f = Assert.Single(doc.Findings, f => f.Code == "date-day-missing");
        Assert.Equal(("落款日期“2025年9月”缺少日，只取2025年9月", Finding.Info), (f.Message, f.Severity));
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void A_signature_month_is_not_replaced_by_the_day_the_page_was_posted()
    {
        const string Posted = "发布日期：2025-10-12\n";
        // Without a signature date the page's date is the notice's.
        Assert.Equal(new DateOnly(2025, 10, 12), NoticeParser.Parse(Posted + Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n").Date);
        var doc = NoticeParser.Parse(Posted + Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n2025年9月\n");
        Assert.Null(doc.Date);
        Assert.Equal(new YearMonth(2025, 9), doc.DateMonth);
        Assert.Single(doc.Findings, f => f.Code == "date-day-missing");
    }

    [Fact]
    public void A_signature_date_without_its_year_takes_it_after_the_inspection_dates_with_a_finding()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n9月8日\n");
        Assert.Equal(new DateOnly(2023, 9, 8), doc.Date);
        Assert.Null(doc.DateMonth);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message == "“9月8日”未写年份，按上下文取2023年9月8日");
        Assert.DoesNotContain(doc.Findings, f => f.Code is "truncated" or "ambiguous-date");
    }

    [Fact]
    public void A_signature_month_before_the_feedback_falls_in_the_next_year()
    {
        // Fed back on 2023-05-20: a notice signed "3月5日" reports on the work since, so it is of 2024.
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。\n中共某区交通局党组\n3月5日\n");
        Assert.Equal(new DateOnly(2024, 3, 5), doc.Date);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message.Contains("“3月5日”") && f.Message.Contains("2024年3月5日"));
    }

    [Fact]
    public void A_signature_without_its_year_takes_the_one_the_title_names_when_no_date_says_otherwise()
    {
        var doc = NoticeParser.Parse("中共某区交通局党组关于2024年区委第一轮巡察整改进展情况的通报\n区委第一巡察组对区交通局党组进行了巡察。\n一、党建方面\n1.关于甲的问题\n整改情况：已整改。\n中共某区交通局党组\n11月20日\n");
        Assert.Equal(new DateOnly(2024, 11, 20), doc.Date);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message.Contains("2024年11月20日"));
    }

    [Fact]
    public void A_signature_year_the_notice_dates_disagree_on_is_no_guess()
    {
        // The title names 2023, the feedback of 2023-05-20 puts "3月5日" in 2024: two readings, none taken.
        var doc = NoticeParser.Parse("中共某区交通局党组关于2023年区委第一轮巡察整改进展情况的通报\n" + Intro + "1.关于甲的问题\n整改情况：已整改。\n中共某区交通局党组\n3月5日\n");
        Assert.Null(doc.Date);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        var f = Assert.Single(doc.Findings, f => f.Code == "ambiguous-date");
        Assert.Equal("落款日期“3月5日”未写年份，按通报中其他日期可读作2023年3月5日或2024年3月5日，无法确定，未取用", f.Message);
        Assert.DoesNotContain(doc.Findings, f => f.Code is "implied-year" && f.Message.Contains("3月5日"));
    }

    [Fact]
    public void A_signature_without_its_year_and_no_other_date_is_no_guess()
    {
        var doc = NoticeParser.Parse("区委第一巡察组对区交通局党组进行了巡察。\n一、党建方面\n1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n9月8日\n");
        Assert.Null(doc.Date);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message == "落款日期“9月8日”未写年份，通报中没有可推定年份的日期，未取用");
        Assert.DoesNotContain(doc.Findings, f => f.Code == "truncated");
    }

    [Fact]
    public void A_deadline_field_with_lost_characters_is_repaired_with_a_finding()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改状态：正在推进\n整改时限：2024年630日\n整改措施：修订工作规则。\n");
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(new DateOnly(2024, 6, 30), p.Deadline);
        Assert.Equal("整改时限：2024年630日", p.Remarks);
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“2024年630日”") && f.Message.Contains("2024年6月30日"));
    }

    [Fact]
    public void A_deadline_that_reads_two_ways_is_no_deadline()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改状态：正在推进\n整改时限：2024年111日\n整改措施：修订工作规则。\n");
        Assert.Null(Assert.Single(doc.AllProblems).Deadline);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message.Contains("2024年1月11日或2024年11月1日"));
    }

    [Fact]
    public void An_expected_day_with_lost_characters_in_the_status_gives_the_month()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改状态：正在推进，预计2024年630日前完成\n整改措施：修订工作规则。\n");
        var p = Assert.Single(doc.AllProblems);
        Assert.Equal(("in-progress", new YearMonth(2024, 6)), (p.Status, p.ExpectedCompletion));
        Assert.Equal("正在推进，预计2024年630日前完成", p.StatusText);
        Assert.Contains(doc.Findings, f => f.Code == "repaired-date" && f.Message.Contains("“2024年630日”"));
    }

    [Fact]
    public void An_expected_day_that_reads_two_ways_gives_no_month()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改状态：正在推进，预计2024年111日前完成\n整改措施：修订工作规则。\n");
        Assert.Null(Assert.Single(doc.AllProblems).ExpectedCompletion);
        Assert.Contains(doc.Findings, f => f.Code == "ambiguous-date" && f.Message.Contains("“2024年111日”"));
    }

    // ---- Dates in Chinese numerals, read as the Arabic ones are

    [Fact]
    public void Chinese_numeral_dates_whole_month_only_and_year_less_read_as_arabic_ones()
    {
        var dates = NoticeDates.Scan("二〇二六年三月十五日进驻,三月三十日反馈,二〇二六年十二月底前完成,二〇二七年一月上旬复查,二〇二七年二月印发。");
        Assert.Equal([new PartialDate(2026, 3, 15), new PartialDate(2026, 3, 30), new PartialDate(2026, 12, null, Dekad.Last),
            new PartialDate(2027, 1, null, Dekad.First), new PartialDate(2027, 2)], dates.Select(d => d.Date));
        Assert.Equal([false, true, false, false, false], dates.Select(d => d.ImpliedYear));
        // Counts and ordinals of months are no dates.
        Assert.Empty(NoticeDates.Scan("连续三个月开展督查,每月十日通报进度。"));
    }

    [Fact]
    public void An_intro_in_chinese_numerals_gives_the_on_site_range_and_the_feedback_date()
    {
        var doc = NoticeParser.Parse("根据区委统一部署,二〇二三年三月一日至四月三十日,区委第一巡察组对区交通局党组进行了巡察,五月二十日反馈了巡察意见。现将整改情况予以公布。\n一、党建方面\n1.关于甲的问题\n整改情况:已整改。\n");
        Assert.Equal((new PartialDate(2023, 3, 1), new PartialDate(2023, 4, 30)), (doc.Inspection.OnSite!.From, doc.Inspection.OnSite.To));
        Assert.Equal(new PartialDate(2023, 5, 20), doc.Inspection.FeedbackDate);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message == "“五月二十日”未写年份，按上下文取2023年5月20日");
    }

    [Fact]
    public void A_signature_in_chinese_numerals_without_its_day_keeps_the_month_with_a_finding()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n二〇二五年九月\n");
        Assert.Null(doc.Date);
        Assert.Equal(new YearMonth(2025, 9), doc.DateMonth);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        Assert.Equal(["修订工作规则。"], Assert.Single(doc.AllProblems).Measures);
        Assert.Equal("落款日期“二〇二五年九月”缺少日，只取2025年9月", Assert.Single(doc.Findings, f => f.Code == "date-day-missing").Message);
    }

    [Fact]
    public void A_signature_in_chinese_numerals_without_its_year_takes_it_after_the_inspection_dates_with_a_finding()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。修订工作规则。\n中共某区交通局党组\n九月八日\n");
        Assert.Equal(new DateOnly(2023, 9, 8), doc.Date);
        Assert.Equal("中共某区交通局党组", doc.Issuer);
        Assert.Contains(doc.Findings, f => f.Code == "implied-year" && f.Message == "“九月八日”未写年份，按上下文取2023年9月8日");
        Assert.DoesNotContain(doc.Findings, f => f.Code is "truncated" or "ambiguous-date");
    }

    [Fact]
    public void A_whole_signature_in_chinese_numerals_dates_the_notice()
    {
        var doc = NoticeParser.Parse(Intro + "1.关于甲的问题\n整改情况：已整改。\n中共某区交通局党组\n二〇二六年三月十五日\n");
        Assert.Equal(new DateOnly(2026, 3, 15), doc.Date);
        Assert.DoesNotContain(doc.Findings, f => f.Code is "date-day-missing" or "implied-year" or "ambiguous-date");
    }
}
