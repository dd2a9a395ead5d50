using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Notifications;

/// <summary>
/// Every enabled account with its scope, read once for one event: the same scope (<see cref="Scope.Of"/>)
/// and the same rights (CanEdit, CanApprove, CanVerify) as when the account signs in and acts.
/// </summary>
public sealed class Accounts
{
    public required IReadOnlyList<Scope> All { get; init; }
    /// <summary>The organisation tree, with the names (the units' robots are named by them).</summary>
    public required IReadOnlyList<(int Id, int? ParentId, string Name)> Tree { get; init; }

    public static async Task<Accounts> LoadAsync(RectifyDb db, CancellationToken ct)
    {
        var users = await db.Users.AsNoTracking().Where(u => !u.Disabled).ToListAsync(ct);
        var roles = (await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id select new { ur.UserId, r.Name }).ToListAsync(ct))
            .ToLookup(x => x.UserId, x => x.Name!);
        var orgs = (await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.ParentId, o.Name }).ToListAsync(ct)).Select(o => (o.Id, o.ParentId, o.Name)).ToList();
        var tree = orgs.Select(o => (o.Id, o.ParentId)).ToList();
        return new Accounts { All = users.Select(u => Scope.Of(u, roles[u.Id].ToList(), tree)).ToList(), Tree = orgs };
    }
}

/// <summary>
/// Who hears of each event: one small function per event, all here, so that "who is told of what" is read
/// in one place. Each answers from the accounts' own rights in scope (<see cref="Scope"/>), the rules the
/// actions themselves check, so an account is told exactly when it may (or must) act or is concerned.
/// <paramref name="orgs"/> are the problem's or document's organisations (a joint inspection has several).
/// </summary>
public static class Hearers
{
    /// <summary>The unit's own people: its editors and leaders, and those of the units above it (who see it).</summary>
    public static bool OfTheUnit(Scope s, IReadOnlyList<int> orgs) =>
        (s.Is(Roles.UnitEditor) || s.Is(Roles.UnitLeader)) && orgs.Any(o => s.Sees(o));

    static bool AnyOf(IReadOnlyList<int> orgs, Func<int?, bool> right) => orgs.Count == 0 ? right(null) : orgs.Any(o => right(o));

    /// <summary>
    /// The account linked to a person of the ledger (<see cref="Problems.PeopleLinks"/>). A name alone reaches no one:
    /// an account that merely bears the same display name is not that person.
    /// </summary>
    public static bool Linked(Scope s, string? accountId) => accountId is not null && s.User.Id == accountId;

    /// <summary>The problem's owners: its responsible leader and person and the owners of its measures, as linked accounts.</summary>
    public static bool Owner(Scope s, Problem p) =>
        Linked(s, p.ResponsibleLeaderId) || Linked(s, p.ResponsiblePersonId) || p.Measures.Any(m => Linked(s, m.OwnerId));

    /// <summary>The problem's owner (its responsible leader and person, and who asked), and its unit.</summary>
    static bool OwnerOrUnit(Scope s, Problem p, IReadOnlyList<int> orgs, string? requester) =>
        OfTheUnit(s, orgs) || Owner(s, p)
        || (requester is not null && string.Equals(s.User.UserName, requester, StringComparison.Ordinal));

    /// <summary>
    /// Answers for a problem of <paramref name="orgs"/> (<see cref="Responsibility"/>): a linked account, or an editor or leader of its linked
    /// 责任部门 who is not one of the unit's own people (they answer for all the unit's problems anyway).
    /// </summary>
    public static bool Responsible(Scope s, Responsibility r, IReadOnlyList<int> orgs) =>
        r.Accounts.Contains(s.User.Id) || (r.Department is { } d && OfTheUnit(s, [d]) && !OfTheUnit(s, orgs));

    /// <summary>销号 requested: who may verify it (巡察办, the commission in scope), never someone of the unit.</summary>
    public static bool ClosureRequested(Scope s, IReadOnlyList<int> orgs) => AnyOf(orgs, s.CanVerify) && !OfTheUnit(s, orgs);

