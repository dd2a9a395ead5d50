using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Rectify.Data;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>
/// Where the ledger stands: the sum of the audit chains' heads (two index probes per chain), the last
/// problem, the last history row, and the search index's marks (its last rebuild; a migration's
/// "stale"). Every save that changes a problem, a measure, a progress entry, an inspection's thresholds
/// or anything else the ledger shows appends to a chain, and a rebuild of the index or a migration that
/// changes it (both go around the save) rewrites a mark, so any write moves it, from any app instance
/// over the same database. What is kept under a stamp (the overview's figures, the ledger list's counts
/// and pages) is used only while the stamp read at the start of a request is the same.
/// </summary>
public readonly record struct LedgerStamp(long AuditHeads, long? LastProblem, long? LastChange, string? IndexBuilt, string? IndexStale)
{
    // One statement, one round trip, a few index probes (issue 21 item 5: it was three statements on every
    // request). Not an in-process counter moved by the save interceptor: writes by the CLI or another
    // instance must move the stamp too, so the database has to be asked anyway, and once it is asked a
    // process-local counter adds nothing but a second truth. Not MAX(Seq): with several chains a write may
    // not move it; not MAX(Id): taken before commit.
    const string Sql = "SELECT " + AuditLog.SumOfHeadsSql + """
        , (SELECT MAX("Id") FROM "Problems"), (SELECT MAX("Id") FROM "ProblemChanges"),
        (SELECT "Value" FROM "Settings" WHERE "Key" = '
        """ + SearchIndex.BuiltKey + """
        '), (SELECT "Value" FROM "Settings" WHERE "Key" = '
        """ + SearchIndex.StaleKey + "')";

    public static async Task<LedgerStamp> ReadAsync(RectifyDb db, CancellationToken ct)
    {
        // Plain ADO.NET on EF's connection: the statement needs no model, and this is read on every request.
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = Sql;
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            long? Long(int i) => reader.IsDBNull(i) ? null : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            return new(Long(0) ?? 0, Long(1), Long(2), Text(3), Text(4));
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }
}

/// <summary>
/// What the ledger list asks on every request and what only a write can change, kept per app
/// instance under the <see cref="LedgerStamp"/> (issue 21 item 5): the number of rows of a filter
/// (counted by the very query that gives the page, so it is the same rule), the light thresholds,
/// a word's matches in the search index, and the pages themselves. Pages 1–5 of one filter, and every
/// user of the same scope, count once and read each page once; a write anywhere moves the stamp and
/// the next request reads again. Who may see what is not kept here: the scope is the request's own
/// (read through the access cache, under the access stamp) and is part of every key.
/// </summary>
public sealed class LedgerListCache
{
    /// <summary>Filters kept per stamp at most: a stream of distinct words must not grow the cache without end.</summary>
    const int MaxEntries = 20_000;

    /// <summary>
    /// Rows of kept pages per stamp at most: a row is about 1 kB with its texts, so this bounds the pages to
    /// some 20 MB (issue 21 item 6: the server stays small). Past it, pages are read each time, as before.
    /// </summary>
    const int MaxPageRows = 20_000;

    /// <summary>A word's rows in order are kept when there are at most this many (80 kB of ids).</summary>
    public const int MaxOrdered = 20_000;

    /// <summary>Ids of kept orders per stamp at most (8 MB).</summary>
    const int MaxOrderedIds = 2_000_000;

    /// <summary>What was counted under one stamp.</summary>
    public sealed class Generation(LedgerStamp stamp)
    {
        public LedgerStamp Stamp { get; } = stamp;
        readonly ConcurrentDictionary<string, int> _totals = new(StringComparer.Ordinal);
        readonly ConcurrentDictionary<string, SearchRange> _searches = new(StringComparer.Ordinal);
        readonly ConcurrentDictionary<int, LightThresholds> _thresholds = new();
        readonly ConcurrentDictionary<string, object> _pages = new(StringComparer.Ordinal);
        readonly ConcurrentDictionary<string, int[]?> _orders = new(StringComparer.Ordinal);
        int _pageRows, _orderedIds;

        public int? Total(string key) => _totals.TryGetValue(key, out var n) ? n : null;
        public void Total(string key, int total) { if (_totals.Count < MaxEntries) _totals.TryAdd(key, total); }
        public SearchRange? Search(string key) => _searches.GetValueOrDefault(key);
        public void Search(string key, SearchRange range) { if (_searches.Count < MaxEntries) _searches.TryAdd(key, range); }
        /// <summary>Drops what was kept for a filter, so that the next request reads it again.</summary>
        public void Forget(string key)
        {
            _totals.TryRemove(key, out _);
            _searches.TryRemove(key, out _);
            foreach (var order in _orders.Keys.Where(k => k.StartsWith(key + "|", StringComparison.Ordinal))) _orders.TryRemove(order, out _);
        }

