using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// /admin/mail: whether the e-mails of the notifications go out, and the ones that fail (retried, or given up),
/// for the system administrator who keeps the accounts' addresses. The ledger stays out of it (三员分立): the
/// event's kind and the recipient, not the message. The units' robots are listed with the events each takes, which
/// the administrator chooses here (<see cref="RobotChoices"/>); their addresses and secrets stay in configuration.
/// </summary>
[Authorize(Policy = Policies.Accounts)]
public class MailModel(RectifyDb db, IOptions<SmtpOptions> smtp) : PageModel
{
    /// <summary>A unit's group robot as configured (Rectify:Channels:UnitRobots), the unit it found in the tree, if any, and the events it takes.</summary>
    /// <param name="Office">The office-wide robot (Rectify:Channels:RobotUrl): every unit's events, no unit of its own.</param>
    public sealed record RobotRow(string Organization, string Kind, string Events, bool Subtree, string? Unit, int? UnitId, string[] Takes, bool Chosen, bool Office = false);
    public List<RobotRow> Robots { get; private set; } = [];
    [TempData] public string? Message { get; set; }

    public sealed record Row(DateTimeOffset CreatedAt, string Kind, string Recipient, string To, int Attempts, string? Error, DateTimeOffset? NextAt, bool GivenUp);

    public SmtpOptions Smtp => smtp.Value;
    public int Pending { get; private set; }
    public int Sent { get; private set; }
    public List<Row> Failures { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Pending = await db.Notifications.CountAsync(n => n.EmailDueAt != null && n.EmailedAt == null && n.EmailAttempts == 0, ct);
        Sent = await db.Notifications.CountAsync(n => n.EmailedAt != null, ct);
        var rows = await (from n in db.Notifications.AsNoTracking()
                          where n.EmailTo != null && n.EmailedAt == null && n.EmailError != null
                          join u in db.Users on n.UserId equals u.Id into us
                          from u in us.DefaultIfEmpty()
                          orderby n.Id descending
                          select new { n.CreatedAt, n.Kind, User = u == null ? null : u.UserName, n.EmailTo, n.EmailAttempts, n.EmailError, n.EmailDueAt, n.Channel })
            .Take(200).ToListAsync(ct);
        if (db.Channels.AnyRobot)
        {
            var tree = await Problems.Departments.TreeAsync(db, ct);
            var chosen = await RobotChoices.LoadAsync(db, ct);
            if (db.Channels.RobotUrl is not null)
            {
                var office = db.Channels.OfficeRobot;
                var (takes, mine) = chosen.Of(office, null);
                Robots.Add(new RobotRow(OfficeName, KindName(office.Kind), Named(takes), true, OfficeName, null, takes, mine, Office: true));
            }
            Robots.AddRange(db.Channels.UnitRobots.Select(r =>
            {
                var id = r.UnitIn(tree);
                var (takes, mine) = id is { } u ? chosen.Of(r, u) : (r.Events, false);
                return new RobotRow(r.Organization ?? "", KindName(r.Kind), Named(takes), r.Subtree,
                    id is { } found ? tree.First(t => t.Id == found).Name : null, id, takes, mine);
            }));
        }
        Failures = rows.Select(r => new Row(r.CreatedAt, Events.Chinese(r.Kind) is { Length: > 0 } k ? k : "预警提醒", r.User ?? r.Channel switch { Channels.Sms => "（短信）", Channels.Robot => "（群机器人）", _ => "（群众留言人）" }, r.EmailTo!, r.EmailAttempts, r.EmailError, r.EmailDueAt, r.EmailDueAt is null)).ToList();
    }
    static string KindName(RobotKind kind) => kind == RobotKind.DingTalk ? "钉钉" : "企业微信";

    /// <summary>The events' names as /notifications/settings shows them.</summary>
    static string Named(IEnumerable<string> codes)
    {
        var names = DeliveryPrefs.Kinds.ToDictionary(k => k.Kind, k => k.Name);
        return string.Join("、", codes.Select(c => names.GetValueOrDefault(c, c)));
    }

    public const string AuditEntity = "RobotEvents";

    /// <summary>How the page and the audit log name the office-wide robot (Rectify:Channels:RobotUrl), which hears every unit's events.</summary>
    public const string OfficeName = "全区";

    /// <summary>
    /// The events a robot takes, as ticked: kept for the unit (Settings robot-events:{unit}; without a unit, the office-wide
    /// robot's, robot-events:office) and heard from the next event on, without a restart; the change is in the audit log with
    /// what it was before. A unit without a configured robot, or an event that is none, is refused and nothing changes.
    /// </summary>
    public async Task<IActionResult> OnPostRobotEventsAsync(int? organizationId, [FromForm(Name = "Events")] string[]? events, CancellationToken ct)
    {
        var tree = await Problems.Departments.TreeAsync(db, ct);
        var robot = organizationId is null
            ? (db.Channels.RobotUrl is null ? throw new NotFoundException("未配置全区的群机器人（Rectify:Channels:RobotUrl），无法选择接收的事件") : db.Channels.OfficeRobot)
            : db.Channels.UnitRobots.FirstOrDefault(r => r.UnitIn(tree) == organizationId)
                ?? throw new NotFoundException("该单位没有配置群机器人（Rectify:Channels:UnitRobots），无法选择接收的事件");
        var wanted = (events ?? []).Select(e => e.Trim()).Where(e => e.Length > 0).Distinct().ToList();
        if (wanted.FirstOrDefault(e => !RobotChoices.IsEvent(e)) is { } unknown)
            throw new Problems.ProblemRefusedException(StatusCodes.Status400BadRequest, $"“{unknown}”不是可选的事件，未保存");
        // In the settings page's order, whatever order the form sent.
        var ordered = DeliveryPrefs.Kinds.Select(k => k.Kind).Where(wanted.Contains).ToList();
        var before = (await RobotChoices.LoadAsync(db, ct)).Of(robot, organizationId).Events;
        var key = RobotChoices.Key(organizationId);
        var row = await db.Settings.FirstOrDefaultAsync(s => s.Key == key, ct) ?? db.Settings.Add(new AppSetting { Key = key }).Entity;
        row.Value = RobotChoices.Value(ordered);
        var unit = organizationId is null ? OfficeName : tree.First(t => t.Id == organizationId).Name;
        db.RecordEvent(AuditEntity, "update", AuditLog.Details(new Dictionary<string, string?>
        {
            ["unit"] = unit, ["organizationId"] = organizationId?.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["before"] = RobotChoices.Value(before), ["after"] = row.Value,
        }));
        await db.SaveChangesAsync(ct);
        Message = ordered.Count == 0
            ? $"已保存：{unit}的群机器人不再接收任何事件。即时生效，无需重启。"
            : $"已保存：{unit}的群机器人接收{Named(ordered)}。即时生效，此后的事件按此发送，无需重启。";
        return Redirect("/admin/mail#robots");
    }
}
