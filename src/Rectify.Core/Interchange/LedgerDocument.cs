using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Rectify.Core.Domain;

namespace Rectify.Core.Interchange;

/// <summary>
/// The interchange JSON of a parsed notice or a ledger (DOMAIN.md "Interchange format").
/// Fields may be added; none of the documented ones renamed.
/// </summary>
public sealed class LedgerDocument
{
    public string? Title { get; set; }
    public string? Issuer { get; set; }
    public DateOnly? Date { get; set; }
    /// <summary>The month of a signature date that gives no day ("2025年9月"): kept as stated, <see cref="Date"/> then null.</summary>
    public YearMonth? DateMonth { get; set; }
    public InspectionInfo Inspection { get; set; } = new();
    public SummaryClaim? SummaryClaim { get; set; }
    public List<CategoryItem> Categories { get; set; } = [];
    public LedgerCounts Counts { get; set; } = new();
    public Outcomes Outcomes { get; set; } = new();
    public List<Finding> Findings { get; set; } = [];
    /// <summary>Paragraphs the parser could not place, kept rather than dropped.</summary>
    public List<string>? Notes { get; set; }
    /// <summary>Contact channels the notice gives.</summary>
    public Contacts? Contacts { get; set; }
    /// <summary>
    /// The notice's own words outside the problems, verbatim and in order: opening, summary, work done,
    /// next steps, closing. A notice written back from the ledger keeps the office's wording from here.
    /// </summary>
    public List<NarrativePart>? Narrative { get; set; }
    /// <summary>
    /// The fingerprint of the notice's text (<see cref="Import.NoticeImporter.SourceHash"/>) when the document comes
    /// from an import preview: saving it then tells a second import of the same notice.
    /// </summary>
    public string? SourceHash { get; set; }

    public IEnumerable<ProblemItem> AllProblems => Categories.SelectMany(c => c.Problems);

    /// <summary>The aspects (方面) of the feedback: its categories but the placeholder of a flat notice.</summary>
    [JsonIgnore]
    public int Aspects => Categories.Count(c => !CategoryItem.IsUncategorised(c.Title));

    /// <summary>
    /// Recomputes <see cref="Counts"/> from the body; the summary claim is never trusted. The placeholder category of a
    /// flat notice is no aspect (<see cref="Aspects"/>): "两个方面" said of a flat notice would be false.
    /// </summary>
    public LedgerDocument WithComputedCounts()
    {
        Counts = LedgerCounts.Of(Aspects, AllProblems.Select(p => Statuses.TryParseCode(p.Status, out var s) ? s : RectificationStatus.NotStated));
        return this;
    }
}

public sealed class InspectionInfo
{
    public string? Kind { get; set; }
    /// <summary>The kind <see cref="Kind"/> names; a ledger that names none is of a 巡察, as most are.</summary>
    [JsonIgnore]
    public InspectionKind KindOrXuncha => InspectionKinds.FromText(Kind) ?? InspectionKind.Xuncha;
    public string? Body { get; set; }
    public string? Round { get; set; }
    public string? Group { get; set; }
    public string? Target { get; set; }
    public DateRange? OnSite { get; set; }
    public PartialDate? FeedbackDate { get; set; }
}

public sealed class DateRange
{
    public PartialDate? From { get; set; }
    public PartialDate? To { get; set; }
}