    /// <summary>销号 approved or rejected: the owner, the requester and the unit.</summary>
    public static bool ClosureDecided(Scope s, Problem p, IReadOnlyList<int> orgs) => OwnerOrUnit(s, p, orgs, p.Closure.RequestedBy);

    /// <summary>延期 requested: who may decide it (the unit's leaders, 巡察办).</summary>
    public static bool ExtensionRequested(Scope s, IReadOnlyList<int> orgs) => AnyOf(orgs, s.CanApprove);

    /// <summary>延期 decided: the owner, the requester and the unit.</summary>
    public static bool ExtensionDecided(Scope s, Problem p, IReadOnlyList<int> orgs, Extension e) => OwnerOrUnit(s, p, orgs, e.RequestedBy);

    /// <summary>回头看 scheduled, or a problem reopened: the owner and the unit, who must act again.</summary>
    public static bool LookBack(Scope s, Problem p, IReadOnlyList<int> orgs) => OwnerOrUnit(s, p, orgs, null);

    /// <summary>A comment from the public on the unit's notice: the unit, which must answer it.</summary>
    public static bool CommentReceived(Scope s, IReadOnlyList<int> orgs) => OfTheUnit(s, orgs);

    /// <summary>责令限期整改 issued, or its deadline near: the unit ordered.</summary>
    public static bool OrderIssued(Scope s, IReadOnlyList<int> orgs) => OfTheUnit(s, orgs);

    /// <summary>
    /// The discipline commission of the area (纪委监督员 whose subtree holds the unit, or the whole district):
    /// told of every overdue problem (<see cref="ReminderScan"/>) and every ignored order.
    /// </summary>
    public static bool Commission(Scope s, IReadOnlyList<int> orgs) => s.Is(Roles.Supervisor) && AnyOf(orgs, s.CanVerify);

    /// <summary>巡察办 (its administrator and staff) whose scope holds the unit: the step of an overdue problem's climb before the commission (<see cref="ReminderScan"/>).</summary>
    public static bool Office(Scope s, IReadOnlyList<int> orgs) => s.IsOffice && AnyOf(orgs, o => s.Sees(o));

    /// <summary>
    /// A leader (单位领导) of a unit above the problem's (the town of a village): sees it through the tree and hears of
    /// its red and overdue reminders (<see cref="ReminderScan"/>); the unit's own leaders are its principal and responsible leaders.
    /// </summary>
    public static bool ParentLeader(Scope s, int unit) =>
        s.Is(Roles.UnitLeader) && !s.SeesAll && s.Sees(unit) && s.User.OrganizationId is { } own && own != unit;

    /// <summary>An order overdue: the unit, and the discipline commission in scope (an ignored order is theirs to pursue).</summary>
    public static bool OrderOverdue(Scope s, IReadOnlyList<int> orgs) => OfTheUnit(s, orgs) || Commission(s, orgs);

    /// <summary>A notice or report submitted: who may sign it off (the unit's 签发人 and leaders, 巡察办), never the submitter.</summary>
    public static bool SignOffWaiting(Scope s, IReadOnlyList<int> orgs, SignedDocument d) =>
        AnyOf(orgs, s.CanSign) && !string.Equals(s.User.UserName, d.SubmittedBy, StringComparison.Ordinal);

    /// <summary>Signed off, or published: the unit, and whoever submitted it.</summary>
    public static bool Signed(Scope s, IReadOnlyList<int> orgs, SignedDocument d) =>
        OfTheUnit(s, orgs) || string.Equals(s.User.UserName, d.SubmittedBy, StringComparison.Ordinal);
}

/// <summary>
/// Raises the events of the work: each writes one notification per account that hears it
/// (<see cref="Hearers"/>), with its e-mail address when the account has one, into the context of the
/// action, so they are saved, audited and rolled back with it. Called from the one path of each action
/// (docs/decisions/0003), never from a page. The one who acted is not told of their own act. Each
/// occurrence gets its own key, so an event reaches each account once; the scans' events
/// (<see cref="ReminderScan"/>) have keys made from what they found, so a rescan adds nothing.
/// </summary>
public static class Events
{
    public const string Assigned = "assigned";
    public const string ClosureRequested = "closure-requested";
    public const string ClosureApproved = "closure-approved";
    public const string ClosureRejected = "closure-rejected";
    public const string ExtensionRequested = "extension-requested";
    public const string ExtensionApproved = "extension-approved";
    public const string ExtensionRefused = "extension-refused";
    public const string CommentReceived = "comment-received";
    public const string CommentAnswered = "comment-answered";
    public const string OrderIssued = "order-issued";
    public const string OrderDue = "order-due";
    public const string OrderOverdue = "order-overdue";
    public const string SignOffWaiting = "signoff-waiting";
    public const string Signed = "signoff-signed";
    public const string Published = "notice-published";
    public const string LookBackScheduled = "lookback-scheduled";
    public const string Reopened = "problem-reopened";

