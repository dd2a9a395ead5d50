using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Audit;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Admin;

/// <summary>
/// The audit administrator's page: the audit log, newest first, filtered by day, actor and entity, and
/// its export (the lines of <c>rectify audit export</c>). Each reading and export is itself written to the
/// log, so the audit administrator's own work is on record too.
/// </summary>
[Authorize(Policy = Policies.Audit)]
public class AuditModel(RectifyDb db) : PageModel
{
    public const int PageSize = 100;

    [BindProperty(SupportsGet = true)] public DateOnly? From { get; set; }
    [BindProperty(SupportsGet = true)] public DateOnly? To { get; set; }
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Entity { get; set; }
    /// <summary>Paging: entries written before this one (by Id, the order of writing).</summary>
    [BindProperty(SupportsGet = true)] public long? Before { get; set; }

    /// <summary>
    /// One entry as shown: the row it wrote named for a reader (<see cref="Name"/>: the account's, organisation's, round's or
    /// inspection's name, a deleted row by what it was), never by its database key.
    /// </summary>
    /// <summary>The actors, logged by user name (what the filter takes), shown by the person's name.</summary>
    public Rectify.Features.Problems.UserNames ActorNames { get; private set; } = Rectify.Features.Problems.UserNames.None;
    public sealed record Line(long Id, DateTimeOffset At, string Actor, string Entity, string Name, string Action, string Details, ProblemRef? Problem = null);
    /// <summary>The problem an entry is about (the problem itself, or its measure, progress, change…), named by its number and title.</summary>
    public sealed record ProblemRef(int Id, int Ordinal, string Title);
    public List<Line> Lines { get; private set; } = [];
    public bool More { get; private set; }

    /// <summary>What the entities of the log are called; the rest by their type's name.</summary>
    public static readonly Dictionary<string, string> EntityNames = new()
    {
        ["AppUser"] = "账户", ["IdentityUserRole"] = "账户角色", ["IdentityRole"] = "角色", ["IdentityUserClaim"] = "账户声明",
        ["IdentityUserLogin"] = "外部登录", ["IdentityUserToken"] = "账户令牌", ["ApiToken"] = "API 令牌", ["Organization"] = "组织",
        ["AuditEntry"] = "审计日志", [AccountWork.AuthenticatorEntity] = "验证器", [AccessFailures.Entity] = "访问控制", ["Problem"] = "问题", ["Inspection"] = "巡察", ["InspectionRound"] = "巡察轮次", ["Notice"] = "整改公开",
        ["Measure"] = "整改措施", ["ProgressEntry"] = "整改进展", ["Evidence"] = "佐证材料", ["Extension"] = "延期申请", ["Review"] = "回头看", ["Person"] = "人员",
        ["InspectionTarget"] = "被巡察单位", ["DocumentSettings"] = "公文设置", ["PolicyDocument"] = "整改文件", ["Category"] = "问题类别", ["Meeting"] = "会议",
        ["PublicFeedback"] = "群众意见", [MailModel.AuditEntity] = "群机器人接收的事件",
    };

    public static string ActionText(string action) => action switch
    {
        "insert" => "新增", "update" => "修改", "delete" => "删除", "read" => "查阅", "export" => "导出",
        AccountWork.ResetTwoFactorAction => "重置验证器", AccessFailures.Action => "拒绝访问", _ => action,
    };

    // Beijing days: the office's day, whatever the server's zone.
    static readonly TimeSpan Beijing = TimeSpan.FromHours(8);

    IQueryable<AuditEntry> Filtered()
    {
        var q = db.AuditEntries.AsNoTracking();
        if (From is not null || To is not null)
        {
            var from = From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime() : DateTimeOffset.MinValue;
            var to = To is { } t ? new DateTimeOffset(t.AddDays(1).ToDateTime(TimeOnly.MinValue), Beijing).ToUniversalTime() : DateTimeOffset.MaxValue;
            // SQLite keeps the time as text ("yyyy-MM-dd HH:mm:ss.fff+00:00", always UTC in this log), which EF
            // does not compare: compared as text there, which orders the same.
            q = db.Database.IsNpgsql()
                ? q.Where(a => a.At >= from && a.At < to)
                : db.AuditEntries.FromSqlRaw("SELECT * FROM \"AuditEntries\" WHERE \"At\" >= {0} AND \"At\" < {1}",
                    from.ToString("yyyy-MM-dd HH:mm:ss+00:00", CultureInfo.InvariantCulture), to.ToString("yyyy-MM-dd HH:mm:ss+00:00", CultureInfo.InvariantCulture)).AsNoTracking();
        }
        if (!string.IsNullOrWhiteSpace(Actor)) { var actor = Actor.Trim(); q = q.Where(a => a.Actor == actor); }
        if (!string.IsNullOrWhiteSpace(Entity))
        {
            // By the Chinese name shown or by the type's name.
            var entity = Entity.Trim();
            entity = EntityNames.FirstOrDefault(n => n.Value == entity).Key ?? entity;
            q = q.Where(a => a.Entity == entity);
        }
        return q;
    }

