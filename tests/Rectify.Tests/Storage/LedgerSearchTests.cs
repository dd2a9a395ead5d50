using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Rectify.Core.Domain;
using Rectify.Core.Search;
using Rectify.Data;
using Rectify.Tests.Web;

namespace Rectify.Tests.Storage;

/// <summary>
/// The ledger's text search answers from the bigram index; these check that it finds exactly what
/// a substring scan would, and that the index follows every change — on SQLite and on PostgreSQL.
/// </summary>
public abstract class LedgerSearchTests : IAsyncLifetime
{
    RectifyApp? _app;
    protected RectifyApp App => _app!;
    protected abstract RectifyApp CreateApp();
    HttpClient _client = null!;

    public async ValueTask InitializeAsync()
    {
        _app = CreateApp();
        _client = await App.SignedInClientAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    /// <summary>Inspection 1, every page.</summary>
    Task<int[]> SearchAsync(string q, string more = "") => SearchPagesAsync("inspection=1" + more + "&q=" + Uri.EscapeDataString(q));

    /// <summary>The whole district (no inspection chosen), every page: the count comes from the index alone.</summary>
    protected Task<int[]> SearchDistrictAsync(string q, string more = "") => SearchPagesAsync("q=" + Uri.EscapeDataString(q) + more);

    static readonly RectificationStatus[] Statuses =
        [RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.Phased, RectificationStatus.Completed];

    /// <summary>The ids of every page of the list, checked against its total.</summary>
    async Task<int[]> SearchPagesAsync(string query)
    {
        var ids = new List<int>();
        for (var page = 1; ; page++)
        {
            var r = await _client.GetAsync($"/api/problems?pageSize=200&page={page}&{query}");
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            var list = await r.Content.ReadFromJsonAsync<JsonElement>();
            var items = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToList();
            ids.AddRange(items);
            if (ids.Count >= list.GetProperty("total").GetInt32())
            {
                Assert.Equal(ids.Count, list.GetProperty("total").GetInt32());
                return ids.Order().ToArray();
            }
            Assert.NotEmpty(items);
        }
    }

    // A small alphabet so that random substrings recur across problems, with the things that trip
    // up tokenising: Latin in both widths and cases, digits, punctuation and spaces.
    const string Alphabet = "耕地撂荒财务制度资金项目整改公开台账党建村务审批采购abcABCＡＢｃ123１２３，。、;：（）“” ";

    static string RandomText(Random r, int length) =>
        new(Enumerable.Range(0, length).Select(_ => Alphabet[r.Next(Alphabet.Length)]).ToArray());

    static string Normal(string s) => s.Normalize(NormalizationForm.FormKC).ToLowerInvariant();

    [Fact]
    public async Task Search_finds_exactly_the_problems_a_substring_scan_finds()
    {
        var r = new Random(20261127);
        var texts = new Dictionary<int, List<string>>();
        var sampled = new HashSet<int>();
        var status = new Dictionary<int, RectificationStatus>();
        await using (var db = App.CreateDb())
        {
            var category = await db.Categories.FirstAsync(c => c.InspectionId == 1);
            var added = new List<Problem>();
            for (var i = 0; i < 120; i++)
            {
                var p = new Problem
                {
                    InspectionId = 1, CategoryId = category.Id, Ordinal = 100 + i, Title = RandomText(r, r.Next(1, 12)),
                    Detail = r.Next(3) == 0 ? null : RandomText(r, r.Next(0, 40)),
                    ResponsibleLeader = r.Next(10) == 0 ? "抽查" : null,
                    Measures = Enumerable.Range(1, r.Next(0, 4)).Select(k => new Measure { Ordinal = k, Text = RandomText(r, r.Next(1, 20)) }).ToList(),
                };
                p.SetImportedStatus(Statuses[r.Next(Statuses.Length)], null, null);
                db.Problems.Add(p);
                added.Add(p);
            }
            await db.SaveChangesAsync();
            foreach (var p in await db.Problems.Include(p => p.Measures).ToListAsync())
            {
                texts[p.Id] = [p.Title, p.Detail ?? "", .. p.Measures.Select(m => m.Text)];
                if (p.ResponsibleLeader == "抽查") sampled.Add(p.Id);
                status[p.Id] = p.Status;
            }
        }

        // Queries cut from the texts (so most match something) and random ones (most match nothing),
        // of one to six letters or digits: a run the index answers exactly like a substring scan.
        var all = texts.Values.SelectMany(t => t).Select(Normal).Where(t => t.Length > 0).ToList();
        var queries = new HashSet<string>();
        while (queries.Count < 150)
        {
            var q = r.Next(3) > 0 ? Cut(all[r.Next(all.Count)], r) : RandomText(r, r.Next(1, 5));
            if (q.Length > 0 && SearchTerms.Query(q) is { Count: 1 } && q.All(char.IsLetterOrDigit)) queries.Add(q);
        }
        var matched = 0;
        HashSet<int> inOne;
        await using (var db = App.CreateDb()) inOne = (await db.Problems.Where(p => p.InspectionId == 1).Select(p => p.Id).ToListAsync()).ToHashSet();
        var plans = new HashSet<bool>();
        foreach (var q in queries)
        {
            var everywhere = texts.Where(kv => kv.Value.Any(t => Normal(t).Contains(Normal(q), StringComparison.Ordinal))).Select(kv => kv.Key).Order().ToArray();
            var inDistrict = await SearchDistrictAsync(q);
            Assert.True(everywhere.SequenceEqual(inDistrict), $"q=“{q}” in the district: expected {string.Join(",", everywhere)}, found {string.Join(",", inDistrict)}");
            await using (var db = App.CreateDb())
                if (SearchIndex.Matches(db, q, db.Problems, candidatesAreAll: true) is { Total: { } total } m)
                {
                    Assert.Equal(everywhere.Length, total);
                    plans.Add(m.Dense);
                }
            var expected = everywhere.Where(inOne.Contains).ToArray();
            var found = await SearchAsync(q);
            Assert.True(expected.SequenceEqual(found), $"q=“{q}”: expected {string.Join(",", expected)}, found {string.Join(",", found)}");
            if (expected.Length > 0) matched++;
            // With a narrow filter, a word found in many problems is scanned for instead: same answer.
            var narrowed = await SearchAsync(q, "&leader=" + Uri.EscapeDataString("抽查"));
            Assert.True(expected.Where(sampled.Contains).SequenceEqual(narrowed), $"q=“{q}” among the sampled: found {string.Join(",", narrowed)}");
            // A word and a status: PostgreSQL answers both from the index (the status's lexeme), SQLite joins.
            var s = Statuses[r.Next(Statuses.Length)];
            var withStatus = await SearchDistrictAsync(q, "&status=" + s.Code());
            Assert.True(everywhere.Where(id => status[id] == s).SequenceEqual(withStatus), $"q=“{q}” with status {s.Code()}: found {string.Join(",", withStatus)}");
        }
        Assert.True(matched > 50, $"only {matched} of the queries matched anything: the test would prove little");
        // SQLite: both ways of joining the matches (seek each, or walk the candidates) were taken.
        await using (var db = App.CreateDb())
            if (db is not PostgresRectifyDb) Assert.Equal(new[] { false, true }, plans.Order().ToArray());

        static string Cut(string s, Random r)
        {
            var start = r.Next(s.Length);
            return s.Substring(start, Math.Min(s.Length - start, r.Next(1, 7))).Trim();
        }
    }

    [Fact]
    public async Task Several_words_must_all_occur_and_full_width_letters_find_half_width_ones()
    {
        // Demo problem 3 is 撂荒复耕; its measures speak of 撂荒地.
        var p3 = (await SearchAsync("撂荒")).Single();
        Assert.Equal([p3], await SearchAsync("撂荒 复耕"));
        Assert.Empty(await SearchAsync("撂荒 没有这个词"));
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Id == p3);
            p.Title += "(涉及ABC合作社)";
            await db.SaveChangesAsync();
        }
        Assert.Equal([p3], await SearchAsync("ａｂｃ合作社"));
        Assert.Equal([p3], await SearchAsync("abc"));
    }

    [Fact]
    public async Task The_index_follows_edits_of_titles_and_measures_and_deletions()
    {
        int id;
        await using (var db = App.CreateDb())
        {
            var category = await db.Categories.FirstAsync(c => c.InspectionId == 1);
            var p = new Problem { InspectionId = 1, CategoryId = category.Id, Ordinal = 99, Title = "食堂采购未比价", Measures = [new Measure { Ordinal = 1, Text = "建立询价制度" }] };
            db.Problems.Add(p);
            await db.SaveChangesAsync();
            id = p.Id;
        }
        Assert.Equal([id], await SearchAsync("未比价"));
        Assert.Equal([id], await SearchAsync("询价"));

        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.Include(x => x.Measures).SingleAsync(x => x.Id == id);
            p.Title = "食堂采购程序不规范";
            p.Measures.Clear();
            p.Measures.Add(new Measure { Ordinal = 1, Text = "实行三方比价" });
            await db.SaveChangesAsync();
        }
        Assert.Empty(await SearchAsync("未比价"));
        Assert.Empty(await SearchAsync("询价"));
        Assert.Equal([id], await SearchAsync("程序不规范"));
        Assert.Equal([id], await SearchAsync("三方比价"));

        await using (var db = App.CreateDb())
        {
            var m = await db.Measures.SingleAsync(x => x.ProblemId == id);
            m.Text = "公开招标";
            await db.SaveChangesAsync();
        }
        Assert.Empty(await SearchAsync("三方比价"));
        Assert.Equal([id], await SearchAsync("招标"));

        await using (var db = App.CreateDb())
        {
            db.Problems.Remove(await db.Problems.SingleAsync(x => x.Id == id));
            await db.SaveChangesAsync();
        }
        Assert.Empty(await SearchAsync("招标"));
    }

    [Fact]
    public async Task A_word_with_a_status_follows_each_change_of_status()
    {
        // Demo problem 3 (撂荒复耕) is asked for with its status, then moved on through the problem's own rule.
        var p3 = (await SearchAsync("撂荒")).Single();
        RectificationStatus before, after;
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Id == p3);
            before = p.Status;
            after = p.AllowedMoves().First(m => m is RectificationStatus.InProgress or RectificationStatus.NotFeasible && m != before);
        }
        Assert.Equal([p3], await SearchDistrictAsync("撂荒", "&status=" + before.Code()));
        Assert.Empty(await SearchDistrictAsync("撂荒", "&status=" + after.Code()));

        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Id == p3);
            p.ChangeStatus(after, reason: "条件暂不具备");
            await db.SaveChangesAsync();
        }
        Assert.Empty(await SearchDistrictAsync("撂荒", "&status=" + before.Code()));
        Assert.Equal([p3], await SearchDistrictAsync("撂荒", "&status=" + after.Code()));
        Assert.Equal([p3], await SearchDistrictAsync("撂荒"));
    }

    [Fact]
    public async Task A_failed_save_leaves_the_index_as_it_was()
    {
        var p3 = (await SearchAsync("撂荒")).Single();
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.SingleAsync(x => x.Id == p3);
            p.Title = "改名后的标题";
            // A second problem with the same ordinal breaks a unique index: the whole save fails.
            var clash = await db.Problems.FirstAsync(x => x.Id != p3 && x.InspectionId == 1);
            db.Problems.Add(new Problem { InspectionId = 1, CategoryId = clash.CategoryId, Ordinal = clash.Ordinal, Title = "重复序号" });
            await Assert.ThrowsAnyAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        Assert.Equal([p3], await SearchAsync("撂荒"));
        Assert.Empty(await SearchAsync("改名后"));
        Assert.Empty(await SearchAsync("重复序号"));
    }

    [Fact]
    public async Task A_stale_index_after_an_upgrade_is_rebuilt_at_start_up()
    {
        var p3 = (await SearchAsync("撂荒")).Single();
        // As an upgrade finds it: the index empty, the migration's marker set.
        await using (var db = App.CreateDb())
        {
            await db.Database.ExecuteSqlRawAsync(db is PostgresRectifyDb ? "DELETE FROM \"ProblemSearch\"" : "DELETE FROM ProblemSearch");
            db.Settings.Add(new AppSetting { Key = SearchIndex.StaleKey, Value = "test" });
            await db.SaveChangesAsync();
        }
        Assert.Empty(await SearchAsync("撂荒"));

        await Setup.MigrateAsync(App.Services, TextWriter.Null);

        Assert.Equal([p3], await SearchAsync("撂荒"));
        await using var check = App.CreateDb();
        Assert.False(await SearchIndex.IsStaleAsync(check));
    }
}