    /// <summary>Every kind of event, in the order the preferences list them.</summary>
    public static readonly string[] All =
    [
        Assigned, ClosureRequested, ClosureApproved, ClosureRejected, ExtensionRequested, ExtensionApproved, ExtensionRefused,
        CommentReceived, OrderIssued, OrderDue, OrderOverdue, SignOffWaiting, Signed, Published, LookBackScheduled, Reopened,
    ];

    /// <summary>What the inbox calls each kind.</summary>
    public static string Chinese(string kind) => kind switch
    {
        Assigned => "分派",
        ClosureRequested => "销号申请",
        ClosureApproved => "销号通过",
        ClosureRejected => "销号驳回",
        ExtensionRequested => "延期申请",
        ExtensionApproved => "同意延期",
        ExtensionRefused => "不同意延期",
        CommentReceived => "群众意见",
        CommentAnswered => "意见答复",
        OrderIssued => "责令整改",
        OrderDue => "整改将到期",
        OrderOverdue => "责令整改超期",
        SignOffWaiting => "待签发",
        Signed => "已签发",
        Published => "已发布",
        LookBackScheduled => "回头看",
        Reopened => "重新打开",
        _ => "",
    };

    /// <summary>One notification per account that hears; returns how many.</summary>
    public static async Task<int> TellAsync(RectifyDb db, string kind, string subject, IReadOnlyList<int> units, Func<Scope, bool> hears, string? actorId,
        int? problemId, string? link, string title, string body, CancellationToken ct)
    {
        var accounts = await Accounts.LoadAsync(db, ct);
        var now = db.Clock.GetUtcNow();
        // One occurrence of an action: its own key, whatever the clock says (a test's clock may stand still).
        var occurrence = Guid.NewGuid().ToString("N")[..12];
        var told = 0;
        foreach (var s in accounts.All.Where(s => s.User.Id != actorId && hears(s)))
        {
            Channels.Deliver(db, s.User, New(s.User, kind, $"{kind}:{subject}:{occurrence}:{s.User.Id}", problemId, link, title, body, now));
            told++;
        }
        await Channels.RobotMessageAsync(db, kind, $"{kind}:{subject}:{occurrence}:robot", problemId, link, title, body, now, units, accounts.Tree, ct);
        return told;
    }

    /// <summary>
    /// A notification for an account. Its e-mail, when the account has an address and wants this kind by e-mail
    /// (<see cref="DeliveryPrefs"/>), is due now, or waits for the daily digest (<see cref="Notifications.Digest"/>).
    /// </summary>
    public static Notification New(AppUser user, string kind, string key, int? problemId, string? link, string title, string body, DateTimeOffset now)
    {
        var prefs = DeliveryPrefs.Of(user);
        var email = string.IsNullOrWhiteSpace(user.Email) || !prefs.Emails(kind) ? null : user.Email.Trim();
        var digest = email is not null && prefs.Digest;
        return new Notification
        {
            UserId = user.Id, Kind = kind, EventKey = key, ProblemId = problemId, Link = problemId is null ? link : null,
            Title = title, Body = body, CreatedAt = now, EmailTo = email, EmailDueAt = email is null || digest ? null : now, Digest = digest,
        };
    }

    /// <summary>The problem's organisations and the name of the first, for the messages.</summary>
    static async Task<(List<int> Orgs, string Unit)> UnitOfAsync(RectifyDb db, int inspectionId, CancellationToken ct)
    {
        var targets = await db.InspectionTargets.AsNoTracking().Where(t => t.InspectionId == inspectionId).OrderBy(t => t.Ordinal)
            .Select(t => new { t.OrganizationId, t.Organization!.Name }).ToListAsync(ct);
        return (targets.Select(t => t.OrganizationId).ToList(), targets.FirstOrDefault()?.Name ?? "");
    }

