using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
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
        typeof(Microsoft.AspNetCore.DataProtection.EntityFrameworkCore.DataProtectionKey), typeof(Infrastructure.IdempotentRequest)];
    // Secrets never enter the log; a change to them is recorded as a change.
    static readonly HashSet<string> Masked = ["PasswordHash", "SecurityStamp", "ConcurrencyStamp"];

    /// <summary>
    /// A secret by its entity: Identity's user tokens hold the authenticator's TOTP key and the
    /// recovery codes in Value, which the audit administrator must not be able to read.
    /// </summary>
    static bool IsSecret(EntityEntry e, string property) =>
        Masked.Contains(property) || (e.Metadata.ClrType == typeof(Microsoft.AspNetCore.Identity.IdentityUserToken<string>) && property == "Value");

    static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The changes of a save, before it is written. With <paramref name="audited"/> false (synthetic bulk data)
    /// only which rows were written is noted, one "bulk" entry per table, so that `audit verify` can tell
    /// them from rows added outside the application.
    /// </summary>
    public static List<Pending> Capture(DbContext db, bool audited = true)
    {
        db.ChangeTracker.DetectChanges();
        var list = new List<Pending>();
        foreach (var e in db.ChangeTracker.Entries())
        {
            // Retention (docs/decisions/0007): the log is only appended to; nothing in the app changes or deletes an entry.
            if (e.Entity is AuditEntry && e.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException("审计记录只能追加，不能修改或删除");
            if (!IsAudited(e.Metadata)) continue;
            if (!audited)
            {
                if (e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
                    list.Add(new(e, "bulk", null, e.State == EntityState.Deleted ? Key(e) : null));
                continue;
            }
            switch (e.State)
            {
                case EntityState.Added: list.Add(new(e, "insert", null, null)); break;
                case EntityState.Modified: list.Add(new(e, "update", Snapshot(e, original: true), null)); break;
                case EntityState.Deleted: list.Add(new(e, "delete", Snapshot(e, original: true), Key(e))); break;
            }
        }
        return list;
    }

    /// <summary>Whether changes of this entity type are logged (and so its table compared by `audit verify`).</summary>
    public static bool IsAudited(IReadOnlyEntityType type) => !NotAudited.Contains(type.ClrType);

    /// <summary>The Settings row that fixes the hash of the chains for the database.</summary>
    public const string HashSettingKey = "audit-hash";

    /// <summary>
    /// Fixes the hash of the audit chains at the database's first start: Rectify:Audit:Hash (default SHA256)
    /// is stored in Settings before the first entry is written; later starts use the stored one and refuse
    /// a setting that differs, since the entries already written are linked with the stored one. A database
    /// with entries from before the choice existed is SHA256.
    /// </summary>
    public static async Task FixHashAsync(RectifyDb db, Storage storage, CancellationToken ct = default)
    {
        var stored = await db.Settings.AsNoTracking().Where(s => s.Key == HashSettingKey).Select(s => s.Value).FirstOrDefaultAsync(ct);
        AuditHashAlgorithm chosen;
        if (stored is null)
        {
            var written = await db.AuditEntries.AnyAsync(ct);
            chosen = written ? AuditHashAlgorithm.Sha256 : storage.ConfiguredAuditHash ?? AuditHashAlgorithm.Sha256;
            if (storage.ConfiguredAuditHash is { } wanted && wanted != chosen)
                throw new InvalidOperationException($"本数据库已有以 {chosen.Name()} 链接的审计记录，不能改用 {wanted.Name()}（Rectify:Audit:Hash 只能在建库时选定）");
            db.Settings.Add(new AppSetting { Key = HashSettingKey, Value = chosen.Name() });
            await db.SaveChangesAsync(ct);
        }
        else
        {
            UseStoredHash(stored, storage);
            chosen = storage.AuditHash;
        }
        storage.AuditHash = chosen;
        db.AuditHash = chosen;
    }

    /// <summary>The hash this database fixed at its first start, for the contexts made from now on; a configured other one is refused.</summary>
    public static void UseStoredHash(string stored, Storage storage)
    {
        var chosen = AuditHashAlgorithms.Parse(stored) ?? throw new InvalidOperationException($"设置表中的审计日志哈希算法“{stored}”无法识别（应为 SHA256 或 SM3）");
        if (storage.ConfiguredAuditHash is { } wanted && wanted != chosen)
            throw new InvalidOperationException($"本数据库的审计日志自建库起使用 {chosen.Name()}，不能改为 {wanted.Name()}：已写入的记录以 {chosen.Name()} 链接。请去掉 Rectify:Audit:Hash 或设为 {chosen.Name()}");
        storage.AuditHash = chosen;
    }

    /// <summary>
    /// The chain a save appends to: from its first change's entity and key (known by now: the data rows
    /// are written before the chain is locked), spread over <paramref name="chains"/>.
    /// </summary>
    public static int ChooseChain(List<Pending> pending, int chains) =>
        AuditChain.ChooseChain(pending[0].Entry is { } e ? EntityName(e) : pending[0].EventEntity!, pending[0].DeletedKey ?? Key(pending[0].Entry!), chains);

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
        void Add(string entity, string key, string action, string? before, string? after)
        {
            var entry = new AuditEntry
            {
                Chain = chain, At = at, Actor = db.Actor, Entity = entity, EntityKey = key, Action = action,
                Before = before, After = after, PrevHash = "", Hash = "",
            };
            AuditChain.Link(entry, seq, prev, db.AuditHash);
            seq = entry.Seq;
            prev = entry.Hash;
            db.AuditEntries.Add(entry);
        }
        foreach (var p in pending.Where(p => p.Action != "bulk"))
        {
            // An event (the log read or exported) changes no row: its own entity name and details.
            if (p.Entry is null) Add(p.EventEntity!, "", p.Action, null, p.EventDetails);
            else Add(EntityName(p.Entry), p.DeletedKey ?? Key(p.Entry), p.Action, p.Before, p.Action == "delete" ? null : Snapshot(p.Entry, original: false));
        }
        // Bulk: one entry per table naming the rows written, not their values.
        foreach (var table in pending.Where(p => p.Action == "bulk" && p.Entry is not null).GroupBy(p => EntityName(p.Entry!)))
            Add(table.Key, "*", "bulk", null, BulkKeys.Describe(table.Select(p => p.DeletedKey ?? Key(p.Entry!))));
        // Rows written past the change tracker (the generator's COPY on PostgreSQL) are named the same way, by the writer.
        foreach (var p in pending.Where(p => p.Action == "bulk" && p.Entry is null))
            Add(p.EventEntity!, "*", "bulk", null, p.EventDetails);
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
    /// <remarks>A scalar sub-query, so that a reader folds it into its own statement (<see cref="Features.Ledger.LedgerStamp"/>).</remarks>
    public const string SumOfHeadsSql = "(" + ChainsSql + """
        SELECT CAST(COALESCE(SUM((SELECT MAX(b."Seq") FROM "AuditEntries" b WHERE b."Chain" = chains."Chain")), 0) AS BIGINT) FROM chains)
        """;

    // The distinct chains, each found with one probe of the (Chain, Seq) index ("loose index scan"): the
    // chains that exist, not only those the configuration names now.
    const string ChainsSql = """
        WITH RECURSIVE chains("Chain") AS (
            SELECT MIN("Chain") FROM "AuditEntries"
            UNION ALL
            SELECT (SELECT MIN(c."Chain") FROM "AuditEntries" c WHERE c."Chain" > chains."Chain") FROM chains WHERE chains."Chain" IS NOT NULL)

        """;

    sealed record ChainHead(int Chain, long Seq, string Hash);

    static string EntityName(EntityEntry e) => EntityName(e.Metadata);

    /// <summary>The name the log gives an entity type ("Problem", "IdentityUserRole").</summary>
    public static string EntityName(IReadOnlyEntityType type) => type.ClrType.Name.Split('`')[0];

    /// <summary>
    /// A value as logged. A list of objects stored as JSON by its converter (Evaluation.Criteria) would format
    /// as its items' type names, which says nothing: its stored JSON is logged instead.
    /// </summary>
    static string? Format(IReadOnlyProperty property, object? value) =>
        value is System.Collections.IEnumerable list and not string && property.GetValueConverter() is { } converter
            && list.Cast<object?>().Any(x => x is not null && x.ToString() == x.GetType().ToString())
            ? RectifyDb.Format(converter.ConvertToProvider(value))
            : RectifyDb.Format(value);

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


    /// <summary>A short digest: shows that a secret changed without revealing it.</summary>
    static string? Fingerprint(string? v) => v is null ? null
        : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(v)))[..12];

    /// <summary>The key the log gives a row: its key values formatted, joined by commas.</summary>
    public static string Key(EntityEntry e) =>
        string.Join(",", e.Metadata.FindPrimaryKey()!.Properties.Select(p => RectifyDb.Format(e.Property(p.Name).CurrentValue ?? e.Property(p.Name).OriginalValue)));

    static string Snapshot(EntityEntry e, bool original) => JsonSerializer.Serialize(Values(e, original), Json);

    /// <summary>
    /// A row's values as the log writes them: every property (shadow ones too), complex properties as
    /// "Closure.State", each in its model (CLR) form through <see cref="RectifyDb.Format"/>, secrets as digests.
    /// `audit verify` formats the current rows with the same code, so logged and current values compare as text.
    /// </summary>
    public static SortedDictionary<string, string?> Values(EntityEntry e, bool original)
    {
        var values = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in e.Properties)
        {
            var v = original ? p.OriginalValue : p.CurrentValue;
            values[p.Metadata.Name] = IsSecret(e, p.Metadata.Name) ? Fingerprint(RectifyDb.Format(v)) : Format(p.Metadata, v);
        }
        foreach (var c in e.ComplexProperties)
            foreach (var p in c.Properties)
                values[c.Metadata.Name + "." + p.Metadata.Name] = RectifyDb.Format(original ? p.OriginalValue : p.CurrentValue);
        return values;
    }
}
