using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Rectify.Core.Audit;

namespace Rectify.Data;

/// <summary>
/// The second half of `rectify audit verify`: the chains prove the log was not rewritten; this proves the
/// ledger is what the log says. For every audited table the log is folded (<see cref="LoggedTable"/>) into
/// the rows it should hold, and the table's rows are read one at a time and compared with it: a value
/// changed, a row added or deleted outside the application is named. One table's folded log is held at a
/// time; its rows are streamed. See docs/decisions/0007-audit-ledger-replay-and-sm3.md.
/// </summary>
public static class AuditLedger
{
    /// <summary>One difference between the ledger and its log.</summary>
    public sealed record Finding(string Table, string Key, string? Field, string? Logged, string? Current, string Message);

    /// <summary>
    /// One table: rows read, rows whose values were compared, rows the log cannot vouch for (written in bulk
    /// with auditing off: the log knows which rows, not their values), rows gone with a parent the log deleted.
    /// </summary>
    public sealed record TableResult(string Table, long Rows, long Compared, long NotCovered, long GoneWithParent, int Findings);

    public sealed record Result(IReadOnlyList<Finding> Findings, int FindingCount, IReadOnlyList<TableResult> Tables, IReadOnlyList<string> NotCompared);

    /// <summary>
    /// Fields the app changes without the change tracker, so the log cannot follow them: marking every
    /// notification read is one UPDATE (ExecuteUpdate), not a logged save; so is an instance's claim on an
    /// e-mail before sending it (its outcome, sent or failed, is a logged save). Compared nowhere, said in the decision.
    /// </summary>
    static readonly HashSet<(string Entity, string Field)> NotFollowed = [("Notification", "ReadAt"), ("Notification", "EmailDueAt")];

    /// <summary>Why the tables that are not audited are not compared (shown with the result).</summary>
    static readonly Dictionary<string, string> NotAuditedReason = new(StringComparer.Ordinal)
    {
        ["AuditEntry"] = "日志本身，由哈希链保护",
        ["ProblemChange"] = "问题历史，随问题的改动写入并可由日志推出",
        ["AppSetting"] = "运行设置与缓存标记（访问戳、检索索引标记等），由应用直接以 SQL 改写",
        ["DataProtectionKey"] = "登录 Cookie 的密钥，由框架维护",
    };

    public static async Task<Result> CompareAsync(RectifyDb db, int maxFindings, CancellationToken ct)
    {
        var findings = new List<Finding>();
        var count = 0;
        var tables = new List<TableResult>();
        void Found(Finding f)
        {
            count++;
            if (findings.Count < maxFindings) findings.Add(f);
        }
        var deletedByLog = new Dictionary<(string Entity, string Key), bool>();

        var types = db.Model.GetEntityTypes()
            .Where(t => AuditLog.IsAudited(t) && !t.IsOwned() && !t.HasSharedClrType && t.FindPrimaryKey() is not null && t.GetTableName() is not null)
            .OrderBy(t => t.GetTableName(), StringComparer.Ordinal).ToList();
        foreach (var type in types)
        {
            var entity = AuditLog.EntityName(type);
            var table = type.GetTableName()!;
            var before = count;
            var logged = new LoggedTable();
            await foreach (var e in db.AuditEntries.AsNoTracking().Where(a => a.Entity == entity).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.EntityKey, a.Action, a.Before, a.After }).AsAsyncEnumerable().WithCancellation(ct))
                logged.Apply(e.Id, e.EntityKey, e.Action, e.Before, e.After);

