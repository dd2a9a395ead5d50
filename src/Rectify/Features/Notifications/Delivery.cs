using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Rectify.Core;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Notifications;

/// <summary>
/// How an account wants its news beyond the inbox (issue 18 items 5 and 7), kept as JSON in
/// <see cref="AppUser.NotifyPrefs"/>; an account that never chose gets every event by e-mail at once and no SMS.
/// Kinds are the events' (<see cref="Events"/>), with "warning" standing for the three deadline lights.
/// </summary>
public sealed class DeliveryPrefs
{
    /// <summary>Kinds that go to the inbox only, not by e-mail.</summary>
    public List<string> NoEmail { get; set; } = [];
    /// <summary>E-mails wait for one daily digest instead of going at once.</summary>
    public bool Digest { get; set; }
    /// <summary>Kinds also sent by SMS to the account's phone number (when the office's gateway is set).</summary>
    public List<string> Sms { get; set; } = [];

    public const string Warning = "warning";
    public static string Family(string kind) => kind.StartsWith("warning-", StringComparison.Ordinal) ? Warning : kind;
    public bool Emails(string kind) => !NoEmail.Contains(Family(kind));
    public bool Texts(string kind) => Sms.Contains(Family(kind));

    public static DeliveryPrefs Of(AppUser u)
    {
        if (string.IsNullOrWhiteSpace(u.NotifyPrefs)) return new();
        try { return JsonSerializer.Deserialize<DeliveryPrefs>(u.NotifyPrefs) ?? new(); }
        catch (JsonException) { return new(); }
    }

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>The kinds an account may choose, with the inbox's names.</summary>
    public static IEnumerable<(string Kind, string Name)> Kinds => Events.All.Select(k => (k, Events.Chinese(k))).Prepend((Warning, "整改时限预警（黄灯、红灯、超期）"));
}

/// <summary>Which robot format a group robot takes.</summary>
public enum RobotKind { WeCom, DingTalk }

/// <summary>
/// A unit's own group robot (Rectify:Channels:UnitRobots:0:…, :1:…): the events of <see cref="Organization"/> that it
/// names go to it (a problem's: of its unit or its linked 责任部门; an order's, a notice's, a comment's: of their unit),
/// with <see cref="Subtree"/> also those of the units below. Its address and secret are configuration, from the
/// secret store as the office-wide robot's are, never in the database.
/// </summary>
public sealed class UnitRobot : ICheckedSettings
{
    /// <summary>The unit: its name in the organisation tree (one unit only bears it) or its number.</summary>
    public string? Organization { get; set; }
    public RobotKind Kind { get; set; } = RobotKind.WeCom;
    public string? Url { get; set; }
    /// <summary>钉钉 加签 secret.</summary>
    public string? Secret { get; set; }
    /// <summary>钉钉 自定义关键词.</summary>
    public string? Keyword { get; set; }
    /// <summary>The events it hears (kinds of <see cref="Events"/>); empty: none. For a unit's robot, the default until the office chooses on /admin/mail (<see cref="RobotChoices"/>).</summary>
    public string[] Events { get; set; } = [];
    /// <summary>Also the events of the units below it (a town's robot hears its villages').</summary>
    public bool Subtree { get; set; }

    /// <summary>Who the outbox row is addressed to (<see cref="Notification.EmailTo"/>), and how /admin/mail shows it.</summary>
    public string Address => Organization is null ? OfficeAddress : $"{OfficeAddress}:{Organization.Trim()}";
    public const string OfficeAddress = "机器人";

