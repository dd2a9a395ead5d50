using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Data;

namespace Rectify.Features.Inspections;

/// <summary>Moves whole ledgers between the interchange JSON and the database.</summary>
public static class LedgerTransfer
{
    /// <summary>The round a ledger is stored under: its inspecting body and round name, the title when the notice names no round.</summary>
    public static (string Body, string Name) RoundOf(LedgerDocument doc) =>
        (doc.Inspection.Body ?? "", doc.Inspection.Round ?? doc.Title ?? "未命名轮次");

    /// <summary>
    /// Stores a ledger as a new inspection, creating its organisation and round when missing.
    /// One SaveChanges: either all of it is written or nothing. Rounds are the district's, set up
    /// by the inspection office: a unit's import (<paramref name="mayCreateRound"/> false) goes into
    /// an existing round and never adds one.
    /// </summary>
    /// <param name="sourceHash">The imported notice's <see cref="Core.Import.NoticeImporter.SourceHash"/>, kept to tell a second import of it.</param>
    /// <param name="actorId">The account importing (not told of its own import); null from the command line.</param>
    public static async Task<Inspection> LoadAsync(RectifyDb db, LedgerDocument doc, OfficeClock clock, int? organizationId = null, CancellationToken ct = default, bool mayCreateRound = true, string? sourceHash = null,
        string? actorId = null)
    {
        LedgerJson.Validate(doc);
        if (doc.Categories.Count == 0 || !doc.AllProblems.Any())
            throw new DomainException("台账中没有问题，未保存");

        var org = organizationId is { } oid
            ? await db.Organizations.FindAsync([oid], ct) ?? throw new NotFoundException($"组织 {oid} 不存在")
            : await FindOrCreateOrganizationAsync(db, doc, ct);

        var info = doc.Inspection;
        var kind = InspectionKinds.FromText(info.Kind) ?? InspectionKinds.FromText(info.Round) ?? InspectionKind.Xuncha;
        var (body, roundName) = RoundOf(doc);
        var round = await FindRoundAsync(db, doc, ct);
        if (round is null && !mayCreateRound)
            throw new DomainException($"巡察轮次“{body}{roundName}”尚未建立：轮次由巡察办在“管理 › 轮次与巡察”中建立，请改为已有的轮次（巡察主体和轮次名称须一致）或联系巡察办");
        round ??= db.Rounds.Add(new InspectionRound { Body = body, Name = roundName, Kind = kind }).Entity;

        var inspection = new Inspection
        {
            Round = round,
            Kind = kind,
            Group = info.Group,
            TargetName = info.Target ?? org.Name,
            OnSiteFrom = info.OnSite?.From,
            OnSiteTo = info.OnSite?.To,
            FeedbackDate = info.FeedbackDate,
            Title = doc.Title,
            Issuer = doc.Issuer,
            NoticeDate = doc.Date,
            SummaryClaimText = doc.SummaryClaim?.Text,
            SourceHash = sourceHash,
            NarrativeJson = LedgerJson.WriteNarrative(doc.Narrative),
            CreatedAt = clock.UtcNow,
        };
        inspection.Targets.Add(new InspectionTarget { Organization = org, OrganizationId = org.Id, Ordinal = 1 });
        // The problems existed from the feedback date, not from the import (never later than now).
        var existsFrom = Earlier(ImportedDates.ExistsFrom(doc), clock, inspection.CreatedAt);
        var statuses = new List<(Problem Problem, DateTimeOffset From)>();

        foreach (var c in doc.Categories.OrderBy(c => c.Ordinal))
        {
            var category = new Category { Ordinal = c.Ordinal, Title = c.Title };
            inspection.Categories.Add(category);
            foreach (var p in c.Problems.OrderBy(p => p.Ordinal))
            {
                var problem = new Problem
                {
                    Inspection = inspection,
                    Category = category,
                    Ordinal = p.Ordinal,
                    Title = p.Title,
                    Detail = p.Detail,
                    SpecificItems = p.Items ?? [],
                    Goal = p.Goal,
                    Kind = RectificationKinds.FromText(p.Kind) ?? RectificationKind.Deadline,
                    ResponsibleLeader = p.ResponsibleLeader,
                    ResponsibleDepartment = p.ResponsibleDepartment,
                    ResponsiblePerson = p.ResponsiblePerson,
                    Deadline = p.Deadline,
                    AmountInvolved = p.AmountInvolved,
                    AmountRectified = p.AmountRectified,
                    Amounts = p.Amounts is { Count: > 0 } stated ? [.. stated.Select(a => new ProblemAmount(a.Text, a.Yuan))] : null,
                    Remarks = p.Remarks,
                    CreatedAt = existsFrom,
                };
                problem.SetImportedStatus(Statuses.ParseCode(p.Status), p.StatusText, p.ExpectedCompletion, p.NotFeasibleReason);
                statuses.Add((problem, Earlier(ImportedDates.StatusFrom(p, doc.Date), clock, inspection.CreatedAt)));
                for (var i = 0; i < p.Measures.Count; i++)
                {
                    var d = p.MeasureDetails is { } ds && i < ds.Count ? ds[i] : null;
                    problem.Measures.Add(new Measure { Ordinal = i + 1, Text = p.Measures[i], Owner = d?.Owner, Deadline = d?.Deadline, DoneOn = d?.DoneOn });
                }
                // 整改进展 of an imported ledger is kept as a progress entry, so that it exports back unchanged.
                if (!string.IsNullOrWhiteSpace(p.Progress))
                    problem.Progress.Add(new ProgressEntry { Date = clock.Today, Text = p.Progress, Author = db.Actor });
                inspection.Problems.Add(problem);
                category.Problems.Add(problem);
            }
        }

        AddOutcomes(inspection, doc.Outcomes);
        if (doc.Contacts is { } contacts && !org.HasContacts)
        {
            org.ContactPhone = contacts.Phone; org.ContactMailbox = contacts.Mailbox;
            org.ContactPostcode = contacts.Postcode; org.ContactEmail = contacts.Email;
        }
        if (org.FullName is null && doc.Issuer is not null) org.FullName = doc.Issuer;

        // The names of the ledger become accounts where exactly one account of the unit bears them; the rest wait on /admin/people.
        var candidates = await Problems.PeopleLinks.CandidatesAsync(db, org.Id == 0 ? [] : [org.Id], ct);
        // Who answers for each problem is told once for the whole ledger (Assignments), when the problems have their numbers.
        var assigned = new Notifications.Assignments();
        var tree = await Problems.Departments.TreeAsync(db, ct);
        var choices = await Problems.Departments.ChoicesAsync(db, ct);
        foreach (var p in inspection.Problems)
        {
            Problems.PeopleLinks.LinkNames(p, candidates);
            assigned.Note(p, Notifications.Responsibility.Nobody,
                Notifications.Responsibility.Of(p, Problems.Departments.Of(p.ResponsibleDepartment, org.Id == 0 ? null : org.Id, tree, choices)));
        }
        db.Inspections.Add(inspection);
        DateStatuses(db, statuses, existsFrom, clock);
        await db.SaveChangesAsync(ct);
        await assigned.TellAsync(db, actorId, ct);
        if (db.ChangeTracker.HasChanges()) await db.SaveChangesAsync(ct);
        return inspection;
    }