    static string Label(Problem p, string unit) => $"{unit}问题{p.Ordinal}“{p.Title}”";

    /// <summary>
    /// A problem's event. With <paramref name="departmentToo"/> (the events its unit hears as the one that must act:
    /// a decision, a 回头看, a reopening) the accounts of its linked 责任部门 hear too (<see cref="Problems.Departments"/>);
    /// the requests wait on deciders of the unit, who are not the department's. The department's robot hears every one.
    /// </summary>
    static async Task<int> ProblemEventAsync(RectifyDb db, Problem p, string kind, string? actorId, Func<Scope, List<int>, bool> hears,
        Func<string, (string Title, string Body)> text, CancellationToken ct, bool departmentToo = false)
    {
        var (orgs, unit) = await UnitOfAsync(db, p.InspectionId, ct);
        var (title, body) = text(Label(p, unit));
        var department = await Problems.Departments.OfAsync(db, p, ct);
        List<int> units = department is { } d ? [.. orgs, d] : orgs;
        return await TellAsync(db, kind, $"p{p.Id}", units,
            s => hears(s, orgs) || (departmentToo && department is { } dep && Hearers.OfTheUnit(s, [dep])), actorId, p.Id, null, title, body, ct);
    }

    /// <summary>
    /// 分派 and 改派 (<see cref="Assignments"/>): each account that now answers for problems it did not hears it, and each that no longer
    /// does hears who took them over (“已改由…负责”); once per account for the whole action, however many problems it moved.
    /// </summary>
    public static async Task<int> AssignedAsync(RectifyDb db, IReadOnlyList<Reassignment> changes, string? actorId, CancellationToken ct)
    {
        if (changes.Count == 0) return 0;
        var accounts = await Accounts.LoadAsync(db, ct);
        var units = new Dictionary<int, (List<int> Orgs, string Unit)>();
        foreach (var id in changes.Select(c => c.Problem.InspectionId).Distinct()) units[id] = await UnitOfAsync(db, id, ct);
        var names = accounts.All.ToDictionary(s => s.User.Id, s => s.User.Name);
        var tree = accounts.Tree.ToDictionary(t => t.Id, t => t.Name);
        string LabelOf(Problem p) => Label(p, units[p.InspectionId].Unit);
        // Who took a problem over: the accounts it gained, its department when that changed, else the names on the ledger.
        string Who(Reassignment c)
        {
            var who = c.After.Accounts.Except(c.Before.Accounts).Select(a => names.GetValueOrDefault(a, "")).Where(n => n.Length > 0).ToList();
            if (c.After.Department is { } d && d != c.Before.Department && tree.TryGetValue(d, out var dn)) who.Add(dn);
            if (who.Count == 0) who.AddRange(new[] { c.Problem.ResponsibleLeader, c.Problem.ResponsiblePerson }.OfType<string>());
            return who.Count == 0 ? "他人" : string.Join("、", who.Distinct());
        }
        var now = db.Clock.GetUtcNow();
        var occurrence = Guid.NewGuid().ToString("N")[..12];
        // One problem: the entry leads to it; several: to the ledger of the first.
        static (int? Problem, string? Link, string Subject) Target(List<Reassignment> list) =>
            list.Count == 1 ? (list[0].Problem.Id, null, $"p{list[0].Problem.Id}") : (null, $"/inspections/{list[0].Problem.InspectionId}", $"i{list[0].Problem.InspectionId}");
        static string Listed(List<Reassignment> list, Func<Reassignment, string> line) =>
            string.Join("\n", list.Take(20).Select(line)) + (list.Count > 20 ? $"\n……共 {list.Count} 个问题" : "");
        var told = 0;
        foreach (var s in accounts.All.Where(s => s.User.Id != actorId))
        {
            bool Answers(Responsibility r, Problem p) => Hearers.Responsible(s, r, units[p.InspectionId].Orgs);
            var gained = changes.Where(c => Answers(c.After, c.Problem) && !Answers(c.Before, c.Problem)).ToList();
            var lost = changes.Where(c => Answers(c.Before, c.Problem) && !Answers(c.After, c.Problem)).ToList();
            if (gained.Count > 0)
            {
                var p = gained[0].Problem;
                var (title, body) = gained.Count == 1
                    ? ($"您被确定为问题{p.Ordinal}的整改责任人",
                       $"{LabelOf(p)}：责任领导 {p.ResponsibleLeader ?? "未定"}，责任人 {p.ResponsiblePerson ?? "未定"}"
                       + (p.Deadline is { } d ? $"，整改时限 {d:yyyy-MM-dd}" : "") + "。请制定整改措施并按时推进。")
                    : ($"您被确定为 {gained.Count} 个问题的整改责任人",
                       $"以下 {gained.Count} 个问题由您负责整改：\n" + Listed(gained, c => LabelOf(c.Problem) + (c.Problem.Deadline is { } d ? $"，整改时限 {d:yyyy-MM-dd}" : ""))
                       + "\n请制定整改措施并按时推进。");
                var (problemId, link, subject) = Target(gained);
                Channels.Deliver(db, s.User, New(s.User, Assigned, $"{Assigned}:{subject}:{occurrence}:{s.User.Id}", problemId, link, title, body, now));
            }
            if (lost.Count > 0)
            {
                var p = lost[0].Problem;
                string Gone(Reassignment c) => c.Why is { } why ? $"{LabelOf(c.Problem)}：{why}" : $"{LabelOf(c.Problem)}已改由{Who(c)}负责";
                var (title, body) = lost.Count == 1
                    ? (lost[0].Why is { } why ? $"问题{p.Ordinal}：{why}" : $"问题{p.Ordinal}已改由{Who(lost[0])}负责", $"{Gone(lost[0])}，您不再是该问题的整改责任人。")
                    : ($"{lost.Count} 个问题已改由他人负责", $"以下 {lost.Count} 个问题已不再由您负责：\n" + Listed(lost, Gone));
                var (problemId, link, subject) = Target(lost);
                Channels.Deliver(db, s.User, New(s.User, Assigned, $"{Assigned}:{subject}:{occurrence}:{s.User.Id}:was", problemId, link, title, body, now));
            }
            if (gained.Count > 0 || lost.Count > 0) told++;
        }
        // The groups hear once per action too: of the problems' units and their departments.
        List<int> robotUnits = [.. changes.SelectMany(c => units[c.Problem.InspectionId].Orgs.Concat(new[] { c.After.Department }.OfType<int>())).Distinct()];
        var first = changes[0].Problem;
        var (rTitle, rBody) = changes.Count == 1
            ? ($"问题{first.Ordinal}由{Who(changes[0])}负责", $"{LabelOf(first)}：责任领导 {first.ResponsibleLeader ?? "未定"}，责任人 {first.ResponsiblePerson ?? "未定"}。")
            : ($"{changes.Count} 个问题确定或调整了整改责任人", Listed(changes.ToList(), c => $"{LabelOf(c.Problem)}由{Who(c)}负责"));
        var (rProblem, rLink, rSubject) = Target(changes.ToList());
        await Channels.RobotMessageAsync(db, Assigned, $"{Assigned}:{rSubject}:{occurrence}:robot", rProblem, rLink, rTitle, rBody, now, robotUnits, accounts.Tree, ct);
        return told;
    }