    /// <summary>The unit in the tree: by number, or by the one unit of that name; null when none or several.</summary>
    public int? UnitIn(IEnumerable<(int Id, int? ParentId, string Name)> tree)
    {
        var o = Organization?.Trim();
        if (string.IsNullOrEmpty(o)) return null;
        var found = tree.Where(t => t.Name == o || t.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == o).Select(t => t.Id).Distinct().Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    public IEnumerable<string> Problems()
    {
        var key = $"Rectify:Channels:UnitRobots（{Organization}）";
        if (string.IsNullOrWhiteSpace(Organization)) yield return "Rectify:Channels:UnitRobots 的每个机器人须有 Organization（单位名称或编号）";
        if (Url is null || !ChannelOptions.IsWeb(Url)) yield return Settings.Wrong(key + ":Url", "应为 http:// 或 https:// 地址", Url ?? "");
        foreach (var e in Events.Where(e => !RobotChoices.IsEvent(e)))
            yield return Settings.Wrong(key + ":Events", "应为事件代码（如 warning、closure-requested、order-overdue）", e);
    }
}

/// <summary>
/// The events each robot takes (issue 18 item 7, “each chosen per event and per unit”): the office's choice on
/// /admin/mail, kept in Settings as robot-events:{unit} for a unit's robot and robot-events:office for the office-wide
/// one (codes joined by commas; empty: none), else the configured <see cref="UnitRobot.Events"/> or
/// <see cref="ChannelOptions.RobotEvents"/>. Read per request and per scan, so a choice holds at once, without a
/// restart; the robots' addresses and secrets stay in configuration.
/// </summary>
public sealed class RobotChoices
{
    public const string Prefix = "robot-events:";
    const string Office = "office";
    readonly IReadOnlyDictionary<int, string[]> _chosen;
    readonly string[]? _office;
    RobotChoices(IReadOnlyDictionary<int, string[]> chosen, string[]? office) => (_chosen, _office) = (chosen, office);

    /// <summary>Nothing chosen: every robot takes its configured events.</summary>
    public static readonly RobotChoices Configured = new(new Dictionary<int, string[]>(), null);

    /// <summary>The settings row of a unit's robot, or (null) of the office-wide one.</summary>
    public static string Key(int? unit) => Prefix + (unit?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Office);

    /// <summary>The codes a robot may take: the three deadline lights as one, and every event of <see cref="Events.All"/>.</summary>
    public static bool IsEvent(string code) => code == DeliveryPrefs.Warning || Events.All.Contains(code);

    public static string Value(IEnumerable<string> events) => string.Join(",", events);

    public static async Task<RobotChoices> LoadAsync(RectifyDb db, CancellationToken ct)
    {
        if (!db.Channels.AnyRobot) return Configured;
        var rows = await db.Settings.AsNoTracking().Where(s => s.Key.StartsWith(Prefix)).Select(s => new { s.Key, s.Value }).ToListAsync(ct);
        var chosen = new Dictionary<int, string[]>();
        string[]? office = null;
        foreach (var r in rows)
        {
            var events = (r.Value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (r.Key == Key(null)) office = events;
            else if (int.TryParse(r.Key.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var unit))
                chosen[unit] = events;
        }
        return new(chosen, office);
    }

    /// <summary>The events the robot of <paramref name="unit"/> (null: the office-wide robot) takes, and whether the office chose them (else configured).</summary>
    public (string[] Events, bool Chosen) Of(UnitRobot robot, int? unit) =>
        unit is { } u ? (_chosen.TryGetValue(u, out var e) ? (e, true) : (robot.Events, false))
            : _office is { } o ? (o, true) : (robot.Events, false);

    /// <summary>Whether the robot of <paramref name="unit"/> (null: the office-wide robot) takes an event of <paramref name="kind"/>: the one rule, for the events and the scans.</summary>
    public bool Takes(UnitRobot robot, int? unit, string kind) => robot.Url is not null && Of(robot, unit).Events.Contains(DeliveryPrefs.Family(kind));
}

/// <summary>
/// Rectify:Channels — the channels beyond e-mail (issue 18 item 7): the office's SMS gateway (an HTTP call whose
/// URL, method and body are settings, e.g. a 政务短信 platform), a group robot of 企业微信 or 钉钉 that hears the
/// events named in RobotEvents, and each unit's own robots (<see cref="UnitRobots"/>). Messages are short, in
/// Chinese, with a link under Rectify:Public:BaseUrl.
/// </summary>
public sealed class ChannelOptions : ICheckedSettings
{
    public const string Section = "Rectify:Channels";