/// <summary>What the notice's own summary sentence says, as stated (it may contradict the body).</summary>
public sealed class SummaryClaim
{
    public string Text { get; set; } = "";
    public int? Categories { get; set; }
    public int? Problems { get; set; }
    public int? Completed { get; set; }
    public int? NotFeasible { get; set; }
    public int? InProgress { get; set; }
    /// <summary>A percentage as written ("整改完成率76%" is 76).</summary>
    public decimal? CompletionRate { get; set; }
    /// <summary>
    /// Each count the sentence states, in its own words, kept apart even where two fall in one group
    /// ("基本完成4个" and "正在推进2个" are both counted in <see cref="InProgress"/>). The words map to a status
    /// by the one table, <see cref="Statuses.FromText"/>: 已完成 → completed, 长期坚持 → completed-sustained,
    /// 基本完成 and 取得阶段性成效 → phased, 正在推进 and 未完成 → in-progress, 暂不具备条件 → not-feasible;
    /// the status's bucket (<see cref="Statuses.Bucket"/>) decides the group.
    /// </summary>
    public List<StatedBucket>? Buckets { get; set; }
    /// <summary>
    /// Counts the summary states of other things than problems, as written ("制定整改措施9条", "建立制度12项",
    /// "问责5人"): never added to a problem count; "整改措施N条" as the total is checked against the measures found.
    /// </summary>
    public List<StatedCount>? Counts { get; set; }
}

/// <summary>A count of measures or outcomes a summary states: "制定整改措施9条" is text "制定整改措施9条", count 9, unit "条".</summary>
public sealed class StatedCount
{
    public string Text { get; set; } = "";
    public int Count { get; set; }
    public string Unit { get; set; } = "";
}

/// <summary>An amount as an audit notice states it: "追回资金8.6万元" is text "追回资金", 86000 yuan.</summary>
public sealed class StatedAmount
{
    public string Text { get; set; } = "";
    public decimal Yuan { get; set; }
}

/// <summary>One count of a summary sentence: "基本完成4个" is text "基本完成", count 4, status "phased".</summary>
public sealed class StatedBucket
{
    public string Text { get; set; } = "";
    public int Count { get; set; }
    public string Status { get; set; } = "";
    /// <summary>"其中长期坚持5个": a part of the count before it, not added to the groups again.</summary>
    public bool Within { get; set; }
}

public sealed class CategoryItem
{
    /// <summary>The category a notice without aspect headings puts its problems in; a notice written back gives it no heading.</summary>
    public const string Uncategorised = "未分类问题";

    /// <summary>The placeholder is no aspect of the feedback: not counted as one, given no heading.</summary>
    public static bool IsUncategorised(string title) => title.Trim() == Uncategorised;

    public int Ordinal { get; set; }
    public string Title { get; set; } = "";
    public List<ProblemItem> Problems { get; set; } = [];
}

public sealed class ProblemItem
{
    public int Ordinal { get; set; }
    public string Title { get; set; } = "";
    /// <summary>A status code of <see cref="Statuses"/> ("completed-sustained", "not-stated"…).</summary>
    public string Status { get; set; } = "not-stated";
    public string? StatusText { get; set; }
    public YearMonth? ExpectedCompletion { get; set; }
    public List<string> Measures { get; set; } = [];
    /// <summary>
    /// Each measure's owner, deadline and completion, in the order of <see cref="Measures"/> (null for a measure
    /// without any); the whole list null when no measure has one. A ledger's export carries them, a notice does not.
    /// </summary>
    public List<MeasureDetail?>? MeasureDetails { get; set; }
    /// <summary>具体表现 ("(1)…") under the problem.</summary>
    public List<string>? Items { get; set; }

    // Ledger fields beyond what a notice gives; present on exports of a ledger.
    public string? Detail { get; set; }
    public string? Goal { get; set; }
    public string? Kind { get; set; }
    public string? ResponsibleLeader { get; set; }
    public string? ResponsibleDepartment { get; set; }
    public string? ResponsiblePerson { get; set; }
    public DateOnly? Deadline { get; set; }
    public decimal? AmountInvolved { get; set; }
    public decimal? AmountRectified { get; set; }
    /// <summary>Each amount an audit notice states for the problem, in its own words and in yuan (整改金额, 追回资金, 归还原渠道…).</summary>
    public List<StatedAmount>? Amounts { get; set; }
    public string? NotFeasibleReason { get; set; }
    /// <summary>销号情况 in words ("已销号", "待销号"…).</summary>
    public string? Closure { get; set; }
    /// <summary>整改进展: the latest progress entry, as the ledger's column shows it.</summary>
    public string? Progress { get; set; }
    /// <summary>佐证材料: a list of evidence file names.</summary>
    public string? Evidence { get; set; }
    public string? Remarks { get; set; }
}

