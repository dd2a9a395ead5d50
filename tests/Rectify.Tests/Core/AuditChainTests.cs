using Rectify.Core.Audit;

namespace Rectify.Tests.Core;

/// <summary>The hash chains of the audit log, without a database.</summary>
public sealed class AuditChainTests
{
    static AuditEntry Entry(int chain = 0, long seq = 7) => new()
    {
        Chain = chain, Seq = seq, At = new DateTimeOffset(2023, 9, 8, 2, 30, 0, 123, TimeSpan.Zero),
        Actor = "城北镇填报员", Entity = "Problem", EntityKey = "12", Action = "update",
        Before = "{\"Status\":\"phased\"}", After = "{\"Status\":\"in-progress\"}", PrevHash = AuditChain.Genesis, Hash = "",
    };

    [Fact]
    public void Chain_0_is_hashed_as_entries_were_before_there_were_chains_and_other_chains_include_their_number()
    {
        // Computed apart (Python) from the formula of the single chain: the length-prefixed fields
        // previous hash, seq, ticks, actor, entity, key, action, before, after.
        Assert.Equal("6ae4c4451be0fa16caeabf2e5e3d8a1f4e11c3ba6285f247b6a6051e39af7290", AuditChain.ComputeHash(Entry()));
        // The same with the chain number "3" as a field after seq.
        Assert.Equal("eaed0a5f2a5c08551fdaf43a7634486841cf0527f33a674fe5ee49f98fdfc267", AuditChain.ComputeHash(Entry(chain: 3)));
    }

    /// <summary>A valid log of <paramref name="perChain"/> entries in each of the given chains, interleaved as Ids would be.</summary>
    static List<AuditEntry> Log(int[] chains, int perChain)
    {
        var log = new List<AuditEntry>();
        var heads = chains.ToDictionary(c => c, _ => (Seq: 0L, Hash: AuditChain.Genesis));
        for (var i = 0; i < perChain; i++)
            foreach (var c in chains)
            {
                var e = Entry(chain: c);
                e.Id = log.Count + 1;
                e.EntityKey = $"{c}-{i}";
                AuditChain.Link(e, heads[c].Seq, heads[c].Hash);
                heads[c] = (e.Seq, e.Hash);
                log.Add(e);
            }
        return log;
    }

    [Fact]
    public void Interleaved_chains_verify_and_a_break_names_chain_seq_and_id()
    {
        var log = Log([0, 5, 9], 4);
        Assert.Null(AuditChain.Verify(log));
        Assert.Null(AuditChain.Verify(log.OrderBy(e => e.Chain).ThenBy(e => e.Seq)));

        var moved = log.Single(e => e.Chain == 5 && e.Seq == 3);
        moved.Chain = 0; // moved into chain 0: a second third entry there (and a gap in chain 5)
        var broken = AuditChain.Verify(log)!;
        Assert.Equal((0, 4L, moved.Id), (broken.Chain, broken.Seq, broken.Id));
        Assert.Contains($"链 0 第 3 条（编号 {moved.Id}）出现在第 3 条之后", broken.Reason);
        moved.Chain = 5;

        var edited = log.Single(e => e.Chain == 9 && e.Seq == 2);
        edited.Actor = "别人";
        broken = AuditChain.Verify(log)!;
        Assert.Equal((9, 2L, edited.Id), (broken.Chain, broken.Seq, broken.Id));
        Assert.Contains($"链 9 第 2 条（编号 {edited.Id}）的内容与其哈希不符", broken.Reason);
    }