    /// <summary>The office's start of <paramref name="day"/>, unless that is after <paramref name="now"/> (or there is no day).</summary>
    static DateTimeOffset Earlier(DateOnly? day, OfficeClock clock, DateTimeOffset now) =>
        day is { } d && clock.StartOf(d).ToUniversalTime() is var start && start < now ? start : now;

    /// <summary>
    /// The stated statuses enter the history on the day the document dates them: until then the
    /// problem was 未启动. A completed one is completed from that day (the completion trend's date).
    /// </summary>
    static void DateStatuses(RectifyDb db, List<(Problem Problem, DateTimeOffset From)> statuses, DateTimeOffset existsFrom, OfficeClock clock)
    {
        foreach (var (problem, stated) in statuses)
        {
            var from = stated < existsFrom ? existsFrom : stated;
            if (problem.Status.IsCompleted()) db.Entry(problem).Property(x => x.CompletedOn).CurrentValue = clock.DateOf(from);
            if (from == existsFrom || problem.Status == RectificationStatus.NotStarted) continue;
            var change = db.ProblemChanges.Add(new ProblemChange
            {
                At = from, By = db.Actor, Field = "Status", Before = RectificationStatus.NotStarted.Code(), After = problem.Status.Code(),
            });
            // The problem's key is given on save: relate the change through its temporary value.
            change.Property(c => c.ProblemId).CurrentValue = db.Entry(problem).Property(x => x.Id).CurrentValue;
        }
    }

