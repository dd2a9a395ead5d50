namespace Rectify.Core.Domain;

/// <summary>
/// The one counting of problems by status bucket. Every screen and document that counts problems
/// (header chips, ledger totals, overview, notices, upward reports, exports) asks this: from the
/// statuses themselves, or from per-status totals a database GROUP BY gave, folded here with the one
/// table <see cref="Statuses.Bucket"/> (docs/lights-and-buckets.md).
/// </summary>
public sealed class StatusCounts
{
    readonly int[] counts = new int[StatusBuckets.All.Count];

    public int this[StatusBucket b] => counts[(int)b];

    public int Total => counts.Sum();

    /// <summary>已完成 and 长期坚持: what a notice calls 已完成整改 and the completion rate counts.</summary>
    public int Done => StatusBuckets.All.Where(b => b.IsDone()).Sum(b => this[b]);

    /// <summary>Done over all problems, in percent with one decimal; null when there are none.</summary>
    public decimal? CompletionRate => Total == 0 ? null : Math.Round(100m * Done / Total, 1);

    /// <summary>The count a notice's summary sentence gives for a group.</summary>
    public int In(NoticeGroup g) => StatusBuckets.All.Where(b => b.InNotice() == g).Sum(b => this[b]);

    /// <summary>
    /// Counts already made, added bucket by bucket (a unit's own and its children's, up the organisation
    /// tree): a subtotal is the sum of its parts' buckets, never counted again from statuses.
    /// </summary>
    public static StatusCounts Sum(IEnumerable<StatusCounts> parts)
    {
        var c = new StatusCounts();
        foreach (var part in parts)
            for (var i = 0; i < c.counts.Length; i++) c.counts[i] += part.counts[i];
        return c;
    }

    public static StatusCounts Of(IEnumerable<RectificationStatus> statuses) => Of(statuses.Select(s => KeyValuePair.Create(s, 1)));

    /// <summary>Folds per-status totals (a GROUP BY status in SQL) into the buckets.</summary>
    public static StatusCounts Of(IEnumerable<KeyValuePair<RectificationStatus, int>> perStatus)
    {
        var c = new StatusCounts();
        foreach (var (status, n) in perStatus) c.counts[(int)status.Bucket()] += n;
        return c;
    }
}
