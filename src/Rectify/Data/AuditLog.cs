using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Rectify.Core.Audit;
using Rectify.Core.Domain;

namespace Rectify.Data;

/// <summary>Writes the tamper-evident audit log from the change tracker (see <see cref="AuditChain"/>).</summary>
public static class AuditLog
{
    /// <summary>A change of a row (<paramref name="Entry"/>), or an event that changes none (no entry, its own entity name and details).</summary>
    public sealed record Pending(EntityEntry? Entry, string Action, string? Before, string? DeletedKey, string? EventEntity = null, string? EventDetails = null)
    {
        public static Pending Event(string entity, string action, string details) => new(null, action, null, "", entity, details);
    }

    // Derived or bookkeeping rows are not ledger data.
    static readonly HashSet<Type> NotAudited = [typeof(AuditEntry), typeof(ProblemChange), typeof(AppSetting),
        typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey)];
    // Secrets never enter the log; a change to them is recorded as a change.
    static readonly HashSet<string> Masked = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static List<Pending> Capture(DbContext db)
    {
        db.ChangeTracker.DetectChanges();
        var list = new List<Pending>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            if (NotAudited.Contains(e.Metadata.ClrType)) continue;
            switch (e.State)
            {
                case EntityState.Added: list.Add(new(e, "insert", null, null)); break;
                case EntityState.Modified: list.Add(new(e, "update", Snapshot(e, original: true), null)); break;
                case EntityState.Deleted: list.Add(new(e, "delete", Snapshot(e, original: true), Key(e))); break;
            }
        }
        return list;
    }

    /// <summary>
    /// The chain a save appends to: from its first change's entity and key (known by now: the data rows
    /// are written before the chain is locked), spread over <paramref name="chains"/>.
    /// </summary>
    public static int ChooseChain(List<Pending> pending, int chains) =>
        AuditChain.ChooseChain(EntityName(pending[0]), pending[0].DeletedKey ?? Key(pending[0].Entry!), chains);

    /// <summary>
    /// Serialises the appenders of one chain, so two writers never fork it, and reads that chain's head
    /// (last Seq and Hash; null while the chain is empty) under the lock. Writers of other chains pass.
    /// </summary>
    public static async Task<(long Seq, string Hash)?> LockAndReadHeadAsync(RectifyDb db, int chain, CancellationToken ct)
    {
        // SQLite: the transaction already holds the one write lock of the database.
        if (!db.Database.IsNpgsql()) return ReadHead(db, chain);
        // PostgreSQL: lock and head in one round trip. They are two statements, so the head is read
        // with a snapshot taken after the lock was granted, i.e. after the previous holder's commit.
        // The head is the last entry of the unique index on (Chain, Seq): one index entry and one row.
        // The chain is a parameter, so it is one prepared statement for every chain.
        var command = db.Database.GetDbConnection().CreateCommand();
        await using (command)
        {
            command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            command.CommandText = "SELECT pg_advisory_xact_lock(727274, @chain); SELECT \"Seq\", \"Hash\" FROM \"AuditEntries\" WHERE \"Chain\" = @chain ORDER BY \"Seq\" DESC LIMIT 1";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "chain";
            parameter.Value = chain;
            command.Parameters.Add(parameter);
            await using var reader = await command.ExecuteReaderAsync(ct);
            // Waiting for the lock is asynchronous; the head follows in the same reply.
            reader.NextResult();
            return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
        }
    }

    static (long Seq, string Hash)? ReadHead(RectifyDb db, int chain) =>
        db.AuditEntries.AsNoTracking().Where(a => a.Chain == chain).OrderByDescending(a => a.Seq).Select(a => new { a.Seq, a.Hash }).FirstOrDefault() is { } h
            ? (h.Seq, h.Hash) : null;

    /// <summary>
    /// Adds the entries after the head of <paramref name="chain"/>, under the lock of <see cref="LockAndReadHeadAsync"/>.
    /// Synchronous on purpose: every writer of the chain waits for the holder of the lock, and an awaited
    /// step here would queue the holder's continuation behind all the other requests of a busy server.
    /// </summary>
    public static void Append(RectifyDb db, List<Pending> pending, int chain, (long Seq, string Hash)? head)
    {
        var seq = head?.Seq ?? 0;
        var prev = head?.Hash ?? AuditChain.Genesis;
        // Milliseconds: what every provider stores exactly, so the hash survives the round trip.
        var now = db.Clock.GetUtcNow();
        var at = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
        foreach (var p in pending)
        {
            var entry = new AuditEntry
            {
                Chain = chain,
                At = at,
                Actor = db.Actor,
                Entity = EntityName(p),
                EntityKey = p.DeletedKey ?? Key(p.Entry!),
                Action = p.Action,
                Before = p.Before,
                After = p.Entry is null ? p.EventDetails : p.Action == "delete" ? null : Snapshot(p.Entry, original: false),
                PrevHash = "",
                Hash = "",
            };
            AuditChain.Link(entry, seq, prev);
            seq = entry.Seq;
            prev = entry.Hash;
            db.AuditEntries.Add(entry);
        }
    }

    /// <summary>
    /// Every chain's last entry (Chain, Seq, Hash), whichever chains exist: the distinct chains are found
    /// by skipping through the (Chain, Seq) index, two index probes per chain instead of reading the log.
    /// </summary>
    public static async Task<List<(int Chain, long Seq, string Hash)>> ReadHeadsAsync(RectifyDb db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<ChainHead>(ChainsSql + """
            SELECT a."Chain", a."Seq", a."Hash" FROM chains
            JOIN "AuditEntries" a ON a."Chain" = chains."Chain"
                AND a."Seq" = (SELECT MAX(b."Seq") FROM "AuditEntries" b WHERE b."Chain" = chains."Chain")
            ORDER BY a."Chain"
            """).ToListAsync(ct)).Select(h => (h.Chain, h.Seq, h.Hash)).ToList();

    /// <summary>
    /// The sum of every chain's last Seq: it grows with every save that appends to any chain, so it tells
    /// a reader that something was written since (unlike MAX(Id), which on PostgreSQL is taken before commit).
    /// </summary>
    public static async Task<long> SumOfHeadsAsync(RectifyDb db, CancellationToken ct) =>
        (await db.Database.SqlQueryRaw<long>(ChainsSql + """
            SELECT CAST(COALESCE(SUM((SELECT MAX(b."Seq") FROM "AuditEntries" b WHERE b."Chain" = chains."Chain")), 0) AS BIGINT) AS "Value" FROM chains
            """).ToListAsync(ct)).Single();

    // The distinct chains, each found with one probe of the (Chain, Seq) index ("loose index scan"): the
    // chains that exist, not only those the configuration names now.
    const string ChainsSql = """
        WITH RECURSIVE chains("Chain") AS (
            SELECT MIN("Chain") FROM "AuditEntries"
            UNION ALL
            SELECT (SELECT MIN(c."Chain") FROM "AuditEntries" c WHERE c."Chain" > chains."Chain") FROM chains WHERE chains."Chain" IS NOT NULL)

        """;

    sealed record ChainHead(int Chain, long Seq, string Hash);

    /// <summary>
    /// The export of <c>rectify audit export</c> and of the audit page: one JSON line per entry, in the
    /// order of writing, each with its chain, place and hash so that a reader can check it.
    /// </summary>
    public static async Task ExportAsync(IQueryable<AuditEntry> entries, TextWriter writer, CancellationToken ct)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        await foreach (var e in entries.AsNoTracking().OrderBy(a => a.Id).AsAsyncEnumerable().WithCancellation(ct))
            await writer.WriteLineAsync(JsonSerializer.Serialize(e, options));
    }

    /// <summary>The details of an event entry (<see cref="RectifyDb.RecordEvent"/>): a flat object like a row's snapshot.</summary>
    public static string Details(IReadOnlyDictionary<string, string?> values) =>
        JsonSerializer.Serialize(new SortedDictionary<string, string?>(values.ToDictionary(), StringComparer.Ordinal), Json);

    static string EntityName(Pending p) => p.Entry is null ? p.EventEntity! : EntityName(p.Entry);
    static string EntityName(EntityEntry e) => e.Metadata.ClrType.Name.Split('`')[0];

    /// <summary>A short digest: shows that a secret changed without revealing it.</summary>
    static string? Fingerprint(string? v) => v is null ? null
        : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(v)))[..12];

    static string Key(EntityEntry e) =>
        string.Join(",", e.Metadata.FindPrimaryKey()!.Properties.Select(p => RectifyDb.Format(e.Property(p.Name).CurrentValue ?? e.Property(p.Name).OriginalValue)));

    static string Snapshot(EntityEntry e, bool original)
    {
        var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            var v = original ? p.OriginalValue : p.CurrentValue;
            values[p.Metadata.Name] = Masked.Contains(p.Metadata.Name) ? Fingerprint(RectifyDb.Format(v)) : RectifyDb.Format(v);
        }
        foreach (var c in e.ComplexProperties)
            foreach (var p in c.Properties)
                values[c.Metadata.Name + "." + p.Metadata.Name] = RectifyDb.Format(original ? p.OriginalValue : p.CurrentValue);
        return JsonSerializer.Serialize(values, Json);
    }
}
