using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;

namespace Rectify.Tests.Core;

/// <summary>The rules of each action, on the entities themselves (issue 17 item 3): an illegal move throws DomainException saying why.</summary>
public class ActionRulesTests
{
    static readonly DateTimeOffset Now = new(2024, 3, 1, 2, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = new(2024, 3, 1);

    /// <summary>An in-progress problem with evidence and two measures, the first done.</summary>
    static Problem Working()
    {
        var p = new Problem { Title = "撂荒复耕", Ordinal = 3, Measures = [new() { Ordinal = 1, Text = "排查", DoneOn = Today }, new() { Ordinal = 2, Text = "复耕" }] };
        p.ChangeStatus(RectificationStatus.InProgress);
        var e = p.AddProgress(Today, "已复耕", "editor");
        e.Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Sha256 = new string('0', 64), StoredPath = "x", UploadedBy = "editor" });
        return p;
    }

    static Problem Requested()
    {
        var p = Working();
        p.ChangeStatus(RectificationStatus.Completed, reason: "复耕转入长效机制");
        p.RequestClosure("editor", Now);
        return p;
    }

    [Fact]
    public void Completed_needs_every_measure_done_or_a_reason_which_is_kept()
    {
        var p = Working();
        var e = Assert.Throws<DomainException>(() => p.ChangeStatus(RectificationStatus.Completed));
        Assert.Equal("改为“已完成整改”前，须完成全部整改措施（第2项尚未完成），或说明未全部完成即认定完成的理由", e.Message);
        Assert.Equal(RectificationStatus.InProgress, p.Status);
        Assert.Throws<DomainException>(() => p.ChangeStatus(RectificationStatus.CompletedSustained, reason: "  "));

        p.ChangeStatus(RectificationStatus.Completed, reason: " 复耕转入长效机制 ");
        Assert.Equal(RectificationStatus.Completed, p.Status);
        Assert.Equal("复耕转入长效机制", p.CompletionReason);

        var done = Working();
        done.Measures[1].DoneOn = Today;
        done.ChangeStatus(RectificationStatus.Completed);
        Assert.Null(done.CompletionReason);

        var none = new Problem { Title = "无措施" };
        none.AddProgress(Today, "x", "e").Evidence.Add(new Evidence { FileName = "a.pdf", ContentType = "application/pdf", Sha256 = "0", StoredPath = "x", UploadedBy = "e" });
        Assert.Contains("须先录入整改措施", Assert.Throws<DomainException>(() => none.ChangeStatus(RectificationStatus.Completed)).Message);
    }

    [Fact]
    public void A_closure_is_verified_once_by_someone_outside_the_unit_who_did_not_ask()
    {
        Assert.Equal("没有待审核的销号申请", Assert.Throws<DomainException>(() => Working().ApproveClosure("jw", false, Now)).Message);
        var p = Requested();
        Assert.Equal("申请人不能审核自己的销号申请", Assert.Throws<DomainException>(() => p.ApproveClosure("editor", false, Now)).Message);
        Assert.Equal("销号须由被巡察单位以外的人员（巡察办或纪委）核验，本单位人员不能审核", Assert.Throws<DomainException>(() => p.ApproveClosure("leader", true, Now)).Message);
        Assert.Throws<DomainException>(() => p.RejectClosure("leader", true, "不实", Now));
        Assert.Equal("驳回销号须说明理由", Assert.Throws<DomainException>(() => p.RejectClosure("jw", false, " ", Now)).Message);
        Assert.Equal(ClosureState.Requested, p.Closure.State);

        p.ApproveClosure("jw", false, Now);
        Assert.True(p.IsClosed);
        Assert.Equal("问题已销号，没有待审核的销号申请", Assert.Throws<DomainException>(() => p.ApproveClosure("jw2", false, Now)).Message);
        Assert.Throws<DomainException>(() => p.ChangeStatus(RectificationStatus.CompletedSustained, reason: "x"));
    }

    [Fact]
    public void A_rejected_closure_goes_back_to_in_progress_with_the_reason()
    {
        var p = Requested();
        p.RejectClosure("jw", false, "照片不能证明复耕", Now);
        Assert.Equal(RectificationStatus.InProgress, p.Status);
        Assert.Equal(ClosureState.Rejected, p.Closure.State);
        Assert.Equal("照片不能证明复耕", p.Closure.Reason);
    }

    [Fact]
    public void Reopening_after_a_look_back_needs_a_reason_and_undoes_the_closure()
    {
        var p = Requested();
        p.ApproveClosure("jw", false, Now);
        Assert.Equal("回头看重新打开问题须说明理由", Assert.Throws<DomainException>(() => p.ReopenByLookBack(" ", "jw", Today)).Message);
        var r = p.ReopenByLookBack("复耕地块再次撂荒", "jw", Today);
        Assert.Equal(RectificationStatus.InProgress, p.Status);
        Assert.Equal(ClosureState.None, p.Closure.State);
        Assert.Equal(ReviewResult.Reopened, r.Result);
        Assert.Same(r, Assert.Single(p.Reviews));
        // Not completed any more: a comment cannot reopen it again, and a decided look-back is not decided twice.
        Assert.Contains("只有已完成整改的问题才需要重新打开", Assert.Throws<DomainException>(() => p.ReopenByLookBack("又撂荒", "jw", Today)).Message);
        Assert.Equal("该回头看已经完成", Assert.Throws<DomainException>(() => p.ReopenByLookBack("又撂荒", "jw", Today, r)).Message);
    }

    [Fact]
    public void A_planned_look_back_of_a_long_term_problem_is_recorded_without_a_status_change()
    {
        var p = new Problem { Title = "长效机制", Kind = RectificationKind.LongTerm };
        p.ChangeStatus(RectificationStatus.InProgress);
        var planned = LookBack.Schedule(p, Today, Today);
        p.ReopenByLookBack("机制未落实", "jw", Today, planned);
        Assert.Equal(RectificationStatus.InProgress, p.Status);
        Assert.Equal(ReviewResult.Reopened, planned.Result);
    }

    [Fact]
    public void Withholding_needs_a_short_reason_and_no_notice_under_review()
    {
        var p = Working();
        Assert.Equal("问题3不予公开须写明理由（如“涉及个人隐私”）", Assert.Throws<DomainException>(() => p.SetWithheld(true, " ", false)).Message);
        Assert.Equal("不予公开的理由不能超过100个字", Assert.Throws<DomainException>(() => p.SetWithheld(true, new string('密', 101), false)).Message);
        Assert.Equal("公告正在审核中，不能更改不予公开的问题；如需更改，请先退回修改", Assert.Throws<DomainException>(() => p.SetWithheld(true, "涉及个人隐私", true)).Message);
        p.SetWithheld(true, " 涉及个人隐私 ", false);
        Assert.True(p.Withheld);
        Assert.Equal("涉及个人隐私", p.WithheldReason);
        p.SetWithheld(true, "涉及个人隐私", true); // no change: nothing to refuse
        p.SetWithheld(false, null, false);
        Assert.False(p.Withheld);
        Assert.Null(p.WithheldReason);
    }

    [Fact]
    public void An_extension_is_asked_with_a_reason_for_a_later_day_once_and_decided_by_another()
    {
        var p = Working();
        p.SetDeadline(new DateOnly(2024, 6, 30));
        Assert.Equal("延期后的时限 2024-02-01 已经过去", Assert.Throws<DomainException>(() => p.RequestExtension(new DateOnly(2024, 2, 1), "冬季", "editor", Now, Today)).Message);
        Assert.Contains("须晚于现在的时限", Assert.Throws<DomainException>(() => p.RequestExtension(new DateOnly(2024, 6, 1), "冬季", "editor", Now, Today)).Message);
        Assert.Equal("申请延期须说明理由", Assert.Throws<DomainException>(() => p.RequestExtension(new DateOnly(2024, 9, 30), " ", "editor", Now, Today)).Message);
        var e = p.RequestExtension(new DateOnly(2024, 9, 30), "冬季", "editor", Now, Today);
        Assert.Equal("已有待审批的延期申请", Assert.Throws<DomainException>(() => p.RequestExtension(new DateOnly(2024, 10, 30), "再延", "editor", Now, Today)).Message);
        Assert.Equal("申请人不能审批自己的延期申请", Assert.Throws<DomainException>(() => p.DecideExtension(e, true, "editor", null, Now)).Message);
        p.DecideExtension(e, true, "leader", null, Now);
        Assert.Equal(new DateOnly(2024, 9, 30), p.Deadline);
    }

    [Fact]
    public void A_deadline_is_set_once_where_there_is_none_and_then_moves_only_by_an_approved_extension()
    {
        var p = Working();
        p.SetDeadline(null);
        Assert.Null(p.Deadline);
        p.SetDeadline(new DateOnly(2024, 6, 30));
        p.SetDeadline(new DateOnly(2024, 6, 30)); // the same date again (a form saved twice) changes nothing
        var e = Assert.Throws<DomainException>(() => p.SetDeadline(new DateOnly(2024, 9, 30)));
        Assert.Equal("整改时限已定为 2024-06-30，只能通过申请延期并获批准来变更", e.Message);
        Assert.Equal(new DateOnly(2024, 6, 30), p.Deadline);
        // A refused extension leaves it; an approved one moves it.
        p.DecideExtension(p.RequestExtension(new DateOnly(2024, 8, 31), "冬季", "editor", Now, Today), false, "leader", "理由不充分", Now);
        Assert.Equal(new DateOnly(2024, 6, 30), p.Deadline);
        p.DecideExtension(p.RequestExtension(new DateOnly(2024, 9, 30), "冬季", "editor", Now, Today), true, "leader", null, Now);
        Assert.Equal(new DateOnly(2024, 9, 30), p.Deadline);
        // A closed problem takes no deadline.
        var closed = Requested();
        closed.ApproveClosure("district", verifierOfTheUnit: false, Now);
        Assert.Throws<DomainException>(() => closed.SetDeadline(new DateOnly(2024, 6, 30)));
    }

    [Fact]
    public void Notices_and_reports_go_through_one_sign_off()
    {
        SignedDocument[] documents = [new Notice { Title = "公告" }, new UpwardReport { Kind = UpwardReportKind.Rectification }];
        foreach (var d in documents)
        {
            var name = d is Notice ? "公告" : "整改情况报告";
            Assert.Equal($"只有已提交审核的{name}才能审批", Assert.Throws<DomainException>(() => d.Approve("leader", Now, Ok)).Message);
            Assert.Contains("保密审查", Assert.Throws<DomainException>(() => d.Submit("editor", Now, secrecyReviewed: false, Ok)).Message);
            Assert.Equal($"只有审核中或已审批未发布的{name}可以退回修改", Assert.Throws<DomainException>(() => d.Return()).Message);
            d.Submit("editor", Now, secrecyReviewed: true, Ok);
            Assert.Equal($"{name}已提交审核，不能重复提交", Assert.Throws<DomainException>(() => d.Submit("editor", Now, true, Ok)).Message);
            Assert.Equal("审批人不能是提交人本人：请由单位主要负责人审批", Assert.Throws<DomainException>(() => d.Approve("editor", Now, Ok)).Message);
            Assert.Equal($"{name}须经单位主要负责人审批后才能发布", Assert.Throws<DomainException>(() => d.EnsurePublishable(Ok)).Message);
            d.Approve("leader", Now, Ok);
            Assert.Equal(SignOffState.Approved, d.State);
            Assert.Equal($"{name}已审批，不能重复审批", Assert.Throws<DomainException>(() => d.Approve("leader", Now, Ok)).Message);
            d.Return();
            Assert.Equal(SignOffState.Draft, d.State);
            Assert.Null(d.SubmittedBy);
            Assert.Null(d.ApprovedBy);
        }
        var n = new Notice { Title = "公告" };
        n.Submit("editor", Now, true, Ok);
        n.Approve("leader", Now, Ok);
        n.Publish("leader", Now, "正文", "sha", "{}", Ok);
        Assert.Equal(SignOffState.Published, n.State);
        Assert.Equal("该公告已发布，不能重复发布", Assert.Throws<DomainException>(() => n.Publish("leader", Now, "正文", "sha", "{}", Ok)).Message);
        Assert.Equal("公告已发布，不能再提交审核", Assert.Throws<DomainException>(() => n.Submit("editor", Now, true, Ok)).Message);
    }

    /// <summary>A complete upward document: what the sign-off lets through.</summary>
    static readonly Rectify.Core.Documents.OfficialDocument Ok = new()
    {
        Content = new Rectify.Core.Notices.ComposedNotice("关于整改情况的报告",
            [new(Rectify.Core.Notices.NoticeBlockLevel.Title, "关于整改情况的报告"), new(Rectify.Core.Notices.NoticeBlockLevel.Body, "正文。")],
            new Rectify.Core.Interchange.LedgerCounts(), "中共某镇委员会", new DateOnly(2024, 3, 1)),
        Upward = true, AgencyCode = "某党", Serial = 3, Signer = "张三", MainRecipient = "区委巡察工作领导小组",
    };
}
