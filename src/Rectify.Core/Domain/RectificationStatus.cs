using System.Text.RegularExpressions;

namespace Rectify.Core.Domain;

/// <summary>整改状态: what a progress notice publishes for a problem (DOMAIN.md "Status values").</summary>
public enum RectificationStatus
{
    NotStated,
    NotStarted,
    InProgress,
    Phased,
    NotFeasible,
    Completed,
    CompletedSustained,
}

/// <summary>
/// The buckets every screen counts problems by: the header chips, ledger totals, overview, notices,
/// reports and exports. The one table of status → bucket → notice wording is <see cref="Statuses.Bucket"/>
/// and <see cref="StatusBuckets.InNotice"/> (docs/lights-and-buckets.md); the one counting function is
/// <see cref="StatusCounts"/>. NotStated holds the problems of an imported notice that gave no status.
/// </summary>
public enum StatusBucket { NotStarted, InProgress, Phased, Completed, Sustained, NotFeasible, NotStated }

/// <summary>The groups of a notice's summary sentence ("已完成整改11个，暂不具备整改条件0个，正在推进3个").</summary>
public enum NoticeGroup { Completed, NotFeasible, InProgress, NotStated }

public static class StatusBuckets
{
    /// <summary>The buckets in the order of the work, as chips and charts show them.</summary>
    public static readonly IReadOnlyList<StatusBucket> All = Enum.GetValues<StatusBucket>();

    /// <summary>The chip's words.</summary>
    public static string Chinese(this StatusBucket b) => b switch
    {
        StatusBucket.NotStarted => "未启动",
        StatusBucket.InProgress => "正在推进",
        StatusBucket.Phased => "取得阶段性成效",
        StatusBucket.Completed => "已完成",
        StatusBucket.Sustained => "长期坚持",
        StatusBucket.NotFeasible => "暂不具备条件",
        StatusBucket.NotStated => "未说明",
        _ => throw new ArgumentOutOfRangeException(nameof(b)),
    };

    public static string Code(this StatusBucket b) => b switch
    {
        StatusBucket.NotStarted => "not-started",
        StatusBucket.InProgress => "in-progress",
        StatusBucket.Phased => "phased",
        StatusBucket.Completed => "completed",
        StatusBucket.Sustained => "completed-sustained",
        StatusBucket.NotFeasible => "not-feasible",
        StatusBucket.NotStated => "not-stated",
        _ => throw new ArgumentOutOfRangeException(nameof(b)),
    };

    public static StatusBucket? FromCode(string? code) =>
        All.Where(b => string.Equals(b.Code(), code, StringComparison.Ordinal)).Select(b => (StatusBucket?)b).FirstOrDefault();

    /// <summary>Done: counted as 已完成整改 in a notice and in the completion rate; no warning light.</summary>
    public static bool IsDone(this StatusBucket b) => b is StatusBucket.Completed or StatusBucket.Sustained;

    /// <summary>Which group of a notice's summary sentence a bucket is counted in: the notice says "正在推进" for all open work.</summary>
    public static NoticeGroup InNotice(this StatusBucket b) => b switch
    {
        StatusBucket.Completed or StatusBucket.Sustained => NoticeGroup.Completed,
        StatusBucket.NotFeasible => NoticeGroup.NotFeasible,
        StatusBucket.NotStated => NoticeGroup.NotStated,
        _ => NoticeGroup.InProgress,
    };

    /// <summary>The notice's words for a group.</summary>
    public static string Chinese(this NoticeGroup g) => g switch
    {
        NoticeGroup.Completed => "已完成整改",
        NoticeGroup.NotFeasible => "暂不具备整改条件",
        NoticeGroup.InProgress => "正在推进",
        // The importer's "未说明" is its own bookkeeping; what an office tells a higher body is that no progress came in.
        _ => "尚未报送整改进展",
    };

    /// <summary>
    /// "另有3个问题尚未报送整改进展": the upward reports' and the round summary's one clause for the problems
    /// whose status no one has stated. Written also for none; the sentence it stands in goes through
    /// <see cref="Notices.NoticeComposer.WithoutZeroClauses"/>, which leaves "另有0个…" out.
    /// </summary>
    public static string UnreportedClause(int problems) => $"另有{problems}个问题{NoticeGroup.NotStated.Chinese()}";

    /// <summary>The statuses of a bucket, for a database filter.</summary>
    public static IReadOnlyList<RectificationStatus> Statuses(this StatusBucket b) =>
        Domain.Statuses.All.Where(s => s.Bucket() == b).ToList();
}

public static partial class Statuses
{
    public static readonly IReadOnlyList<RectificationStatus> All = Enum.GetValues<RectificationStatus>();

