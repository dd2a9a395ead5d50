using Microsoft.EntityFrameworkCore;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Notifications;

public sealed record ScanResult(int Delivered, int Withdrawn, int Emailed);

/// <summary>
/// One pass of 三色预警: computes every open problem's light, works out who must hear of it
/// (climbing the chart as the light worsens), and inserts the reminders not yet delivered.
/// Idempotent: an event already delivered has its key in the table and is skipped; unread
/// reminders whose event no longer holds (reassigned, new deadline, completed) are withdrawn.
/// </summary>
public static class ReminderScan
{
    public static Task<ScanResult> RunAsync(RectifyDb db, OfficeClock clock, Mailer? mailer = null, CancellationToken ct = default, int digestHour = ReminderOptions.DefaultDigestHour) =>
        RetriedUnit.RunAsync(db, t => RunOnceAsync(db, clock, mailer, t, digestHour), ct);

    static async Task<ScanResult> RunOnceAsync(RectifyDb db, OfficeClock clock, Mailer? mailer, CancellationToken ct, int digestHour)
    {
        // Several instances over one PostgreSQL: one scans at a time, the others skip this pass.
        await using var tx = db.Database.IsNpgsql() ? await db.Database.BeginTransactionAsync(ct) : null;
        if (tx is not null && !await db.Database.SqlQueryRaw<bool>("SELECT pg_try_advisory_xact_lock(727276) AS \"Value\"").SingleAsync(ct))
            return new ScanResult(0, 0, 0);
        await Digest.ReleaseAsync(db, clock, digestHour, ct);
        var result = await ScanAsync(db, clock, mailer, ct);
        if (tx is not null) await tx.CommitAsync(ct);
        return result;
    }

