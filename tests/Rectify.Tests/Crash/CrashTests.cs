using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Rectify.Core.Excel;
using Rectify.Core.Interchange;
using Rectify.Core.Notices;
using Rectify.Tests.Cli;
using Rectify.Tests.Notices;
using Rectify.Tests.Web;

namespace Rectify.Tests.Crash;

/// <summary>
/// kill -9 of the real executable in the middle of an import, an Excel import and a publish.
/// The payloads are large so that the write takes a while; each scenario kills several times after
/// different delays (some land before the write, some during, some after). After each kill the data
/// folder is opened again and must hold a whole ledger or none, a notice published whole or not at
/// all, and an audit chain that verifies.
/// </summary>
public sealed class CrashTests : IDisposable
{
    readonly string _root = Path.Combine(Path.GetTempPath(), "rectify-crash-" + Guid.NewGuid().ToString("N"));
    readonly Random _random = new(9);

    public CrashTests() => Directory.CreateDirectory(_root);

    public void Dispose()
    {
        try { Directory.Delete(_root, true); } catch (IOException) { }
    }

    /// <summary>The demo ledger with its problems repeated up to <paramref name="count"/>, renumbered 1..n.</summary>
    static LedgerDocument BigLedger(int count)
    {
        var ledger = DemoNotice.Ledger();
        var originals = ledger.Categories.Select(c => c.Problems.ToList()).ToList();
        foreach (var c in ledger.Categories) c.Problems.Clear();
        var ordinal = 0;
        while (ordinal < count)
            for (var c = 0; c < originals.Count && ordinal < count; c++)
                foreach (var p in originals[c])
                {
                    if (ordinal >= count) break;
                    var json = LedgerJson.Write(new LedgerDocument { Categories = { new CategoryItem { Ordinal = 1, Title = "x", Problems = { p } } } });
                    var copy = LedgerJson.Read(json).Categories[0].Problems[0];
                    copy.Ordinal = ++ordinal;
                    copy.Title = $"{p.Title}(第{ordinal}项)";
                    ledger.Categories[c].Problems.Add(copy);
                }
        ledger.Counts = new();
        ledger.SummaryClaim = null;
        ledger.Findings.Clear();
        return ledger;
    }

    static Process Start(string data, params string[] args) => Start(data, null, null, args);