/// <summary>整改措施's 责任人, 时限 and 完成日期 beside its text.</summary>
public sealed record MeasureDetail(string? Owner, DateOnly? Deadline, DateOnly? DoneOn)
{
    public bool IsEmpty => Owner is null && Deadline is null && DoneOn is null;

    /// <summary>The list for <see cref="ProblemItem.MeasureDetails"/>: null when no measure has a detail.</summary>
    public static List<MeasureDetail?>? ListOf(IEnumerable<MeasureDetail?> details)
    {
        var list = details.Select(d => d is null || d.IsEmpty ? null : d).ToList();
        return list.All(d => d is null) ? null : list;
    }
}

/// <summary>
/// Counts computed from the body (or the ledger), never copied from the summary. Completed,
/// NotFeasible, InProgress and NotStated are the notice's wording (<see cref="NoticeGroup"/>: "正在推进"
/// there is all open work); <see cref="Buckets"/> the six buckets of the chips. Both from <see cref="StatusCounts"/>.
/// </summary>
public sealed class LedgerCounts
{
    public int Categories { get; set; }
    public int Problems { get; set; }
    public int Completed { get; set; }
    public int NotFeasible { get; set; }
    public int InProgress { get; set; }
    public int NotStated { get; set; }
    /// <summary>Problems per bucket, by the bucket's code (the status codes: "not-started", "in-progress", "phased", "completed", "completed-sustained", "not-feasible", "not-stated").</summary>
    public Dictionary<string, int> Buckets { get; set; } = [];

    /// <summary>Completed over all problems, in percent with one decimal; null when there are none.</summary>
    [JsonIgnore]
    public decimal? CompletionRate => Problems == 0 ? null : Math.Round(100m * Completed / Problems, 1);

    public int Bucket(StatusBucket b) => Buckets.GetValueOrDefault(b.Code());

    public static LedgerCounts Of(int categories, IEnumerable<RectificationStatus> statuses) => Of(categories, StatusCounts.Of(statuses));

    public static LedgerCounts Of(int categories, StatusCounts c) => new()
    {
        Categories = categories,
        Problems = c.Total,
        Completed = c.In(NoticeGroup.Completed),
        NotFeasible = c.In(NoticeGroup.NotFeasible),
        InProgress = c.In(NoticeGroup.InProgress),
        NotStated = c.In(NoticeGroup.NotStated),
        Buckets = StatusBuckets.All.ToDictionary(b => b.Code(), b => c[b]),
    };
}

/// <summary>What the rectification produced beside problem counts (DOMAIN.md "Outcomes are counted too").</summary>
public sealed class Outcomes
{
    public int? Policies { get; set; }
    public int? WorkPlans { get; set; }
    public int? Schemes { get; set; }
    public int? Meetings { get; set; }
    /// <summary>Accountability actions: kind code (see <see cref="OutcomeKinds"/>) → persons.</summary>
    public Dictionary<string, int>? Accountability { get; set; }
    public decimal? FundsRecoveredYuan { get; set; }
    public int? Measures { get; set; }
    public int? SubMeasures { get; set; }
}

/// <summary>One part of a notice that holds no problems, as written.</summary>
public sealed class NarrativePart
{
    /// <summary>
    /// "opening", "summary", "work-done", "next-steps" or "closing"; "problems" marks where the problems
    /// part stood and holds its heading only ("二、坚持问题导向,推动巡察整改工作"), when it has one of its own.
    /// </summary>
    public string Role { get; set; } = "";
    /// <summary>The part's heading as written ("一、提高政治站位,压实整改责任"), if it has one.</summary>
    public string? Heading { get; set; }
    /// <summary>Its lines as written, sub-headings included.</summary>
    public List<string> Paragraphs { get; set; } = [];

