using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Rectify.Core.Domain;
using Rectify.Core.Search;

namespace Rectify.Data;

/// <summary>
/// The ledger's text search index: the character bigrams (<see cref="SearchTerms"/>) of each
/// problem's title, detail and measures. SQLite keeps them in a contentless FTS5 table
/// (ProblemSearch, rowid = problem id), PostgreSQL in a tsvector column with a GIN index
/// (ProblemSearch.Terms). The terms are computed here, not by the database, so that both agree
/// on what a match is. RectifyDb writes the rows of changed problems in the same transaction as
/// the change; a deleted problem's row goes with it (trigger on SQLite, foreign key on
/// PostgreSQL). A migration that creates or changes the index sets <see cref="StaleKey"/>, and
/// start-up rebuilds it.
/// </summary>
public static class SearchIndex
{
    public const string StaleKey = "search-index-stale";
    /// <summary>Rewritten by each rebuild; part of <see cref="Features.Ledger.LedgerStamp"/>.</summary>
    public const string BuiltKey = "search-index-built";

    /// <summary>The problems whose text a save may change, taken before the save (new ones have no id yet).</summary>
    public static List<object> Capture(RectifyDb db)
    {
        var changed = new List<object>();
        // PostgreSQL's rows also hold the problem's status (StatusLexeme), so a change of status rewrites the row.
        var postgres = Postgres(db);
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (e.Entity is Problem p && (e.State == EntityState.Added
                || e.State == EntityState.Modified && (Modified(e, nameof(Problem.Title)) || Modified(e, nameof(Problem.Detail))
                    || postgres && Modified(e, nameof(Problem.Status)))))
                changed.Add(p);
            else if (e.Entity is Measure m && (e.State is EntityState.Added or EntityState.Deleted
                || e.State == EntityState.Modified && Modified(e, nameof(Measure.Text))))
                changed.Add(m);
        }
        return changed;
    }

    static bool Modified(EntityEntry e, string property) => e.Property(property).IsModified;

    /// <summary>Writes the index rows of the captured problems; call after the save, inside its transaction.</summary>
    public static async Task WriteAsync(RectifyDb db, List<object> captured, CancellationToken ct)
    {
        var ids = captured.Select(o => o switch { Problem p => p.Id, Measure m => m.ProblemId, _ => 0 }).Where(id => id > 0).ToHashSet();
        foreach (var chunk in ids.Chunk(1000)) await RefreshAsync(db, chunk, ct);
    }

    /// <summary>Builds the whole index again from the problems, in one transaction.</summary>
    public static Task RebuildAsync(RectifyDb db, CancellationToken ct = default) =>
        db.Database.CurrentTransaction is null ? RetriedUnit.RunAsync(db, t => RebuildInAsync(db, own: true, t), ct) : RebuildInAsync(db, own: false, ct);

    static async Task RebuildInAsync(RectifyDb db, bool own, CancellationToken ct)
    {
        await using var tx = own ? await db.Database.BeginTransactionAsync(ct) : null;
        await db.Database.ExecuteSqlRawAsync(Postgres(db) ? "DELETE FROM \"ProblemSearch\"" : "DELETE FROM ProblemSearch", ct);
        var last = 0;
        while (true)
        {
            var ids = await db.Problems.AsNoTracking().Where(p => p.Id > last).OrderBy(p => p.Id).Select(p => p.Id).Take(2000).ToArrayAsync(ct);
            if (ids.Length == 0) break;
            await RefreshAsync(db, ids, ct);
            last = ids[^1];
        }
        await db.Settings.Where(s => s.Key == StaleKey).ExecuteDeleteAsync(ct);
        // The rebuild goes around the save (no audit entry), so it moves the ledger's stamp itself: what a
        // running server (this one or another over the same database) keeps of a word's matches is dropped.
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO \"Settings\" (\"Key\", \"Value\") VALUES ({0}, {1}) ON CONFLICT (\"Key\") DO UPDATE SET \"Value\" = excluded.\"Value\"",
            [BuiltKey, Guid.NewGuid().ToString("N")], ct);
        if (tx is not null) await tx.CommitAsync(ct);
    }

    /// <summary>True when a migration asked for the index to be built again.</summary>
    public static Task<bool> IsStaleAsync(RectifyDb db, CancellationToken ct = default) =>
        db.Settings.AnyAsync(s => s.Key == StaleKey, ct);

    static async Task RefreshAsync(RectifyDb db, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var docs = await db.Problems.AsNoTracking().Where(p => ids.Contains(p.Id))
            .Select(p => new { p.Id, p.Title, p.Detail, p.Status, Measures = p.Measures.OrderBy(m => m.Ordinal).Select(m => m.Text).ToList() })
            .ToListAsync(ct);
        var connection = db.Database.GetDbConnection();
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var postgres = Postgres(db);

        await using (var delete = connection.CreateCommand())
        {
            delete.Transaction = transaction;
            var id = Parameter(delete, "id");
            delete.CommandText = postgres ? "DELETE FROM \"ProblemSearch\" WHERE \"ProblemId\" = @id" : "DELETE FROM ProblemSearch WHERE rowid = @id";
            foreach (var i in ids.Except(docs.Select(d => d.Id)))
            {
                id.Value = i;
                await delete.ExecuteNonQueryAsync(ct);
            }
        }

        await using var write = connection.CreateCommand();
        write.Transaction = transaction;
        var idParameter = Parameter(write, "id");
        var termsParameter = Parameter(write, "terms");
        // A contentless FTS5 table with contentless_delete=1 replaces a row by INSERT OR REPLACE.
        write.CommandText = postgres
            ? "INSERT INTO \"ProblemSearch\" (\"ProblemId\", \"Terms\") VALUES (@id, CAST(@terms AS tsvector)) ON CONFLICT (\"ProblemId\") DO UPDATE SET \"Terms\" = excluded.\"Terms\""
            : "INSERT OR REPLACE INTO ProblemSearch (rowid, Terms) VALUES (@id, @terms)";
        foreach (var d in docs)
        {
            var terms = SearchTerms.Document([d.Title, d.Detail, .. d.Measures]);
            idParameter.Value = d.Id;
            termsParameter.Value = postgres ? TsVector(terms, d.Status) : string.Join(' ', terms);
            await write.ExecuteNonQueryAsync(ct);
        }
    }

    static DbParameter Parameter(DbCommand command, string name)
    {
        var p = command.CreateParameter();
        p.ParameterName = "@" + name;
        command.Parameters.Add(p);
        return p;
    }

    static bool Postgres(RectifyDb db) => db is PostgresRectifyDb;

    /// <summary>
    /// The problems whose text holds every run of the query; null when the query has no letter or
    /// digit to look up (the caller falls back to a plain substring scan).
    /// </summary>
    /// <param name="candidates">What the other filters leave; <paramref name="candidatesAreAll"/> when that is every problem.</param>
    /// <remarks>
    /// SQLite evaluates the IN over this subquery by listing every match first; for a word in most
    /// problems of the district that costs tens of milliseconds even when the other filters leave
    /// one inspection. Its problems were imported together and have neighbouring ids, so the
    /// caller passes the id range of the rows the other filters leave, and FTS5 reads only that
    /// part of each term's list. The matches in that range are counted first (FTS5 counts without
    /// reading positions); see <see cref="SearchMatches.Dense"/>. PostgreSQL's planner makes these
    /// choices itself.
    /// </remarks>
    /// <param name="known">The range and count this same search found before, under a ledger stamp that has not moved since (<see cref="Features.Ledger.LedgerListCache"/>): not read again.</param>
    /// <param name="status">The status the other filters ask for, if any: PostgreSQL's index answers it together with the words.</param>
    public static SearchMatches? Matches(RectifyDb db, string query, IQueryable<Problem> candidates, bool candidatesAreAll, SearchRange? known = null,
        RectificationStatus? status = null)
    {
        var runs = SearchTerms.Query(query);
        if (runs.Count == 0) return null;
        if (Postgres(db))
        {
            var words = runs.Select(r => r.Single is { } c
                ? Lexeme(c) + ":*"
                : "(" + string.Join(" <-> ", r.Bigrams.Select(Lexeme)) + ")");
            // With a status, GIN intersects the word's list with the status's before any row is read: a word in
            // 12,000 of a province's problems, 1,400 of them in progress, then rechecks and probes 1,400 rows, not
            // 12,000 (issue 21 item 3). The caller still filters on the status column, so a row is never wrong.
            var tsquery = string.Join(" & ", status is { } s ? words.Prepend(StatusLexeme(s)) : words);
            return new(db.Database.SqlQuery<int>($"SELECT \"ProblemId\" AS \"Value\" FROM \"ProblemSearch\" WHERE \"Terms\" @@ CAST({tsquery} AS tsquery)"), null, false);
        }
        var match = Fts5Match(runs);
        var min = known?.Min ?? candidates.Min(p => (int?)p.Id) ?? 0;
        var max = known?.Max ?? candidates.Max(p => (int?)p.Id) ?? 0;
        // Over every problem the range leaves nothing out, and FTS5 counts faster without it.
        var ids = candidatesAreAll
            ? db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ProblemSearch WHERE ProblemSearch MATCH {match}")
            : db.Database.SqlQuery<int>($"SELECT rowid AS Value FROM ProblemSearch WHERE ProblemSearch MATCH {match} AND rowid BETWEEN {min} AND {max}");
        var count = known?.Count ?? ids.Count();
        return new(ids, candidatesAreAll ? count : null, 2L * count > (long)max - min + 1, new(min, max, count));
    }

    // FTS5 query syntax: a quoted phrase is its terms one after another; "x"* is a prefix.
    static string Fts5Match(List<SearchRun> runs) =>
        string.Join(" AND ", runs.Select(r => r.Single is { } c ? "\"" + c + "\"*" : "\"" + string.Join(' ', r.Bigrams) + "\""));

    /// <summary>
    /// A tsvector literal with the positions given, so that PostgreSQL's own parser (which would
    /// split some terms differently) never sees the text. PostgreSQL keeps positions up to 16383
    /// and 256 per lexeme; a longer problem text is indexed as far as that.
    /// </summary>
    internal static string TsVector(List<string> terms, RectificationStatus status)
    {
        var positions = new Dictionary<string, List<int>>();
        for (var i = 0; i < terms.Count && i < 16383; i++)
        {
            if (!positions.TryGetValue(terms[i], out var list)) positions[terms[i]] = list = [];
            if (list.Count < 256) list.Add(i + 1);
        }
        var sb = new StringBuilder();
        foreach (var (term, list) in positions)
        {
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(Lexeme(term)).Append(':').AppendJoin(',', list);
        }
        return sb.Append(sb.Length > 0 ? " " : "").Append(StatusLexeme(status)).ToString();
    }

    /// <summary>
    /// A problem's status as a lexeme of its PostgreSQL row, without a position. No text gives it: the text's
    /// terms are letters and digits only (<see cref="SearchTerms"/>), and "§" is neither, so no word or prefix
    /// query can reach it.
    /// </summary>
    internal static string StatusLexeme(RectificationStatus status) => Lexeme("§" + status.Code());

    static string Lexeme(string term) => "'" + term.Replace("\\", "\\\\").Replace("'", "''") + "'";
}

/// <summary>The problems a text search matches (see <see cref="SearchIndex.Matches"/>).</summary>
/// <param name="Ids">The matching problem ids, as a subquery.</param>
/// <param name="Total">How many problems match, when the search was over every problem (SQLite); else null.</param>
/// <param name="Dense">
/// Most ids in the range match. SQLite would then seek every match in the problems table (90,000
/// seeks for a common word, ~45 ms); the caller should instead walk the candidates by their own
/// index and test each against the set of matches, which SQLite builds once.
/// </param>
/// <param name="Range">SQLite: the candidates' id range and the matches in it, for a caller that keeps them (null on PostgreSQL).</param>
public sealed record SearchMatches(IQueryable<int> Ids, int? Total, bool Dense, SearchRange? Range = null);

/// <summary>The id range a SQLite search was limited to, and how many matches it held.</summary>
public sealed record SearchRange(int Min, int Max, int Count);
