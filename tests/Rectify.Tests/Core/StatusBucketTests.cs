using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Tests.Core;

/// <summary>The one table of status → bucket → notice wording, and the one counting function (docs/lights-and-buckets.md).</summary>
public class StatusBucketTests
{
    [Theory]
    [InlineData(RectificationStatus.NotStarted, StatusBucket.NotStarted, "未启动", NoticeGroup.InProgress)]
    [InlineData(RectificationStatus.InProgress, StatusBucket.InProgress, "正在推进", NoticeGroup.InProgress)]
    [InlineData(RectificationStatus.Phased, StatusBucket.Phased, "取得阶段性成效", NoticeGroup.InProgress)]
    [InlineData(RectificationStatus.Completed, StatusBucket.Completed, "已完成", NoticeGroup.Completed)]
    [InlineData(RectificationStatus.CompletedSustained, StatusBucket.Sustained, "长期坚持", NoticeGroup.Completed)]
    [InlineData(RectificationStatus.NotFeasible, StatusBucket.NotFeasible, "暂不具备条件", NoticeGroup.NotFeasible)]
    [InlineData(RectificationStatus.NotStated, StatusBucket.NotStated, "未说明", NoticeGroup.NotStated)]
    public void Each_status_has_one_bucket_and_one_notice_wording(RectificationStatus status, StatusBucket bucket, string chip, NoticeGroup notice)
    {
        Assert.Equal(bucket, status.Bucket());
        Assert.Equal(chip, bucket.Chinese());
        Assert.Equal(notice, bucket.InNotice());
        Assert.Equal(bucket, StatusBuckets.FromCode(bucket.Code()));
        Assert.Equal([status], bucket.Statuses());
    }

    [Fact]
    public void Not_started_problems_are_not_counted_as_in_progress_but_the_notice_says_in_progress_for_all_open_work()
    {
        var c = StatusCounts.Of([RectificationStatus.NotStarted, RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.Phased,
            RectificationStatus.Completed, RectificationStatus.CompletedSustained, RectificationStatus.NotFeasible]);
        Assert.Equal(2, c[StatusBucket.NotStarted]);
        Assert.Equal(1, c[StatusBucket.InProgress]);
        Assert.Equal(1, c[StatusBucket.Phased]);
        Assert.Equal(1, c[StatusBucket.Completed]);
        Assert.Equal(1, c[StatusBucket.Sustained]);
        Assert.Equal(7, c.Total);
        Assert.Equal(2, c.Done);
        Assert.Equal(28.6m, c.CompletionRate);
        Assert.Equal(4, c.In(NoticeGroup.InProgress));
        Assert.Equal(2, c.In(NoticeGroup.Completed));

        var ledger = LedgerCounts.Of(3, c);
        Assert.Equal((7, 2, 4, 1, 0), (ledger.Problems, ledger.Completed, ledger.InProgress, ledger.NotFeasible, ledger.NotStated));
        Assert.Equal(2, ledger.Bucket(StatusBucket.NotStarted));
        Assert.Equal(1, ledger.Bucket(StatusBucket.InProgress));
    }

    [Fact]
    public void Per_status_totals_from_a_group_by_fold_into_the_same_counts()
    {
        var statuses = new[] { RectificationStatus.NotStarted, RectificationStatus.Phased, RectificationStatus.Phased, RectificationStatus.CompletedSustained };
        var folded = StatusCounts.Of(statuses.GroupBy(s => s).Select(g => KeyValuePair.Create(g.Key, g.Count())));
        var counted = StatusCounts.Of(statuses);
        Assert.All(StatusBuckets.All, b => Assert.Equal(counted[b], folded[b]));
        Assert.Equal(Statuses.All.Where(s => s.IsCompleted()), Statuses.Done);
    }

    [Fact]
    public void A_subtotal_is_its_parts_counts_added_bucket_by_bucket()
    {
        // A town's own problems and its two villages': the subtotal is the same as counting all of them at once.
        RectificationStatus[] town = [RectificationStatus.NotStarted, RectificationStatus.Completed], village1 = [RectificationStatus.Phased, RectificationStatus.NotStated],
            village2 = [RectificationStatus.CompletedSustained, RectificationStatus.NotFeasible, RectificationStatus.InProgress];
        var sum = StatusCounts.Sum([StatusCounts.Of(town), StatusCounts.Of(village1), StatusCounts.Of(village2)]);
        var all = StatusCounts.Of([.. town, .. village1, .. village2]);
        Assert.All(StatusBuckets.All, b => Assert.Equal(all[b], sum[b]));
        Assert.Equal((7, 2, 28.6m), (sum.Total, sum.Done, sum.CompletionRate));
        Assert.Equal(0, StatusCounts.Sum([]).Total);
    }
}
