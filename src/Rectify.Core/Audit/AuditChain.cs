using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rectify.Core.Audit;

/// <summary>
/// One entry of the append-only audit log: who changed what, when, before and after.
/// Entries are chained: each hash covers the previous hash and every field, so a changed,
/// deleted or reordered row breaks the chain at that row.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    /// <summary>1, 2, 3… with no gaps; a missing number is a deleted row.</summary>
    public long Seq { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    /// <summary>The entity type ("Problem", "Notice", "AppUser"…).</summary>
    public required string Entity { get; set; }
    public required string EntityKey { get; set; }
    /// <summary>insert, update or delete.</summary>
    public required string Action { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public required string PrevHash { get; set; }
    public required string Hash { get; set; }
}

public sealed record AuditBreak(long Seq, string Reason);

public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEntry e)
    {
        // Field separators that cannot occur unescaped in the values: lengths are prefixed.
        var sb = new StringBuilder();
        void Add(string? v) => sb.Append(v is null ? "-1:" : v.Length.ToString(CultureInfo.InvariantCulture) + ":" + v).Append('|');
        Add(e.PrevHash);
        Add(e.Seq.ToString(CultureInfo.InvariantCulture));
        Add(e.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Add(e.Actor); Add(e.Entity); Add(e.EntityKey); Add(e.Action); Add(e.Before); Add(e.After);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Sets Seq, PrevHash and Hash of a new entry that follows <paramref name="previous"/>.</summary>
    public static void Link(AuditEntry entry, long previousSeq, string previousHash)
    {
        entry.Seq = previousSeq + 1;
        entry.PrevHash = previousHash;
        entry.Hash = ComputeHash(entry);
    }

    /// <summary>Checks entries in storage order; returns the first break, or null when the chain holds.</summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entriesInOrder, (long Seq, string Hash)? expectedHead = null)
    {
        long seq = 0;
        var prev = Genesis;
        foreach (var e in entriesInOrder)
        {
            if (e.Seq != seq + 1)
                return new AuditBreak(seq + 1, e.Seq > seq + 1
                    ? $"第 {seq + 1} 条至第 {e.Seq - 1} 条缺失(被删除)"
                    : $"第 {e.Seq} 条出现在第 {seq} 条之后(顺序被改动或重复)");
            if (e.PrevHash != prev)
                return new AuditBreak(e.Seq, $"第 {e.Seq} 条的前一哈希与第 {seq} 条不符(前面的记录被改动、删除或调换)");
            if (ComputeHash(e) != e.Hash)
                return new AuditBreak(e.Seq, $"第 {e.Seq} 条的内容与其哈希不符(该记录被改动)");
            seq = e.Seq;
            prev = e.Hash;
        }
        if (expectedHead is { } head && (head.Seq != seq || head.Hash != prev))
            return new AuditBreak(seq, $"日志末尾与记录的链头(第 {head.Seq} 条)不符:末尾的记录被删除或改动");
        return null;
    }
}
