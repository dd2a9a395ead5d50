using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Rectify.Core.Audit;

/// <summary>
/// One entry of the append-only audit log: who changed what, when, before and after.
/// The log is several hash chains (stripes, see docs/decisions/0004): each entry's hash covers the
/// previous hash of its chain and every field, so a changed, deleted or reordered row breaks its
/// chain at that row.
/// </summary>
public class AuditEntry
{
    /// <summary>The global order of writing, for display and export; not part of the hash.</summary>
    public long Id { get; set; }
    /// <summary>The chain the entry belongs to; entries written before there were several chains are chain 0.</summary>
    public int Chain { get; set; }
    /// <summary>Position within its chain: 1, 2, 3… with no gaps; a missing number is a deleted row.</summary>
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

/// <summary>
/// Where the log breaks: the chain, the position and the row (Id) found there. Chain is null when only
/// a noted head of several chains disagrees as a whole (its one digest cannot say which chain).
/// </summary>
public sealed record AuditBreak(int? Chain, long Seq, long? Id, string Reason);

/// <summary>
/// The hash of the chain, chosen when a database is set up (Rectify:Audit:Hash) and fixed for it from then
/// on: SHA-256, or SM3 (GB/T 32905-2016, the national standard asked for by 等保 assessments of government
/// systems). Both give 256 bits, 64 hex digits. See docs/decisions/0007-audit-ledger-replay-and-sm3.md.
/// </summary>
public enum AuditHashAlgorithm { Sha256, Sm3 }

public static class AuditHashAlgorithms
{
    /// <summary>The name stored in the Settings table and given in Rectify:Audit:Hash.</summary>
    public static string Name(this AuditHashAlgorithm a) => a == AuditHashAlgorithm.Sm3 ? "SM3" : "SHA256";

    public static AuditHashAlgorithm? Parse(string? text) => text?.Trim().Replace("-", "", StringComparison.Ordinal).ToUpperInvariant() switch
    {
        "SHA256" => AuditHashAlgorithm.Sha256,
        "SM3" => AuditHashAlgorithm.Sm3,
        _ => null,
    };

    public static byte[] Hash(this AuditHashAlgorithm a, byte[] data)
    {
        if (a == AuditHashAlgorithm.Sha256) return SHA256.HashData(data);
        var sm3 = new Org.BouncyCastle.Crypto.Digests.SM3Digest();
        sm3.BlockUpdate(data, 0, data.Length);
        var result = new byte[sm3.GetDigestSize()];
        sm3.DoFinal(result, 0);
        return result;
    }
}

public static class AuditChain
{
    /// <summary>The previous hash of the first entry of every chain.</summary>
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(AuditEntry e) => ComputeHash(e, AuditHashAlgorithm.Sha256);