    /// <summary>The gateway's address; without it no SMS is sent.</summary>
    public string? SmsUrl { get; set; }
    public string SmsMethod { get; set; } = "POST";
    /// <summary>The request body, with {phone} and {text} replaced (JSON-escaped when the content type is JSON, URL-escaped otherwise).</summary>
    public string SmsBody { get; set; } = "{\"phone\":\"{phone}\",\"text\":\"{text}\"}";
    public string SmsContentType { get; set; } = "application/json";

    public RobotKind RobotKind { get; set; } = RobotKind.WeCom;
    /// <summary>The robot's webhook address; without it no robot message is sent.</summary>
    public string? RobotUrl { get; set; }
    /// <summary>钉钉 加签: the secret the robot signs with (timestamp and sign added to the address).</summary>
    public string? RobotSecret { get; set; }
    /// <summary>钉钉 自定义关键词: put before each message that lacks it.</summary>
    public string? RobotKeyword { get; set; }
    /// <summary>The events the robot hears (kinds of <see cref="Events"/>); empty: none.</summary>
    public string[] RobotEvents { get; set; } = [];
    /// <summary>The units' own robots, each hearing its unit's events (<see cref="UnitRobot"/>).</summary>
    public UnitRobot[] UnitRobots { get; set; } = [];

    public bool SmsOn => SmsUrl is not null;
    /// <summary>Whether any robot is configured; which events each takes is <see cref="RobotChoices"/>' (the office may choose some for a robot configured with none).</summary>
    public bool AnyRobot => RobotUrl is not null || UnitRobots.Length > 0;

    /// <summary>The office-wide robot as one of the same shape.</summary>
    public UnitRobot OfficeRobot => new() { Kind = RobotKind, Url = RobotUrl, Secret = RobotSecret, Keyword = RobotKeyword, Events = RobotEvents };

    /// <summary>The robot an outbox row is addressed to; null when it is no longer configured.</summary>
    public UnitRobot? Robot(string? address) =>
        address == UnitRobot.OfficeAddress ? (RobotUrl is null ? null : OfficeRobot) : UnitRobots.FirstOrDefault(r => r.Address == address);

    public IEnumerable<string> Problems()
    {
        if (SmsUrl is not null && !IsWeb(SmsUrl)) yield return Settings.Wrong("Rectify:Channels:SmsUrl", "应为 http:// 或 https:// 地址", SmsUrl);
        if (SmsUrl is not null && !SmsBody.Contains("{text}", StringComparison.Ordinal)) yield return "Rectify:Channels:SmsBody 须含 {text}（短信内容的位置）";
        if (SmsMethod.ToUpperInvariant() is not ("POST" or "PUT" or "GET")) yield return Settings.Wrong("Rectify:Channels:SmsMethod", "应为 POST、PUT 或 GET", SmsMethod);
        if (RobotUrl is not null && !IsWeb(RobotUrl)) yield return Settings.Wrong("Rectify:Channels:RobotUrl", "应为 http:// 或 https:// 地址", RobotUrl);
        foreach (var e in RobotEvents.Where(e => !RobotChoices.IsEvent(e)))
            yield return Settings.Wrong("Rectify:Channels:RobotEvents", "应为事件代码（如 closure-requested、order-overdue）", e);
        foreach (var twice in UnitRobots.GroupBy(r => r.Address).Where(g => g.Count() > 1))
            yield return $"Rectify:Channels:UnitRobots 中单位“{twice.First().Organization}”配置了不止一个机器人";
    }

    public static bool IsWeb(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https";
}

/// <summary>Sends the SMS and robot messages of the outbox (<see cref="MailOutbox"/>): one HTTP call each; null when it went, else why not.</summary>
public sealed class ChannelSender(IOptions<ChannelOptions> options, IOptions<Public.PublicOptions> site, IHttpClientFactory http, TimeProvider clock)
{
    public ChannelOptions Options => options.Value;
    public bool IsConfigured => Options.SmsOn || Options.AnyRobot;

