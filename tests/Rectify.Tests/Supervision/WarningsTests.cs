using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;

namespace Rectify.Tests.Supervision;

public class WarningsTests
{
    static readonly DeadlineSettings Defaults = new();
    static readonly DateOnly Today = new(2026, 6, 1);

    [Theory]
    [InlineData(21, WarningLight.None)]
    [InlineData(20, WarningLight.Green)]
    [InlineData(11, WarningLight.Green)]
    [InlineData(10, WarningLight.Yellow)]
    [InlineData(0, WarningLight.Yellow)]
    [InlineData(-1, WarningLight.Red)]
    public void Lights_follow_the_days_left(int daysLeft, WarningLight expected) =>
        Assert.Equal(expected, Warnings.Light(Today.AddDays(daysLeft), Today, done: false, Defaults));

    [Fact]
    public void Done_work_and_work_without_a_date_have_no_light()
    {
        Assert.Equal(WarningLight.None, Warnings.Light(Today.AddDays(-30), Today, done: true, Defaults));
        Assert.Equal(WarningLight.None, Warnings.Light(null, Today, done: false, Defaults));
    }

    [Fact]
    public void Thresholds_are_settings_of_the_round()
    {
        var strict = new DeadlineSettings { GreenDays = 30, YellowDays = 15 };
        Assert.Equal(WarningLight.Yellow, Warnings.Light(Today.AddDays(15), Today, false, strict));
        Assert.Equal(WarningLight.Green, Warnings.Light(Today.AddDays(30), Today, false, strict));
        Assert.Equal(WarningLight.None, Warnings.Light(Today.AddDays(15), Today, false, new DeadlineSettings { GreenDays = 10, YellowDays = 5 }));
    }

    [Theory]
    // Per-inspection thresholds at their edges: green 30 / yellow 15; equal thresholds (no green
    // at all); yellow 0 (only the due day itself is yellow).
    [InlineData(30, 15, 31, WarningLight.None)]
    [InlineData(30, 15, 30, WarningLight.Green)]
    [InlineData(30, 15, 16, WarningLight.Green)]
    [InlineData(30, 15, 15, WarningLight.Yellow)]
    [InlineData(30, 15, 0, WarningLight.Yellow)]
    [InlineData(30, 15, -1, WarningLight.Red)]
    [InlineData(10, 10, 11, WarningLight.None)]
    [InlineData(10, 10, 10, WarningLight.Yellow)]
    [InlineData(5, 0, 1, WarningLight.Green)]
    [InlineData(5, 0, 0, WarningLight.Yellow)]
    [InlineData(0, 0, 1, WarningLight.None)]
    [InlineData(0, 0, -1, WarningLight.Red)]
    public void Thresholds_of_an_inspection_are_inclusive_at_their_edges(int green, int yellow, int daysLeft, WarningLight expected) =>
        Assert.Equal(expected, Warnings.Light(Today.AddDays(daysLeft), Today, done: false, new DeadlineSettings { GreenDays = green, YellowDays = yellow }));

    [Fact]
    public void A_closed_problem_has_no_light_and_days_left_read_the_same_everywhere()
    {
        Assert.True(Warnings.IsDone(RectificationStatus.InProgress, ClosureState.Approved));
        Assert.False(Warnings.IsDone(RectificationStatus.InProgress, ClosureState.Requested));
        Assert.Equal(WarningLight.None, Warnings.For(Today.AddDays(-3), null, RectificationStatus.InProgress, ClosureState.Approved, Today, Defaults));
        Assert.Equal(WarningLight.Red, Warnings.For(null, new YearMonth(2026, 5), RectificationStatus.NotStarted, ClosureState.None, Today, Defaults));
        Assert.Equal("超期 3 天", Warnings.DaysLeftText(-3));
        Assert.Equal("今天到期", Warnings.DaysLeftText(0));
        Assert.Equal("5 天", Warnings.DaysLeftText(5));
    }

    [Theory]
    [InlineData(-3, "红灯 逾期3天")]
    [InlineData(0, "黄灯 今天到期")]
    [InlineData(5, "黄灯 距期限5天")]
    [InlineData(15, "绿灯 距期限15天")]
    [InlineData(21, "")]
    public void The_light_is_said_in_words_with_its_days(int daysLeft, string expected) =>
        Assert.Equal(expected, Warnings.Label(Today.AddDays(daysLeft), Today, done: false, Defaults));