    /// <summary>The entry's hash with the database's algorithm: the same length-prefixed text either way.</summary>
    public static string ComputeHash(AuditEntry e, AuditHashAlgorithm algorithm)
    {
        // Field separators that cannot occur unescaped in the values: lengths are prefixed.
        var sb = new StringBuilder();
        void Add(string? v) => sb.Append(v is null ? "-1:" : v.Length.ToString(CultureInfo.InvariantCulture) + ":" + v).Append('|');
        Add(e.PrevHash);
        Add(e.Seq.ToString(CultureInfo.InvariantCulture));
        // Chain 0 is hashed without its number, exactly as entries were before there were chains, so
        // those keep verifying. Any other chain adds a field; a text with one more length-prefixed field
        // never reads as one without it, so an entry cannot be moved between chain 0 and another one.
        if (e.Chain != 0) Add(e.Chain.ToString(CultureInfo.InvariantCulture));
        Add(e.At.UtcTicks.ToString(CultureInfo.InvariantCulture));
        Add(e.Actor); Add(e.Entity); Add(e.EntityKey); Add(e.Action); Add(e.Before); Add(e.After);
        return Convert.ToHexStringLower(algorithm.Hash(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    /// <summary>Sets Seq, PrevHash and Hash of a new entry of <c>entry.Chain</c> that follows that chain's head.</summary>
    public static void Link(AuditEntry entry, long previousSeq, string previousHash, AuditHashAlgorithm algorithm = AuditHashAlgorithm.Sha256)
    {
        entry.Seq = previousSeq + 1;
        entry.PrevHash = previousHash;
        entry.Hash = ComputeHash(entry, algorithm);
    }

    /// <summary>
    /// The chain, of <paramref name="chains"/>, that a change of this entity appends to: the same on every
    /// app instance and after a restart (not string.GetHashCode), so writers of one problem share a chain
    /// and writers of different problems rarely do.
    /// </summary>
    public static int ChooseChain(string entity, string entityKey, int chains) =>
        (int)(BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(entity + "|" + entityKey))) % (uint)chains);

    /// <summary>
    /// Checks every chain; each chain's entries must come in the order of their Seq (the chains may be
    /// interleaved: ordered by Chain and Seq, or by Id). Returns the first break, or null when every chain
    /// holds and, if a head is given, no chain is shorter than noted there and the noted entries are unchanged.
    /// </summary>
    public static AuditBreak? Verify(IEnumerable<AuditEntry> entries, AuditHead? expectedHead = null, AuditHashAlgorithm algorithm = AuditHashAlgorithm.Sha256)
    {
        var heads = new Dictionary<int, (long Seq, string Hash, long Id)>();
        var noted = expectedHead?.Chains.ToDictionary(c => c.Chain, c => c.Seq) ?? new Dictionary<int, long>();
        var notedHashes = new Dictionary<int, (string Hash, long Id)>();
        foreach (var e in entries)
        {
            var (seq, prev, _) = heads.TryGetValue(e.Chain, out var h) ? h : (0, Genesis, 0);
            var chain = $"链 {e.Chain} ";
            if (e.Seq != seq + 1)
                return new AuditBreak(e.Chain, seq + 1, e.Id, e.Seq > seq + 1
                    ? $"{chain}第 {seq + 1} 条至第 {e.Seq - 1} 条缺失（被删除；其后是第 {e.Seq} 条，编号 {e.Id}）"
                    : $"{chain}第 {e.Seq} 条（编号 {e.Id}）出现在第 {seq} 条之后（顺序被改动或重复）");
            if (e.PrevHash != prev)
                return new AuditBreak(e.Chain, e.Seq, e.Id, $"{chain}第 {e.Seq} 条（编号 {e.Id}）的前一哈希与第 {seq} 条不符（前面的记录被改动、删除或调换）");
            if (ComputeHash(e, algorithm) != e.Hash)
                return new AuditBreak(e.Chain, e.Seq, e.Id, $"{chain}第 {e.Seq} 条（编号 {e.Id}）的内容与其哈希不符（该记录被改动）");
            heads[e.Chain] = (e.Seq, e.Hash, e.Id);
            if (noted.TryGetValue(e.Chain, out var n) && n == e.Seq) notedHashes[e.Chain] = (e.Hash, e.Id);
        }
        if (expectedHead is not { } head) return null;
        // Entries appended after the head was noted are fine; a chain that no longer reaches its noted
        // entry lost its tail.
        foreach (var (chain, seq) in head.Chains)
            if (!notedHashes.ContainsKey(chain))
            {
                var last = heads.TryGetValue(chain, out var h) ? h.Seq : 0;
                return new AuditBreak(chain, last + 1, null,
                    $"链 {chain} 只到第 {last} 条，而记下的链头是第 {seq} 条：第 {last + 1} 条起的末尾记录被删除");
            }
        if (AuditHead.DigestOf(head.Chains.Select(c => (c.Chain, c.Seq, notedHashes[c.Chain].Hash))) == head.Digest) return null;
        if (head.Chains.Count == 1)
        {
            var (chain, seq) = head.Chains[0];
            return new AuditBreak(chain, seq, notedHashes[chain].Id,
                $"链 {chain} 第 {seq} 条（编号 {notedHashes[chain].Id}）与记下的链头不符：该条及其前面的记录被改写");
        }
        return new AuditBreak(null, 0, null,
            $"记下的 {head.Chains.Count} 条链的链头与日志不符：其中某条链在记下的位置上的记录被改写（链都连贯，所以是连同其后哈希一起改写的）");
    }
}

/// <summary>
/// A head of the log noted elsewhere (with every backup), to find later that entries were cut off the end
/// of a chain or a chain was rewritten: per chain the Seq of its last entry, and one SHA-256 digest over
/// those entries' hashes. Written <c>0=41,7=12,…:digest</c>; the old single-chain form <c>SEQ:HASH</c>
/// (the last entry of chain 0 and its hash) is read as well. Entries appended later do not disagree with it.
/// </summary>
public sealed record AuditHead(IReadOnlyList<(int Chain, long Seq)> Chains, string Digest)
{
    public const string FormatHint = "--head 应为 audit verify 打印的链头“链=序号,链=序号,…:64位哈希”，或旧格式“序号:64位哈希”";

