using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Primitives;
using Rectify.Core;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Data;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>One row of the ledger list, as the page shows it and the API returns it.</summary>
public sealed record LedgerRow(
    int Id, int InspectionId, int Ordinal, string Title, int CategoryId, int CategoryOrdinal, string Category, string Status, string StatusText,
    string? ExpectedCompletion, DateOnly? Deadline, string? Leader, string? Department, string? Person,
    string Kind, string KindText, int MeasuresDone, int MeasuresTotal, string? LatestProgress, int Version, bool Overdue, string? Closure,
    string Warning, string WarningText, string WarningRule, bool LeaderUnlinked = false, bool PersonUnlinked = false,
    // The accounts linked to the names (PeopleLinks): the page shows the account's name; scripts keep the ledger's text.
    [property: System.Text.Json.Serialization.JsonIgnore] string? LeaderId = null,
    [property: System.Text.Json.Serialization.JsonIgnore] string? PersonId = null);

public sealed record LedgerPage(IReadOnlyList<LedgerRow> Items, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>
/// The ledger list's filters, sort and page, read from a query string. The page and
/// GET /api/problems both read it here so that they agree on every parameter.
/// </summary>
public sealed record LedgerFilter
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public int? Inspection { get; init; }
    public RectificationStatus? Status { get; init; }
    public int? Category { get; init; }
    public string? Q { get; init; }
    public bool Overdue { get; init; }
    /// <summary>三色预警: only problems with this light (green, yellow or red).</summary>
    public Rectify.Core.Supervision.WarningLight? Warning { get; init; }
    public string? Leader { get; init; }
    public string? Department { get; init; }
    /// <summary>A column key, "-" in front for descending.</summary>
    public string Sort { get; init; } = "ordinal";
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>The sortable columns: key → header.</summary>
    public static readonly IReadOnlyDictionary<string, string> SortKeys = new Dictionary<string, string>
    {
        ["ordinal"] = "序号", ["category"] = "方面", ["title"] = "问题", ["measures"] = "整改措施", ["leader"] = "责任领导",
        ["department"] = "责任部门", ["person"] = "责任人", ["kind"] = "整改类型", ["deadline"] = "整改时限",
        ["status"] = "状态", ["expected"] = "预计完成",
    };

    /// <summary>Reads the query string; each bad parameter gives a Chinese message under its name.</summary>
    public static (LedgerFilter Filter, Dictionary<string, string[]> Errors) Parse(IEnumerable<KeyValuePair<string, StringValues>> query)
    {
        // Keys that meet after lower-casing (K and the Kelvin sign K, "Status" and "status"): the first one wins (docs/refusals.md).
        var q = new Dictionary<string, string>();
        foreach (var kv in query) q.TryAdd(kv.Key.ToLowerInvariant(), kv.Value.ToString().Trim());
        var errors = new Dictionary<string, string[]>();
        string? Get(string name) => q.TryGetValue(name, out var v) && v.Length > 0 ? v : null;
        int? Int(string name, int min, int max)
        {
            if (Get(name) is not { } s) return null;
            if (int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
            errors[name] = [$"参数 {name} 应为 {min} 到 {max} 之间的整数，收到“{s}”"];
            return null;
        }

        var f = new LedgerFilter
        {
            Inspection = Int("inspection", 1, int.MaxValue),
            Category = Int("category", 1, int.MaxValue),
            Q = Get("q"),
            Leader = Get("leader"),
            Department = Get("department"),
            Page = Int("page", 1, 100_000) ?? 1,
            PageSize = Int("pagesize", 1, MaxPageSize) ?? DefaultPageSize,
        };
        if (Get("status") is { } st)
        {
            if (Statuses.TryParseCode(st, out var status)) f = f with { Status = status };
            else errors["status"] = [$"参数 status 的值“{st}”不是整改状态代码，应为 {string.Join("、", Statuses.All.Select(a => a.Code()))} 之一"];
        }
        if (Get("overdue") is { } od)
        {
            if (od is "true" or "1" or "on") f = f with { Overdue = true };
            else if (od is not ("false" or "0")) errors["overdue"] = [$"参数 overdue 应为 true 或 false，收到“{od}”"];
        }
        if (Get("warning") is { } w)
        {
            if (w is "green" or "yellow" or "red") f = f with { Warning = Enum.Parse<Rectify.Core.Supervision.WarningLight>(w, ignoreCase: true) };
            else errors["warning"] = [$"参数 warning 应为 green、yellow 或 red，收到“{w}”"];
        }
        if (Get("sort") is { } sort)
        {
            if (SortKeys.ContainsKey(sort.TrimStart('-'))) f = f with { Sort = sort };
            else errors["sort"] = [$"参数 sort 的值“{sort}”不能排序，应为 {string.Join("、", SortKeys.Keys)} 之一，前加“-”为降序"];
        }
        return (f, errors);
    }

    /// <summary>The query string of this filter with some values changed, for links that keep the rest.</summary>
    public string With(string? sort = null, int? page = null, bool includeInspection = false)
    {
        var parts = new List<string>();
        void Add(string k, string? v) { if (!string.IsNullOrEmpty(v)) parts.Add(k + "=" + Uri.EscapeDataString(v)); }
        if (includeInspection) Add("inspection", Inspection?.ToString(CultureInfo.InvariantCulture));
        Add("status", Status?.Code());
        Add("category", Category?.ToString(CultureInfo.InvariantCulture));
        Add("q", Q);
        if (Overdue) Add("overdue", "true");
        Add("warning", Warning?.ToString().ToLowerInvariant());
        Add("leader", Leader);
        Add("department", Department);
        var s = sort ?? Sort;
        if (s != "ordinal") Add("sort", s);
        var p = page ?? Page;
        if (p != 1) Add("page", p.ToString(CultureInfo.InvariantCulture));
        if (PageSize != DefaultPageSize) Add("pageSize", PageSize.ToString(CultureInfo.InvariantCulture));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }

    /// <summary>Only an inspection is chosen: the rows are all of its problems.</summary>
    public bool IsWholeInspection => Inspection is not null && Q is null && !Narrowed;

    /// <summary>Only a text is searched for: the rows are the matches among all problems in scope.</summary>
    public bool OnlyText => Q is not null && Inspection is null && !Narrowed;

    /// <summary>How many conditions the user set (text included): the folded filters say it on a phone.</summary>
    public int Conditions => new[] { Status is not null, Category is not null, Overdue, Warning is not null, Leader is not null, Department is not null, Q is not null }.Count(c => c);

    /// <summary>Some filter other than the inspection and the text is set.</summary>
    bool Narrowed => Status is not null || Category is not null || Overdue || Warning is not null || Leader is not null || Department is not null;

    public bool Descending => Sort.StartsWith('-');
    public string SortKey => Sort.TrimStart('-');
}

public static class LedgerQuery
{
    /// <summary>Filtered and sorted problems in the user's scope, not yet paged.</summary>
    public static IQueryable<Problem> Filtered(RectifyDb db, Scope scope, LedgerFilter f, DateOnly today, LightThresholds lights) => Filter(db, scope, f, today, lights).Query;

    /// <summary>The filtered problems, and their number when the search index already told it.</summary>
    /// <param name="kept">What is kept under the ledger's stamp, with this filter's <paramref name="key"/>: a word's matches are counted once.</param>
    static (IQueryable<Problem> Query, int? Total) Filter(RectifyDb db, Scope scope, LedgerFilter f, DateOnly today, LightThresholds lights,
        LedgerListCache.Generation? kept = null, string? key = null)
    {
        var q = scope.Problems(db).AsNoTracking();
        int? total = null;
        if (f.Inspection is { } i) q = q.Where(p => p.InspectionId == i);
        if (f.Status is { } s) q = q.Where(p => p.Status == s);
        if (f.Category is { } c) q = q.Where(p => p.CategoryId == c);
        if (f.Leader is { } l) q = q.Where(p => p.ResponsibleLeader == l);
        if (f.Department is { } d) q = q.Where(p => p.ResponsibleDepartment == d);
        if (f.Q is { } text)
        {
            // Chinese has no word breaks: users expect substring matches, which the bigram index
            // answers; a query of punctuation only has nothing to look up and is scanned for.
            var onlyText = scope.SeesAll && f.OnlyText;
            if (SearchIndex.Matches(db, text, q, onlyText, key is null ? null : kept?.Search(key), f.Status) is { } found)
            {
                if (key is not null && found.Range is { } range) kept?.Search(key, range);
                // "+ 0": not the primary key, so SQLite walks the candidates and tests each against the matches.
                q = found.Dense ? q.Where(p => found.Ids.Contains(p.Id + 0)) : q.Where(p => found.Ids.Contains(p.Id));
                if (onlyText) total = found.Total;
            }
            else
                q = q.Where(p => p.Title.Contains(text) || (p.Detail != null && p.Detail.Contains(text))
                    || p.Measures.Any(m => m.Text.Contains(text)));
        }
        // Overdue is the red light: one rule (Warnings.Light, as SQL by the same thresholds) for the filter, the lights and the dashboard.
        if (f.Overdue)
            q = q.WhereLight(WarningLight.Red, today, lights);
        if (f.Warning is { } light)
            q = q.WhereLight(light, today, lights);
        return (Sort(q, f), total);
    }

    static IQueryable<Problem> Sort(IQueryable<Problem> q, LedgerFilter f)
    {
        var desc = f.Descending;
        IOrderedQueryable<Problem> By<T>(System.Linq.Expressions.Expression<Func<Problem, T>> key) =>
            desc ? q.OrderByDescending(key) : q.OrderBy(key);
        var ordered = f.SortKey switch
        {
            "category" => By(p => p.Category!.Ordinal),
            "title" => By(p => p.Title),
            "measures" => By(p => p.Measures.Count),
            "leader" => By(p => p.ResponsibleLeader),
            "department" => By(p => p.ResponsibleDepartment),
            "person" => By(p => p.ResponsiblePerson),
            "kind" => By(p => p.Kind == RectificationKind.Immediate ? 0 : p.Kind == RectificationKind.Deadline ? 1 : 2),
            "deadline" => By(p => p.Deadline),
            // By the order of the work: not started first, completed last.
            "status" => By(p => p.Status == RectificationStatus.NotStated ? 0 : p.Status == RectificationStatus.NotStarted ? 1
                : p.Status == RectificationStatus.InProgress ? 2 : p.Status == RectificationStatus.Phased ? 3
                : p.Status == RectificationStatus.NotFeasible ? 4 : p.Status == RectificationStatus.Completed ? 5 : 6),
            "expected" => By(p => p.ExpectedCompletion),
            _ => By(p => p.InspectionId),
        };
        // Ties in the ledger's own order, so that paging is stable.
        return f.SortKey == "ordinal"
            ? (desc ? ordered.ThenByDescending(p => p.Ordinal) : ordered.ThenBy(p => p.Ordinal))
            : ordered.ThenBy(p => p.InspectionId).ThenBy(p => p.Ordinal);
    }

    /// <param name="knownTotal">The number of matching rows when the caller already knows it (the ledger page: all problems of its inspection).</param>
    /// <param name="cache">
    /// Counts kept between requests (GET /api/problems): the stamp is read, and while no write has moved it
    /// the filter's number of rows, the thresholds, a word's matches and the page itself are not read again.
    /// </param>
    public static async Task<LedgerPage> PageAsync(RectifyDb db, Scope scope, LedgerFilter f, DateOnly today, CancellationToken ct = default, int? knownTotal = null,
        LedgerListCache? cache = null)
    {
        var kept = cache is null ? null : await cache.CurrentAsync(db, ct);
        var key = kept is null ? null : LedgerListCache.Key(scope, f, today);
        var pageKey = key is null || knownTotal is not null ? null : LedgerListCache.PageKey(key, f);
        // The same page of the same filter in the same scope on the same day, under an unchanged stamp: the same rows.
        if (pageKey is not null && kept!.Page(pageKey) is { } keptPage) return keptPage;
        var lights = kept is null ? await LightThresholds.LoadAsync(db, ct, f.Inspection) : await kept.ThresholdsAsync(db, f.Inspection, ct);
        var (q, counted) = Filter(db, scope, f, today, lights, kept, key);
        // A count already known to be past the bound (SQLite's index counts a search over everything) is not read in order.
        if (pageKey is not null && f.Q is not null && (counted ?? kept!.Total(key!) ?? 0) <= LedgerListCache.MaxOrdered
            && await FromOrderAsync(db, q, f, today, lights, kept!, key!, ct) is { } ordered)
        {
            kept!.Page(pageKey, ordered);
            return ordered;
        }
        // The count is always this query's own (the same filter, the same rules), only not repeated while nothing changed.
        var total = knownTotal ?? counted ?? (key is null ? null : kept!.Total(key)) ?? await q.CountAsync(ct);
        if (key is not null && knownTotal is null) kept!.Total(key, total);
        var rows = await Project(q.Skip((f.Page - 1) * f.PageSize).Take(f.PageSize)).ToListAsync(ct);
        if (knownTotal is null && LedgerListCache.Contradicts(total, f.Page, f.PageSize, rows.Count))
        {
            total = await q.CountAsync(ct);
            if (key is not null) kept!.Forget(key);
            pageKey = null; // nor is this page kept
        }
        var page = new LedgerPage(rows.Select(r => r.ToRow(today, lights)).ToList(), total, f.Page, f.PageSize);
        if (pageKey is not null) kept!.Page(pageKey, page);
        return page;
    }

    /// <summary>
    /// A page of a search, taken from its rows' order read once under the stamp. What a word costs is finding its
    /// rows (the index's matches, each probed for the other filters and its place in the order), and a count and
    /// each page repeated that whole work: at a province, 12,000 matches of a word cost ~95 ms per statement
    /// (issue 21 item 3). One statement now reads the ids in order; the count is their number, and every page
    /// reads only its own rows. Null when the rows are too many to keep (the count and the page are then read as
    /// for any filter), or when a row has gone around the save since (the next request reads again).
    /// </summary>
    static async Task<LedgerPage?> FromOrderAsync(RectifyDb db, IQueryable<Problem> q, LedgerFilter f, DateOnly today, LightThresholds lights,
        LedgerListCache.Generation kept, string key, CancellationToken ct)
    {
        var orderKey = LedgerListCache.OrderKey(key, f);
        if (!kept.Order(orderKey, out var ids))
        {
            var read = await q.Select(p => p.Id).Take(LedgerListCache.MaxOrdered + 1).ToArrayAsync(ct);
            ids = read.Length <= LedgerListCache.MaxOrdered ? read : null;
            kept.Order(orderKey, ids);
        }
        if (ids is null) return null;
        kept.Total(key, ids.Length);
        var slice = ids.Skip((f.Page - 1) * f.PageSize).Take(f.PageSize).ToArray();
        var rows = slice.Length == 0 ? [] : await Project(db.Problems.AsNoTracking().Where(p => slice.Contains(p.Id))).ToListAsync(ct);
        if (rows.Count != slice.Length)
        {
            kept.Forget(key);
            return null;
        }
        var place = slice.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i);
        return new LedgerPage(rows.OrderBy(r => place[r.Id]).Select(r => r.ToRow(today, lights)).ToList(), ids.Length, f.Page, f.PageSize);
    }

    /// <summary>The columns of a row; the latest progress is the newest entry's text.</summary>
    public static IQueryable<RawRow> Project(IQueryable<Problem> q) => q.Select(p => new RawRow(
        p.Id, p.InspectionId, p.Ordinal, p.Title, p.CategoryId, p.Category!.Ordinal, p.Category.Title, p.Status, p.StatusText, p.ExpectedCompletion, p.Deadline,
        p.ResponsibleLeader, p.ResponsibleDepartment, p.ResponsiblePerson, p.Kind,
        p.Measures.Count(m => m.DoneOn != null), p.Measures.Count,
        p.Progress.OrderByDescending(e => e.Date).ThenByDescending(e => e.Id).Select(e => e.Text).FirstOrDefault(),
        p.Version, p.Closure.State, p.ResponsibleLeaderId, p.ResponsiblePersonId));

    public sealed record RawRow(
        int Id, int InspectionId, int Ordinal, string Title, int CategoryId, int CategoryOrdinal, string Category, RectificationStatus Status, string? StatusText,
        YearMonth? Expected, DateOnly? Deadline, string? Leader, string? Department, string? Person, RectificationKind Kind,
        int MeasuresDone, int MeasuresTotal, string? LatestProgress, int Version, ClosureState Closure, string? LeaderId = null, string? PersonId = null)
    {
        public LedgerRow ToRow(DateOnly today, LightThresholds lights)
        {
            var light = lights.Badge(InspectionId, Deadline, Expected, Status, Closure, today);
            return new LedgerRow(Id, InspectionId, Ordinal, Title, CategoryId, CategoryOrdinal, Category, Status.Code(), StatusText ?? Status.Chinese(),
                Expected?.ToString(), Deadline, Leader, Department, Person, Kind.Code(), Kind.Chinese(), MeasuresDone, MeasuresTotal,
                LatestProgress, Version, light.Code == WarningLight.Red.Code(),
                Inspections.LedgerTransfer.ClosureColumn(Closure),
                light.Code, light.Text, light.Rule,
                Problems.PeopleLinks.IsUnlinked(Leader, LeaderId), Problems.PeopleLinks.IsUnlinked(Person, PersonId), LeaderId, PersonId);
        }
    }
}