        /// <summary>
        /// The ids of a filter's rows in one order (<see cref="OrderKey"/>): Found with the ids, Found with null when
        /// they were too many to keep, not Found when not read yet under this stamp.
        /// </summary>
        public bool Order(string key, out int[]? ids) => _orders.TryGetValue(key, out ids);
        public void Order(string key, int[]? ids)
        {
            if (_orders.Count >= MaxEntries) return;
            if (ids is not null && Interlocked.Add(ref _orderedIds, ids.Length) > MaxOrderedIds) return;
            _orders.TryAdd(key, ids);
        }

        /// <param name="key">The filter's <see cref="Key"/> and its page (<see cref="PageKey"/>).</param>
        public LedgerPage? Page(string key) => _pages.GetValueOrDefault(key) as LedgerPage;
        public void Page(string key, LedgerPage page) => Keep(key, page, page.Items.Count);

        /// <summary>The rows of another list's page (the drill-down's), under the same bound as the ledger's pages.</summary>
        public List<T>? Rows<T>(string key) => _pages.GetValueOrDefault(key) as List<T>;
        public void Rows<T>(string key, List<T> rows) => Keep(key, rows, rows.Count);

        void Keep(string key, object page, int rows)
        {
            if (Interlocked.Add(ref _pageRows, rows) <= MaxPageRows) _pages.TryAdd(key, page);
        }

        /// <summary>The thresholds of every inspection (or of one), read once per stamp.</summary>
        public async Task<LightThresholds> ThresholdsAsync(RectifyDb db, int? inspection, CancellationToken ct)
        {
            if (_thresholds.TryGetValue(inspection ?? 0, out var t)) return t;
            t = await LightThresholds.LoadAsync(db, ct, inspection);
            _thresholds.TryAdd(inspection ?? 0, t);
            return t;
        }
    }

    Generation? _current;

    /// <summary>The generation of the stamp read now; a new stamp starts empty.</summary>
    public async Task<Generation> CurrentAsync(RectifyDb db, CancellationToken ct)
    {
        // Read before anything is counted: what is kept under a stamp is never older than it.
        var stamp = await LedgerStamp.ReadAsync(db, ct);
        var current = Volatile.Read(ref _current);
        if (current?.Stamp == stamp) return current;
        // Two requests racing here may each start one; the loser's counts are simply not kept.
        var fresh = new Generation(stamp);
        Interlocked.Exchange(ref _current, fresh);
        return fresh;
    }

    /// <summary>The filter's rows, apart from the page and the order, in this scope on this day.</summary>
    /// <remarks>Each text with its length in front, so that no two filters give the same key.</remarks>
    public static string Key(Scope scope, LedgerFilter f, DateOnly today)
    {
        return string.Join('|', ScopeKey(scope, today),
            f.Inspection, f.Status, f.Category, f.Overdue, f.Warning, KeyText(f.Q), KeyText(f.Leader), KeyText(f.Department));
    }

    /// <summary>A text as part of a key: its length in front, so that no two filters give the same key.</summary>
    public static string KeyText(string? s) => s is null ? "-" : s.Length.ToString(CultureInfo.InvariantCulture) + ":" + s;

    /// <summary>Who sees what, on which day: the part of every key kept here that is not the filter's own.</summary>
    public static string ScopeKey(Scope scope, DateOnly today) => string.Join('|',
        scope.Organizations is null ? "*" : string.Join(',', scope.Organizations.Order()) + (scope.Departments.Count == 0 ? "" : "+" + string.Join(',', scope.Departments.Keys.Order(StringComparer.Ordinal))),
        today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    /// <summary>
    /// Whether a page read from the database contradicts the count kept for its filter (a change that went
    /// around the save and moved no stamp): then the count is read again and forgotten, so that a list never
    /// promises rows it cannot show.
    /// </summary>
    public static bool Contradicts(int total, int page, int pageSize, int rows) =>
        rows != Math.Clamp(total - (page - 1) * pageSize, 0, pageSize);

    /// <summary>The rows of the filter of <paramref name="key"/> in the filter's order.</summary>
    public static string OrderKey(string key, LedgerFilter f) => key + "|" + f.Sort;

    /// <summary>One page of the filter of <paramref name="key"/>: with its order, number and size.</summary>
    public static string PageKey(string key, LedgerFilter f) =>
        string.Join('|', key, f.Sort, f.Page.ToString(CultureInfo.InvariantCulture), f.PageSize.ToString(CultureInfo.InvariantCulture));
}