    static void AddOutcomes(Inspection inspection, Outcomes o)
    {
        void Policies(int? n, PolicyKind kind)
        {
            for (var i = 1; i <= (n ?? 0); i++)
                inspection.PolicyDocuments.Add(new PolicyDocument { Kind = kind, Title = $"{kind.Chinese()}{i}（导入时未列明名称）" });
        }
        Policies(o.Policies, PolicyKind.Rule);
        Policies(o.WorkPlans, PolicyKind.WorkPlan);
        Policies(o.Schemes, PolicyKind.Scheme);
        for (var i = 1; i <= (o.Meetings ?? 0); i++)
            inspection.Meetings.Add(new Meeting { Kind = "会议", Title = $"整改会议{i}（导入时未列明名称）" });
        foreach (var (code, persons) in o.Accountability ?? [])
        {
            var kind = OutcomeKinds.All.FirstOrDefault(a => a.Code == code || a.Chinese == code);
            if (kind.Chinese is null) throw new DomainException($"outcomes.accountability：未知的问责方式“{code}”");
            inspection.Outcomes.Add(new OutcomeRecord { Kind = kind.Kind, Persons = persons });
        }
        if (o.FundsRecoveredYuan is { } funds)
            inspection.Outcomes.Add(new OutcomeRecord { Kind = OutcomeKind.FundsRecovered, AmountYuan = funds });
    }

    /// <summary>The saved round a ledger would be stored under (<see cref="RoundOf"/>), or null when loading it would add one.</summary>
    public static async Task<InspectionRound?> FindRoundAsync(RectifyDb db, LedgerDocument doc, CancellationToken ct = default)
    {
        var (body, name) = RoundOf(doc);
        return db.Rounds.Local.FirstOrDefault(r => r.Body == body && r.Name == name)
            ?? await db.Rounds.FirstOrDefaultAsync(r => r.Body == body && r.Name == name, ct);
    }

    /// <summary>The saved organisation a ledger names (its issuer's full name, or its target with or without the Party suffix), or null when loading it would add one.</summary>
    public static Task<Organization?> FindOrganizationAsync(RectifyDb db, LedgerDocument doc, CancellationToken ct = default)
    {
        var target = doc.Inspection.Target;
        var issuer = doc.Issuer;
        var shortName = target is null ? null : ShortName(target);
        return db.Organizations.FirstOrDefaultAsync(o =>
            (issuer != null && o.FullName == issuer) || (target != null && o.Name == target) || (shortName != null && o.Name == shortName), ct);
    }

    static async Task<Organization> FindOrCreateOrganizationAsync(RectifyDb db, LedgerDocument doc, CancellationToken ct)
    {
        if (await FindOrganizationAsync(db, doc, ct) is { } org) return org;
        var target = doc.Inspection.Target;
        var issuer = doc.Issuer;
        var shortName = target is null ? null : ShortName(target);
        var name = shortName ?? issuer ?? doc.Title ?? throw new DomainException("台账没有写明被巡察单位（inspection.target）或发文单位（issuer）");
        return db.Organizations.Add(new Organization { Name = name, FullName = issuer }).Entity;
    }

    /// <summary>"城北镇党委" names the Party committee of the organisation "城北镇".</summary>
    public static string ShortName(string partyOrganisation)
    {
        foreach (var suffix in new[] { "党委", "党组", "党工委", "党总支", "党支部" })
            if (partyOrganisation.Length > suffix.Length && partyOrganisation.EndsWith(suffix, StringComparison.Ordinal))
                return partyOrganisation[..^suffix.Length];
        return partyOrganisation;
    }

    /// <summary>The ledger of an inspection in the interchange JSON, counts computed from the ledger.</summary>
    public static async Task<LedgerDocument?> ExportAsync(RectifyDb db, int inspectionId, CancellationToken ct = default)
    {
        var i = await db.Inspections.AsNoTracking()
            .Include(x => x.Round)
            .Include(x => x.Categories)
            .Include(x => x.Problems).ThenInclude(p => p.Measures)
            .Include(x => x.Problems).ThenInclude(p => p.Progress).ThenInclude(p => p.Evidence)
            .Include(x => x.Outcomes).Include(x => x.PolicyDocuments).Include(x => x.Meetings)
            .Include(x => x.Targets).ThenInclude(t => t.Organization)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == inspectionId, ct);
        if (i is null) return null;
        var org = i.Targets.OrderBy(t => t.Ordinal).FirstOrDefault()?.Organization;

