using Rectify.Features.Supervision;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Primitives;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Ledger;
using Rectify.Infrastructure;

namespace Rectify.Benchmarks;

/// <summary>
/// The ledger list (LedgerQuery.PageAsync: count + one page of 50) over 100,000 generated problems
/// in SQLite, each scenario timed end to end through EF Core, and beside it the statements EF sent
/// (recorded by an interceptor) run directly through Microsoft.Data.Sqlite. Target: p95 under 50 ms.
/// A plain Stopwatch loop rather than BenchmarkDotNet, because the figure wanted is a p95 of
/// whole queries on one prepared database, and BenchmarkDotNet would rebuild it per process.
/// </summary>
public static partial class LedgerListBenchmark
{
    const int Inspections = 10, PerInspection = 10_000, Iterations = 200, Warmup = 20;
    static readonly DateOnly Today = new(2025, 6, 15);

    public static async Task RunAsync(string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "rectify-bench-ledger");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "rectify.db");
        var connection = $"Data Source={file}";
        var options = new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite(connection).Options;
        RectifyDb NewDb() => new SqliteRectifyDb(options);

        if (!File.Exists(file) || args.Contains("--fresh"))
        {
            SqliteConnection.ClearAllPools();
            File.Delete(file);
            var sw = Stopwatch.StartNew();
            await using (var db = NewDb()) await db.Database.MigrateAsync();
            await GenerateAsync(connection);
            Console.WriteLine($"generated {Inspections * PerInspection:N0} problems in {sw.Elapsed.TotalSeconds:0.0} s → {file}");
        }

        Scope admin, unit;
        await using (var db = NewDb())
        {
            // Raw inserts bypass RectifyDb, and an older bench database lacks the index: build it as start-up would.
            await db.Database.MigrateAsync();
            if (await SearchIndex.IsStaleAsync(db) || args.Contains("--reindex"))
            {
                var sw = Stopwatch.StartNew();
                await SearchIndex.RebuildAsync(db);
                Console.WriteLine($"search index built in {sw.Elapsed.TotalSeconds:0.0} s; database now {new FileInfo(file).Length / 1e6:0} MB");
            }
            admin = (await Scope.ForAsync(Principal("bench-admin"), db))!;
            unit = (await Scope.ForAsync(Principal("bench-unit"), db))!;
        }

        var scenarios = new (string Name, Scope Scope, string Query)[]
        {
            ("one inspection (10,000), page 1", admin, "inspection=3"),
            ("one inspection, status=in-progress", admin, "inspection=3&status=in-progress"),
            ("one inspection, overdue", admin, "inspection=3&overdue=true"),
            ("one inspection, q=耕地 (in 90% of rows)", admin, "inspection=3&q=耕地"),
            ("one inspection, q=高标准农田 (in 1%)", admin, "inspection=3&q=高标准农田"),
            ("one inspection, q=没有的词 (no match)", admin, "inspection=3&q=没有的词"),
            ("one inspection, leader+dept, sort=-deadline", admin, "inspection=3&leader=张伟&department=党政办&sort=-deadline"),
            ("one inspection, sort=status, page 100", admin, "inspection=3&sort=status&page=100"),
            ("all 100,000, page 1", admin, ""),
            ("all 100,000, overdue, sort=deadline", admin, "overdue=true&sort=deadline"),
            ("all 100,000, q=高标准农田", admin, "q=高标准农田"),
            ("all 100,000, q=耕地 (in 90%)", admin, "q=耕地"),
            ("all 100,000, q=资 (one character)", admin, "q=资"),
            ("all 100,000, q=没有的词 (no match)", admin, "q=没有的词"),
            ("unit user's scope (1 town), q=资金 监管", unit, "q=资金 监管"),
            ("all 100,000, status=phased, sort=-expected, page 20", admin, "status=phased&sort=-expected&page=20"),
            ("unit user's scope (1 town), overdue", unit, "overdue=true"),
        };

        Console.WriteLine($"load average at start: {File.ReadAllText("/proc/loadavg").Trim()}; {Environment.ProcessorCount} cores");
        Console.WriteLine($"{"scenario",-50} {"rows",7} | wall ms: {"EF p50",6} {"EF p95",6} {"SQL p50",7} {"SQL p95",7} | thread CPU ms: {"EF p50",6} {"EF p95",6} {"SQL p50",7} {"SQL p95",7}");
        var only = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault();
        foreach (var (name, scope, query) in scenarios)
        {
            if (only is not null && !name.Contains(only, StringComparison.Ordinal)) continue;
            var (filter, errors) = LedgerFilter.Parse(Parse(query));
            if (errors.Count > 0) throw new InvalidOperationException(string.Join(";", errors.Keys));
            var total = 0;
            if (args.Contains("--sql-only"))
            {
                await using var db0 = NewDb();
                var f0 = LedgerQuery.Filtered(db0, scope, filter, Today, await LightThresholds.LoadAsync(db0, default));
                Console.WriteLine("-- " + name + "\n" + LedgerQuery.Project(f0.Skip((filter.Page - 1) * filter.PageSize).Take(filter.PageSize)).ToQueryString() + "\n");
                continue;
            }
            var ef = await TimeAsync(async () =>
            {
                await using var db = NewDb();
                total = (await LedgerQuery.PageAsync(db, scope, filter, Today)).Total;
            });

            // The statements EF sent for one run (count, search-index lookups, page), as recorded.
            var recorder = new Recorder();
            await using (var db = new SqliteRectifyDb(new DbContextOptionsBuilder<SqliteRectifyDb>().UseSqlite(connection).AddInterceptors(recorder).Options))
                await LedgerQuery.PageAsync(db, scope, filter, Today);
            await using var raw = new SqliteConnection(connection);
            await raw.OpenAsync();
            var sql = await TimeAsync(async () =>
            {
                foreach (var (command, parameters) in recorder.Commands) await Run(raw, command, parameters);
            });
            Console.WriteLine($"{name,-50} {total,7:N0} |          {P(ef.Wall, 50),6:0.0} {P(ef.Wall, 95),6:0.0} {P(sql.Wall, 50),7:0.0} {P(sql.Wall, 95),7:0.0} |                {P(ef.Cpu, 50),6:0.0} {P(ef.Cpu, 95),6:0.0} {P(sql.Cpu, 50),7:0.0} {P(sql.Cpu, 95),7:0.0}");
            if (args.Contains("--sql")) Console.WriteLine(string.Join("\n", recorder.Commands.Select(c => c.Sql)) + "\n");
        }
    }

    static ClaimsPrincipal Principal(string id) => new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id)], "bench"));

    static IEnumerable<KeyValuePair<string, StringValues>> Parse(string query) =>
        query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).Select(kv => new KeyValuePair<string, StringValues>(kv[0], kv[1]));

    static double P(List<double> times, int percentile)
    {
        var sorted = times.Order().ToList();
        return sorted[(int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1];
    }

    /// <summary>Wall-clock and this thread's CPU time of each run, in ms.</summary>
    static async Task<(List<double> Wall, List<double> Cpu)> TimeAsync(Func<Task> run)
    {
        for (var i = 0; i < Warmup; i++) await run();
        var wall = new List<double>(Iterations);
        var cpu = new List<double>(Iterations);
        for (var i = 0; i < Iterations; i++)
        {
            var c0 = ThreadCpuMs();
            var sw = Stopwatch.StartNew();
            await run();
            wall.Add(sw.Elapsed.TotalMilliseconds);
            cpu.Add(ThreadCpuMs() - c0);
        }
        return (wall, cpu);
    }

    // SQLite's async methods complete synchronously, so the whole run stays on this thread and
    // its CPU time is what the query cost, whatever else the machine is doing.
    [StructLayout(LayoutKind.Sequential)]
    struct Timespec { public long Seconds; public long Nanoseconds; }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    static extern int ClockGetTime(int clock, out Timespec value);

    static double ThreadCpuMs() => ClockGetTime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t) == 0 ? t.Seconds * 1000.0 + t.Nanoseconds / 1e6 : double.NaN;

    static async Task Run(SqliteConnection c, string sql, List<(string Name, object? Value)> parameters)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in parameters) cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            for (var i = 0; i < reader.FieldCount; i++) _ = reader.GetValue(i);
    }

    /// <summary>Keeps the text and parameter values of every command EF executes.</summary>
    sealed class Recorder : DbCommandInterceptor
    {
        public List<(string Sql, List<(string Name, object? Value)> Parameters)> Commands { get; } = [];

        void Keep(DbCommand c) => Commands.Add((c.CommandText,
            c.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value is DBNull ? null : p.Value)).ToList()));

        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r)
        { Keep(c); return r; }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<DbDataReader> r, CancellationToken ct = default)
        { Keep(c); return ValueTask.FromResult(r); }

        public override InterceptionResult<object> ScalarExecuting(DbCommand c, CommandEventData e, InterceptionResult<object> r)
        { Keep(c); return r; }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand c, CommandEventData e, InterceptionResult<object> r, CancellationToken ct = default)
        { Keep(c); return ValueTask.FromResult(r); }
    }

    static readonly string[] Words = ["耕地", "撂荒", "财务", "制度", "意识形态", "党建", "信访", "执法", "资金", "项目", "工程", "监管", "学习", "整改", "作风", "村务", "公开", "台账", "审批", "采购"];
    static readonly string[] Leaders = ["张伟", "王芳", "李强", "刘洋", "陈静", "杨军", "赵敏", "黄磊"];
    static readonly string[] Departments = ["党政办", "党建办", "财政所", "农业办", "综治办", "执法队", "纪委", "宣传办"];
    static readonly string[] Codes = ["not-started", "in-progress", "phased", "not-feasible", "completed", "completed-sustained"];

    static string Text(Random r, int words) => string.Concat(Enumerable.Range(0, words).Select(_ => Words[r.Next(Words.Length)] + (r.Next(4) == 0 ? "工作不到位," : "")));

    /// <summary>Ten towns, one inspection each of 10,000 problems; 3 measures and 1 progress entry per problem.</summary>
    static async Task GenerateAsync(string connection)
    {
        var r = new Random(42);
        await using var c = new SqliteConnection(connection);
        await c.OpenAsync();
        await using var tx = (SqliteTransaction)await c.BeginTransactionAsync();
        async Task Exec(string sql, params object?[] values)
        {
            await using var cmd = c.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            for (var i = 0; i < values.Length; i++) cmd.Parameters.AddWithValue("$" + i, values[i] ?? DBNull.Value);
            await cmd.ExecuteNonQueryAsync();
        }
        await Exec("INSERT INTO Organizations (Id, Name, Level) VALUES (1, '梅江区', 'District')");
        await Exec("INSERT INTO Rounds (Id, Body, Name, Kind, Deadlines_PlanDays, Deadlines_ReportDays, Deadlines_CentralisedMonths, Deadlines_GreenDays, Deadlines_YellowDays) VALUES (1, '九届区委', '第二轮巡察', 'Xuncha', 30, 60, 3, 20, 10)");
        await Exec("INSERT INTO AspNetRoles (Id, Name, NormalizedName) VALUES ('r-admin', 'admin', 'ADMIN'), ('r-editor', 'unit-editor', 'UNIT-EDITOR')");

        await using var problem = c.CreateCommand();
        problem.Transaction = tx;
        problem.CommandText = """
            INSERT INTO Problems (Id, InspectionId, CategoryId, Ordinal, Title, Detail, SpecificItems, Kind, ResponsibleLeader, ResponsibleDepartment, ResponsiblePerson,
                Deadline, ExpectedCompletion, Status, Withheld, Version, Closure_State, CreatedAt)
            VALUES ($id, $i, $c, $o, $t, $d, '[]', $k, $l, $dep, $p, $dl, $e, $s, 0, 0, 'None', '2025-01-01T00:00:00+00:00')
            """;
        var pp = new[] { "$id", "$i", "$c", "$o", "$t", "$d", "$k", "$l", "$dep", "$p", "$dl", "$e", "$s" }.Select(n => problem.Parameters.Add(n, SqliteType.Text)).ToArray();
        await using var measure = c.CreateCommand();
        measure.Transaction = tx;
        measure.CommandText = "INSERT INTO Measures (ProblemId, Ordinal, Text, DoneOn) VALUES ($p, $o, $t, $d)";
        var mp = new[] { "$p", "$o", "$t", "$d" }.Select(n => measure.Parameters.Add(n, SqliteType.Text)).ToArray();
        await using var progress = c.CreateCommand();
        progress.Transaction = tx;
        progress.CommandText = "INSERT INTO ProgressEntries (ProblemId, Date, Text, Author) VALUES ($p, $d, $t, '填报员')";
        var gp = new[] { "$p", "$d", "$t" }.Select(n => progress.Parameters.Add(n, SqliteType.Text)).ToArray();

        var id = 0;
        for (var i = 1; i <= Inspections; i++)
        {
            await Exec("INSERT INTO Organizations (Id, Name, Level, ParentId) VALUES ($0, $1, 'Town', 1)", i + 1, $"第{i}镇");
            await Exec("INSERT INTO Inspections (Id, RoundId, Kind, \"Group\", TargetName, CreatedAt) VALUES ($0, 1, 'Xuncha', '第一组', $1, '2025-01-01T00:00:00+00:00')", i, $"第{i}镇党委");
            await Exec("INSERT INTO InspectionTargets (InspectionId, OrganizationId, Ordinal) VALUES ($0, $1, 1)", i, i + 1);
            for (var k = 1; k <= 5; k++)
                await Exec("INSERT INTO Categories (Id, InspectionId, Ordinal, Title) VALUES ($0, $1, $2, $3)", (i - 1) * 5 + k, i, k, $"第{k}方面:" + Text(r, 2));
            for (var o = 1; o <= PerInspection; o++)
            {
                id++;
                var status = Codes[r.Next(Codes.Length)];
                var deadline = r.Next(3) == 0 ? null : new DateOnly(2024, 1, 1).AddDays(r.Next(900)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var expected = status == "phased" ? $"{2024 + r.Next(3)}-{1 + r.Next(12):D2}" : null;
                object?[] values = [id, i, (i - 1) * 5 + 1 + (o - 1) * 5 / PerInspection, o, Text(r, 4) + (r.Next(100) == 0 ? "高标准农田建设滞后" : ""), Text(r, 12), new[] { "Immediate", "Deadline", "LongTerm" }[r.Next(3)],
                    Leaders[r.Next(Leaders.Length)], Departments[r.Next(Departments.Length)], "经办人" + r.Next(100), deadline, expected, status];
                for (var n = 0; n < values.Length; n++) pp[n].Value = values[n] ?? DBNull.Value;
                await problem.ExecuteNonQueryAsync();
                for (var m = 1; m <= 3; m++)
                {
                    object?[] mv = [id, m, Text(r, 10), r.Next(2) == 0 ? "2025-01-10" : null];
                    for (var n = 0; n < mv.Length; n++) mp[n].Value = mv[n] ?? DBNull.Value;
                    await measure.ExecuteNonQueryAsync();
                }
                object?[] gv = [id, new DateOnly(2024, 6, 1).AddDays(r.Next(300)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Text(r, 8)];
                for (var n = 0; n < gv.Length; n++) gp[n].Value = gv[n];
                await progress.ExecuteNonQueryAsync();
            }
        }
        foreach (var (user, org, role) in new[] { ("bench-admin", (int?)null, "r-admin"), ("bench-unit", (int?)4, "r-editor") })
        {
            await Exec("INSERT INTO AspNetUsers (Id, UserName, NormalizedUserName, OrganizationId, Disabled, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) VALUES ($0, $0, upper($0), $1, 0, 0, 0, 0, 0, 0)", user, org);
            await Exec("INSERT INTO AspNetUserRoles (UserId, RoleId) VALUES ($0, $1)", user, role);
        }
        await tx.CommitAsync();
        await using var analyze = c.CreateCommand();
        analyze.CommandText = "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }
}