    public static async Task<int> ClosureRequestedAsync(RectifyDb db, Problem p, string? actorId, CancellationToken ct)
    {
        var by = await Problems.PeopleLinks.NameOfAsync(db, p.Closure.RequestedBy, ct);
        return await ProblemEventAsync(db, p, ClosureRequested, actorId, Hearers.ClosureRequested, label =>
            ($"问题{p.Ordinal}申请销号，待您核验", $"{label}已完成整改并申请销号（申请人 {by}）。请核验佐证材料后通过或驳回。"), ct);
    }

    public static async Task<int> ClosureDecidedAsync(RectifyDb db, Problem p, string? actorId, CancellationToken ct)
    {
        var by = await Problems.PeopleLinks.NameOfAsync(db, p.Closure.DecidedBy, ct);
        return p.IsClosed
            ? await ProblemEventAsync(db, p, ClosureApproved, actorId, (s, o) => Hearers.ClosureDecided(s, p, o), label =>
                ($"问题{p.Ordinal}销号已通过", $"{label}的销号申请已通过核验（核验人 {by}），问题已销号。"), ct, departmentToo: true)
            : await ProblemEventAsync(db, p, ClosureRejected, actorId, (s, o) => Hearers.ClosureDecided(s, p, o), label =>
                ($"问题{p.Ordinal}销号被驳回", $"{label}的销号申请被驳回，理由：{p.Closure.Reason}。问题退回“正在推进”，请继续整改后重新申请。"), ct, departmentToo: true);
    }

