using Rectify.Core.Domain;
using Rectify.Core.Interchange;

namespace Rectify.Core.Notices;

/// <summary>公告 (public announcement) or 通报 (circular): the word that ends the title.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter))]
public enum NoticeDocumentKind { Announcement, Circular }

/// <summary>
/// Everything a progress notice (整改进展情况公告) is composed from. The web app fills it from
/// the database; <see cref="FromLedger"/> fills it from an interchange ledger.
/// </summary>
public sealed class NoticeInput
{
    /// <summary>
    /// The default title; placeholders: {issuer} {short} {inspection} {body} {round} {group} {target} {kind} {doc}.
    /// {inspection} is body and round naming their kind ("九届区委第二轮巡察", "巡察" with neither), so that
    /// "中共…关于巡察整改进展情况的通报" is the title of a notice without a round.
    /// </summary>
    public const string DefaultTitleTemplate = "{issuer}关于{inspection}整改进展情况的{doc}";

    /// <summary>发文机关 full name, which signs the notice ("中共梅州市梅江区城北镇委员会").</summary>
    public string Issuer { get; set; } = "";
    /// <summary>How the text names the organisation in sentences ("城北镇党委", "镇党委"); defaults to the target.</summary>
    public string? ShortName { get; set; }
    public NoticeInspection Inspection { get; set; } = new();
    /// <summary>截至 date of the figures, and the date the notice carries.</summary>
    public DateOnly AsOf { get; set; }
    public string TitleTemplate { get; set; } = DefaultTitleTemplate;
    public NoticeDocumentKind DocumentKind { get; set; } = NoticeDocumentKind.Announcement;

    public List<NoticeCategory> Categories { get; set; } = [];
    public List<LeadingGroupEntry> LeadingGroup { get; set; } = [];
    public List<NoticeMeeting> Meetings { get; set; } = [];
    public List<PolicyKind> Policies { get; set; } = [];
    public List<NoticeOutcome> Outcomes { get; set; } = [];

    /// <summary>Section 一 as edited by the unit; paragraphs split on line breaks. Empty: composed from the records.</summary>
    public string? LeadershipText { get; set; }
    /// <summary>Section 三 as edited by the unit; paragraphs split on line breaks. Empty: composed from the records.</summary>
    public string? NextStepsText { get; set; }
    public NoticeContacts Contacts { get; set; } = new();
    /// <summary>
    /// The office's own words of an imported notice (opening, summary, work done, next steps, closing,
    /// and where the problems stood), verbatim. When present the notice is written in them, with only
    /// the summary's figures restated from the ledger; <see cref="LeadershipText"/> and
    /// <see cref="NextStepsText"/>, when given, replace the work-done and next-steps paragraphs.
    /// </summary>
    public List<NarrativePart>? Narrative { get; set; }

    public string Name => string.IsNullOrWhiteSpace(ShortName) ? Inspection.Target ?? Issuer : ShortName;
    public IEnumerable<NoticeProblem> AllProblems => Categories.SelectMany(c => c.Problems);

    /// <summary>
    /// A notice input from an interchange ledger (an imported notice or a ledger export). The ledger
    /// carries meeting and policy counts only, so meetings become that many of kind "会议" and policies
    /// that many rules, work plans and schemes. <paramref name="asOf"/> defaults to the ledger's date.
    /// </summary>
    public static NoticeInput FromLedger(LedgerDocument ledger, DateOnly? asOf = null, string? shortName = null, NoticeContacts? contacts = null)
    {
        var i = ledger.Inspection;
        var input = new NoticeInput
        {
            Issuer = ledger.Issuer ?? "",
            ShortName = shortName,
            AsOf = asOf ?? ledger.Date ?? throw new DomainException("台账没有日期，请指定公告的截至日期"),
            Inspection = new NoticeInspection
            {
                Kind = i.KindOrXuncha,
                Body = i.Body,
                Round = i.Round,
                Group = i.Group,
                Target = i.Target,
                OnSiteFrom = i.OnSite?.From,
                OnSiteTo = i.OnSite?.To,
                FeedbackDate = i.FeedbackDate,
            },
            Contacts = contacts ?? new NoticeContacts
            {
                Phone = ledger.Contacts?.Phone,
                Mailbox = ledger.Contacts?.Mailbox,
                Postcode = ledger.Contacts?.Postcode,
                Email = ledger.Contacts?.Email,
            },
        };
        if (ledger.Title?.EndsWith("通报", StringComparison.Ordinal) == true) input.DocumentKind = NoticeDocumentKind.Circular;
        // An imported notice keeps its title and its own words.
        if (!string.IsNullOrWhiteSpace(ledger.Title)) input.TitleTemplate = ledger.Title;
        input.Narrative = ledger.Narrative;

        foreach (var c in ledger.Categories.OrderBy(c => c.Ordinal))
            input.Categories.Add(new NoticeCategory
            {
                Ordinal = c.Ordinal,
                Title = c.Title,
                Problems = c.Problems.OrderBy(p => p.Ordinal).Select(p => new NoticeProblem
                {
                    Ordinal = p.Ordinal,
                    Title = p.Title,
                    Status = Statuses.TryParseCode(p.Status, out var s) ? s : RectificationStatus.NotStated,
                    StatusText = p.StatusText,
                    Items = p.Items ?? [],
                    ExpectedCompletion = p.ExpectedCompletion,
                    NotFeasibleReason = p.NotFeasibleReason,
                    Measures = [.. p.Measures],
                }).ToList(),
            });

        var o = ledger.Outcomes;
        input.Meetings.AddRange(Enumerable.Repeat(new NoticeMeeting("会议"), o.Meetings ?? 0));
        input.Policies.AddRange(Enumerable.Repeat(PolicyKind.Rule, o.Policies ?? 0));
        input.Policies.AddRange(Enumerable.Repeat(PolicyKind.WorkPlan, o.WorkPlans ?? 0));
        input.Policies.AddRange(Enumerable.Repeat(PolicyKind.Scheme, o.Schemes ?? 0));
        foreach (var (code, persons) in o.Accountability ?? [])
        {
            var kind = OutcomeKinds.All.FirstOrDefault(a => a.Code == code);
            if (kind.Chinese is not null) input.Outcomes.Add(new NoticeOutcome(kind.Kind, persons));
        }
        if (o.FundsRecoveredYuan is { } yuan) input.Outcomes.Add(new NoticeOutcome(OutcomeKind.FundsRecovered, 0, yuan));
        return input;
    }
}

