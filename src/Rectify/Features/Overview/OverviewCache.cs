using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Rectify.Core.Overview;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Features.Overview;

/// <summary>Rectify:Overview — the district dashboard.</summary>
public sealed class OverviewOptions
{
    public const string Section = "Rectify:Overview";

    /// <summary>How long unused figures are kept, in minutes; 0 computes them on every request.</summary>
    [Range(0.0, 24 * 60.0)]
    public double CacheMinutes { get; set; } = 10;
}

/// <summary>
/// The dashboard's figures, kept per scope, round, date and day while the ledger stays the same.
/// Every request first reads the ledger's stamp (the sum of the audit chains' heads, two index
/// probes per chain, the last problem and the last history row); any write since the figures were
/// computed moves it, so a change is visible on the very next request, from any app instance.
/// Rectify:Overview:CacheMinutes (<see cref="OverviewOptions"/>) is how long unused figures are kept.
/// </summary>
public sealed class OverviewCache(IOptions<OverviewOptions> options) : IDisposable
{
    // Sized by the unit table, the bulk of an entry: a district of 3,000 units is 16, a province of 30,000 is 151
    // (sized by 20 units, a province's figures were larger than the whole cache and were never kept).
    readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 1000 });
    readonly TimeSpan _keep = TimeSpan.FromMinutes(options.Value.CacheMinutes);

    sealed record Entry(Ledger.LedgerStamp Stamp, OverviewFigures Figures)
    {
        /// <summary>The figures as the API sends them, made on the first request that asks: a province's are 5 MB of JSON, ~100 ms to write.</summary>
        public byte[]? Json;
    }

    /// <summary>The figures, and whether they were reused (for the Server-Timing header).</summary>
    public async Task<(OverviewFigures Figures, bool Reused)> GetAsync(RectifyDb db, Scope scope, DateOnly today, int? round, DateOnly? asOf, CancellationToken ct)
    {
        var (entry, reused) = await EntryAsync(db, scope, today, round, asOf, ct);
        return (entry.Figures, reused);
    }

    /// <summary>The figures as UTF-8 JSON, written once per entry and then sent as they are.</summary>
    public async Task<(byte[] Json, bool Reused)> JsonAsync(RectifyDb db, Scope scope, DateOnly today, int? round, DateOnly? asOf, System.Text.Json.JsonSerializerOptions json, CancellationToken ct)
    {
        var (entry, reused) = await EntryAsync(db, scope, today, round, asOf, ct);
        // Two requests may both write it; they write the same bytes.
        return (entry.Json ??= System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entry.Figures, json), reused);
    }

    async Task<(Entry Entry, bool Reused)> EntryAsync(RectifyDb db, Scope scope, DateOnly today, int? round, DateOnly? asOf, CancellationToken ct)
    {
        if (_keep <= TimeSpan.Zero)
            return (new(default, await OverviewQuery.ComputeAsync(db, scope, today, round, asOf, ct)), false);
        // Read before computing: figures stored under a stamp are never older than it.
        var stamp = await Ledger.LedgerStamp.ReadAsync(db, ct);
        var key = (Scope: scope.Organizations is null ? "*" : string.Join(',', scope.Organizations.Order()), round, asOf, today);
        if (_cache.TryGetValue(key, out Entry? hit) && hit!.Stamp == stamp) return (hit, true);
        var entry = new Entry(stamp, await OverviewQuery.ComputeAsync(db, scope, today, round, asOf, ct));
        _cache.Set(key, entry, new MemoryCacheEntryOptions { Size = 1 + entry.Figures.Organizations.Count / 200, SlidingExpiration = _keep });
        return (entry, false);
    }

    /// <param name="Rows">The titles read, in the order of their ids.</param>
    sealed record CommonEntry(TextStamp Stamp, IReadOnlyList<ProblemGroup> Groups, List<ProblemText> Rows);
    readonly record struct TextStamp(int Count, int? LastProblem, long? LastTitleChange);

    /// <summary>
    /// The common problems (共性问题) of a scope and round, computed again only when a problem's
    /// title may have changed: a problem added or deleted (count, last id) or a title edited (the
    /// history keeps every edit as a ProblemChange of field Title). Status and progress writes, the
    /// bulk of the day's work, leave the groups as they are.
    /// </summary>
    /// <remarks>
    /// The titles read are kept with the groups, and when problems were only added or retitled since, only
    /// those are read again (issue 21 item 4: at a province, reading 1.2 million titles took 1.6 s of a
    /// 4 s recomputation); a deletion reads them all. The grouping itself runs over all titles, because
    /// the mined phrases depend on how often every title says them.
    /// </remarks>
    public async Task<IReadOnlyList<ProblemGroup>> CommonAsync(RectifyDb db, Scope scope, int? round, CancellationToken ct)
    {
        var problems = OverviewQuery.Problems(db, scope, round).AsNoTracking();
        async Task<List<ProblemText>> ReadAsync(IQueryable<Core.Domain.Problem> q)
        {
            // One string per distinct unit and title (a province: 30,000 units and ~330,000 titles among 1.2 million
            // problems): the rows are kept, and each row's own copy of them cost ~150 MB.
            var same = new Dictionary<string, string>(StringComparer.Ordinal);
            string One(string s) => same.TryGetValue(s, out var kept) ? kept : same[s] = s;
            var rows = new List<ProblemText>();
            await foreach (var r in q.Select(p => new { p.Id, Org = p.Inspection!.TargetName, p.Title }).AsAsyncEnumerable().WithCancellation(ct))
                rows.Add(new ProblemText(r.Id, One(r.Org ?? "?"), One(r.Title)));
            return rows;
        }
        if (_keep <= TimeSpan.Zero) return CommonProblems.Group((await ReadAsync(problems)).OrderBy(r => r.Id).ToList());
        var stamp = new TextStamp(
            await db.Problems.CountAsync(ct),
            await db.Problems.MaxAsync(p => (int?)p.Id, ct),
            await db.ProblemChanges.Where(c => c.Field == nameof(Core.Domain.Problem.Title)).MaxAsync(c => (long?)c.Id, ct));
        var key = (Kind: "common", Scope: scope.Organizations is null ? "*" : string.Join(',', scope.Organizations.Order()), round);
        _cache.TryGetValue(key, out CommonEntry? hit);
        if (hit is not null && hit.Stamp == stamp) return hit.Groups;
        List<ProblemText> rows;
        var since = hit?.Stamp.LastProblem ?? 0;
        if (hit is not null && stamp.Count == hit.Stamp.Count + await db.Problems.CountAsync(p => p.Id > since, ct))
        {
            // Nothing deleted: the problems added since, and those whose title was changed since, are read again.
            var retitled = db.ProblemChanges.Where(c => c.Field == nameof(Core.Domain.Problem.Title) && c.Id > (hit.Stamp.LastTitleChange ?? 0)).Select(c => c.ProblemId);
            rows = new List<ProblemText>(hit.Rows); // the kept entry may be read by another request meanwhile
            foreach (var r in (await ReadAsync(problems.Where(p => p.Id > since || retitled.Contains(p.Id)))).OrderBy(r => r.Id))
            {
                var at = rows.BinarySearch(r, ById);
                if (at >= 0) rows[at] = r; else rows.Insert(~at, r);
            }
        }
        else rows = (await ReadAsync(problems)).OrderBy(r => r.Id).ToList();
        var groups = CommonProblems.Group(rows);
        _cache.Set(key, new CommonEntry(stamp, groups, rows), new MemoryCacheEntryOptions { Size = 1 + rows.Count / 20_000, SlidingExpiration = _keep });
        return groups;
    }

    static readonly Comparer<ProblemText> ById = Comparer<ProblemText>.Create((a, b) => a.Id.CompareTo(b.Id));

    public void Dispose() => _cache.Dispose();

    /// <summary>Says how long the figures took and whether they were reused, e.g. <c>figures;desc="reused";dur=0.4</c>.</summary>
    public static void Report(HttpContext http, bool reused, long started) =>
        http.Response.Headers.Append("Server-Timing",
            $"figures;desc=\"{(reused ? "reused" : "computed")}\";dur={Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)}");
}
