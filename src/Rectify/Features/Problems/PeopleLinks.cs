using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Notifications;

namespace Rectify.Features.Problems;

/// <summary>
/// The people of the ledger (责任领导, 责任人, each measure's 责任人) as accounts (issue 18 item 1). A name
/// typed or imported is linked to an account when exactly one enabled account that sees the problem's unit
/// bears it (display name or user name); otherwise it stays free text, shown as “未关联账号” and listed
/// on /admin/people for an administrator to resolve. The reminders and events reach the linked account
/// only (<see cref="Hearers"/>), never someone who merely bears the same name.
/// </summary>
public static class PeopleLinks
{
    public const string Unlinked = "未关联账号";

    /// <summary>The accounts a name of a problem of <paramref name="orgs"/> may be: enabled ones that see one of its units.</summary>
    public static async Task<List<AppUser>> CandidatesAsync(RectifyDb db, IReadOnlyList<int> orgs, CancellationToken ct) =>
        Candidates((await Accounts.LoadAsync(db, ct)).All, orgs);

    /// <summary>The rule of <see cref="CandidatesAsync"/> over accounts already loaded.</summary>
    public static List<AppUser> Candidates(IEnumerable<Infrastructure.Scope> accounts, IReadOnlyList<int> orgs) =>
        accounts.Where(s => orgs.Count == 0 ? s.SeesAll : orgs.Any(o => s.Sees(o)))
            .Where(s => !Infrastructure.Roles.Separated.Any(s.Is)).Select(s => s.User).ToList();

    /// <summary>The one account bearing the name, or null (none, or several: an administrator picks).</summary>
    public static string? Match(IReadOnlyList<AppUser> candidates, string? name)
    {
        if (string.IsNullOrWhiteSpace(name)) return null;
        var n = name.Trim();
        var found = candidates.Where(u => string.Equals(u.DisplayName?.Trim(), n, StringComparison.Ordinal) || string.Equals(u.UserName, n, StringComparison.Ordinal))
            .Select(u => u.Id).Distinct().Take(2).ToList();
        return found.Count == 1 ? found[0] : null;
    }

    /// <summary>Links every name of the problem that has none yet and matches exactly one account; returns how many names stay unlinked.</summary>
    public static int LinkNames(Problem p, IReadOnlyList<AppUser> candidates)
    {
        if (p.ResponsibleLeaderId is null) p.ResponsibleLeaderId = Match(candidates, p.ResponsibleLeader);
        if (p.ResponsiblePersonId is null) p.ResponsiblePersonId = Match(candidates, p.ResponsiblePerson);
        foreach (var m in p.Measures.Where(m => m.OwnerId is null)) m.OwnerId = Match(candidates, m.Owner);
        return UnlinkedCount(p);
    }

    /// <summary>Names of the problem written as free text only.</summary>
    public static int UnlinkedCount(Problem p) =>
        (IsUnlinked(p.ResponsibleLeader, p.ResponsibleLeaderId) ? 1 : 0) + (IsUnlinked(p.ResponsiblePerson, p.ResponsiblePersonId) ? 1 : 0)
        + p.Measures.Count(m => IsUnlinked(m.Owner, m.OwnerId));

    public static bool IsUnlinked(string? name, string? accountId) => !string.IsNullOrWhiteSpace(name) && accountId is null;

    /// <summary>The names of the linked accounts, for showing them (an account shows by its own name).</summary>
    public static async Task<Dictionary<string, string>> NamesAsync(RectifyDb db, IEnumerable<string?> ids, CancellationToken ct)
    {
        var wanted = ids.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0) return [];
        var rows = await db.Users.AsNoTracking().Where(u => wanted.Contains(u.Id)).Select(u => new { u.Id, u.DisplayName, u.UserName }).ToListAsync(ct);
        return rows.ToDictionary(u => u.Id, u => u.DisplayName ?? u.UserName ?? u.Id);
    }

    /// <summary>
    /// The names of accounts a record keeps by user name (who asked for a closure or an extension, who decided it,
    /// who changed a problem, who signed a document): the record keeps the user name, which never changes; a page
    /// and a message show the person (<see cref="UserNames"/>).
    /// </summary>
    public static async Task<UserNames> NamesByUserNameAsync(RectifyDb db, IEnumerable<string?> userNames, CancellationToken ct)
    {
        var wanted = userNames.OfType<string>().Distinct().ToList();
        if (wanted.Count == 0) return UserNames.None;
        var rows = await db.Users.AsNoTracking().Where(u => u.UserName != null && wanted.Contains(u.UserName)).Select(u => new { u.UserName, u.DisplayName }).ToListAsync(ct);
        return new(rows.Where(u => !string.IsNullOrWhiteSpace(u.DisplayName)).ToDictionary(u => u.UserName!, u => u.DisplayName!));
    }

    /// <summary>One person a record keeps by user name, as <see cref="UserNames.Of"/> names them.</summary>
    public static async Task<string?> NameOfAsync(RectifyDb db, string? userName, CancellationToken ct) =>
        userName is null ? null : (await NamesByUserNameAsync(db, [userName], ct)).Of(userName);

    /// <summary>What a page shows for a person: the account's name when linked, else the text (the page flags it).</summary>
    public static string? Shown(string? name, string? accountId, IReadOnlyDictionary<string, string> names) =>
        accountId is not null && names.TryGetValue(accountId, out var n) ? n : name;

    /// <summary>As the pages encode: Chinese stays readable, markup is escaped.</summary>
    static readonly System.Text.Encodings.Web.HtmlEncoder Encoder = System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    /// <summary>A person on a page: the account's name when linked, else the text flagged “未关联账号”, else <paramref name="none"/>.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Html(string? name, string? accountId, IReadOnlyDictionary<string, string> names, string none)
    {
        var enc = Encoder;
        if (Shown(name, accountId, names) is not { } shown || shown.Length == 0) return new Microsoft.AspNetCore.Html.HtmlString(enc.Encode(none));
        var flag = IsUnlinked(name, accountId) ? $" <span class=\"tag unlinked\" title=\"姓名未关联到系统账号，预警和通知到不了本人\">{Unlinked}</span>" : "";
        return new Microsoft.AspNetCore.Html.HtmlString(enc.Encode(shown) + flag);
    }

    /// <summary>A user name on a page: the person's name, the user name kept in the title for whoever must search the audit log by it.</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent UserHtml(string? userName, UserNames names)
    {
        if (userName is null) return Microsoft.AspNetCore.Html.HtmlString.Empty;
        var shown = names.Of(userName)!;
        return new Microsoft.AspNetCore.Html.HtmlString(shown == userName ? Encoder.Encode(shown)
            : $"<span class=\"person\" title=\"{Encoder.Encode(userName)}\">{Encoder.Encode(shown)}</span>");
    }

    /// <summary>Kept as text on purpose (“保留文本”): the name leaves the administrator's list, still flagged on the pages.</summary>
    public static string KeptKey(string name) => "people-kept:" + name.Trim();
}

/// <summary>
/// The one rule for naming a person a record keeps by user name: the account's display name, else the user name
/// as kept (an account without a display name, or one deleted since).
/// </summary>
public sealed class UserNames(IReadOnlyDictionary<string, string> displayNames)
{
    public static readonly UserNames None = new(new Dictionary<string, string>());

    public string? Of(string? userName) => userName is null ? null : displayNames.GetValueOrDefault(userName, userName);

    /// <summary>As a page shows it (<see cref="PeopleLinks.UserHtml"/>).</summary>
    public Microsoft.AspNetCore.Html.IHtmlContent Html(string? userName) => PeopleLinks.UserHtml(userName, this);
}