    /// <summary>The message: short, Chinese, with the link to the problem or document when the site's address is known.</summary>
    public string Text(Notification n)
    {
        var title = n.Title.Length > 70 ? n.Title[..70] + "…" : n.Title;
        var link = n.Href is { } href && site.Value.BaseUrl is { } root ? " " + root.TrimEnd('/') + href : "";
        return $"【巡察整改】{title}{link}";
    }

    public async Task<string?> SendAsync(Notification n, CancellationToken ct)
    {
        try
        {
            using var client = http.CreateClient("channels");
            client.Timeout = TimeSpan.FromSeconds(20);
            using var response = n.Channel == Channels.Sms ? await SmsAsync(client, n.EmailTo!, Text(n), ct) : Options.Robot(n.EmailTo) is { } robot ? await RobotAsync(client, robot, Text(n), ct) : null;
            if (response is null) return $"群机器人“{n.EmailTo}”已不在配置中（Rectify:Channels）";
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode) return Short($"{Name(n)}返回 HTTP {(int)response.StatusCode}：{body}");
            // The robots answer 200 with their own error code.
            if (n.Channel == Channels.Robot && body.Contains("\"errcode\"", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("errcode", out var code) && code.GetInt32() != 0)
                    return Short($"{Name(n)}拒收：{(doc.RootElement.TryGetProperty("errmsg", out var m) ? m.GetString() : body)}");
            }
            return null;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return Short($"{Name(n)}连接失败：{e.Message}");
        }
    }

    static string Name(Notification n) => n.Channel == Channels.Sms ? "短信网关" : "群机器人";

    Task<HttpResponseMessage> SmsAsync(HttpClient client, string phone, string text, CancellationToken ct)
    {
        var o = Options;
        var json = o.SmsContentType.Contains("json", StringComparison.OrdinalIgnoreCase);
        string Esc(string s) => json ? JsonEncodedText.Encode(s, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping).ToString() : Uri.EscapeDataString(s);
        var method = new HttpMethod(o.SmsMethod.ToUpperInvariant());
        if (method == HttpMethod.Get)
            return client.GetAsync(o.SmsUrl!.Replace("{phone}", Uri.EscapeDataString(phone)).Replace("{text}", Uri.EscapeDataString(text)), ct);
        var body = o.SmsBody.Replace("{phone}", Esc(phone)).Replace("{text}", Esc(text));
        return client.SendAsync(new HttpRequestMessage(method, o.SmsUrl) { Content = new StringContent(body, Encoding.UTF8, o.SmsContentType) }, ct);
    }

    Task<HttpResponseMessage> RobotAsync(HttpClient client, UnitRobot o, string text, CancellationToken ct)
    {
        var url = o.Url!;
        if (o.Kind == RobotKind.DingTalk)
        {
            if (o.Keyword is { Length: > 0 } k && !text.Contains(k, StringComparison.Ordinal)) text = $"{k} {text}";
            if (o.Secret is { Length: > 0 } secret)
            {
                // 钉钉 加签: HMAC-SHA256 of "timestamp\nsecret", Base64, URL-encoded.
                var ts = clock.GetUtcNow().ToUnixTimeMilliseconds();
                var sign = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{ts}\n{secret}")));
                url += (url.Contains('?') ? "&" : "?") + $"timestamp={ts}&sign={Uri.EscapeDataString(sign)}";
            }
        }
        // 企业微信 and 钉钉 take the same text message.
        var payload = JsonSerializer.Serialize(new { msgtype = "text", text = new { content = text } });
        return client.PostAsync(url, new StringContent(payload, Encoding.UTF8, "application/json"), ct);
    }

    static string Short(string s) => s.Length <= 500 ? s : s[..500];
}

/// <summary>The rows of the other channels: an SMS for an account that chose it, a robot message for an event it hears.</summary>
public static class Channels
{
    public const string Sms = "sms", Robot = "robot";

