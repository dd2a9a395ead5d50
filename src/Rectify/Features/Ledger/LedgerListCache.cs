using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Rectify.Data;
using Rectify.Features.Supervision;
using Rectify.Infrastructure;

namespace Rectify.Features.Ledger;

/// <summary>
/// Where the ledger stands: the sum of the audit chains' heads (two index probes per chain), the last
/// problem and the last history row. Every save that changes a problem, a measure, a progress entry,
/// an inspection's thresholds or anything else the ledger shows appends to a chain, so any write moves
/// it, from any app instance over the same database. What is kept under a stamp (the overview's
/// figures, the ledger list's counts) is used only while the stamp read at the start of a request is
/// the same.
/// </summary>
public readonly record struct LedgerStamp(long AuditHeads, int? LastProblem, long? LastChange)
{
    public static async Task<LedgerStamp> ReadAsync(RectifyDb db, CancellationToken ct) => new(
        // Not MAX(Seq): with several chains a write may not move it; not MAX(Id): taken before commit.
        await AuditLog.SumOfHeadsAsync(db, ct),
        await db.Problems.MaxAsync(p => (int?)p.Id, ct),
        await db.ProblemChanges.MaxAsync(c => (long?)c.Id, ct));
}

/// <summary>
/// What the ledger list asks on every request and what only a write can change, kept per app
/// instance under the <see cref="LedgerStamp"/> (issue 21 item 5): the number of rows of a filter
/// (counted by the very query that gives the page, so it is the same rule), the light thresholds, and
/// a word's matches in the search index. Pages 1–5 of one filter, and every user of the same scope,
/// count once; a write anywhere moves the stamp and the next request counts again.
/// </summary>
public sealed class LedgerListCache
{
    /// <summary>Filters kept per stamp at most: a stream of distinct words must not grow the cache without end.</summary>
    const int MaxEntries = 20_000;

    /// <summary>What was counted under one stamp.</summary>
    public sealed class Generation(LedgerStamp stamp)
    {
        public LedgerStamp Stamp { get; } = stamp;
        readonly ConcurrentDictionary<string, int> _totals = new(StringComparer.Ordinal);
        readonly ConcurrentDictionary<string, SearchRange> _searches = new(StringComparer.Ordinal);
        readonly ConcurrentDictionary<int, LightThresholds> _thresholds = new();

        public int? Total(string key) => _totals.TryGetValue(key, out var n) ? n : null;
        public void Total(string key, int total) { if (_totals.Count < MaxEntries) _totals.TryAdd(key, total); }
        public SearchRange? Search(string key) => _searches.GetValueOrDefault(key);
        public void Search(string key, SearchRange range) { if (_searches.Count < MaxEntries) _searches.TryAdd(key, range); }
        /// <summary>Drops what was kept for a filter, so that the next request reads it again.</summary>
        public void Forget(string key) { _totals.TryRemove(key, out _); _searches.TryRemove(key, out _); }

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
        static string Text(string? s) => s is null ? "-" : s.Length.ToString(CultureInfo.InvariantCulture) + ":" + s;
        return string.Join('|',
            scope.Organizations is null ? "*" : string.Join(',', scope.Organizations.Order()),
            today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            f.Inspection, f.Status, f.Category, f.Overdue, f.Warning, Text(f.Q), Text(f.Leader), Text(f.Department));
    }
}