public sealed class NoticeInspection
{
    public InspectionKind Kind { get; set; } = InspectionKind.Xuncha;
    /// <summary>The inspecting body ("九届区委").</summary>
    public string? Body { get; set; }
    /// <summary>"第二轮巡察".</summary>
    public string? Round { get; set; }
    /// <summary>"第一组".</summary>
    public string? Group { get; set; }
    /// <summary>被巡察党组织 ("城北镇党委").</summary>
    public string? Target { get; set; }
    public PartialDate? OnSiteFrom { get; set; }
    public PartialDate? OnSiteTo { get; set; }
    public PartialDate? FeedbackDate { get; set; }
}

public sealed class NoticeCategory
{
    public int Ordinal { get; set; }
    public string Title { get; set; } = "";
    public List<NoticeProblem> Problems { get; set; } = [];
}

public sealed class NoticeProblem
{
    /// <summary>序号 across categories, as the ledger numbers it.</summary>
    public int Ordinal { get; set; }
    public string Title { get; set; } = "";
    public RectificationStatus Status { get; set; } = RectificationStatus.NotStated;
    /// <summary>The status as the imported notice worded it ("已取得阶段性成效,预计2023年12月完成"); used while it still reads as <see cref="Status"/>.</summary>
    public string? StatusText { get; set; }
    /// <summary>预计X年X月完成; shown for phased and in-progress problems.</summary>
    public YearMonth? ExpectedCompletion { get; set; }
    /// <summary>Why a not-feasible problem cannot be fixed now; shown after its status.</summary>
    public string? NotFeasibleReason { get; set; }
    /// <summary>具体表现 under the problem ("(1)…"), as the imported notice listed them.</summary>
    public List<string> Items { get; set; } = [];
    /// <summary>整改措施, in order ("一是…二是…"); a line break inside one starts another paragraph of it.</summary>
    public List<string> Measures { get; set; } = [];
    /// <summary>Counted but not itemised in the public notice (secrecy review).</summary>
    public bool Withheld { get; set; }
    /// <summary>What it touches, for "另有N个问题涉及…不予公开" ("涉密事项", "个人隐私").</summary>
    public string? WithheldReason { get; set; }
}

/// <summary>A member of 整改工作领导小组: role 组长 / 副组长 / 成员, and title (镇党委书记).</summary>
public sealed record LeadingGroupEntry(string Name, string Role, string? Title = null);

/// <summary>A meeting held for the rectification ("党委会议", "专题民主生活会").</summary>
public sealed record NoticeMeeting(string Kind, DateOnly? Date = null);

/// <summary>An accountability action (persons) or recovered funds (yuan).</summary>
public sealed record NoticeOutcome(OutcomeKind Kind, int Persons, decimal? AmountYuan = null);

public sealed class NoticeContacts
{
    public string? Phone { get; set; }
    /// <summary>邮政信箱 ("梅州市梅江区城北镇人民政府").</summary>
    public string? Mailbox { get; set; }
    public string? Postcode { get; set; }
    public string? Email { get; set; }

    public bool HasAny => !string.IsNullOrWhiteSpace(Phone) || !string.IsNullOrWhiteSpace(Mailbox) || !string.IsNullOrWhiteSpace(Email);
}