    /// <summary>The inbox entry and, when the account chose SMS for its kind and has a phone number, its SMS.</summary>
    public static void Deliver(RectifyDb db, AppUser user, Notification n)
    {
        if (db.Grouping is { } action)
        {
            action.Add(user, n);
            return;
        }
        db.Notifications.Add(n);
        if (!db.Channels.SmsOn || string.IsNullOrWhiteSpace(user.PhoneNumber) || !DeliveryPrefs.Of(user).Texts(n.Kind)) return;
        db.Notifications.Add(Copy(n, Sms, user.PhoneNumber.Trim(), n.EventKey + ":sms"));
    }

    /// <summary>
    /// One robot message for an event (not one per account): to the office-wide robot when it hears the kind, and to
    /// each unit robot that hears it whose unit is one of the event's <paramref name="units"/> (or above one, with Subtree).
    /// </summary>
    public static async Task RobotMessageAsync(RectifyDb db, string kind, string key, int? problemId, string? link, string title, string body, DateTimeOffset now,
        IReadOnlyList<int> units, IReadOnlyList<(int Id, int? ParentId, string Name)> tree, CancellationToken ct)
    {
        if (!db.Channels.AnyRobot) return;
        var rows = RobotRows(db.Channels, await RobotChoices.LoadAsync(db, ct), kind, key, problemId, link, title, body, now, units, tree);
        if (db.Grouping is { } action) foreach (var r in rows) action.Add(null, r);
        else db.Notifications.AddRange(rows);
    }

    /// <summary>The rows of <see cref="RobotMessage"/>, not yet added: the scans add those whose keys are new.</summary>
    public static List<Notification> RobotRows(ChannelOptions o, RobotChoices chosen, string kind, string key, int? problemId, string? link, string title, string body, DateTimeOffset now,
        IReadOnlyList<int> units, IReadOnlyList<(int Id, int? ParentId, string Name)> tree)
    {
        if (!o.AnyRobot) return [];
        var robots = new List<UnitRobot>();
        if (chosen.Takes(o.OfficeRobot, null, kind)) robots.Add(o.OfficeRobot);
        foreach (var r in o.UnitRobots)
            if (r.UnitIn(tree) is { } unit && chosen.Takes(r, unit, kind) && units.Any(u => u == unit || (r.Subtree && Scope.Subtree(unit, tree.Select(t => (t.Id, t.ParentId))).Contains(u))))
                robots.Add(r);
        return robots.Select(r => new Notification
        {
            Kind = kind, EventKey = r.Organization is null ? key : $"{key}:{r.Organization.Trim()}", ProblemId = problemId, Link = problemId is null ? link : null,
            Title = title, Body = body, CreatedAt = now, Channel = Robot, EmailTo = r.Address, EmailDueAt = now,
        }).ToList();
    }

    static Notification Copy(Notification n, string channel, string to, string key) => new()
    {
        Kind = n.Kind, EventKey = key, ProblemId = n.ProblemId, Link = n.Link, Title = n.Title, Body = n.Body,
        CreatedAt = n.CreatedAt, Channel = channel, EmailTo = to, EmailDueAt = n.CreatedAt,
    };
}

/// <summary>
/// One action on many problems (批量处理): the notices its events raise wait here rather than go one per problem, and when the
/// action ends (<see cref="Flush"/>) each recipient, an account or a group robot, gets one per kind of event, listing the problems
/// (in the inbox, and by e-mail, SMS or robot as it would have had each). Set on the context for the action
/// (<see cref="RectifyDb.Grouping"/>); every event's rows pass through <see cref="Channels"/>, so the rule holds for every event.
/// The parts of the action are saved one by one: a part refused drops what it raised (<see cref="DropSince"/>), and what the
/// saved parts raised is written by the caller's save after <see cref="Flush"/>.
/// </summary>
public sealed class OneAction(string name, string link)
{
    readonly List<(AppUser? User, Notification Row)> _rows = [];