    public static string Code(this RectificationStatus s) => s switch
    {
        RectificationStatus.NotStated => "not-stated",
        RectificationStatus.NotStarted => "not-started",
        RectificationStatus.InProgress => "in-progress",
        RectificationStatus.Phased => "phased",
        RectificationStatus.NotFeasible => "not-feasible",
        RectificationStatus.Completed => "completed",
        RectificationStatus.CompletedSustained => "completed-sustained",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>The usual Chinese form, as a notice or the ledger shows it.</summary>
    public static string Chinese(this RectificationStatus s) => s switch
    {
        RectificationStatus.NotStated => "未说明",
        RectificationStatus.NotStarted => "未启动",
        RectificationStatus.InProgress => "正在推进",
        RectificationStatus.Phased => "取得阶段性成效",
        RectificationStatus.NotFeasible => "暂不具备整改条件",
        RectificationStatus.Completed => "已完成整改",
        RectificationStatus.CompletedSustained => "已完成整改并长期坚持",
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    /// <summary>
    /// The status in words: as the office wrote it ("已取得阶段性成效") while that still reads as
    /// <paramref name="s"/>, otherwise the usual form; the status, not the words, is what counts.
    /// </summary>
    public static string Wording(this RectificationStatus s, string? written) =>
        !string.IsNullOrWhiteSpace(written) && FromText(written) == s ? written.Trim() : s.Chinese();

    /// <summary>The one table of status → bucket (docs/lights-and-buckets.md); the notice's wording follows from the bucket.</summary>
    public static StatusBucket Bucket(this RectificationStatus s) => s switch
    {
        RectificationStatus.NotStarted => StatusBucket.NotStarted,
        RectificationStatus.InProgress => StatusBucket.InProgress,
        RectificationStatus.Phased => StatusBucket.Phased,
        RectificationStatus.Completed => StatusBucket.Completed,
        RectificationStatus.CompletedSustained => StatusBucket.Sustained,
        RectificationStatus.NotFeasible => StatusBucket.NotFeasible,
        RectificationStatus.NotStated => StatusBucket.NotStated,
        _ => throw new ArgumentOutOfRangeException(nameof(s)),
    };

    public static bool IsCompleted(this RectificationStatus s) => s.Bucket().IsDone();

    /// <summary>The statuses counted as done, for a database filter built from this table rather than written again.</summary>
    public static readonly IReadOnlyList<RectificationStatus> Done = [.. Enum.GetValues<RectificationStatus>().Where(s => s.IsCompleted())];

    public static bool TryParseCode(string? code, out RectificationStatus status)
    {
        foreach (var s in All)
            if (string.Equals(s.Code(), code, StringComparison.Ordinal)) { status = s; return true; }
        status = default;
        return false;
    }

    public static RectificationStatus ParseCode(string code) =>
        TryParseCode(code, out var s) ? s
            : throw new DomainException($"未知的整改状态代码“{code}”，应为 {string.Join("、", All.Select(a => a.Code()))} 之一");

    /// <summary>
    /// Reads a written status ("已完成整改,长期坚持", "已取得阶段性成效,预计2023年12月完成", "整改中")
    /// into its code. Order matters: the sustained and phased forms contain the plain ones.
    /// </summary>
    public static RectificationStatus? FromText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var t = text.Replace("，", ",").Replace(" ", "");
        if (t.Contains("暂不具备") || t.Contains("不具备整改条件")) return RectificationStatus.NotFeasible;
        if (t.Contains("阶段性") || t.Contains("基本完成") || t.Contains("基本整改")) return RectificationStatus.Phased;
        if (t.Contains("未启动") || t.Contains("尚未整改") || t.Contains("未开始")) return RectificationStatus.NotStarted;
        var done = t.Contains("已完成") || t.Contains("已整改到位") || t.Contains("已销号") || t.Contains("整改完成") || t.Contains("已整改") || t.Contains("完成整改");
        var sustained = t.Contains("长期坚持") || t.Contains("持续推进") || t.Contains("持续深化") || t.Contains("常态化");
        if (done && sustained) return RectificationStatus.CompletedSustained;
        if (done && !t.Contains("未完成")) return RectificationStatus.Completed;
        if (t.Contains("正在") || t.Contains("推进") || t.Contains("整改中") || t.Contains("持续整改") || t.Contains("未完成")) return RectificationStatus.InProgress;
        if (sustained) return RectificationStatus.CompletedSustained;
        // A bare "完成688个" in a summary split; not a plan such as "预计2024年6月完成".
        if (t.Contains("完成") && !t.Contains("未完成") && !PlannedRegex().IsMatch(t)) return RectificationStatus.Completed;
        return null;
    }

    /// <summary>"预计2023年12月完成" in a status text, as a month.</summary>
    public static YearMonth? ExpectedMonthIn(string? text)
    {
        if (string.IsNullOrEmpty(text) || !text.Contains('年') || !text.Contains("完成")) return null; // most texts: skip the regex
        var m = ExpectedRegex().Match(text);
        if (!m.Success) return null;
        var y = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        var mo = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        return mo is >= 1 and <= 12 && y is >= 1900 and <= 2200 ? new YearMonth(y, mo) : null;
    }

    [GeneratedRegex(@"预计|计划|力争|争取|将于|年底前|月底前")]
    private static partial Regex PlannedRegex();

    [GeneratedRegex(@"(?:预计|计划|力争|争取|将于|于)?\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:\d{1,2}\s*日)?\s*(?:底|末|前|份)?\s*(?:前)?\s*(?:完成|全面完成|整改完成|完成整改)")]
    private static partial Regex ExpectedRegex();
}