    [Fact]
    public void A_problem_done_or_without_a_date_has_no_label_and_the_rule_names_its_round_thresholds()
    {
        var p = new Problem { Title = "阵地建设" };
        Assert.Equal("", Warnings.Label(p, Today, Defaults));
        p.SetImportedStatus(RectificationStatus.Phased, null, new YearMonth(2026, 5));
        Assert.Equal("红灯 逾期1天", Warnings.Label(p, Today, Defaults));
        p.SetImportedStatus(RectificationStatus.Completed, null, new YearMonth(2026, 5));
        Assert.Equal("", Warnings.Label(p, Today, Defaults));
        var rule = Warnings.Rule(new DeadlineSettings { GreenDays = 30, YellowDays = 15 });
        Assert.Contains("不超过30天亮绿灯", rule);
        Assert.Contains("不超过15天（含到期当天）亮黄灯", rule);
    }

    [Fact]
    public void A_phased_problem_without_a_deadline_counts_to_the_end_of_its_expected_month()
    {
        var p = new Problem { Title = "阵地建设" };
        p.SetImportedStatus(RectificationStatus.Phased, null, new YearMonth(2024, 3));
        Assert.Equal(new DateOnly(2024, 3, 31), p.DueDate);
        Assert.Equal(WarningLight.Red, Warnings.For(p, Today, Defaults));
        Assert.Equal(WarningLight.Yellow, Warnings.For(p, new DateOnly(2024, 3, 25), Defaults));
        Assert.Equal(WarningLight.Green, Warnings.For(p, new DateOnly(2024, 3, 15), Defaults));

        p.SetImportedStatus(RectificationStatus.Completed, null, new YearMonth(2024, 3));
        Assert.Equal(WarningLight.None, Warnings.For(p, Today, Defaults));
    }

    [Fact]
    public void A_deadline_wins_over_the_expected_month()
    {
        var p = new Problem { Title = "x", Deadline = Today.AddDays(5) };
        p.SetImportedStatus(RectificationStatus.Phased, null, new YearMonth(2023, 12));
        Assert.Equal(WarningLight.Yellow, Warnings.For(p, Today, Defaults));
    }

    [Fact]
    public void Measures_light_up_until_they_are_done()
    {
        var m = new Measure { Text = "修订制度", Deadline = Today.AddDays(-2) };
        Assert.Equal(WarningLight.Red, Warnings.For(m, Today, Defaults));
        m.DoneOn = Today;
        Assert.Equal(WarningLight.None, Warnings.For(m, Today, Defaults));
    }

    [Fact]
    public void Milestones_count_from_the_feedback_date_with_the_defaults()
    {
        var i = new Inspection { FeedbackDate = PartialDate.Parse("2023-03-10") };
        var ms = Milestones.Of(i, Defaults, new DateOnly(2023, 4, 1));
        Assert.Equal(new DateOnly(2023, 4, 9), ms[0].Due);
        Assert.Equal(WarningLight.Yellow, ms[0].Light);
        Assert.Equal(new DateOnly(2023, 5, 9), ms[1].Due);
        Assert.Equal(WarningLight.None, ms[1].Light);
        Assert.Equal(new DateOnly(2023, 6, 10), ms[2].Due);
        Assert.Equal(WarningLight.None, Milestones.Of(i, Defaults, new DateOnly(2023, 7, 1), evaluated: true)[2].Light);
        Assert.Equal(WarningLight.Red, Milestones.Of(i, Defaults, new DateOnly(2023, 7, 1))[2].Light);
    }