    /// <summary>Where the action stands: a part that is then refused drops back to it.</summary>
    public int Mark => _rows.Count;

    public void DropSince(int mark) => _rows.RemoveRange(mark, _rows.Count - mark);

    /// <summary>An account's entry (<paramref name="user"/>), or a robot's message (null).</summary>
    internal void Add(AppUser? user, Notification n) => _rows.Add((user, n));

    /// <summary>Adds the grouped notices to the context, for the caller's save, and ends the grouping there.</summary>
    public void Flush(RectifyDb db)
    {
        if (ReferenceEquals(db.Grouping, this)) db.Grouping = null;
        var rows = _rows.ToList();
        _rows.Clear();
        foreach (var g in rows.GroupBy(r => (Who: r.User?.Id ?? "robot:" + r.Row.EmailTo, r.Row.Kind)))
        {
            var one = Merge(g.Select(r => r.Row).ToList());
            if (g.First().User is { } user) Channels.Deliver(db, user, one);
            else db.Notifications.Add(one);
        }
    }

    Notification Merge(List<Notification> rows)
    {
        var first = rows[0];
        if (rows.Count == 1) return first;
        var problems = rows.Select(r => r.ProblemId).Distinct().ToList();
        var count = problems.Count(p => p is not null) is var n && n > 0 ? n : rows.Count;
        var listed = string.Join("\n", rows.Take(20).Select((r, i) => $"{i + 1}. {r.Body}")) + (rows.Count > 20 ? $"\n……共 {rows.Count} 条" : "");
        return new Notification
        {
            UserId = first.UserId, Kind = first.Kind, EventKey = $"{first.EventKey}+{rows.Count - 1}",
            ProblemId = problems.Count == 1 ? first.ProblemId : null, Link = problems.Count == 1 ? first.Link : link,
            Title = $"{Events.Chinese(first.Kind)}：批量处理涉及 {count} 个问题",
            Body = $"“{name}”一次处理了以下 {count} 个问题：\n{listed}",
            CreatedAt = first.CreatedAt, EmailTo = first.EmailTo, EmailDueAt = first.EmailDueAt, Digest = first.Digest, Channel = first.Channel,
        };
    }
}

/// <summary>
/// The daily digest (issue 18 item 5): the e-mails of accounts that chose it wait (no due time) until the first
/// scan after Rectify:Reminders:DigestHour of the office's day releases them; the outbox then sends one message
/// per address with all of them. Once a day: the day's release is remembered in the database.
/// </summary>
public static class Digest
{
    public static async Task<int> ReleaseAsync(RectifyDb db, OfficeClock clock, int hour, CancellationToken ct)
    {
        var now = clock.Now;
        if (now.Hour < hour) return 0;
        var key = $"digest-released:{clock.Today:yyyy-MM-dd}";
        if (await db.Settings.AnyAsync(s => s.Key == key, ct)) return 0;
        db.Settings.Add(new AppSetting { Key = key, Value = clock.UtcNow.ToString("O") });
        await db.SaveChangesAsync(ct);
        var due = clock.UtcNow;
        return await db.Notifications.Where(n => n.Digest && n.EmailTo != null && n.EmailedAt == null && n.EmailDueAt == null && n.EmailAttempts == 0)
            .ExecuteUpdateAsync(s => s.SetProperty(n => n.EmailDueAt, due), ct);
    }

    /// <summary>One e-mail with every news of the day, newest last, each with where to read on.</summary>
    public static string Body(IReadOnlyList<Notification> items, string? root) =>
        $"您有 {items.Count} 条整改系统消息：\n\n" + string.Join("\n\n", items.OrderBy(n => n.Id).Select((n, i) =>
            $"{i + 1}. {n.Title}\n{n.Body}" + (n.Href is { } h && root is not null ? $"\n{root.TrimEnd('/')}{h}" : "")))
        + "\n\n请登录整改系统，在“消息”中查看和处理；在“消息 › 接收设置”中可改为逐条即时发送。";
}