    static async Task<ScanResult> ScanAsync(RectifyDb db, OfficeClock clock, Mailer? mailer, CancellationToken ct)
    {
        var now = clock.UtcNow;
        var today = clock.Today;

        var problems = await db.Problems.AsNoTracking()
            .Where(p => p.Deadline != null || p.ExpectedCompletion != null)
            .Select(p => new
            {
                Problem = p, Orgs = p.Inspection!.Targets.OrderBy(t => t.Ordinal).Select(t => t.OrganizationId).ToList(),
                // The owners of the measures still open hear as the responsible person does.
                Owners = p.Measures.Where(m => m.OwnerId != null && m.DoneOn == null).Select(m => m.OwnerId!).ToList(),
            })
            .ToListAsync(ct);
        var lights = await Supervision.LightThresholds.LoadAsync(db, ct);
        var orgs = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.ParentId, o.Name, o.PrincipalLeader }).ToListAsync(ct);
        var users = await db.Users.AsNoTracking().Where(u => !u.Disabled).ToListAsync(ct);
        // The commission: supervisors whose scope covers the organisation, by the one rule of who hears (Hearers.Commission);
        // and the unit leaders, of whom those of the units above hear of red (Hearers.ParentLeader).
        var accounts = (await Accounts.LoadAsync(db, ct)).All;
        var commission = accounts.Where(s => s.Is(Roles.Supervisor)).ToList();
        var leaders = accounts.Where(s => s.Is(Roles.UnitLeader)).ToList();
        var office = accounts.Where(s => s.IsOffice).ToList();
        // The robots hear yellow and red as the other events: of the problem's units and its linked 责任部门 (Problems.Departments).
        var tree = orgs.Select(o => (o.Id, o.ParentId, o.Name)).ToList();
        var choices = db.Channels.AnyRobot ? await Problems.Departments.ChoicesAsync(db, ct) : [];
        var robotChoices = await RobotChoices.LoadAsync(db, ct);
        var robotRows = new List<Notification>();

        var wanted = new Dictionary<string, Notification>();
        foreach (var row in problems)
        {
            var p = row.Problem;
            var light = Warnings.For(p, today, lights.Of(p.InspectionId));
            if (light == WarningLight.None) continue;
            var due = p.DueDate!.Value;
            int? orgId = row.Orgs.Count == 0 ? null : row.Orgs[0];
            var org = orgs.FirstOrDefault(o => o.Id == orgId);
            var steps = Escalation.Addressees(light, -Warnings.DaysLeft(due, today)!.Value, db.Escalation);
            var recipients = new Dictionary<string, List<Addressee>>();
            void Add(AppUser u, Addressee a)
            {
                if (!recipients.TryGetValue(u.Id, out var list)) recipients[u.Id] = list = [];
                if (!list.Contains(a)) list.Add(a);
            }
            IReadOnlyList<int> unit = orgId is { } oid ? [oid] : [];
            foreach (var a in steps)
            {
                if (a == Addressee.Commission)
                {
                    foreach (var c in commission.Where(c => Hearers.Commission(c, unit)))
                        Add(c.User, a);
                    continue;
                }
                if (a == Addressee.Office)
                {
                    foreach (var c in office.Where(c => Hearers.Office(c, unit)))
                        Add(c.User, a);
                    continue;
                }
                if (a == Addressee.ParentLeaders)
                {
                    if (orgId is { } unitId) foreach (var l in leaders.Where(l => Hearers.ParentLeader(l, unitId))) Add(l.User, a);
                    continue;
                }
                // The people of the ledger by their linked accounts (PeopleLinks), never by a name they happen to bear.
                IEnumerable<string?> linked = a switch
                {
                    Addressee.ResponsiblePerson => [p.ResponsiblePersonId, .. row.Owners],
                    Addressee.ResponsibleLeader => [p.ResponsibleLeaderId],
                    _ => [],
                };
                foreach (var u in users.Where(u => linked.Contains(u.Id))) Add(u, a);
                if (a == Addressee.PrincipalLeader) foreach (var u in Principals(accounts, orgId, org?.PrincipalLeader)) Add(u, a);
            }
            var title = Escalation.Title(p, light, due, today);
            foreach (var (userId, why) in recipients)
            {
                var key = Escalation.EventKey(p.Id, light, due, userId);
                wanted[key] = Events.New(users.First(u => u.Id == userId), "warning-" + light.Code(), key, p.Id, null,
                    title, Escalation.Body(p, light, due, why, org?.Name, steps), now);
            }
            // Green is the owner's own early notice; a group hears from yellow on, once per light and deadline.
            if (light != WarningLight.Green && db.Channels.AnyRobot)
            {
                List<int> units = Problems.Departments.Of(p.ResponsibleDepartment, orgId, tree, choices) is { } dep ? [.. row.Orgs, dep] : row.Orgs;
                robotRows.AddRange(Channels.RobotRows(db.Channels, robotChoices, "warning-" + light.Code(), Escalation.EventKey(p.Id, light, due, "robot"), p.Id, null,
                    title, Escalation.Body(p, light, due, [], org?.Name, steps), now, units, tree));
            }
        }
        var orders = await OrdersDueAsync(db, robotChoices, today, now, ct);

        var existing = await db.Notifications.Where(n => n.Kind.StartsWith("warning-") && n.Channel == null)
            .Select(n => new { n.Id, n.EventKey, n.ReadAt }).ToListAsync(ct);
        var have = existing.Select(e => e.EventKey).ToHashSet();
        var fresh = wanted.Values.Where(n => !have.Contains(n.EventKey)).ToList();
        // Pending (unread) reminders of events that no longer hold follow the problem: they are withdrawn.
        var stale = existing.Where(e => e.ReadAt == null && !wanted.ContainsKey(e.EventKey)).Select(e => e.Id).ToList();
        var byId = users.ToDictionary(u => u.Id);
        foreach (var n in fresh) Channels.Deliver(db, byId[n.UserId!], n);
        foreach (var (n, u) in orders.Told) Channels.Deliver(db, u, n);
        var robotKeys = robotRows.Select(r => r.EventKey).Concat(orders.Robots.Select(r => r.EventKey)).ToList();
        var sent = (await db.Notifications.Where(n => n.Channel == Channels.Robot && robotKeys.Contains(n.EventKey)).Select(n => n.EventKey).ToListAsync(ct)).ToHashSet();
        db.Notifications.AddRange(robotRows.Concat(orders.Robots).Where(r => !sent.Contains(r.EventKey)));
        if (stale.Count > 0) db.Notifications.RemoveRange(await db.Notifications.Where(n => stale.Contains(n.Id)).ToListAsync(ct));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        // A transient database error is not this: it goes to the unit, which runs the whole scan again (RetriedUnit).
        catch (DbUpdateException e) when (!Fault.IsDatabaseUnavailable(e))
        {
            // Another scan got there first (unique event key): nothing is lost, the next pass settles it.
            db.ChangeTracker.Clear();
            return new ScanResult(0, 0, 0);
        }

        // The e-mails go through the outbox, as every event's do: claimed once, retried when the server fails.
        var emailed = mailer is null ? 0 : await MailOutbox.SendDueAsync(db, mailer, ct);
        return new ScanResult(fresh.Count + orders.Told.Count, stale.Count, emailed);
    }

    /// <summary>
    /// 责令限期整改 not yet reported fixed: near its deadline (yellow, by the one light rule) the unit hears;
    /// past it, the unit and the commission (<see cref="Hearers.OrderOverdue"/>). Keyed by order, deadline and
    /// account, so each is told once.
    /// </summary>
    static async Task<(List<(Notification, AppUser)> Told, List<Notification> Robots)> OrdersDueAsync(RectifyDb db, RobotChoices robotChoices, DateOnly today, DateTimeOffset now, CancellationToken ct)
    {
        var orders = await db.SupervisionActions.AsNoTracking()
            .Where(a => a.Kind == SupervisionKind.OrderToRectify && a.Deadline != null && a.State == SupervisionState.Open).ToListAsync(ct);
        if (orders.Count == 0) return ([], []);
        var lights = await Supervision.LightThresholds.LoadAsync(db, ct);
        var inspectionOrgs = await db.InspectionTargets.AsNoTracking().OrderBy(t => t.Ordinal).Select(t => new { t.InspectionId, t.OrganizationId }).ToListAsync(ct);
        var names = await db.Organizations.AsNoTracking().Select(o => new { o.Id, o.Name }).ToDictionaryAsync(o => o.Id, o => o.Name, ct);
        Accounts? accounts = null;
        var found = new List<(Notification N, AppUser User)>();
        var robots = new List<Notification>();
        foreach (var a in orders)
        {
            var light = Warnings.Light(a.Deadline, today, false, lights.Of(a.InspectionId ?? 0));
            if (light is not (WarningLight.Yellow or WarningLight.Red)) continue;
            var org = a.TargetOrganizationId ?? inspectionOrgs.FirstOrDefault(t => t.InspectionId == a.InspectionId)?.OrganizationId;
            if (org is null) continue;
            accounts ??= await Accounts.LoadAsync(db, ct);
            var orgs = new List<int> { org.Value };
            var overdue = light == WarningLight.Red;
            var kind = overdue ? Events.OrderOverdue : Events.OrderDue;
            var unit = names.GetValueOrDefault(org.Value, "");
            var left = Warnings.DaysLeft(a.Deadline, today)!.Value;
            var title = overdue ? $"{unit}责令限期整改已超期 {-left} 天" : $"{unit}责令限期整改将于 {a.Deadline:yyyy-MM-dd} 到期";
            var body = $"{a.Date:yyyy-MM-dd} {a.ActedBy}责令{unit}限期整改" + (a.Findings is { } f ? $"：{f}" : "") + $"。时限 {a.Deadline:yyyy-MM-dd}"
                + (overdue ? "，至今未报告整改完成。" : $"，还有 {left} 天。请整改后在监督页报告整改完成。");
            foreach (var s in accounts.All.Where(s => overdue ? Hearers.OrderOverdue(s, orgs) : Hearers.OrderIssued(s, orgs)))
                found.Add((Events.New(s.User, kind, $"{kind}:{a.Id}:{a.Deadline:yyyy-MM-dd}:{s.User.Id}", null, "/supervision", title, body, now), s.User));
            robots.AddRange(Channels.RobotRows(db.Channels, robotChoices, kind, $"{kind}:{a.Id}:{a.Deadline:yyyy-MM-dd}:robot", null, "/supervision", title, body, now, orgs, accounts.Tree));
        }
        var keys = found.Select(f => f.N.EventKey).ToList();
        var have = (await db.Notifications.Where(n => keys.Contains(n.EventKey)).Select(n => n.EventKey).ToListAsync(ct)).ToHashSet();
        return (found.Where(f => !have.Contains(f.N.EventKey)).ToList(), robots);
    }

    /// <summary>
    /// The unit's 主要负责人, a name on the organisation: the one account bearing it among those of the unit's people
    /// (<see cref="Problems.PeopleLinks"/>, the rule that links the ledger's names), never a namesake elsewhere in the district;
    /// with the name blank, or borne by none (or several), the unit's own 单位领导 accounts.
    /// </summary>
    static IEnumerable<AppUser> Principals(IReadOnlyList<Scope> accounts, int? unit, string? name)
    {
        if (unit is not { } u) return [];
        if (Problems.PeopleLinks.Match(Problems.PeopleLinks.Candidates(accounts, [u]), name) is { } id) return accounts.Where(s => s.User.Id == id).Select(s => s.User);
        return accounts.Where(s => s.Is(Roles.UnitLeader) && s.User.OrganizationId == u).Select(s => s.User);
    }
}
