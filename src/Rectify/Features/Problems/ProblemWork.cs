using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Problems;

/// <summary>A refusal of the request itself: bad file (413/415), bad input (400); its status as in Infrastructure/Refusals.cs.</summary>
public sealed class ProblemRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>The editable fields of a problem, as the form and PUT send them.</summary>
public sealed record ProblemFields
{
    public string? Title { get; init; }
    public string? Detail { get; init; }
    public List<string>? Items { get; init; }
    public string? Goal { get; init; }
    /// <summary>immediate / deadline / long-term, or 立行立改 / 限期整改 / 长期坚持.</summary>
    public string? Kind { get; init; }
    public string? Leader { get; init; }
    public string? Department { get; init; }
    public string? Person { get; init; }
    /// <summary>May be set when empty; once set it changes only by an approved extension (null keeps it).</summary>
    public DateOnly? Deadline { get; init; }
    public decimal? AmountInvolved { get; init; }
    public decimal? AmountRectified { get; init; }
    public string? Remarks { get; init; }
    public bool Withheld { get; init; }
    public string? WithheldReason { get; init; }
    public int? Version { get; init; }

    /// <summary>The problem's fields as they are, for a change of one of them (批量处理) through <see cref="ProblemWork.UpdateFieldsAsync"/>.</summary>
    public static ProblemFields Of(Problem p) => new()
    {
        Title = p.Title, Detail = p.Detail, Items = [.. p.SpecificItems], Goal = p.Goal, Kind = p.Kind.Code(),
        Leader = p.ResponsibleLeader, Department = p.ResponsibleDepartment, Person = p.ResponsiblePerson, Deadline = p.Deadline,
        AmountInvolved = p.AmountInvolved, AmountRectified = p.AmountRectified, Remarks = p.Remarks,
        Withheld = p.Withheld, WithheldReason = p.WithheldReason, Version = p.Version,
    };
}

public sealed record MeasureFields
{
    public string? Text { get; init; }
    public string? Owner { get; init; }
    public DateOnly? Deadline { get; init; }
    public DateOnly? DoneOn { get; init; }
    /// <summary>New position (1 = first); null keeps the place.</summary>
    public int? Ordinal { get; init; }
    public int? Version { get; init; }
}

/// <summary>
/// The work done on one problem by one signed-in user: the same rules for the page and the API.
/// Order of checks: 404 (outside scope) → 403 (role) → 409 (stale version) → 422 (domain rule);
/// each operation ends in one SaveChanges, so a refusal writes nothing.
/// </summary>
public sealed class ProblemWork
{
    readonly RectifyDb _db;
    readonly OfficeClock _clock;
    public Scope Scope { get; }
    public Problem Problem { get; }
    public IReadOnlyList<int> Organizations { get; }

