using System.Text;
using Microsoft.EntityFrameworkCore;
using Rectify.Core.Audit;

namespace Rectify.Tests.Core;

/// <summary>The fold of the log into the rows it vouches for, and the SM3 hash of the chains.</summary>
public sealed class LedgerReplayTests
{
    [Fact]
    public void Sm3_gives_the_test_vector_of_the_standard()
    {
        // GB/T 32905-2016, example 1.
        Assert.Equal("66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0",
            Convert.ToHexStringLower(AuditHashAlgorithm.Sm3.Hash(Encoding.ASCII.GetBytes("abc"))));
        // Example 2: "abcd" sixteen times.
        Assert.Equal("debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732",
            Convert.ToHexStringLower(AuditHashAlgorithm.Sm3.Hash(Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("abcd", 16))))));
    }

    [Fact]
    public void An_sm3_chain_verifies_with_sm3_only_and_a_changed_entry_breaks_it()
    {
        var log = new List<AuditEntry>();
        var prev = AuditChain.Genesis;
        for (var i = 0; i < 5; i++)
        {
            var e = new AuditEntry { Chain = 3, At = DateTimeOffset.UnixEpoch, Actor = "甲", Entity = "Problem", EntityKey = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Action = "insert", After = "{}", PrevHash = "", Hash = "" };
            AuditChain.Link(e, i, prev, AuditHashAlgorithm.Sm3);
            prev = e.Hash;
            log.Add(e);
        }
        Assert.Null(AuditChain.Verify(log, null, AuditHashAlgorithm.Sm3));
        Assert.NotNull(AuditChain.Verify(log, null, AuditHashAlgorithm.Sha256));
        log[2].Actor = "乙";
        var broken = AuditChain.Verify(log, null, AuditHashAlgorithm.Sm3);
        Assert.Equal((3, 3L), (broken!.Chain, broken.Seq));
    }

    static string Json(params (string Field, string? Value)[] values) =>
        System.Text.Json.JsonSerializer.Serialize(values.ToDictionary(v => v.Field, v => v.Value));

    static Dictionary<string, string?> Row(LoggedTable t, string key) => t.Logged(t.Rows[key]).ToDictionary(v => v.Field, v => v.Value);

    [Fact]
    public void An_update_changes_only_the_values_it_changed_so_two_users_editing_different_fields_agree()
    {
        var t = new LoggedTable();
        t.Apply(1, "7", "insert", null, Json(("Id", "7"), ("Text", "x"), ("Done", null)));
        // B changes the text; A, who read the row before, marks it done: A's After still shows the old text,
        // but EF wrote only Done.
        t.Apply(2, "7", "update", Json(("Id", "7"), ("Text", "x"), ("Done", null)), Json(("Id", "7"), ("Text", "y"), ("Done", null)));
        t.Apply(3, "7", "update", Json(("Id", "7"), ("Text", "x"), ("Done", null)), Json(("Id", "7"), ("Text", "x"), ("Done", "2024-01-01")));
        Assert.Equal(new Dictionary<string, string?> { ["Id"] = "7", ["Text"] = "y", ["Done"] = "2024-01-01" }, Row(t, "7"));
        Assert.Equal(3, t.Rows["7"].LastEntryId);

        t.Apply(4, "7", "delete", Json(("Id", "7")), null);
        Assert.True(t.Rows["7"].Deleted);
        Assert.False(t.Rows["7"].Known);
    }

    [Fact]
    public void A_bulk_write_leaves_values_unknown_until_the_app_writes_the_row_again()
    {
        var t = new LoggedTable();
        t.Apply(1, "5", "insert", null, Json(("Id", "5"), ("Title", "a")));
        t.Apply(2, "*", "bulk", null, BulkKeys.Describe(["5", "6", "7", "10"]));
        Assert.False(t.Rows["5"].Known);
        Assert.True(t.InBulk("6"));
        Assert.True(t.InBulk("10"));
        Assert.False(t.InBulk("8"));
        Assert.False(t.InBulk("11"));
        // The app reads the row and changes it: from then on its values are known (its Before is what the app read).
        t.Apply(3, "6", "update", Json(("Id", "6"), ("Title", "b"), ("Remarks", null)), Json(("Id", "6"), ("Title", "b"), ("Remarks", "经核实")));
        Assert.Equal(new Dictionary<string, string?> { ["Id"] = "6", ["Title"] = "b", ["Remarks"] = "经核实" }, Row(t, "6"));
        Assert.Equal("""{"ranges":"5-7,10"}""", BulkKeys.Describe(["10", "5", "6", "7"]));
        Assert.True(BulkKeys.Parse(BulkKeys.Describe(["a-b", "c"])).Contains("a-b"));
    }

    [Fact]
    public void A_field_the_log_never_named_is_not_compared_until_an_entry_names_it()
    {
        var t = new LoggedTable();
        t.Apply(1, "1", "insert", null, Json(("Id", "1"), ("Title", "a")));
        Assert.False(t.TryGetLogged(t.Rows["1"], "CompletedOn", out _));
        // A later save of the row (after a migration added the column) names it.
        t.Apply(2, "1", "update", Json(("Id", "1"), ("Title", "a"), ("CompletedOn", "2024-05-01")), Json(("Id", "1"), ("Title", "b"), ("CompletedOn", "2024-05-01")));
        Assert.True(t.TryGetLogged(t.Rows["1"], "CompletedOn", out var v));
        Assert.Equal("2024-05-01", v);
    }

    [Fact]
    public void Every_audited_property_is_read_from_an_untracked_row()
    {
        // audit verify reads the current rows untracked; a shadow property would read as its default there.
        using var db = new Rectify.Data.SqliteRectifyDb(new DbContextOptionsBuilder<Rectify.Data.SqliteRectifyDb>().UseSqlite("Data Source=:memory:").Options);
        var shadows = db.Model.GetEntityTypes().Where(Rectify.Data.AuditLog.IsAudited)
            .SelectMany(t => t.GetProperties().Where(p => p.IsShadowProperty()).Select(p => t.ClrType.Name + "." + p.Name)).ToList();
        Assert.Empty(shadows);
    }

    [Fact]
    public void No_code_of_the_app_deletes_or_rewrites_audit_entries()
    {
        // Retention (docs/decisions/0007): there is no purge; the context refuses it (AuditLedgerTests), and no
        // statement of the app's own names the table with DELETE, UPDATE or TRUNCATE.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "Rectify"))) root = root.Parent;
        Assert.NotNull(root);
        var sources = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories).ToList();
        Assert.Contains(sources, f => f.EndsWith("AuditLog.cs", StringComparison.Ordinal));
        var writes = new System.Text.RegularExpressions.Regex(@"\b(DELETE|UPDATE|TRUNCATE|ExecuteDelete|ExecuteUpdate|Remove|RemoveRange)\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase);
        var found = sources.SelectMany(f => File.ReadLines(f).Select((line, i) => (f, i, line)))
            .Where(x => x.line.Contains("AuditEntr", StringComparison.Ordinal) && writes.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root.FullName, x.f)}:{x.i + 1}: {x.line.Trim()}").ToList();
        Assert.Empty(found);
    }
}
