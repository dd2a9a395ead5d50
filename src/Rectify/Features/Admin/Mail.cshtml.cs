using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// /admin/mail: whether the e-mails of the notifications go out, and the ones that fail (retried, or given up),
/// for the system administrator who keeps the accounts' addresses. The ledger stays out of it (三员分立): the
/// event's kind and the recipient, not the message.
/// </summary>
[Authorize(Policy = Policies.Accounts)]
public class MailModel(RectifyDb db, IOptions<SmtpOptions> smtp) : PageModel
{
    /// <summary>A unit's group robot as configured (Rectify:Channels:UnitRobots), and the unit it found in the tree, if any.</summary>
    public sealed record RobotRow(string Organization, string Kind, string Events, bool Subtree, string? Unit);
    public List<RobotRow> Robots { get; private set; } = [];

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
        if (db.Channels.UnitRobots.Length > 0)
        {
            var tree = await Problems.Departments.TreeAsync(db, ct);
            Robots = db.Channels.UnitRobots.Select(r => new RobotRow(r.Organization ?? "", r.Kind == RobotKind.DingTalk ? "钉钉" : "企业微信",
                string.Join("、", r.Events.Select(Events.Chinese)), r.Subtree, r.UnitIn(tree) is { } id ? tree.First(t => t.Id == id).Name : null)).ToList();
        }
        Failures = rows.Select(r => new Row(r.CreatedAt, Events.Chinese(r.Kind) is { Length: > 0 } k ? k : "预警提醒", r.User ?? r.Channel switch { Channels.Sms => "（短信）", Channels.Robot => "（群机器人）", _ => "（群众留言人）" }, r.EmailTo!, r.EmailAttempts, r.EmailError, r.EmailDueAt, r.EmailDueAt is null)).ToList();
    }
}