    [Fact]
    public void A_noted_head_accepts_later_entries_and_catches_a_cut_or_a_rewritten_tail()
    {
        var log = Log([0, 5, 9], 6);
        var noted = AuditHead.Of(log.Where(e => e.Seq <= 4));
        Assert.Equal("0=4,5=4,9=4:" + noted.Digest, noted.ToString());
        Assert.Null(AuditChain.Verify(log, noted)); // appended since: fine
        Assert.Null(AuditChain.Verify(log, AuditHead.Parse(noted.ToString(), out _)));

        var cut = log.Where(e => !(e.Chain == 5 && e.Seq >= 4)).ToList();
        Assert.Null(AuditChain.Verify(cut)); // the chain alone cannot tell
        var broken = AuditChain.Verify(cut, noted)!;
        Assert.Equal((5, 4L), (broken.Chain, broken.Seq));
        Assert.Contains("链 5 只到第 3 条", broken.Reason);

        var gone = log.Where(e => e.Chain != 9).ToList();
        Assert.Equal(9, AuditChain.Verify(gone, noted)!.Chain);

        // Chain 9 rewritten from its third entry on, hashes and all: every chain still links.
        var rewritten = log.Select(e => e.Chain == 9 && e.Seq >= 3 ? Copy(e) : e).ToList();
        var prev = rewritten.Single(e => e.Chain == 9 && e.Seq == 2).Hash;
        foreach (var e in rewritten.Where(e => e.Chain == 9 && e.Seq >= 3))
        {
            e.After = "{\"Status\":\"completed\"}";
            AuditChain.Link(e, e.Seq - 1, prev);
            prev = e.Hash;
        }
        Assert.Null(AuditChain.Verify(rewritten));
        broken = AuditChain.Verify(rewritten, noted)!;
        Assert.Null(broken.Chain);
        Assert.Contains("被改写", broken.Reason);
        // With one chain noted, the break is named.
        var one = AuditHead.Of(log.Where(e => e.Chain == 9 && e.Seq <= 4));
        broken = AuditChain.Verify(rewritten, one)!;
        Assert.Equal((9, 4L), (broken.Chain, broken.Seq));
    }

    static AuditEntry Copy(AuditEntry e) => new()
    {
        Id = e.Id, Chain = e.Chain, Seq = e.Seq, At = e.At, Actor = e.Actor, Entity = e.Entity, EntityKey = e.EntityKey,
        Action = e.Action, Before = e.Before, After = e.After, PrevHash = e.PrevHash, Hash = e.Hash,
    };

    [Fact]
    public void The_old_head_SEQ_HASH_is_chain_0()
    {
        var log = Log([0], 5);
        var old = AuditHead.Parse($"5:{log[4].Hash.ToUpperInvariant()}", out var error)!;
        Assert.Null(error);
        Assert.Null(AuditChain.Verify(log, old));
        Assert.Equal((0, 5L), AuditChain.Verify(log.Take(4), old) is { } b ? (b.Chain!.Value, b.Seq) : default);
        var wrong = AuditHead.Parse($"5:{log[3].Hash}", out _)!;
        Assert.Contains("链 0 第 5 条", AuditChain.Verify(log, wrong)!.Reason);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12")]
    [InlineData("abc:def")]
    [InlineData("0=4,5:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0=4,5=x:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0=4,5=0:0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0=4:00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("0=4:zz00000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("-3:0000000000000000000000000000000000000000000000000000000000000000")]
    public void A_malformed_head_is_refused_with_the_expected_form(string text)
    {
        Assert.Null(AuditHead.Parse(text, out var error));
        Assert.Equal(AuditHead.FormatHint, error);
    }

    [Fact]
    public void A_chain_named_twice_in_a_head_is_refused()
    {
        Assert.Null(AuditHead.Parse("3=4,3=5:" + AuditChain.Genesis, out var error));
        Assert.Equal("--head 中链 3 出现了两次", error);
    }

    [Fact]
    public void The_chain_of_a_change_is_stable_and_spread()
    {
        // A fixed value: the choice must not depend on the process (string.GetHashCode is randomised).
        Assert.Equal(
            (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(System.Security.Cryptography.SHA256.HashData("Problem|12"u8)) % 32),
            AuditChain.ChooseChain("Problem", "12", 32));
        var used = Enumerable.Range(1, 200).Select(i => AuditChain.ChooseChain("Problem", i.ToString(System.Globalization.CultureInfo.InvariantCulture), 32)).ToHashSet();
        Assert.True(used.Count > 24, $"200 problems used only {used.Count} of 32 chains");
        Assert.All(used, c => Assert.InRange(c, 0, 31));
        Assert.Equal(0, AuditChain.ChooseChain("Problem", "12", 1));
    }
}