            var properties = Properties(type);
            long rows = 0, compared = 0, notCovered = 0, goneWithParent = 0;
            await foreach (var row in RowsOf(db, type).WithCancellation(ct))
            {
                var entry = db.Entry(row);
                var key = AuditLog.Key(entry);
                var current = AuditLog.Values(entry, original: false);
                // Entries of untracked rows are cached by the context until cleared.
                if (++rows % 1000 == 0) db.ChangeTracker.Clear();
                if (!logged.Rows.TryGetValue(key, out var r))
                {
                    if (logged.InBulk(key)) notCovered++;
                    else Found(new(table, key, null, null, null, $"表 {table} 编号 {key}：数据库中有这一行，审计日志中没有（在应用之外新增）"));
                    continue;
                }
                r.Seen = true;
                if (r.Deleted)
                {
                    Found(new(table, key, null, null, null, $"表 {table} 编号 {key}：审计日志记载已删除（日志编号 {r.LastEntryId}），数据库中却仍有这一行（在应用之外恢复或新增）"));
                    continue;
                }
                if (!r.Known) { notCovered++; continue; }
                compared++;
                foreach (var (field, value) in logged.Logged(r))
                {
                    if (NotFollowed.Contains((entity, field)) || !current.TryGetValue(field, out var now)) continue;
                    properties.TryGetValue(field, out var property);
                    if (Same(value, now, property)) continue;
                    if (now is null && property is not null && await NulledByDeletedParentAsync(db, type, property, value, deletedByLog, ct)) continue;
                    Found(new(table, key, field, value, now,
                        $"表 {table} 编号 {key} 字段 {field}：审计日志为{Quote(value)}，数据库中为{Quote(now)}（在应用之外被改动；最后一条日志编号 {r.LastEntryId}）"));
                }
            }
            db.ChangeTracker.Clear();
            foreach (var (key, r) in logged.Rows)
            {
                if (r.Seen || !r.Known) continue;
                if (await GoneWithDeletedParentAsync(db, type, logged, r, deletedByLog, ct)) { goneWithParent++; continue; }
                Found(new(table, key, null, null, null, $"表 {table} 编号 {key}：审计日志记载这一行存在（最后一条日志编号 {r.LastEntryId}），数据库中已没有（在应用之外删除）"));
            }
            tables.Add(new(table, rows, compared, notCovered, goneWithParent, count - before));
        }
        var notCompared = db.Model.GetEntityTypes().Where(t => !AuditLog.IsAudited(t) && t.GetTableName() is not null)
            .Select(t => $"{t.GetTableName()}（{NotAuditedReason.GetValueOrDefault(AuditLog.EntityName(t), "不记入审计日志")}）")
            .Append("ProblemSearch（台账检索索引，由问题文字算出，启动时可重建）")
            .Order(StringComparer.Ordinal).ToList();
        return new(findings, count, tables, notCompared);
    }

    static IAsyncEnumerable<object> RowsOf(RectifyDb db, IEntityType type) =>
        (IAsyncEnumerable<object>)typeof(AuditLedger).GetMethod(nameof(RowsOfType), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!
            .MakeGenericMethod(type.ClrType).Invoke(null, [db])!;

    // Untracked: read once, formatted, forgotten. (No audited type has a shadow property, whose value an
    // untracked row would not carry: AuditLedgerTests checks that.)
    static IAsyncEnumerable<T> RowsOfType<T>(RectifyDb db) where T : class => db.Set<T>().AsNoTracking().AsAsyncEnumerable();

    /// <summary>The model's properties by the names the log uses ("Title", "Closure.State").</summary>
    static Dictionary<string, IProperty> Properties(IEntityType type)
    {
        var map = type.GetProperties().ToDictionary(p => p.Name, p => p, StringComparer.Ordinal);
        foreach (var c in type.GetComplexProperties())
            foreach (var p in c.ComplexType.GetProperties())
                map[c.Name + "." + p.Name] = p;
        return map;
    }

    /// <summary>
    /// Equal as stored: the text the log wrote, or the same value after the database's own rounding —
    /// PostgreSQL keeps times to the microsecond and decimals to the column's scale (numeric(18,2)).
    /// </summary>
    static bool Same(string? logged, string? current, IProperty? property)
    {
        if (logged == current) return true;
        if (logged is null || current is null || property is null) return false;
        var type = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
        // Entries written before lists of objects were logged as their JSON hold only the items' type names:
        // such an entry cannot vouch for the list's contents.
        if (type.IsGenericType && type.GetGenericArguments() is [var item] && logged.Split('\n').All(line => line == item.ToString())) return true;
        if (type == typeof(DateTimeOffset))
            return DateTimeOffset.TryParse(logged, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var a)
                && DateTimeOffset.TryParse(current, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var b)
                && a.UtcTicks / 10 == b.UtcTicks / 10;
        if (type == typeof(DateTime))
            return DateTime.TryParse(logged, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var a)
                && DateTime.TryParse(current, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var b)
                && a.Ticks / 10 == b.Ticks / 10;
        if (type == typeof(decimal)
            && decimal.TryParse(logged, NumberStyles.Number, CultureInfo.InvariantCulture, out var x)
            && decimal.TryParse(current, NumberStyles.Number, CultureInfo.InvariantCulture, out var y))
            return (property.GetScale() is { } scale ? Math.Round(x, scale, MidpointRounding.AwayFromZero) : x) == y;
        return false;
    }

    /// <summary>
    /// A foreign key the database set to null when its parent was deleted (ON DELETE SET NULL) without the
    /// app loading the child: fine when the log deleted that parent.
    /// </summary>
    static async Task<bool> NulledByDeletedParentAsync(RectifyDb db, IEntityType type, IProperty property, string? logged,
        Dictionary<(string, string), bool> deletedByLog, CancellationToken ct)
    {
        if (logged is null) return false;
        foreach (var fk in property.GetContainingForeignKeys())
            if (fk.DeleteBehavior == DeleteBehavior.SetNull && fk.Properties.Count == 1
                && await DeletedByLogAsync(db, AuditLog.EntityName(fk.PrincipalEntityType), logged, deletedByLog, ct))
                return true;
        return false;
    }

    /// <summary>
    /// A row the database deleted with its parent (ON DELETE CASCADE) without the app loading it: fine when
    /// the log deleted that parent, or a grandparent it went with.
    /// </summary>
    static async Task<bool> GoneWithDeletedParentAsync(RectifyDb db, IEntityType type, LoggedTable logged, LoggedTable.Row row,
        Dictionary<(string, string), bool> deletedByLog, CancellationToken ct, int depth = 0)
    {
        foreach (var fk in type.GetForeignKeys().Where(f => f.DeleteBehavior == DeleteBehavior.Cascade && f.DeclaringEntityType == type))
        {
            var parts = new List<string>();
            foreach (var p in fk.Properties)
                if (logged.TryGetLogged(row, p.Name, out var v) && v is not null) parts.Add(v);
            if (parts.Count != fk.Properties.Count) continue;
            var parent = fk.PrincipalEntityType;
            var parentKey = string.Join(",", parts);
            if (await DeletedByLogAsync(db, AuditLog.EntityName(parent), parentKey, deletedByLog, ct)) return true;
            if (depth >= 4) continue;
            // The parent may itself have gone with its own parent: fold the parent's few entries.
            var parentLog = new LoggedTable();
            var name = AuditLog.EntityName(parent);
            await foreach (var e in db.AuditEntries.AsNoTracking().Where(a => a.Entity == name && a.EntityKey == parentKey).OrderBy(a => a.Id)
                .Select(a => new { a.Id, a.EntityKey, a.Action, a.Before, a.After }).AsAsyncEnumerable().WithCancellation(ct))
                parentLog.Apply(e.Id, e.EntityKey, e.Action, e.Before, e.After);
            if (parentLog.Rows.TryGetValue(parentKey, out var parentRow) && parentRow.Known
                && await GoneWithDeletedParentAsync(db, parent, parentLog, parentRow, deletedByLog, ct, depth + 1))
                return true;
        }
        return false;
    }

    /// <summary>Whether the last entry of the row is its delete (one probe of the (Entity, EntityKey) index).</summary>
    static async Task<bool> DeletedByLogAsync(RectifyDb db, string entity, string key, Dictionary<(string, string), bool> memo, CancellationToken ct)
    {
        if (memo.TryGetValue((entity, key), out var known)) return known;
        var last = await db.AuditEntries.AsNoTracking().Where(a => a.Entity == entity && a.EntityKey == key)
            .OrderByDescending(a => a.Id).Select(a => a.Action).FirstOrDefaultAsync(ct);
        return memo[(entity, key)] = last == "delete";
    }

    static string Quote(string? value) => value is null ? "空" : "“" + (value.Length > 80 ? value[..80] + "…" : value).ReplaceLineEndings("⏎") + "”";
}
