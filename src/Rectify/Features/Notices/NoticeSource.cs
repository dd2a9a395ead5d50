using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;
using Rectify.Data;

namespace Rectify.Features.Notices;

/// <summary>
/// Fills a <see cref="NoticeInput"/> from the database: the inspection and its round, the target
/// organisation's full name and contact channels, the leading group, meetings, policy documents,
/// outcomes and every problem with its measures and withheld flag.
/// </summary>
public static class NoticeSource
{
    /// <summary>
    /// The input as of <paramref name="asOf"/>: the problems that existed at the end of that day, each
    /// with its status and expected month then, rebuilt from the history by the same rule as the
    /// overview of that date (<see cref="Overview.OverviewQuery.At"/>), so that a notice and the
    /// dashboard of one date count the same. Meetings and policies dated after the as-of date are left
    /// out, since the notice could not have reported them then.
    /// </summary>
    public static async Task<NoticeInput> LoadAsync(RectifyDb db, int inspectionId, DateOnly asOf, Notice? draft, CancellationToken ct = default)
    {
        var i = await db.Inspections.AsNoTracking()
            .Include(x => x.Round)
            .Include(x => x.Categories)
            .Include(x => x.Problems).ThenInclude(p => p.Measures)
            .Include(x => x.LeadingGroup).Include(x => x.Meetings).Include(x => x.PolicyDocuments).Include(x => x.Outcomes)
            .Include(x => x.Targets).ThenInclude(t => t.Organization)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == inspectionId, ct)
            ?? throw new NotFoundException($"巡察 {inspectionId} 不存在");
        var org = i.Targets.OrderBy(t => t.Ordinal).FirstOrDefault()?.Organization;
        var then = Overview.OverviewQuery.At(
                await Overview.OverviewQuery.ReadHistoryAsync(db, db.Problems.AsNoTracking().Where(p => p.InspectionId == inspectionId), ct), db.Office, asOf)
            .ToDictionary(p => p.Id, p => p.State);

        var input = new NoticeInput
        {
            Issuer = org?.FullName ?? i.Issuer ?? "",
            AsOf = asOf,
            Inspection = new NoticeInspection
            {
                Kind = i.Kind,
                Body = i.Round?.Body,
                Round = i.Round?.Name,
                Group = i.Group,
                Target = i.TargetName ?? org?.Name,
                OnSiteFrom = i.OnSiteFrom,
                OnSiteTo = i.OnSiteTo,
                FeedbackDate = i.FeedbackDate,
            },
            Contacts = new NoticeContacts
            {
                Phone = org?.ContactPhone,
                Mailbox = org?.ContactMailbox,
                Postcode = org?.ContactPostcode,
                Email = org?.ContactEmail,
            },
            TitleTemplate = string.IsNullOrWhiteSpace(draft?.TitleTemplate) ? DefaultTitle(i) : draft.TitleTemplate,
            DocumentKind = draft?.DocumentKind ?? DefaultKind(i),
            LeadershipText = draft?.LeadershipText,
            NextStepsText = draft?.NextStepsText,
            Narrative = LedgerJson.ReadNarrative(i.NarrativeJson),
        };

        foreach (var c in i.Categories.OrderBy(c => c.Ordinal))
            input.Categories.Add(new NoticeCategory
            {
                Ordinal = c.Ordinal,
                Title = c.Title,
                Problems = i.Problems.Where(p => p.CategoryId == c.Id && then.ContainsKey(p.Id)).OrderBy(p => p.Ordinal).Select(p => new NoticeProblem
                {
                    Ordinal = p.Ordinal,
                    Title = p.Title,
                    Status = then[p.Id].Status,
                    StatusText = p.StatusText,
                    Items = p.SpecificItems,
                    ExpectedCompletion = then[p.Id].Expected,
                    NotFeasibleReason = p.NotFeasibleReason,
                    Measures = [.. p.Measures.OrderBy(m => m.Ordinal).Select(m => m.Text)],
                    Withheld = p.Withheld,
                    WithheldReason = p.WithheldReason,
                }).ToList(),
            });

        // 组长 first, then 副组长, then the members, each in the order they were recorded.
        input.LeadingGroup.AddRange(i.LeadingGroup
            .OrderBy(m => m.Role.Contains("副组长", StringComparison.Ordinal) ? 1 : m.Role.Contains("组长", StringComparison.Ordinal) ? 0 : 2)
            .ThenBy(m => m.Id)
            .Select(m => new LeadingGroupEntry(m.Name, m.Role, m.Title)));
        input.Meetings.AddRange(i.Meetings.Where(m => m.Date is null || m.Date <= asOf).OrderBy(m => m.Date).ThenBy(m => m.Id).Select(m => new NoticeMeeting(m.Kind, m.Date)));
        input.Policies.AddRange(i.PolicyDocuments.Where(d => d.AdoptedOn is null || d.AdoptedOn <= asOf).Select(d => d.Kind));
        input.Outcomes.AddRange(i.Outcomes.Select(o => new NoticeOutcome(o.Kind, o.Persons, o.AmountYuan)));
        return input;
    }

    /// <summary>The imported notice's own title (a template without placeholders), else the default template.</summary>
    public static string DefaultTitle(Inspection i) => string.IsNullOrWhiteSpace(i.Title) ? NoticeInput.DefaultTitleTemplate : i.Title;

    /// <summary>通报 when the imported notice was one.</summary>
    public static NoticeDocumentKind DefaultKind(Inspection i) =>
        i.Title?.TrimEnd().EndsWith("通报", StringComparison.Ordinal) == true ? NoticeDocumentKind.Circular : NoticeDocumentKind.Announcement;

    /// <summary>"2023-09-08" or "2023年9月8日"; anything else is refused with the accepted forms.</summary>
    public static DateOnly ParseDate(string text)
    {
        var t = text.Trim();
        if (DateOnly.TryParseExact(t, ["yyyy-MM-dd", "yyyy-M-d", "yyyy年M月d日"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var d))
            return d;
        throw new DomainException($"截至日期“{text}”无法识别，请写成 2023-09-08 或 2023年9月8日");
    }
}