    [Theory]
    [InlineData(-5, 60, 3, 20, 10, "整改方案时限须在反馈之后")]
    [InlineData(30, 0, 3, 20, 10, "整改情况报告时限须在反馈之后")]
    [InlineData(30, 60, 0, 20, 10, "集中整改期须在反馈之后")]
    [InlineData(30, 60, 3, 5, 10, "黄灯天数（10）不能多于绿灯天数（5）")]
    public void Settings_that_put_a_deadline_before_the_feedback_are_refused(int plan, int report, int months, int green, int yellow, string message)
    {
        var e = Assert.Throws<DomainException>(() => Milestones.Validate(new DeadlineSettings { PlanDays = plan, ReportDays = report, CentralisedMonths = months, GreenDays = green, YellowDays = yellow }));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Escalation_adds_people_as_the_light_worsens()
    {
        Assert.Equal([Addressee.ResponsiblePerson], Escalation.Addressees(WarningLight.Green));
        Assert.Equal([Addressee.ResponsiblePerson, Addressee.ResponsibleLeader], Escalation.Addressees(WarningLight.Yellow));
        Assert.Equal([Addressee.ResponsiblePerson, Addressee.ResponsibleLeader, Addressee.PrincipalLeader, Addressee.ParentLeaders, Addressee.Office, Addressee.Commission], Escalation.Addressees(WarningLight.Red));
        // By configured days past the deadline: the office, then the commission.
        var days = new EscalationDays(Office: 3, Commission: 7);
        Assert.DoesNotContain(Addressee.Office, Escalation.Addressees(WarningLight.Red, 2, days));
        Assert.Equal([Addressee.Office], Escalation.Addressees(WarningLight.Red, 3, days).Where(a => a is Addressee.Office or Addressee.Commission));
        Assert.Equal([Addressee.Office, Addressee.Commission], Escalation.Addressees(WarningLight.Red, 7, days).Where(a => a is Addressee.Office or Addressee.Commission));
        Assert.Empty(Escalation.Addressees(WarningLight.None));
        Assert.NotEqual(Escalation.EventKey(1, WarningLight.Red, Today, "u"), Escalation.EventKey(1, WarningLight.Red, Today.AddDays(3), "u"));
    }

    /// <summary>The reminder as its readers get it (inbox, e-mail, robot): Chinese with full-width marks only, between its names and numbers too.</summary>
    [Fact]
    public void A_reminder_reads_in_chinese_with_full_width_marks()
    {
        var p = new Problem { Ordinal = 3, Title = "撂荒地复耕不到位", ResponsibleLeader = "李副镇长", ResponsibleDepartment = "农业办" };
        p.SetDeadline(Today.AddDays(-2));
        var title = Escalation.Title(p, WarningLight.Red, Today.AddDays(-2), Today);
        var body = Escalation.Body(p, WarningLight.Red, Today.AddDays(-2), [Addressee.ResponsibleLeader], "城北镇");
        Assert.Equal("【红灯】问题3“撂荒地复耕不到位”已超期 2 天", title);
        Assert.StartsWith("城北镇 问题3：撂荒地复耕不到位\n整改时限：2026年5月30日", body);
        Assert.DoesNotMatch("[,:;()!?]", title + body);
    }
}

public class EvaluationTests
{
    static readonly GradeThresholds T = new();

    static Evaluation With(params (decimal Weight, decimal Score)[] c) => new()
    {
        EvaluatedBy = "jw1",
        Criteria = c.Select((x, i) => new EvaluationCriterion { Name = "标准" + i, Weight = x.Weight, Score = x.Score }).ToList(),
    };

    [Theory]
    [InlineData(100, "优秀")]
    [InlineData(90, "优秀")]
    [InlineData(89.9, "合格")]
    [InlineData(75, "合格")]
    [InlineData(74.9, "基本合格")]
    [InlineData(60, "基本合格")]
    [InlineData(59.9, "不合格")]
    [InlineData(0, "不合格")]
    public void Grades_follow_the_thresholds(double score, string grade)
    {
        var e = With((100, (decimal)score));
        Evaluations.Score(e, T);
        Assert.Equal(grade, e.Grade.Chinese());
    }

    [Fact]
    public void The_total_weighs_each_criterion_and_the_last_two_grades_call_for_follow_up()
    {
        var e = With((60, 80), (40, 50));
        Evaluations.Score(e, T);
        Assert.Equal(68m, e.Total);
        Assert.Equal(EvaluationGrade.BasicPass, e.Grade);
        Assert.True(Evaluations.CallsForFollowUp(e.Grade));
        Assert.False(Evaluations.CallsForFollowUp(EvaluationGrade.Pass));
        Assert.Equal(EvaluationGrade.Excellent, Evaluations.Grade(85, new GradeThresholds { Excellent = 85 }));
    }

    [Theory]
    [InlineData(101, "不在 0–100 之间")]
    [InlineData(-1, "不在 0–100 之间")]
    public void A_score_outside_0_to_100_is_refused(double score, string message)
    {
        var e = Assert.Throws<DomainException>(() => Evaluations.Score(With((100, (decimal)score)), T));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Weights_must_add_up_to_100() =>
        Assert.Equal("各项权重之和须为 100，现为 90", Assert.Throws<DomainException>(() => Evaluations.Score(With((50, 80), (40, 80)), T)).Message);
}