    /// <summary>
    /// On the "problems" part: how the notice headed its problems, after their numbers, with <see cref="TitleSlot"/>
    /// for a problem's words ("关于{title}的问题。", "{title}。"), so a notice written back heads them the office's
    /// way; null: Rectify's own "对“…”的整改进展情况". Kept with the narrative, where the notice's own form lives.
    /// </summary>
    public string? ProblemHeading { get; set; }

    /// <summary>Where a problem's words go in <see cref="ProblemHeading"/>.</summary>
    public const string TitleSlot = "{title}";

    /// <summary>Rectify's own heading of a problem, as a ledger typed here is written.</summary>
    public const string RectifyProblemHeading = "对“" + TitleSlot + "”的整改进展情况";
}

public sealed class Contacts
{
    public string? Phone { get; set; }
    public string? Mailbox { get; set; }
    public string? Postcode { get; set; }
    public string? Email { get; set; }
}

public sealed record Finding(string Code, string Severity, string Message)
{
    public const string Error = "error", Warning = "warning", Info = "info";
}

public static class LedgerJson
{
    /// <summary>camelCase, Chinese kept readable, nulls left out, indented.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string Write(LedgerDocument doc) => JsonSerializer.Serialize(doc, Options);

    /// <summary>A notice's own words as stored with its inspection; null when it had none.</summary>
    public static string? WriteNarrative(List<NarrativePart>? narrative) =>
        narrative is { Count: > 0 } ? JsonSerializer.Serialize(narrative, Options) : null;

    public static List<NarrativePart>? ReadNarrative(string? json) =>
        string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<List<NarrativePart>>(json, Options);

    /// <summary>Reads and validates a ledger; every problem is named by its place in the file.</summary>
    public static LedgerDocument Read(string json)
    {
        LedgerDocument? doc;
        try
        {
            doc = JsonSerializer.Deserialize<LedgerDocument>(json, Options);
        }
        catch (JsonException e)
        {
            var where = e.Path is null ? "" : $"（位置 {e.Path}" + (e.LineNumber is { } l ? $"，第{l + 1}行" : "") + "）";
            throw new DomainException($"JSON 格式错误{where}：{e.Message.Split(". Path")[0]}");
        }
        if (doc is null) throw new DomainException("JSON 为空");
        Validate(doc);
        return doc;
    }

    public static void Validate(LedgerDocument doc)
    {
        var seenCats = new HashSet<int>();
        var seenProblems = new HashSet<int>();
        for (var i = 0; i < doc.Categories.Count; i++)
        {
            var c = doc.Categories[i];
            var cw = $"categories[{i}]";
            if (string.IsNullOrWhiteSpace(c.Title)) throw new DomainException($"{cw}：方面标题为空");
            if (!seenCats.Add(c.Ordinal)) throw new DomainException($"{cw}：方面序号 {c.Ordinal} 重复");
            for (var j = 0; j < c.Problems.Count; j++)
            {
                var p = c.Problems[j];
                var pw = $"{cw}.problems[{j}]";
                if (string.IsNullOrWhiteSpace(p.Title)) throw new DomainException($"{pw}：问题标题为空");
                if (!seenProblems.Add(p.Ordinal)) throw new DomainException($"{pw}：问题序号 {p.Ordinal} 重复");
                if (!Statuses.TryParseCode(p.Status, out _))
                    throw new DomainException($"{pw}（问题 {p.Ordinal}）：未知的整改状态代码“{p.Status}”，应为 {string.Join("、", Statuses.All.Select(a => a.Code()))} 之一");
                if (p.Kind is not null && RectificationKinds.FromText(p.Kind) is null)
                    throw new DomainException($"{pw}（问题 {p.Ordinal}）：未知的整改类型“{p.Kind}”");
            }
        }
    }
}