    /// <param name="onLine">Told each line the command prints (its progress), from another thread.</param>
    /// <param name="environment">More settings, e.g. the PostgreSQL database.</param>
    static Process Start(string data, Action<string>? onLine, Dictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Rectify.dll"));
        psi.ArgumentList.Add("--data");
        psi.ArgumentList.Add(data);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["RECTIFY_ADMIN_PASSWORD"] = "admin-pass-123";
        psi.Environment["Rectify__Security__RequireTwoFactor"] = "false";
        foreach (var (key, value) in environment ?? []) psi.Environment[key] = value;
        psi.Environment["RECTIFY_SYSADMIN_PASSWORD"] = "system-pass-123";
        psi.Environment["RECTIFY_SECADMIN_PASSWORD"] = "security-pass-123";
        psi.Environment["RECTIFY_AUDITADMIN_PASSWORD"] = "auditor-pass-123";
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, e) => { if (e.Data is { } line) onLine?.Invoke(line); };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    /// <summary>SIGKILL: no shutdown code runs, the transaction in flight is cut wherever it is.</summary>
    static void KillNine(Process p)
    {
        try { p.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
        p.WaitForExit(30_000);
    }

    static SqliteConnection Open(string data)
    {
        var c = new SqliteConnection($"Data Source={Path.Combine(data, "rectify.db")};Pooling=False");
        c.Open();
        return c;
    }

    static List<(long Id, long Problems)> Inspections(string data)
    {
        using var c = Open(data);
        using var q = c.CreateCommand();
        q.CommandText = "SELECT i.Id, (SELECT COUNT(*) FROM Problems p WHERE p.InspectionId = i.Id) FROM Inspections i ORDER BY i.Id";
        using var r = q.ExecuteReader();
        var rows = new List<(long, long)>();
        while (r.Read()) rows.Add((r.GetInt64(0), r.GetInt64(1)));
        return rows;
    }

    /// <summary>Opening the folder again (recovery of the SQLite journal) and verifying the chain.</summary>
    static void AssertAuditChainWhole(string data)
    {
        var (exit, output, err) = CliTests.Run(data, "audit", "verify");
        Assert.True(exit == 0, $"audit verify exit {exit}: {output}{err}");
    }

    /// <summary>
    /// Kills a command after a delay drawn from [0.5, 1.05] × its full run time, where the parsing and the
    /// one big save happen (start-up comes first); returns whether it had already finished.
    /// </summary>
    bool RunAndKill(string data, TimeSpan full, params string[] args)
    {
        var delay = TimeSpan.FromMilliseconds(_random.Next((int)(full.TotalMilliseconds * 0.5), (int)(full.TotalMilliseconds * 1.05)));
        using var p = Start(data, args);
        var finished = p.WaitForExit(delay);
        if (!finished) KillNine(p);
        return finished;
    }

    TimeSpan Timed(string data, params string[] args)
    {
        var clock = Stopwatch.StartNew();
        using var p = Start(data, args);
        Assert.True(p.WaitForExit(300_000));
        Assert.Equal(0, p.ExitCode);
        return clock.Elapsed;
    }

    void KillRepeatedly(int problems, params string[] command)
    {
        var reference = Path.Combine(_root, "reference");
        Assert.Equal(0, CliTests.Run(reference, "inspections").Exit); // migrated first, as each trial's folder is
        var full = Timed(reference, command);
        Assert.Equal([14, problems], Inspections(reference).Select(i => i.Problems));

        // Five trials, and more while none has landed a kill before the end (at most 15): on a busy machine the
        // reference run may have been the slow one, so a trial that finished first draws from a shorter span.
        var outcomes = new List<bool>();
        for (var trial = 0; trial < 5 || (!outcomes.Contains(false) && trial < 15); trial++)
        {
            var data = Path.Combine(_root, $"trial-{trial}");
            Assert.Equal(0, CliTests.Run(data, "inspections").Exit); // migrated, demo seeded: the state before the import
            var finished = RunAndKill(data, full, command);
            outcomes.Add(finished);
            if (finished) full *= 0.7;
            AssertAuditChainWhole(data);
            var rows = Inspections(data);
            Assert.Equal(14, rows[0].Problems);
            Assert.All(rows.Skip(1), r => Assert.Equal(problems, r.Problems)); // a whole ledger or none
            Assert.True(rows.Count <= 2);
        }
        Assert.Contains(false, outcomes); // at least one kill landed before the end
    }

    [Fact]
    public void Kill_during_a_notice_import_leaves_the_whole_ledger_or_none()
    {
        const int count = 600;
        var text = NoticeTextWriter.Write(NoticeComposer.Compose(NoticeInput.FromLedger(BigLedger(count), shortName: "镇党委")));
        var file = Path.Combine(_root, "big-notice.txt");
        File.WriteAllText(file, text, new UTF8Encoding(false));
        KillRepeatedly(count, "import", file, "--save", "--allow-duplicate"); // the same notice again on purpose: each kill leaves it whole or absent
    }

    [Fact]
    public void Kill_during_an_excel_import_leaves_the_whole_ledger_or_none()
    {
        const int count = 3000;
        var file = Path.Combine(_root, "big-ledger.xlsx");
        using (var stream = File.Create(file))
            LedgerWorkbook.Write(BigLedger(count), "西阳镇", new DateOnly(2026, 11, 1), stream);
        KillRepeatedly(count, "load", file);
    }

    /// <summary>Rows of the tables demo generate fills; the rest is the seeded 城北镇 ledger.</summary>
    static (long Organizations, long Inspections, long Problems, long Changes) Counts(System.Data.Common.DbConnection c, string quote)
    {
        long Count(string table)
        {
            using var q = c.CreateCommand();
            q.CommandText = $"SELECT COUNT(*) FROM {quote}{table}{quote}";
            return Convert.ToInt64(q.ExecuteScalar());
        }
        return (Count("Organizations"), Count("Inspections"), Count("Problems"), Count("ProblemChanges"));
    }

    static async Task<(int Exit, string Output)> RunToEndAsync(string data, Dictionary<string, string>? environment, params string[] args)
    {
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var p = Start(data, output.Enqueue, environment, args);
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        p.WaitForExit(); // the last lines of output
        return (p.ExitCode, string.Join("\n", output));
    }

    /// <summary>
    /// demo generate killed (-9) once it has said that its first batch of units is written (200 through EF on
    /// SQLite, 500 by COPY on PostgreSQL), well before its end: the database holds none of the district; the
    /// same command run again goes through whole.
    /// </summary>
    async Task KillDemoGenerateAsync(string data, Dictionary<string, string>? environment, Func<(long, long, long, long)> counts)
    {
        string[] command = ["demo", "generate", "--orgs", "2000", "--problems", "4000"];
        Assert.Equal(0, (await RunToEndAsync(data, environment, "inspections")).Exit); // migrated, 城北镇 seeded
        var before = counts();

        var firstBatch = new TaskCompletionSource();
        using (var p = Start(data, line => { if (line.Contains("/2000 个单位", StringComparison.Ordinal) && !line.Contains("2000/2000", StringComparison.Ordinal)) firstBatch.TrySetResult(); }, environment, command))
        {
            await firstBatch.Task.WaitAsync(TimeSpan.FromMinutes(3));
            KillNine(p);
            Assert.NotEqual(0, p.ExitCode);
        }
        Assert.Equal(before, counts()); // nothing of the district: not its units, inspections, problems or history
        var verify = await RunToEndAsync(data, environment, "audit", "verify");
        Assert.True(verify.Exit == 0, verify.Output);

        var rerun = await RunToEndAsync(data, environment, command);
        Assert.True(rerun.Exit == 0, rerun.Output);
        var after = counts();
        Assert.Equal((before.Item1 + 2001, before.Item2 + 2000, before.Item3 + 4000), (after.Item1, after.Item2, after.Item3));
        Assert.True(after.Item4 > before.Item4);
    }

    [Fact]
    public Task Kill_during_demo_generate_leaves_no_half_district_and_a_rerun_succeeds()
    {
        var data = Path.Combine(_root, "demo");
        return KillDemoGenerateAsync(data, null, () =>
        {
            using var c = Open(data);
            return Counts(c, "");
        });
    }

    [Fact]
    public async Task Kill_during_demo_generate_on_postgres_leaves_no_half_district_and_a_rerun_succeeds()
    {
        var server = RectifyApp.PostgresServer();
        var database = "rectify_demo_" + Guid.NewGuid().ToString("N")[..12];
        var connection = server + ";Database=" + database;
        try
        {
            await KillDemoGenerateAsync(Path.Combine(_root, "demo-pg"),
                new() { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Rectify"] = connection }, () =>
                {
                    using var c = new Npgsql.NpgsqlConnection(connection + ";Pooling=false");
                    c.Open();
                    return Counts(c, "\"");
                });
        }
        finally
        {
            await using var admin = new Npgsql.NpgsqlConnection(server + ";Database=postgres;Pooling=false");
            await admin.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public async Task Kill_during_a_publish_leaves_the_notice_published_whole_or_not_at_all()
    {
        const int count = 800;
        var prepared = Path.Combine(_root, "prepared");
        var json = Path.Combine(_root, "big.json");
        var ledger = BigLedger(count);
        ledger.Inspection.Target = "西阳镇党委";
        File.WriteAllText(json, LedgerJson.Write(ledger));
        // The demo's ledger again, as a second inspection of its unit in its round: allowed on purpose (the refusal is CliTests').
        Assert.Equal(0, CliTests.Run(prepared, "load", json, "--allow-duplicate").Exit);
        var token = CliTests.Run(prepared, "token", "create", "admin").Out.Trim().Split('\n')[^1];
        // The approver may not be the one who submitted: a second office administrator approves and publishes.
        Assert.Equal(0, CliTests.Run(prepared, "user", "add", "leader", "--role", "admin", "--password", "leader-pass-123").Exit);
        var leader = CliTests.Run(prepared, "token", "create", "leader").Out.Trim().Split('\n')[^1];

        // Submitted and approved once; each trial publishes from a copy of this folder.
        await WithServerAsync(prepared, token, async http =>
        {
            await Ensure(await http.PutAsJsonAsync("/api/inspections/2/notice", new { leadershipText = "镇党委召开专题会议部署整改。", nextStepsText = "持续巩固整改成果。", documentKind = "Announcement" }));
            await Ensure(await http.PostAsJsonAsync("/api/inspections/2/notice/submit", new { secrecyReviewed = true }));
            return true;
        });
        await WithServerAsync(prepared, leader, async http =>
        {
            await Ensure(await http.PostAsync("/api/inspections/2/notice/approve", null));
            return true;
        });

        var publishTook = TimeSpan.Zero;
        var reference = Copy(prepared, "reference");
        await WithServerAsync(reference, leader, async http =>
        {
            var clock = Stopwatch.StartNew();
            await Ensure(await http.PostAsync("/api/inspections/2/notice/publish", null));
            publishTook = clock.Elapsed;
            return true;
        });
        AssertNoticesWhole(reference, count, expectPublished: true);

        var outcomes = new List<bool>();
        for (var trial = 0; trial < 5; trial++)
        {
            var data = Copy(prepared, $"trial-{trial}");
            var delay = TimeSpan.FromMilliseconds(_random.Next(0, (int)(publishTook.TotalMilliseconds * 1.3) + 1));
            var port = FreePort();
            using var server = Start(data, "serve", "--urls", $"http://127.0.0.1:{port}");
            using var http = await ReadyAsync(port, leader);
            var publish = http.PostAsync("/api/inspections/2/notice/publish", null);
            await Task.WhenAny(publish, Task.Delay(delay));
            outcomes.Add(publish.IsCompleted);
            KillNine(server);
            try { await publish; } catch (HttpRequestException) { } catch (TaskCanceledException) { }

            AssertAuditChainWhole(data);
            AssertNoticesWhole(data, count, expectPublished: null);
            // The restarted server serves the notice in whatever state it was left, and can still publish it.
            await WithServerAsync(data, leader, async again =>
            {
                var state = await again.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/inspections/2/notice");
                if (state.GetProperty("state").GetString() != "published")
                    await Ensure(await again.PostAsync("/api/inspections/2/notice/publish", null));
                return true;
            });
            AssertNoticesWhole(data, count, expectPublished: true);
            AssertAuditChainWhole(data);
        }
        Assert.Contains(false, outcomes); // at least one kill landed before the response
    }

    /// <summary>State Published ⇔ the frozen text and its SHA-256 are present, and the hash matches the text.</summary>
    static void AssertNoticesWhole(string data, int problems, bool? expectPublished)
    {
        using var c = Open(data);
        using var q = c.CreateCommand();
        q.CommandText = "SELECT Id, State, PublishedText, PublishedSha256, PublishedJson, PublishedAt FROM Notices WHERE InspectionId = 2";
        using var r = q.ExecuteReader();
        var published = 0;
        while (r.Read())
        {
            var state = r.GetString(1);
            var text = r.IsDBNull(2) ? null : r.GetString(2);
            var sha = r.IsDBNull(3) ? null : r.GetString(3);
            if (state == "Published")
            {
                published++;
                Assert.NotNull(text);
                Assert.False(r.IsDBNull(4));
                Assert.False(r.IsDBNull(5));
                Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text))), sha);
            }
            else
            {
                Assert.Null(text);
                Assert.Null(sha);
            }
        }
        if (expectPublished is { } e) Assert.Equal(e ? 1 : 0, published);
        // The public problem list is frozen with the notice in the same save: all its rows, or none.
        using var snapshot = c.CreateCommand();
        snapshot.CommandText = "SELECT COUNT(*) FROM PublishedProblems x JOIN Notices n ON n.Id = x.NoticeId WHERE n.InspectionId = 2";
        var frozen = Convert.ToInt32(snapshot.ExecuteScalar());
        Assert.Equal(published == 0 ? 0 : problems, frozen);
    }

    static async Task Ensure(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    string Copy(string from, string name)
    {
        var to = Path.Combine(_root, name);
        Directory.CreateDirectory(to);
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(f) != ".lock") File.Copy(f, target);
        }
        return to;
    }

    static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }

    static async Task<HttpClient> ReadyAsync(int port, string token)
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var until = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/api/inspections")).IsSuccessStatusCode) return http;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < until) { }
            if (DateTime.UtcNow > until) throw new TimeoutException("服务未启动");
            await Task.Delay(200);
        }
    }

    async Task WithServerAsync(string data, string token, Func<HttpClient, Task<bool>> work)
    {
        var port = FreePort();
        using var server = Start(data, "serve", "--urls", $"http://127.0.0.1:{port}");
        try
        {
            using var http = await ReadyAsync(port, token);
            await work(http);
        }
        finally { KillNine(server); }
    }
}