    Dictionary<string, string?> Filter() => new()
    {
        ["from"] = From?.ToString("yyyy-MM-dd"), ["to"] = To?.ToString("yyyy-MM-dd"),
        ["actor"] = string.IsNullOrWhiteSpace(Actor) ? null : Actor.Trim(), ["entity"] = string.IsNullOrWhiteSpace(Entity) ? null : Entity.Trim(),
    };

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var q = Filtered();
        if (Before is { } before) q = q.Where(a => a.Id < before);
        var rows = await q.OrderByDescending(a => a.Id).Take(PageSize + 1).ToListAsync(ct);
        More = rows.Count > PageSize;
        rows = rows.Take(PageSize).ToList();

        // Account roles are logged as ids: shown by the account's and the role's names.
        var ids = rows.Where(r => r.Entity is "IdentityUserRole" or "ApiToken")
            .SelectMany(r => Values(r.After ?? r.Before).Where(v => v.Key is "UserId" or "RoleId").Select(v => v.Value ?? "")).ToList();
        var names = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, Name = u.UserName! }).ToListAsync(ct))
            .Concat((await db.Roles.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, Name = r.Name! }).ToListAsync(ct))
                .Select(r => new { r.Id, Name = Roles.Chinese(r.Name) }))
            .ToDictionary(x => x.Id, x => x.Name);
        // The problem of each entry: the row itself, or the ProblemId it carries.
        int? ProblemOf(AuditEntry r) => r.Entity == "Problem" && int.TryParse(r.EntityKey, out var pid) ? pid
            : Values(r.After ?? r.Before).GetValueOrDefault("ProblemId") is { } s && int.TryParse(s, out var id) ? id : null;
        var problemIds = rows.Select(ProblemOf).OfType<int>().Distinct().ToList();
        var problems = await db.Problems.AsNoTracking().Where(p => problemIds.Contains(p.Id))
            .Select(p => new ProblemRef(p.Id, p.Ordinal, p.Title)).ToDictionaryAsync(p => p.Id, ct);
        // The rows the entries name, by the names a reader knows them by.
        var keys = rows.Select(r => r.EntityKey).Distinct().ToList();
        // Keys, and the inspection or organisation a row belongs to (NameOf names a target or a document by it).
        var intKeys = keys.Concat(rows.SelectMany(r => Values(r.After ?? r.Before).Where(v => v.Key is "InspectionId" or "OrganizationId").Select(v => v.Value)))
            .Select(k => int.TryParse(k, out var n) ? n : (int?)null).OfType<int>().Distinct().ToList();
        var existing = new Dictionary<(string, string), string>();
        foreach (var id in problems.Keys) existing[("Problem", id.ToString(CultureInfo.InvariantCulture))] = ""; // named by its link
        foreach (var u in await db.Users.AsNoTracking().Where(u => keys.Contains(u.Id)).Select(u => new { u.Id, u.UserName }).ToListAsync(ct))
            existing[("AppUser", u.Id)] = "账户 " + u.UserName;
        foreach (var o in await db.Organizations.AsNoTracking().Where(o => intKeys.Contains(o.Id)).Select(o => new { o.Id, o.Name }).ToListAsync(ct))
            existing[("Organization", o.Id.ToString(CultureInfo.InvariantCulture))] = o.Name;
        foreach (var r in await db.Rounds.AsNoTracking().Where(r => intKeys.Contains(r.Id)).Select(r => new { r.Id, r.Body, r.Name }).ToListAsync(ct))
            existing[("InspectionRound", r.Id.ToString(CultureInfo.InvariantCulture))] = r.Body + r.Name;
        foreach (var i in await db.Inspections.AsNoTracking().Where(i => intKeys.Contains(i.Id)).Select(i => new { i.Id, i.TargetName, i.Round!.Body, i.Round.Name }).ToListAsync(ct))
            existing[("Inspection", i.Id.ToString(CultureInfo.InvariantCulture))] = $"{i.TargetName} {i.Body}{i.Name}";
        Lines = rows.Select(r => new Line(r.Id, r.At.ToOffset(Beijing), r.Actor, r.Entity, NameOf(r, existing, names), r.Action, Describe(r, names),
            ProblemOf(r) is { } pid && problems.TryGetValue(pid, out var pr) ? pr : null)).ToList();
        ActorNames = await Rectify.Features.Problems.PeopleLinks.NamesByUserNameAsync(db, Lines.Select(l => l.Actor), ct);

        var filter = Filter();
        filter["before"] = Before?.ToString();
        filter["rows"] = Lines.Count.ToString();
        db.RecordEvent(nameof(AuditEntry), "read", AuditLog.Details(filter));
        await db.SaveChangesAsync(ct);
        return Page();
    }

    /// <summary>The filtered log as a download, recorded first so that even an interrupted export is on record.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        db.RecordEvent(nameof(AuditEntry), "export", AuditLog.Details(Filter()));
        await db.SaveChangesAsync(ct);
        var q = Filtered();
        return new FileCallbackResult("application/x-ndjson; charset=utf-8", $"audit-{DateTimeOffset.UtcNow.ToOffset(Beijing):yyyyMMdd-HHmmss}.jsonl", async (body, token) =>
        {
            await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false));
            await AuditLog.ExportAsync(q, writer, token);
        });
    }

    static Dictionary<string, string?> Values(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try { return JsonSerializer.Deserialize<Dictionary<string, string?>>(json) ?? []; }
        catch (JsonException) { return new() { [""] = json }; }
    }

    /// <summary>
    /// The row an entry wrote, as a reader knows it: a row that still exists by its name (<paramref name="existing"/>), an
    /// account's role by the account and the role, otherwise by the name or title its logged values carry, or only what it
    /// was. A problem's rows are named by the problem beside (<see cref="Line.Problem"/>). Never the database key.
    /// </summary>
    static string NameOf(AuditEntry e, Dictionary<(string, string), string> existing, Dictionary<string, string> names)
    {
        if (existing.TryGetValue((e.Entity, e.EntityKey), out var name)) return name;
        if (e.EntityKey == "*") return "多行（批量写入）";
        if (e.EntityKey == "") return "";
        var values = Values(e.After ?? e.Before);
        if (e.Entity == "IdentityUserRole")
            return $"{names.GetValueOrDefault(values.GetValueOrDefault("UserId") ?? "", "已删除的账户")} 的角色 {names.GetValueOrDefault(values.GetValueOrDefault("RoleId") ?? "", "（已删除）")}";
        // The 对象 column says what kind of row it is; here only which one.
        var gone = e.Action == "delete" || e.Entity is "AppUser" or "Organization" or "InspectionRound" or "Inspection" or "Problem" ? "已删除：" : "";
        var text = new[] { "UserName", "Name", "Title", "FileName", "Text" }.Select(k => values.GetValueOrDefault(k)).FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
        if (text is not null) return $"{gone}“{(text.Length > 30 ? text[..30] + "…" : text)}”";
        // A row of an inspection or an organisation (a target, a document, settings): by that one's name.
        foreach (var (field, entity) in new[] { ("InspectionId", "Inspection"), ("OrganizationId", "Organization") })
            if (values.GetValueOrDefault(field) is { } id && existing.TryGetValue((entity, id), out var owner)) return gone + owner;
        return gone == "" ? "" : "已删除";
    }

    // Logged as fingerprints (AuditLog): they tell only that they changed. A row's own key ("Id") is not shown: the
    // 名称 column names the row (the export keeps every value).
    static readonly HashSet<string> Secrets = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    /// <summary>What was written: the fields of a new or deleted row, the changed fields of an update.</summary>
    static string Describe(AuditEntry e, Dictionary<string, string> names)
    {
        string Show(string? v) => v is null ? "空" : names.TryGetValue(v, out var n) ? n : v.Length > 80 ? v[..80] + "…" : v;
        var before = Values(e.Before);
        var after = Values(e.After);
        if (e.Action != "update")
            return string.Join(";", (e.Action == "delete" ? before : after).Where(v => v.Value is not null && !Secrets.Contains(v.Key) && v.Key != "Id").Select(v => $"{v.Key}={Show(v.Value)}"));
        return string.Join(";", after.Where(v => before.GetValueOrDefault(v.Key) != v.Value)
            .Select(v => Secrets.Contains(v.Key) ? $"{v.Key} 已更改" : $"{v.Key}:{Show(before.GetValueOrDefault(v.Key))} → {Show(v.Value)}"));
    }
}

/// <summary>A download written straight to the response, not held in memory (the log can be large).</summary>
sealed class FileCallbackResult(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName }.ToString();
        await write(response.Body, context.HttpContext.RequestAborted);
    }
}