    public static Task<int> ExtensionRequestedAsync(RectifyDb db, Problem p, Extension e, string? actorId, CancellationToken ct) =>
        ProblemEventAsync(db, p, ExtensionRequested, actorId, Hearers.ExtensionRequested, label =>
            ($"问题{p.Ordinal}申请延期，待您审批",
             $"{label}申请把整改时限{(e.OldDeadline is { } old ? $"从 {old:yyyy-MM-dd} " : "")}延至 {e.NewDeadline:yyyy-MM-dd}，理由：{e.Reason}。请审批。"), ct);

    public static async Task<int> ExtensionDecidedAsync(RectifyDb db, Problem p, Extension e, string? actorId, CancellationToken ct)
    {
        var by = await Problems.PeopleLinks.NameOfAsync(db, e.DecidedBy, ct);
        return e.State == ExtensionState.Approved
            ? await ProblemEventAsync(db, p, ExtensionApproved, actorId, (s, o) => Hearers.ExtensionDecided(s, p, o, e), label =>
                ($"问题{p.Ordinal}延期已批准", $"{label}的整改时限已延至 {e.NewDeadline:yyyy-MM-dd}（审批人 {by}）。"), ct, departmentToo: true)
            : await ProblemEventAsync(db, p, ExtensionRefused, actorId, (s, o) => Hearers.ExtensionDecided(s, p, o, e), label =>
                ($"问题{p.Ordinal}延期未获同意", $"{label}申请延至 {e.NewDeadline:yyyy-MM-dd} 未获同意，理由：{e.DecisionReason}。整改时限不变"
                    + (p.Deadline is { } d ? $"，仍为 {d:yyyy-MM-dd}" : "") + "。"), ct, departmentToo: true);
    }

    public static Task<int> LookBackScheduledAsync(RectifyDb db, Problem p, Review r, string? actorId, CancellationToken ct) =>
        ProblemEventAsync(db, p, LookBackScheduled, actorId, (s, o) => Hearers.LookBack(s, p, o), label =>
            ($"问题{p.Ordinal}安排回头看（{r.ScheduledOn:yyyy-MM-dd}）", $"{label}定于 {r.ScheduledOn:yyyy-MM-dd} 回头看" + (r.Reason is { } why ? $"（{why}）" : "") + "。请准备整改成效和佐证材料。"), ct, departmentToo: true);

    public static Task<int> ReopenedAsync(RectifyDb db, Problem p, string reason, string? actorId, CancellationToken ct) =>
        ProblemEventAsync(db, p, Reopened, actorId, (s, o) => Hearers.LookBack(s, p, o), label =>
            ($"问题{p.Ordinal}经回头看重新打开", $"{label}经回头看重新打开，状态改为“正在推进”，理由：{reason}。请重新整改。"), ct, departmentToo: true);

    /// <summary>A comment on the unit's published notice.</summary>
    public static async Task<int> CommentReceivedAsync(RectifyDb db, int inspectionId, PublicFeedback f, string code, CancellationToken ct)
    {
        var (orgs, unit) = await UnitOfAsync(db, inspectionId, ct);
        var excerpt = f.Content.Length > 120 ? f.Content[..120] + "……" : f.Content;
        return await TellAsync(db, CommentReceived, f.TrackingCode, orgs, s => Hearers.CommentReceived(s, orgs), null, null, $"/feedback?code={f.TrackingCode}",
            $"{unit}收到群众监督意见 {code}", $"意见内容：{excerpt}\n请在答复时限内办理并答复。", ct);
    }

