using Rectify.Core.Domain;
using Rectify.Core.Feedback;
using Rectify.Core.Notices;
using Rectify.Tests.Notices;

namespace Rectify.Tests.Public;

public class PublicRulesTests
{
    [Fact]
    public void The_published_text_reads_back_into_headings_paragraphs_signature_and_date()
    {
        var composed = DemoNotice.Composed();
        var lines = PublishedNoticeText.Parse(NoticeTextWriter.Write(composed), composed.Title);

        Assert.Equal(PublishedLineKind.Title, lines[0].Kind);
        Assert.Equal(["一、", "二、", "三、"], lines.Where(l => l.Kind == PublishedLineKind.Heading1).Select(l => l.Text[..2]));
        Assert.Equal(4, lines.Count(l => l.Kind == PublishedLineKind.Heading2));
        var problems = lines.Where(l => l.Kind == PublishedLineKind.ProblemHeading).ToList();
        Assert.Equal(14, problems.Count);
        Assert.StartsWith("1．对“", problems[0].Text);
        Assert.Equal(PublishedLineKind.Date, lines[^1].Kind);
        Assert.Equal(PublishedLineKind.Signature, lines[^2].Kind);
        Assert.Equal("中共梅州市梅江区城北镇委员会", lines[^2].Text);
        // Everything else is body text, nothing is lost.
        Assert.Equal(NoticeTextWriter.Write(composed).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, lines.Count);
    }

    [Theory]
    [InlineData("一、强化政治担当,扛起巡察整改责任", PublishedLineKind.Heading1)]
    [InlineData("(二)全面从严治党方面", PublishedLineKind.Heading2)]
    [InlineData("（二）全面从严治党方面", PublishedLineKind.Heading2)]
    [InlineData("12.对“村务公开不及时”的整改进展情况", PublishedLineKind.ProblemHeading)]
    [InlineData("12.对“村务公开不及时”的整改进展情况,我们认为", PublishedLineKind.Paragraph)]
    [InlineData("一是精心制定学习计划。", PublishedLineKind.Paragraph)]
    [InlineData("2023年9月8日", PublishedLineKind.Date)]
    public void A_line_is_classed_by_its_marker(string line, PublishedLineKind kind) =>
        Assert.Equal(kind, PublishedNoticeText.Parse(line).Single().Kind);

    [Theory]
    [InlineData("1．关于学习贯彻落实有偏差的问题。", PublishedLineKind.ProblemHeading)]
    [InlineData("2.基本殡葬服务制度不健全。", PublishedLineKind.ProblemHeading)]
    [InlineData("3、关于“议事决策不规范”问题的整改落实情况", PublishedLineKind.ProblemHeading)]
    [InlineData("1．对“学习贯彻落实有偏差”的问题，我们认为主要原因在于理论学习流于形式，已组织专题学习三次。", PublishedLineKind.Paragraph)]
    [InlineData("4．完善制度建设，出台相关办法。", PublishedLineKind.Paragraph)]
    public void A_numbered_line_that_frames_a_problem_of_the_notice_is_its_heading(string line, PublishedLineKind kind) =>
        Assert.Equal(kind, PublishedNoticeText.Parse(line, problemTitles: ["学习贯彻落实有偏差", "基本殡葬服务制度不健全", "议事决策不规范"]).Single().Kind);

    [Fact]
    public void Empty_or_missing_text_renders_nothing() =>
        Assert.Empty(PublishedNoticeText.Parse(null));

    [Fact]
    public void Tracking_codes_are_twelve_base32_characters_and_read_back_as_typed()
    {
        var codes = Enumerable.Range(0, 200).Select(_ => FeedbackRules.NewTrackingCode()).ToList();
        Assert.All(codes, c => Assert.Matches("^[0-9A-HJKMNP-TV-Z]{12}$", c));
        Assert.Equal(200, codes.Distinct().Count());
        var code = codes[0];
        Assert.Equal(code, FeedbackRules.NormalizeCode(FeedbackRules.Display(code).ToLowerInvariant()));
        Assert.Equal("0123456789AB", FeedbackRules.NormalizeCode("O123-4567-89ab"));
        Assert.Null(FeedbackRules.NormalizeCode("ABCD"));
        Assert.Null(FeedbackRules.NormalizeCode("ABCD-EFGH-JKMU")); // U is not in the alphabet
    }

    [Fact]
    public void A_comment_needs_ten_to_two_thousand_characters_and_a_contact_when_a_reply_is_wanted()
    {
        Assert.Empty(FeedbackRules.Check(null, null, "路灯没有修好已经三个月了", false));
        Assert.Equal("请填写意见内容", Assert.Single(FeedbackRules.Check(null, null, "   ", false)).Message);
        Assert.Contains("至少 10 个字", Assert.Single(FeedbackRules.Check(null, null, "路灯不亮", false)).Message);
        Assert.Contains("最多 2000 个字", Assert.Single(FeedbackRules.Check(null, null, new string('路', 2001), false)).Message);
        Assert.Empty(FeedbackRules.Check(null, null, new string('路', 2000), false));
        var contact = Assert.Single(FeedbackRules.Check("张三", null, "路灯没有修好已经三个月了", true));
        Assert.Equal("Contact", contact.Field);
        Assert.Empty(FeedbackRules.Check("张三", "13800000000", "路灯没有修好已经三个月了", true));
    }

    [Fact]
    public void The_reply_time_counts_working_days_monday_to_friday()
    {
        // Friday 2026-11-27 + 15 working days: three weeks later, Friday 2026-12-18.
        Assert.Equal(new DateOnly(2026, 12, 18), FeedbackRules.ReplyDue(new DateOnly(2026, 11, 27), 15));
        // Saturday: the next working day counts as the first.
        Assert.Equal(new DateOnly(2026, 11, 30), FeedbackRules.ReplyDue(new DateOnly(2026, 11, 28), 1));

        var f = new PublicFeedback { Content = "x", TrackingCode = "x" };
        Assert.False(FeedbackRules.IsOverdue(f, new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 18), 15));
        Assert.True(FeedbackRules.IsOverdue(f, new DateOnly(2026, 11, 27), new DateOnly(2026, 12, 19), 15));
        f.State = FeedbackState.Answered;
        Assert.False(FeedbackRules.IsOverdue(f, new DateOnly(2026, 11, 27), new DateOnly(2027, 1, 1), 15));
    }

    [Fact]
    public void Staff_decisions_need_their_reasons_and_answering_needs_a_reply()
    {
        var f = new PublicFeedback { Content = "x", TrackingCode = "x" };
        Assert.Contains("理由", Assert.Throws<DomainException>(() => FeedbackRules.ChangeState(f, FeedbackState.Refused, " ")).Message);
        Assert.Contains("转办", Assert.Throws<DomainException>(() => FeedbackRules.ChangeState(f, FeedbackState.Forwarded, null)).Message);
        Assert.Contains("答复内容", Assert.Throws<DomainException>(() => FeedbackRules.ChangeState(f, FeedbackState.Answered, null)).Message);
        FeedbackRules.ChangeState(f, FeedbackState.Accepted, null);
        Assert.Equal(FeedbackState.Accepted, f.State);

        FeedbackRules.Answer(f, "已安排维修,11月底前修复。", publish: true, DateTimeOffset.UnixEpoch);
        Assert.Equal(FeedbackState.Answered, f.State);
        Assert.True(f.ReplyPublished);
        Assert.Throws<DomainException>(() => FeedbackRules.Answer(f, "  ", true, DateTimeOffset.UnixEpoch));
    }
}