public sealed class SqliteLedgerSearchTests : LedgerSearchTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresLedgerSearchTests : LedgerSearchTests
{
    protected override RectifyApp CreateApp()
    {
        var server = RectifyApp.PostgresServer();
        return new RectifyApp(server);
    }

    [Fact]
    public async Task An_index_written_before_the_status_lexemes_is_given_them_by_the_migration()
    {
        var ct = TestContext.Current.CancellationToken;
        var p3 = (await SearchDistrictAsync("撂荒")).Single();
        string status;
        await using (var db = App.CreateDb()) status = (await db.Problems.SingleAsync(x => x.Id == p3, ct)).Status.Code();
        Assert.Equal([p3], await SearchDistrictAsync("撂荒", "&status=" + status));

        // As a database of the previous release holds it: rows without the status.
        await using (var db = App.CreateDb())
        {
            var migrations = db.Database.GetMigrations().ToList();
            var migrator = db.GetService<Microsoft.EntityFrameworkCore.Migrations.IMigrator>();
            await migrator.MigrateAsync(migrations[migrations.IndexOf("20261205013000_SearchStatusLexemes") - 1], ct);
            var lexeme = "'§" + status + "'";
            Assert.Equal(0, await db.Database.SqlQuery<int>(
                $"SELECT COUNT(*)::int AS \"Value\" FROM \"ProblemSearch\" WHERE \"Terms\" @@ CAST({lexeme} AS tsquery)").SingleAsync(ct));
            await migrator.MigrateAsync(null, ct);
        }
        // The migration rewrote the index's mark, so nothing kept from before is used.
        Assert.Equal([p3], await SearchDistrictAsync("撂荒", "&status=" + status));
        Assert.Empty(await SearchDistrictAsync("撂荒", "&status=" + (status == "completed" ? "phased" : "completed")));
    }
}