    /// <summary>
    /// A comment answered: its writer has no account; the tracking page shows the answer by the code, and
    /// the answer goes by e-mail when the writer left an e-mail address as the contact.
    /// </summary>
    public static bool CommentAnsweredByEmail(RectifyDb db, PublicFeedback f, string code)
    {
        var to = f.WriterContact?.Trim();
        if (to is null || !MimeKit.MailboxAddress.TryParse(to, out var box) || box.Domain.Length == 0 || !to.Contains('@')) return false;
        var now = db.Clock.GetUtcNow();
        db.Notifications.Add(new Notification
        {
            UserId = null, Kind = CommentAnswered, EventKey = $"{CommentAnswered}:{f.TrackingCode}:{Guid.NewGuid().ToString("N")[..12]}:mail",
            Title = $"您的监督意见 {code} 已答复", Body = $"您提交的监督意见（查询码 {code}）已答复：\n{f.Reply}\n\n凭查询码可在整改公开页查询办理情况。",
            CreatedAt = now, EmailTo = to, EmailDueAt = now,
        });
        return true;
    }

    /// <summary>责令限期整改 issued to a unit.</summary>
    public static async Task<int> OrderIssuedAsync(RectifyDb db, SupervisionAction a, int? org, string? actorId, CancellationToken ct)
    {
        if (a.Kind != SupervisionKind.OrderToRectify || org is null) return 0;
        var orgs = new List<int> { org.Value };
        var unit = await db.Organizations.Where(o => o.Id == org).Select(o => o.Name).FirstOrDefaultAsync(ct) ?? "";
        return await TellAsync(db, OrderIssued, $"o{org}", orgs, s => Hearers.OrderIssued(s, orgs), actorId, null, "/supervision",
            $"{unit}收到责令限期整改，时限 {a.Deadline:yyyy-MM-dd}",
            $"{a.ActedBy}责令{unit}限期整改" + (a.Findings is { } f ? $"：{f}" : "") + $"。请于 {a.Deadline:yyyy-MM-dd} 前整改并在监督页报告整改完成。", ct);
    }

    /// <summary>A notice or upward report submitted for sign-off.</summary>
    public static async Task<int> SignOffWaitingAsync(RectifyDb db, int inspectionId, SignedDocument d, string name, string link, string? actorId, CancellationToken ct)
    {
        var (orgs, unit) = await UnitOfAsync(db, inspectionId, ct);
        return await TellAsync(db, SignOffWaiting, $"i{inspectionId}", orgs, s => Hearers.SignOffWaiting(s, orgs, d), actorId, null, link,
            $"{unit}{name}待您审批签发", $"{unit}的{name}已提交审核（提交人 {d.SubmittedBy}，已完成保密审查）。请审阅后审批签发或退回修改。", ct);
    }

    /// <summary>A notice or upward report signed off (approved).</summary>
    public static async Task<int> SignedAsync(RectifyDb db, int inspectionId, SignedDocument d, string name, string link, bool publishNext, string? actorId, CancellationToken ct)
    {
        var (orgs, unit) = await UnitOfAsync(db, inspectionId, ct);
        return await TellAsync(db, Signed, $"i{inspectionId}", orgs, s => Hearers.Signed(s, orgs, d), actorId, null, link,
            $"{unit}{name}已审批签发", $"{unit}的{name}已由 {d.ApprovedBy} 审批签发。" + (publishNext ? "下一步：由单位领导或巡察办发布。" : "可下载签发稿报送。"), ct);
    }

    public static async Task<int> PublishedAsync(RectifyDb db, int inspectionId, Notice n, string? actorId, CancellationToken ct)
    {
        var (orgs, unit) = await UnitOfAsync(db, inspectionId, ct);
        return await TellAsync(db, Published, $"i{inspectionId}", orgs, s => Hearers.Signed(s, orgs, n), actorId, null, $"/inspections/{inspectionId}/notice",
            $"{unit}整改进展公告已发布", $"“{n.Title}”已发布，群众可在公开页查看并提出意见；收到的意见须在时限内答复。", ct);
    }
}