    /// <summary>The head of entries already known to form whole chains: each chain's last entry.</summary>
    public static AuditHead Of(IEnumerable<AuditEntry> entries)
    {
        var last = new SortedDictionary<int, AuditEntry>();
        foreach (var e in entries)
            if (!last.TryGetValue(e.Chain, out var l) || e.Seq > l.Seq) last[e.Chain] = e;
        return Of(last.Values.Select(e => (e.Chain, e.Seq, e.Hash)));
    }

    /// <summary>The head from each chain's last (Chain, Seq, Hash).</summary>
    public static AuditHead Of(IEnumerable<(int Chain, long Seq, string Hash)> lasts)
    {
        var sorted = lasts.OrderBy(l => l.Chain).ToList();
        return new([.. sorted.Select(l => (l.Chain, l.Seq))], DigestOf(sorted));
    }

    /// <summary>SHA-256 over "chain:seq:hash" lines in the order of the chains noted.</summary>
    public static string DigestOf(IEnumerable<(int Chain, long Seq, string Hash)> entries) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Concat(
            entries.Select(e => string.Create(CultureInfo.InvariantCulture, $"{e.Chain}:{e.Seq}:{e.Hash}\n"))))));

    public override string ToString() =>
        (Chains.Count == 0 ? "-" : string.Join(",", Chains.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Chain}={c.Seq}")))) + ":" + Digest;

    /// <summary>Reads a noted head; null with a message naming the expected form when it is not one.</summary>
    public static AuditHead? Parse(string text, out string? error)
    {
        error = FormatHint;
        var colon = text.LastIndexOf(':');
        if (colon < 0) return null;
        var (list, hash) = (text[..colon].Trim(), text[(colon + 1)..].Trim().ToLowerInvariant());
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigit)) return null;
        if (!list.Contains('=') && list != "-")
        {
            // The old form: the last entry of the one chain there was, chain 0; "0:Genesis" is an empty log.
            if (!long.TryParse(list, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)) return null;
            error = null;
            return seq == 0 ? new([], DigestOf([])) : new([(0, seq)], DigestOf([(0, seq, hash)]));
        }
        var chains = new List<(int Chain, long Seq)>();
        foreach (var pair in list == "-" ? Array.Empty<string>() : list.Split(','))
        {
            var parts = pair.Split('=');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var chain)
                || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var seq) || seq < 1)
                return null;
            if (chains.Any(c => c.Chain == chain))
            {
                error = $"--head 中链 {chain} 出现了两次";
                return null;
            }
            chains.Add((chain, seq));
        }
        error = null;
        return new(chains, hash);
    }
}