        var doc = new LedgerDocument
        {
            Title = i.Title,
            Issuer = i.Issuer ?? org?.FullName,
            Date = i.NoticeDate,
            Inspection = new InspectionInfo
            {
                Kind = i.Kind.Code(),
                Body = i.Round?.Body,
                Round = i.Round?.Name,
                Group = i.Group,
                Target = i.TargetName,
                OnSite = i.OnSiteFrom is null && i.OnSiteTo is null ? null : new DateRange { From = i.OnSiteFrom, To = i.OnSiteTo },
                FeedbackDate = i.FeedbackDate,
            },
            SummaryClaim = i.SummaryClaimText is null ? null : new SummaryClaim { Text = i.SummaryClaimText },
            Narrative = LedgerJson.ReadNarrative(i.NarrativeJson),
            Contacts = org is { HasContacts: true } ? new Contacts { Phone = org.ContactPhone, Mailbox = org.ContactMailbox, Postcode = org.ContactPostcode, Email = org.ContactEmail } : null,
        };
        foreach (var c in i.Categories.OrderBy(c => c.Ordinal))
        {
            var ci = new CategoryItem { Ordinal = c.Ordinal, Title = c.Title };
            foreach (var p in i.Problems.Where(p => p.CategoryId == c.Id).OrderBy(p => p.Ordinal))
                ci.Problems.Add(ToItem(p));
            doc.Categories.Add(ci);
        }
        var acc = i.Outcomes.Where(o => o.Kind != OutcomeKind.FundsRecovered).GroupBy(o => o.Kind).ToDictionary(g => g.Key.Code(), g => g.Sum(o => o.Persons));
        var funds = i.Outcomes.Where(o => o.Kind == OutcomeKind.FundsRecovered).Sum(o => o.AmountYuan ?? 0);
        int? CountOf(PolicyKind k) { var n = i.PolicyDocuments.Count(d => d.Kind == k); return n == 0 ? null : n; }
        doc.Outcomes = new Outcomes
        {
            Policies = CountOf(PolicyKind.Rule),
            WorkPlans = CountOf(PolicyKind.WorkPlan),
            Schemes = CountOf(PolicyKind.Scheme),
            Meetings = i.Meetings.Count == 0 ? null : i.Meetings.Count,
            Accountability = acc.Count == 0 ? null : acc,
            FundsRecoveredYuan = funds == 0 ? null : funds,
            Measures = i.Problems.Sum(p => p.Measures.Count),
        };
        return doc.WithComputedCounts();
    }

    /// <summary>销号情况 as the ledger's column writes it; nothing before a request.</summary>
    public static string? ClosureColumn(ClosureState state) => state switch
    {
        ClosureState.Approved => "已销号",
        ClosureState.Requested => "待销号",
        ClosureState.Rejected => "销号被驳回",
        _ => null,
    };

    public static ProblemItem ToItem(Problem p) => new()
    {
        Ordinal = p.Ordinal,
        Title = p.Title,
        Status = p.Status.Code(),
        StatusText = p.StatusText,
        ExpectedCompletion = p.ExpectedCompletion,
        Measures = p.Measures.OrderBy(m => m.Ordinal).Select(m => m.Text).ToList(),
        MeasureDetails = MeasureDetail.ListOf(p.Measures.OrderBy(m => m.Ordinal).Select(m => new MeasureDetail(m.Owner, m.Deadline, m.DoneOn))),
        Items = p.SpecificItems.Count == 0 ? null : p.SpecificItems,
        Detail = p.Detail,
        Goal = p.Goal,
        Kind = p.Kind.Code(),
        ResponsibleLeader = p.ResponsibleLeader,
        ResponsibleDepartment = p.ResponsibleDepartment,
        ResponsiblePerson = p.ResponsiblePerson,
        Deadline = p.Deadline,
        AmountInvolved = p.AmountInvolved,
        AmountRectified = p.AmountRectified,
        Amounts = p.Amounts is { Count: > 0 } stated ? [.. stated.Select(a => new StatedAmount { Text = a.Kind, Yuan = a.Yuan })] : null,
        NotFeasibleReason = p.NotFeasibleReason,
        Closure = ClosureColumn(p.Closure.State),
        Progress = p.Progress.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).FirstOrDefault()?.Text,
        Evidence = p.Progress.SelectMany(e => e.Evidence).Any() ? string.Join("、", p.Progress.SelectMany(e => e.Evidence).Select(e => e.FileName)) : null,
        Remarks = p.Remarks,
    };
}