    ProblemWork(RectifyDb db, Scope scope, OfficeClock clock, Problem problem, int? department)
    {
        _db = db; _clock = clock; Scope = scope; Problem = problem; Department = department;
        Organizations = problem.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).ToList();
    }

    public static async Task<ProblemWork> LoadAsync(RectifyDb db, Scope scope, OfficeClock clock, int id, CancellationToken ct)
    {
        // One problem by its key, its scope checked on the targets loaded with it: the same rule as
        // scope.Problems(db), without sending every unit of a district-wide scope to each split query.
        var p = await db.Problems
            .Include(x => x.Inspection!).ThenInclude(i => i.Targets).ThenInclude(t => t.Organization)
            .Include(x => x.Inspection!).ThenInclude(i => i.Round)
            .Include(x => x.Category)
            .Include(x => x.Measures)
            .Include(x => x.Progress).ThenInclude(e => e.Evidence)
            .Include(x => x.Extensions)
            .AsSplitQuery()
            .FirstOrDefaultAsync(x => x.Id == id, ct);
        var (visible, department) = p is null ? (false, null) : await VisibleAsync(db, scope, p, ct);
        if (p is null || !visible)
            throw new NotFoundException($"没有编号为 {id} 的问题，或它不在您的范围内");
        // The scoped DbContext may be built during sign-in validation, before the user is known.
        db.Actor = scope.User.UserName ?? scope.User.Id;
        p.Measures.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        p.Progress.Sort((a, b) => b.Date != a.Date ? b.Date.CompareTo(a.Date) : b.Id.CompareTo(a.Id));
        p.Extensions.Sort((a, b) => a.RequestedAt.CompareTo(b.RequestedAt));
        return new ProblemWork(db, scope, clock, p, department) { CompletionReason = await CompletionReasonAsync(db, p, ct) };
    }

    /// <summary>
    /// Who sees a problem: the rule of <see cref="Scope.Problems"/> (the ledger list's), asked of this one problem, so the page
    /// and the list cannot disagree. Whoever sees one of its inspection's units sees it (checked on the targets loaded with
    /// it, without a query); the accounts of its linked 责任部门 (<see cref="Departments"/>, a unit below the problem's) work on
    /// it without seeing the rest of the unit's ledger. Returns whether the account sees it, and the department it sees it
    /// through (null: through its unit).
    /// </summary>
    public static async Task<(bool Visible, int? Department)> VisibleAsync(RectifyDb db, Scope scope, Problem p, CancellationToken ct)
    {
        if (scope.SeesWhole(p.Inspection!.Targets.Select(t => t.OrganizationId))) return (true, null);
        if (scope.Departments.Count == 0 || !await scope.Problems(db).AnyAsync(x => x.Id == p.Id, ct)) return (false, null);
        var unit = p.Inspection.Targets.OrderBy(t => t.Ordinal).First().OrganizationId;
        // (SQL trims spaces only, .NET all white space: a name padded with other white space is no key, and not seen.)
        return scope.Departments.TryGetValue(Departments.Key(unit, p.ResponsibleDepartment!), out var department) ? (true, department) : (false, null);
    }

    /// <summary>The linked 责任部门 through which the account sees the problem (it sees no unit of the inspection); null otherwise.</summary>
    public int? Department { get; }

    /// <summary>
    /// Why the problem was set completed with measures open, as its history records it (no column):
    /// the reason row written with the last status change, when that change made it completed.
    /// </summary>
    public string? CompletionReason { get; private set; }

    static async Task<string?> CompletionReasonAsync(RectifyDb db, Problem p, CancellationToken ct)
    {
        if (!p.Status.IsCompleted()) return null;
        var rows = await db.ProblemChanges.AsNoTracking()
            .Where(c => c.ProblemId == p.Id && (c.Field == nameof(Problem.Status) || c.Field == Problem.CompletionReasonField))
            .OrderByDescending(c => c.Id).Take(2).Select(c => new { c.Field, c.At, c.After }).ToListAsync(ct);
        var reason = rows.FirstOrDefault(r => r.Field == Problem.CompletionReasonField);
        var status = rows.FirstOrDefault(r => r.Field == nameof(Problem.Status));
        // Written in the same save as its status row (the same instant); a later status change supersedes it.
        return reason is not null && (status is null || reason.At >= status.At) ? reason.After : null;
    }

    /// <summary>Its light today, by the one rule and its inspection's thresholds (docs/lights-and-buckets.md).</summary>
    public WarningLight Light => Warnings.For(Problem, _clock.Today, Settings);

    /// <summary>Its light in words ("红灯 逾期3天"), and the rule with its thresholds for the tooltip.</summary>
    public string LightLabel => Warnings.Label(Problem, _clock.Today, Settings);
    public string LightRule => Warnings.Rule(Settings);
    DeadlineSettings Settings => Problem.Inspection?.Settings ?? new DeadlineSettings();

    /// <summary>Days left to its due date (negative: overdue), or null without one.</summary>
    public int? DaysLeft => Warnings.DaysLeft(Problem.DueDate, _clock.Today);

    /// <summary>How many accounts the last action's event told (for the page's "已通知 N 人").</summary>
    public int Told { get; private set; }

    /// <summary>
    /// The unit that owns the problem: its inspection's first target, the unit the overview counts it under.
    /// In a joint inspection (several targets) the other units see the problem but only its owner's people
    /// edit it and decide its extensions; the office and the commission act as in any inspection.
    /// </summary>
    public int? Owner => Organizations.Count == 0 ? null : Organizations[0];

    public bool CanEdit => Scope.CanEdit(Owner);

    /// <summary>
    /// 填报整改进展 (with evidence): who edits the ledger, and, of the linked 责任部门 that does the work, its editors and the
    /// accounts linked as owners of the problem's measures. The department edits nothing else: not the fields, the measures,
    /// the status, nor the requests of closure and extension, which stay the unit's.
    /// </summary>
    public bool CanReport => CanEdit
        || (Department is not null && (Scope.Is(Roles.UnitEditor) || Problem.Measures.Any(m => m.OwnerId == Scope.User.Id)));
    public bool CanApprove => Scope.CanApprove(Owner);
    public bool CanVerify => Organizations.Count == 0 ? Scope.CanVerify(null) : Organizations.Any(o => Scope.CanVerify(o));
    /// <summary>认领 is a leader's act: a unit leader of the unit, or the office.</summary>
    public bool CanClaim => CanApprove;
    /// <summary>Works for the problem's unit (its editor or leader): such a person does not verify its closure.</summary>
    public bool OfTheUnit => (Scope.Is(Roles.UnitEditor) || Scope.Is(Roles.UnitLeader)) && Organizations.Any(o => Scope.Sees(o));

    /// <summary>The account name decides "not your own request"; the display name is what a ledger shows.</summary>
    string Account => Scope.User.UserName ?? Scope.User.Id;
    string Person => Scope.User.Name;
    DateTimeOffset Now => _clock.UtcNow;

    void Require(bool right, string what)
    {
        if (!right) throw new ForbiddenException($"您的角色不能{what}");
    }

    void Expect(int? version)
    {
        if (version is null)
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest, "请求须带上问题的版本号 version");
        if (version != Problem.Version)
            // The version is for concurrency, not for people: a clerk is told what happened, not which number it had.
            throw new StaleVersionException("数据已被他人修改（在您打开这个问题之后），请刷新后重试；本次修改未保存。");
    }

    /// <summary>A history row for changes of the problem's children, which SaveChanges does not see as fields.</summary>
    void Note(string field, string? before, string? after)
    {
        _db.ProblemChanges.Add(new ProblemChange { ProblemId = Problem.Id, At = _db.Clock.GetUtcNow(), By = _db.Actor, Field = field, Before = before, After = after });
        _db.Touch(Problem);
    }

    Task SaveAsync(CancellationToken ct) => _db.SaveChangesAsync(ct);

    public async Task UpdateFieldsAsync(ProblemFields f, CancellationToken ct)
    {
        Require(CanEdit, "修改问题");
        Expect(f.Version);
        Problem.EnsureWritable();
        var title = f.Title?.Trim();
        if (string.IsNullOrEmpty(title)) throw new DomainException("问题标题不能为空");
        var kind = string.IsNullOrWhiteSpace(f.Kind) ? Problem.Kind
            : RectificationKinds.FromText(f.Kind) ?? throw new DomainException($"整改类型“{f.Kind}”无效，应为 立行立改、限期整改 或 长期坚持");
        if (f.AmountInvolved < 0 || f.AmountRectified < 0) throw new DomainException("金额不能为负数");
        // The deadline's rule is the entity's; asked first so that a refused change leaves every field as it was.
        Problem.SetDeadline(f.Deadline);

        var (leaderBefore, personBefore, departmentBefore) = (Problem.ResponsibleLeader, Problem.ResponsiblePerson, Problem.ResponsibleDepartment);
        var accountsBefore = Responsibility.Of(Problem, null);
        Problem.Title = title;
        Problem.Detail = Clean(f.Detail);
        var items = (f.Items ?? []).Select(i => i.Trim()).Where(i => i.Length > 0).ToList();
        if (!items.SequenceEqual(Problem.SpecificItems)) Problem.SpecificItems = items;
        Problem.Goal = Clean(f.Goal);
        Problem.Kind = kind;
        Problem.ResponsibleLeader = Clean(f.Leader);
        Problem.ResponsibleDepartment = Clean(f.Department);
        Problem.ResponsiblePerson = Clean(f.Person);
        // A name changed is linked afresh (PeopleLinks); a name kept keeps its account.
        if (Problem.ResponsibleLeader != leaderBefore) Problem.ResponsibleLeaderId = await MatchAsync(Problem.ResponsibleLeader, ct);
        if (Problem.ResponsiblePerson != personBefore) Problem.ResponsiblePersonId = await MatchAsync(Problem.ResponsiblePerson, ct);
        Problem.AmountInvolved = f.AmountInvolved;
        Problem.AmountRectified = f.AmountRectified;
        Problem.Remarks = Clean(f.Remarks);
        await WithholdAsync(f.Withheld, f.WithheldReason, ct);
        // 分派 or 改派: whoever is newly responsible hears it, and whoever no longer is (a name kept is no news).
        var (wasDepartment, isDepartment) = Problem.ResponsibleDepartment == departmentBefore ? (null, null)
            : (await DepartmentNamedAsync(departmentBefore, ct), await DepartmentNamedAsync(Problem.ResponsibleDepartment, ct));
        await AssignAsync(accountsBefore with { Department = wasDepartment }, Responsibility.Of(Problem, isDepartment), ct);
        await SaveAsync(ct);
    }

    /// <summary>不予公开 from the problem page or the notice page: the same rule (<see cref="Problem.SetWithheld"/>).</summary>
    public async Task SetWithheldAsync(bool withheld, string? reason, int? version, CancellationToken ct)
    {
        Require(CanEdit, "设置不予公开的问题");
        // Optional, as for decisions: withholding overwrites no one's edit of the fields.
        if (version is not null) Expect(version);
        await WithholdAsync(withheld, reason, ct);
        await SaveAsync(ct);
    }

    async Task WithholdAsync(bool withheld, string? reason, CancellationToken ct)
    {
        var notice = await _db.Notices.Where(n => n.InspectionId == Problem.InspectionId).OrderByDescending(n => n.Id).Select(n => (SignOffState?)n.State).FirstOrDefaultAsync(ct);
        Problem.SetWithheld(withheld, reason, notice is SignOffState.Submitted or SignOffState.Approved);
    }

    public async Task ChangeStatusAsync(string? status, string? expected, string? reason, int? version, CancellationToken ct)
    {
        Require(CanEdit, "更改整改状态");
        Expect(version);
        if (!Statuses.TryParseCode(status, out var to))
            throw new ProblemRefusedException(StatusCodes.Status400BadRequest,
                string.IsNullOrWhiteSpace(status) ? "请选择新的整改状态" : $"未知的整改状态代码“{status}”");
        YearMonth? month = null;
        if (!string.IsNullOrWhiteSpace(expected))
            month = YearMonth.TryParse(expected, out var m) ? m
                : throw new ProblemRefusedException(StatusCodes.Status400BadRequest, $"预计完成月份“{expected}”无效，应为 2024-03 这样的年月");
        Problem.ChangeStatus(to, month, reason);
        await SaveAsync(ct);
        CompletionReason = Problem.CompletionReason;
    }

    public async Task ClaimAsync(int? version, CancellationToken ct)
    {
        Require(CanClaim, "认领问题（须为单位领导）");
        Expect(version);
        var before = Responsibility.Of(Problem, null);
        Problem.Claim(Person, Now);
        Problem.ResponsibleLeaderId = Scope.User.Id;
        await AssignAsync(before, Responsibility.Of(Problem, null), ct);
        await SaveAsync(ct);
    }

    List<AppUser>? _candidates;

    /// <summary>
    /// Where the changes of who answers for the problem go (<see cref="Assignments"/>): null, told with the action's own save;
    /// an import's, told once for the whole import.
    /// </summary>
    public Assignments? Batch { get; set; }

    async Task AssignAsync(Responsibility before, Responsibility after, CancellationToken ct, string? why = null)
    {
        var batch = Batch ?? new Assignments();
        batch.Note(Problem, before, after, why);
        if (Batch is null) Told = await batch.TellAsync(_db, Scope.User.Id, ct);
    }

    /// <summary>The unit of the tree a 责任部门 name of this problem is (<see cref="Departments"/>), or null.</summary>
    async Task<int?> DepartmentNamedAsync(string? name, CancellationToken ct) =>
        string.IsNullOrWhiteSpace(name) || Owner is not { } unit ? null
            : Departments.Of(name, unit, await Departments.TreeAsync(_db, ct), await Departments.ChoicesAsync(_db, ct));

    /// <summary>The account a name of this problem is (<see cref="PeopleLinks"/>), or null.</summary>
    async Task<string?> MatchAsync(string? name, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        _candidates ??= await PeopleLinks.CandidatesAsync(_db, Organizations, ct);
        return PeopleLinks.Match(_candidates, name);
    }

    public async Task<Measure> AddMeasureAsync(MeasureFields f, CancellationToken ct)
    {
        Require(CanEdit, "添加整改措施");
        Expect(f.Version);
        Problem.EnsureWritable();
        var text = f.Text?.Trim();
        if (string.IsNullOrEmpty(text)) throw new DomainException("整改措施内容不能为空");
        CheckMeasureDates(f);
        var m = new Measure { Text = text, Owner = Clean(f.Owner), Deadline = f.Deadline, DoneOn = f.DoneOn, Ordinal = Problem.Measures.Count + 1 };
        m.OwnerId = await MatchAsync(m.Owner, ct);
        var responsible = Responsibility.Of(Problem, null);
        Problem.Measures.Add(m);
        if (f.Ordinal is { } at) Place(m, at);
        Note("Measures", null, $"新增第{m.Ordinal}项：{text}");
        await AssignAsync(responsible, Responsibility.Of(Problem, null), ct);
        await SaveAsync(ct);
        return m;
    }

    public async Task UpdateMeasureAsync(int measureId, MeasureFields f, CancellationToken ct)
    {
        Require(CanEdit, "修改整改措施");
        var m = MeasureOf(measureId);
        Expect(f.Version);
        Problem.EnsureWritable();
        var text = f.Text?.Trim();
        if (string.IsNullOrEmpty(text)) throw new DomainException("整改措施内容不能为空");
        CheckMeasureDates(f);
        var before = Describe(m);
        var ordinal = m.Ordinal;
        var responsible = Responsibility.Of(Problem, null);
        m.Text = text; m.Deadline = f.Deadline; m.DoneOn = f.DoneOn;
        await OwnAsync(m, f.Owner, ct);
        if (f.Ordinal is { } at) Place(m, at);
        var after = Describe(m);
        if (before != after || ordinal != m.Ordinal)
            Note("Measures", $"第{ordinal}项：{before}", $"第{m.Ordinal}项：{after}");
        await AssignAsync(responsible, Responsibility.Of(Problem, null), ct);
        await SaveAsync(ct);
    }

    /// <summary>
    /// One owner for every measure of the problem (批量处理's 设置措施责任人): the rules of a measure's edit, one history row
    /// a measure changed, saved at once. Gives how many measures changed.
    /// </summary>
    public async Task<int> SetMeasureOwnersAsync(string? owner, int? version, CancellationToken ct)
    {
        Require(CanEdit, "修改整改措施");
        Expect(version);
        Problem.EnsureWritable();
        if (Problem.Measures.Count == 0) throw new DomainException("这个问题还没有整改措施，请先在问题页添加整改措施");
        var responsible = Responsibility.Of(Problem, null);
        var changed = 0;
        foreach (var m in Problem.Measures.OrderBy(x => x.Ordinal))
        {
            var before = Describe(m);
            if (!await OwnAsync(m, owner, ct)) continue;
            Note("Measures", $"第{m.Ordinal}项：{before}", $"第{m.Ordinal}项：{Describe(m)}");
            changed++;
        }
        await AssignAsync(responsible, Responsibility.Of(Problem, null), ct);
        await SaveAsync(ct);
        return changed;
    }

    /// <summary>A measure's owner by name; a name changed is linked afresh to its account (PeopleLinks), a name kept keeps it.</summary>
    async Task<bool> OwnAsync(Measure m, string? owner, CancellationToken ct)
    {
        var name = Clean(owner);
        if (name == m.Owner) return false;
        m.Owner = name;
        m.OwnerId = await MatchAsync(name, ct);
        return true;
    }

    public async Task DeleteMeasureAsync(int measureId, int? version, CancellationToken ct)
    {
        Require(CanEdit, "删除整改措施");
        var m = MeasureOf(measureId);
        Expect(version);
        Problem.EnsureWritable();
        var responsible = Responsibility.Of(Problem, null);
        Problem.Measures.Remove(m);
        _db.Measures.Remove(m);
        Renumber();
        Note("Measures", $"第{m.Ordinal}项：{m.Text}", "已删除");
        // As an edit that takes the measure from its owner: who thereby no longer answers for the problem hears it.
        await AssignAsync(responsible, Responsibility.Of(Problem, null), ct, $"第{m.Ordinal}项整改措施“{m.Text}”已删除");
        await SaveAsync(ct);
    }

    Measure MeasureOf(int id) => Problem.Measures.FirstOrDefault(x => x.Id == id)
        ?? throw new NotFoundException($"这个问题没有编号为 {id} 的整改措施");

    void CheckMeasureDates(MeasureFields f)
    {
        if (f.DoneOn is { } done && done > Today)
            throw new DomainException($"完成日期 {done:yyyy-MM-dd} 不能晚于今天");
    }

    void Place(Measure m, int at)
    {
        var list = Problem.Measures.OrderBy(x => x.Ordinal).Where(x => x != m).ToList();
        list.Insert(Math.Clamp(at, 1, list.Count + 1) - 1, m);
        for (var i = 0; i < list.Count; i++) list[i].Ordinal = i + 1;
        Problem.Measures.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
    }

    void Renumber()
    {
        Problem.Measures.Sort((a, b) => a.Ordinal.CompareTo(b.Ordinal));
        for (var i = 0; i < Problem.Measures.Count; i++) Problem.Measures[i].Ordinal = i + 1;
    }

    static string Describe(Measure m) => m.Text
        + (m.Owner is null ? "" : $"；责任人 {m.Owner}")
        + (m.Deadline is { } d ? $"；时限 {d:yyyy-MM-dd}" : "")
        + (m.DoneOn is { } o ? $"；完成于 {o:yyyy-MM-dd}" : "");

    DateOnly Today => _clock.Today;

    public async Task<ProgressEntry> AddProgressAsync(DateOnly? date, string? text, IReadOnlyList<IFormFile> files, int? version, EvidenceStore store, CancellationToken ct)
    {
        Require(CanReport, "填报整改进展");
        Expect(version);
        Problem.EnsureWritable();
        if (date is null) throw new DomainException("请填写进展日期");
        if (date > Today) throw new DomainException($"进展日期 {date:yyyy-MM-dd} 不能晚于今天");
        if (string.IsNullOrWhiteSpace(text)) throw new DomainException("整改进展内容不能为空");
        var staged = await store.StageAsync(files, ct);
        try
        {
            var entry = Problem.AddProgress(date.Value, text, Person);
            foreach (var s in staged)
                entry.Evidence.Add(new Evidence
                {
                    FileName = s.FileName, ContentType = s.ContentType, Size = s.Size, Sha256 = s.Sha256,
                    StoredPath = s.StoredPath, UploadedBy = Person, UploadedAt = Now,
                });
            Note("Progress", null, $"{date:yyyy-MM-dd} {entry.Text}" + (staged.Count > 0 ? $"（佐证材料 {string.Join("、", staged.Select(s => s.FileName))}）" : ""));
            // A text over its limit is refused before a file is placed (the save would refuse it too, later).
            Rectify.Data.Interceptors.InputLimits.Check(_db);
            // The files first, then the rows: a failed save leaves a placed file nobody names (harmless),
            // never a row that names a file that is not there.
            store.Place(staged);
            await SaveAsync(ct);
            return entry;
        }
        finally
        {
            store.Discard(staged); // the staged copies of files not placed (a failed check or move); placed ones are gone already
        }
    }

    public async Task RequestClosureAsync(int? version, CancellationToken ct)
    {
        Require(CanEdit, "申请销号（由被巡察单位提出）");
        Expect(version);
        Problem.RequestClosure(Account, Now);
        Told = await Events.ClosureRequestedAsync(_db, Problem, Scope.User.Id, ct);
        await SaveAsync(ct);
    }

    /// <summary>
    /// 销号 verified (approved or rejected) by the office or the commission: the one path of the problem
    /// page, /api/problems/{id}/closure/…, the supervisor's queue and /api/supervision/problems/{id}/closure/….
    /// </summary>
    public async Task DecideClosureAsync(bool approve, string? reason, int? version, CancellationToken ct)
    {
        Require(CanVerify, approve ? "审核通过销号（须为巡察办或纪委）" : "驳回销号（须为巡察办或纪委）");
        // Optional, as for extensions: the queue decides a request without having seen the page.
        if (version is not null) Expect(version);
        if (approve) Problem.ApproveClosure(Account, OfTheUnit, Now);
        else Problem.RejectClosure(Account, OfTheUnit, reason ?? "", Now);
        Told = await Events.ClosureDecidedAsync(_db, Problem, Scope.User.Id, ct);
        await SaveAsync(ct);
    }

    public async Task<Extension> RequestExtensionAsync(DateOnly? newDeadline, string? reason, int? version, CancellationToken ct)
    {
        Require(CanEdit, "申请延期");
        Expect(version);
        if (newDeadline is null) throw new DomainException("请填写延期后的整改时限");
        var e = Problem.RequestExtension(newDeadline.Value, reason ?? "", Account, Now, Today);
        Note("Extensions", Problem.Deadline?.ToString("yyyy-MM-dd"), $"申请延期至 {newDeadline:yyyy-MM-dd}:{e.Reason}");
        Told = await Events.ExtensionRequestedAsync(_db, Problem, e, Scope.User.Id, ct);
        await SaveAsync(ct);
        return e;
    }

    public async Task DecideExtensionAsync(int extensionId, bool approve, string? reason, int? version, CancellationToken ct)
    {
        Require(CanApprove, approve ? "批准延期（须为单位领导或巡察办）" : "不同意延期（须为单位领导或巡察办）");
        var e = Problem.Extensions.FirstOrDefault(x => x.Id == extensionId)
            ?? throw new NotFoundException($"这个问题没有编号为 {extensionId} 的延期申请");
        // The version is optional here: deciding a request does not overwrite anyone's edit.
        if (version is not null) Expect(version);
        Problem.DecideExtension(e, approve, Account, reason, Now);
        if (!approve) Note("Extensions", $"申请延期至 {e.NewDeadline:yyyy-MM-dd}", $"不同意：{e.DecisionReason}");
        else _db.Touch(Problem);
        Told = await Events.ExtensionDecidedAsync(_db, Problem, e, Scope.User.Id, ct);
        await SaveAsync(ct);
    }

    static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The history rows of a problem, newest first.</summary>
    public static Task<List<ProblemChange>> HistoryAsync(RectifyDb db, int problemId, CancellationToken ct) =>
        db.ProblemChanges.AsNoTracking().Where(c => c.ProblemId == problemId)
            .OrderByDescending(c => c.Id).ToListAsync(ct);
}
