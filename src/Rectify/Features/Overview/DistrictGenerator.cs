using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;
using Rectify.Core;
using Rectify.Core.Audit;
using Rectify.Core.Domain;
using Rectify.Core.Search;
using Rectify.Data;

namespace Rectify.Features.Overview;

/// <summary>
/// Realistic synthetic data at district scale, for load and speed measurements: an
/// organisation tree, rounds, one inspection per organisation, aspects, problems worded as
/// real notices word them (<see cref="GeneratedTitles"/>, so common problems exist), statuses, deadlines, measures
/// and a status history spread over time, with the units' progress reports. Seeded, so two runs make the same data.
/// </summary>
public static class DistrictGenerator
{
    static readonly string[] Aspects =
    [
        "贯彻落实党的理论和路线方针政策以及党中央决策部署方面", "群众身边腐败问题和不正之风方面", "基层党组织建设方面",
        "巡察、审计等问题整改情况监督方面", "落实全面从严治党主体责任方面", "选人用人和干部队伍建设方面",
    ];

    static readonly string[] Surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭"];
    static readonly string[] Given = ["伟", "芳", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "华", "平"];
    static readonly string[] Departments = ["党政办", "财政所", "组织办", "纪委", "农业农村办", "自然资源所", "综合执法队", "社会事务办"];

    public sealed record Result(int Organizations, int Inspections, int Problems, TimeSpan Took);

    /// <summary>One unit's inspection as generated: the entity graph, and the status history of its problems.</summary>
    sealed record Planned(Inspection Inspection, List<(Problem Problem, ProblemChange Change)> History);

    /// <summary>
    /// Generates the data in one transaction: all or nothing, so a run stopped half-way (an error,
    /// kill -9) leaves no half district behind and can simply be run again. SQLite is written through
    /// EF (its one writer lock taken at the app's gate); PostgreSQL through binary COPY, which a
    /// province (1.2 million problems) needs: EF's inserts take an hour there, COPY minutes.
    /// </summary>
    /// <param name="failAfterProblems">Tests only: throw once this many problems are written, to prove that nothing stays.</param>
    public static async Task<Result> GenerateAsync(Storage storage, OfficeClock clock, int orgs, int problems, int seed = 2026, TextWriter? progress = null, CancellationToken ct = default, int? failAfterProblems = null)
    {
        if (orgs < 1 || problems < orgs) throw new DomainException("--orgs 至少为 1,--problems 不少于 --orgs");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();

        await using var db = storage.CreateDb();
        db.AuditEnabled = false; // synthetic bulk data, not a user's change
        // On SQLite the transaction holds the one write lock: this app's other writers queue at its gate.
        if (db.WriteGate is { } gate) await gate.WaitAsync(ct);
        try
        {
            db.Clock = clock.Time;
            db.Zone = clock.Zone;
            // A transient PostgreSQL error repeats the whole run, from the same seed.
            return await RetriedUnit.RunAsync(db, async ct =>
            {
                var plan = new Plan(seed, clock, orgs, problems);
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var district = new Organization { Name = $"示范区{seed}", FullName = $"中共示范区{seed}委员会", Level = OrganizationLevel.District };
                db.Organizations.Add(district);
                var rounds = Enumerable.Range(1, 6).Select(r => new InspectionRound { Body = "十届区委", Name = $"第{"一二三四五六"[r - 1]}轮巡察{seed}" }).ToList();
                db.Rounds.AddRange(rounds);
                await db.SaveChangesAsync(ct);
                var units = plan.Units(district.Id);
                var roundIds = rounds.Select(r => r.Id).ToList();
                db.ChangeTracker.Clear();

                var written = db is PostgresRectifyDb
                    ? await CopyAsync(db, plan, units, roundIds, progress, failAfterProblems, ct)
                    : await SaveAsync(db, plan, units, roundIds, progress, failAfterProblems, ct);
                await transaction.CommitAsync(ct);
                return new Result(orgs, orgs, written, System.Diagnostics.Stopwatch.GetElapsedTime(started));
            }, ct);
        }
        finally
        {
            db.WriteGate?.Release();
        }
    }

    static void FailIfAsked(int? failAfterProblems, int written)
    {
        if (written >= failAfterProblems) throw new InvalidOperationException($"生成在第 {written} 个问题后按测试要求中断");
    }

    /// <summary>SQLite: through EF, 200 units a save, the change tracker cleared between.</summary>
    static async Task<int> SaveAsync(RectifyDb db, Plan plan, List<Organization> units, List<int> rounds, TextWriter? progress, int? failAfterProblems, CancellationToken ct)
    {
        // Parents first: a unit's parent needs its id.
        foreach (var level in units.GroupBy(u => u.Parent is null ? 0 : 1).OrderBy(g => g.Key))
        {
            db.Organizations.AddRange(level);
            await db.SaveChangesAsync(ct);
        }
        db.ChangeTracker.Clear();
        var written = 0;
        var batch = new List<Planned>();
        for (var u = 0; u < units.Count; u++)
        {
            var planned = plan.Inspection(u, units[u], rounds[u % rounds.Count]);
            db.Inspections.Add(planned.Inspection);
            batch.Add(planned);
            written += planned.Inspection.Problems.Count;
            if ((u + 1) % 200 != 0 && u != units.Count - 1) continue;
            await db.SaveChangesAsync(ct);
            FailIfAsked(failAfterProblems, written);
            foreach (var (p, change) in batch.SelectMany(b => b.History))
            {
                change.ProblemId = p.Id;
                db.ProblemChanges.Add(change);
                // The completion date the store keeps follows this history (not the day of generation).
                if (p.Status.IsCompleted()) db.Entry(p).Property(x => x.CompletedOn).CurrentValue = plan.Clock.DateOf(change.At);
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            batch.Clear();
            progress?.WriteLine($"  {u + 1}/{units.Count} 个单位，{written} 个问题");
        }
        return written;
    }

    /// <summary>
    /// PostgreSQL: binary COPY into each table, with ids taken above the highest present (identity
    /// columns "by default" take given values; the sequences are moved past them at the end). COPY
    /// bypasses RectifyDb's save, so what the save would do is done here: the search index rows, one
    /// "bulk" audit entry per table naming the rows (as EF's bulk saves write), and a new access stamp
    /// (the organisation tree changed).
    /// </summary>
    static async Task<int> CopyAsync(RectifyDb db, Plan plan, List<Organization> units, List<int> rounds, TextWriter? progress, int? failAfterProblems, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        // The table names are this method's own constants; the commands run in the transaction EF began.
        async Task<object?> Run(string sql)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            return await command.ExecuteScalarAsync(ct);
        }
        async Task<long> Next(string table) => 1 + (long)(await Run("SELECT COALESCE(MAX(\"Id\"), 0)::bigint FROM \"" + table + "\""))!;
        var orgId = (int)await Next("Organizations");
        var inspectionId = (int)await Next("Inspections");
        var categoryId = (int)await Next("Categories");
        var problemId = (int)await Next("Problems");
        var measureId = (int)await Next("Measures");
        var progressId = (int)await Next("ProgressEntries");
        var changeId = await Next("ProblemChanges");
        var first = (Org: orgId, Inspection: inspectionId, Category: categoryId, Problem: problemId, Measure: measureId, Progress: progressId);

        // Parents come before their children in the list, so their ids are known when a child is written.
        foreach (var u in units) u.Id = orgId++;
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Organizations\" (\"Id\", \"Name\", \"FullName\", \"Level\", \"ParentId\", \"PrincipalLeader\", \"ContactPhone\", \"ContactEmail\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var o in units)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(o.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(o.Name, NpgsqlDbType.Text, ct);
                await w.WriteAsync(o.FullName, NpgsqlDbType.Text, ct);
                await w.WriteAsync(o.Level.ToString(), NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, o.ParentId ?? o.Parent?.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(o.PrincipalLeader, NpgsqlDbType.Text, ct);
                await w.WriteAsync(o.ContactPhone, NpgsqlDbType.Text, ct);
                await w.WriteAsync(o.ContactEmail, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }

        // The tables of one batch of units are written each by its own COPY; a batch keeps memory flat.
        var written = 0;
        const int BatchUnits = 500;
        for (var from = 0; from < units.Count; from += BatchUnits)
        {
            var batch = new List<Planned>();
            for (var u = from; u < Math.Min(units.Count, from + BatchUnits); u++)
            {
                var planned = plan.Inspection(u, units[u], rounds[u % rounds.Count]);
                var i = planned.Inspection;
                i.Id = inspectionId++;
                foreach (var c in i.Categories) { c.Id = categoryId++; c.InspectionId = i.Id; }
                foreach (var p in i.Problems)
                {
                    p.Id = problemId++;
                    p.InspectionId = i.Id;
                    p.CategoryId = p.Category!.Id;
                    foreach (var m in p.Measures) { m.Id = measureId++; m.ProblemId = p.Id; }
                    foreach (var e in p.Progress) { e.Id = progressId++; e.ProblemId = p.Id; }
                }
                foreach (var (p, change) in planned.History) { change.Id = changeId++; change.ProblemId = p.Id; }
                batch.Add(planned);
            }
            await CopyBatchAsync(connection, plan.Clock, batch, ct);
            written += batch.Sum(b => b.Inspection.Problems.Count);
            FailIfAsked(failAfterProblems, written);
            progress?.WriteLine($"  {Math.Min(units.Count, from + BatchUnits)}/{units.Count} 个单位，{written} 个问题");
        }

        foreach (var table in new[] { "Organizations", "Inspections", "Categories", "Problems", "Measures", "ProgressEntries", "ProblemChanges" })
            await Run("SELECT setval(pg_get_serial_sequence('\"" + table + "\"', 'Id'), (SELECT MAX(\"Id\") FROM \"" + table + "\"))");
        static string Ids(int from, int to) => BulkKeys.Describe(Enumerable.Range(from, to - from).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        db.RecordEvent(nameof(Organization), "bulk", Ids(first.Org, orgId));
        db.RecordEvent(nameof(Inspection), "bulk", Ids(first.Inspection, inspectionId));
        db.RecordEvent(nameof(InspectionTarget), "bulk", BulkKeys.Describe(Enumerable.Range(0, units.Count).Select(n => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{first.Inspection + n},{units[n].Id}"))));
        db.RecordEvent(nameof(Category), "bulk", Ids(first.Category, categoryId));
        db.RecordEvent(nameof(Problem), "bulk", Ids(first.Problem, problemId));
        db.RecordEvent(nameof(Measure), "bulk", Ids(first.Measure, measureId));
        db.RecordEvent(nameof(ProgressEntry), "bulk", Ids(first.Progress, progressId));
        await db.SaveChangesAsync(ct);
        await Infrastructure.AccessCache.BumpAsync(db, ct);
        // Statistics for the planner now, not when autovacuum gets to it: the first queries after a
        // generate would otherwise be planned for empty tables.
        progress?.WriteLine("  ANALYZE");
        await db.Database.ExecuteSqlRawAsync("ANALYZE \"Organizations\", \"Inspections\", \"InspectionTargets\", \"Categories\", \"Problems\", \"Measures\", \"ProgressEntries\", \"ProblemChanges\", \"ProblemSearch\"", ct);
        return written;
    }

    static async Task CopyBatchAsync(NpgsqlConnection connection, OfficeClock clock, List<Planned> batch, CancellationToken ct)
    {
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Inspections\" (\"Id\", \"RoundId\", \"Kind\", \"Group\", \"TargetName\", \"OnSiteFrom\", \"OnSiteTo\", \"FeedbackDate\", \"CreatedAt\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var i in batch.Select(b => b.Inspection))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(i.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(i.RoundId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(i.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.Group, NpgsqlDbType.Text, ct);
                await w.WriteAsync(i.TargetName, NpgsqlDbType.Text, ct);
                await w.WriteAsync(i.OnSiteFrom!.Value.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.OnSiteTo!.Value.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.FeedbackDate!.Value.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(i.CreatedAt, NpgsqlDbType.TimestampTz, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"InspectionTargets\" (\"InspectionId\", \"OrganizationId\", \"Ordinal\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var i in batch.Select(b => b.Inspection))
                foreach (var t in i.Targets)
                    await w.WriteRowAsync(ct, i.Id, t.OrganizationId, t.Ordinal);
            await w.CompleteAsync(ct);
        }
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Categories\" (\"Id\", \"InspectionId\", \"Ordinal\", \"Title\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var c in batch.SelectMany(b => b.Inspection.Categories))
                await w.WriteRowAsync(ct, c.Id, c.InspectionId, c.Ordinal, c.Title);
            await w.CompleteAsync(ct);
        }
        var problems = batch.SelectMany(b => b.Inspection.Problems).ToList();
        var completedOn = batch.SelectMany(b => b.History).Where(h => h.Problem.Status.IsCompleted()).ToDictionary(h => h.Problem.Id, h => clock.DateOf(h.Change.At));
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Problems\" (\"Id\", \"InspectionId\", \"CategoryId\", \"Ordinal\", \"Title\", \"SpecificItems\", \"Kind\", \"ResponsibleLeader\", \"ResponsibleDepartment\", \"ResponsiblePerson\", \"Deadline\", \"ExpectedCompletion\", \"Status\", \"NotFeasibleReason\", \"Withheld\", \"CreatedAt\", \"CompletedOn\", \"Version\", \"Closure_State\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var p in problems)
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(p.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.InspectionId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.CategoryId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.Ordinal, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.Title, NpgsqlDbType.Text, ct);
                await w.WriteAsync(Array.Empty<string>(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.Kind.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(p.ResponsibleLeader, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.ResponsibleDepartment, NpgsqlDbType.Text, ct);
                await w.WriteAsync(p.ResponsiblePerson, NpgsqlDbType.Text, ct);
                await WriteNullable(w, p.Deadline, NpgsqlDbType.Date, ct);
                await WriteNullable(w, p.ExpectedCompletion?.ToString(), NpgsqlDbType.Varchar, ct);
                await w.WriteAsync(p.Status.Code(), NpgsqlDbType.Varchar, ct);
                await WriteNullable(w, p.NotFeasibleReason, NpgsqlDbType.Text, ct);
                await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
                await w.WriteAsync(p.CreatedAt, NpgsqlDbType.TimestampTz, ct);
                await WriteNullable(w, completedOn.TryGetValue(p.Id, out var done) ? done : (DateOnly?)null, NpgsqlDbType.Date, ct);
                await w.WriteAsync(0, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(p.Closure.State.ToString(), NpgsqlDbType.Varchar, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"Measures\" (\"Id\", \"ProblemId\", \"Ordinal\", \"Text\", \"Deadline\", \"DoneOn\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var m in problems.SelectMany(p => p.Measures))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(m.Id, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.ProblemId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.Ordinal, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(m.Text, NpgsqlDbType.Text, ct);
                await WriteNullable(w, m.Deadline, NpgsqlDbType.Date, ct);
                await WriteNullable(w, m.DoneOn, NpgsqlDbType.Date, ct);
            }
            await w.CompleteAsync(ct);
        }
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"ProgressEntries\" (\"Id\", \"ProblemId\", \"Date\", \"Text\", \"Author\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var e in problems.SelectMany(p => p.Progress))
                await w.WriteRowAsync(ct, e.Id, e.ProblemId, e.Date, e.Text, e.Author);
            await w.CompleteAsync(ct);
        }
        await using (var w = await connection.BeginBinaryImportAsync("COPY \"ProblemChanges\" (\"Id\", \"ProblemId\", \"At\", \"By\", \"Field\", \"Before\", \"After\") FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (_, c) in batch.SelectMany(b => b.History))
            {
                await w.StartRowAsync(ct);
                await w.WriteAsync(c.Id, NpgsqlDbType.Bigint, ct);
                await w.WriteAsync(c.ProblemId, NpgsqlDbType.Integer, ct);
                await w.WriteAsync(c.At, NpgsqlDbType.TimestampTz, ct);
                await w.WriteAsync(c.By, NpgsqlDbType.Text, ct);
                await w.WriteAsync(c.Field, NpgsqlDbType.Text, ct);
                await WriteNullable(w, c.Before, NpgsqlDbType.Text, ct);
                await WriteNullable(w, c.After, NpgsqlDbType.Text, ct);
            }
            await w.CompleteAsync(ct);
        }
        // The search index, with the terms the app's own save would write (SearchIndex.TsVector). In COPY's
        // text format: the tsvector goes as PostgreSQL's own literal, which the server parses (Npgsql's binary
        // tsvector would need a client-side parse); a backslash is COPY's escape and is doubled.
        await using (var w = await connection.BeginTextImportAsync("COPY \"ProblemSearch\" (\"ProblemId\", \"Terms\") FROM STDIN", ct))
        {
            foreach (var p in problems)
            {
                var terms = SearchIndex.TsVector(SearchTerms.Document([p.Title, p.Detail, .. p.Measures.OrderBy(m => m.Ordinal).Select(m => m.Text)]), p.Status);
                await w.WriteAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{p.Id}\t{terms.Replace("\\", "\\\\")}\n"));
            }
        }
    }

    static Task WriteNullable<T>(NpgsqlBinaryImporter w, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? w.WriteAsync(v, type, ct) : w.WriteNullAsync(ct);

    static Task WriteNullable(NpgsqlBinaryImporter w, string? value, NpgsqlDbType type, CancellationToken ct) =>
        value is not null ? w.WriteAsync(value, type, ct) : w.WriteNullAsync(ct);

    /// <summary>What is generated, seeded; the same for both providers.</summary>
    sealed class Plan(int seed, OfficeClock clock, int orgs, int problems)
    {
        readonly Random _random = new(seed);
        public OfficeClock Clock => clock;
        readonly DateOnly _today = clock.Today;

        string Name() => Surnames[_random.Next(Surnames.Length)] + Given[_random.Next(Given.Length)] + (_random.Next(2) == 0 ? Given[_random.Next(Given.Length)] : "");

        /// <summary>
        /// The units under the district. Up to 5,000 they hang from the district itself (towns and bureaus);
        /// a province-sized run puts one unit in a thousand one level higher (a county with its own
        /// subtree of about a thousand units), so that a unit's subtree is a real scope at that size.
        /// Parents come first in the list.
        /// </summary>
        public List<Organization> Units(int districtId)
        {
            var counties = orgs > 5000 ? orgs / 1000 : 0;
            var units = new List<Organization>();
            for (var i = 0; i < orgs; i++)
            {
                var county = i < counties;
                var level = county ? OrganizationLevel.District : i % 5 == 0 ? OrganizationLevel.Bureau : OrganizationLevel.Town;
                var name = county ? $"示范第{i + 1}县" : level == OrganizationLevel.Bureau ? $"示范区第{i + 1}局" : $"示范第{i + 1}镇";
                units.Add(new Organization
                {
                    // The full name is the issuer of the unit's notices.
                    Name = name, FullName = county ? $"中共{name}委员会" : level == OrganizationLevel.Bureau ? $"中共{name}党组" : $"中共{name}委员会",
                    Level = level, ParentId = counties == 0 || county ? districtId : null, Parent = counties == 0 || county ? null : units[i % counties],
                    PrincipalLeader = Name(), ContactPhone = $"0753-{2300000 + i}", ContactEmail = $"unit{i + 1}@example.gov.cn",
                });
            }
            return units;
        }

        /// <summary>Unit <paramref name="u"/>'s inspection with its problems, measures, progress and history.</summary>
        public Planned Inspection(int u, Organization unit, int roundId)
        {
            var perOrg = problems / orgs;
            var extra = problems % orgs;
            var feedback = _today.AddDays(-_random.Next(60, 900));
            var createdAt = clock.StartOf(feedback).AddHours(9).ToUniversalTime();
            var inspection = new Inspection
            {
                RoundId = roundId, Kind = InspectionKind.Xuncha, Group = $"第{1 + u % 6}组", TargetName = unit.Name + "党委",
                OnSiteFrom = PartialDate.FromDate(feedback.AddDays(-90)), OnSiteTo = PartialDate.FromDate(feedback.AddDays(-60)),
                FeedbackDate = PartialDate.FromDate(feedback), CreatedAt = createdAt,
            };
            inspection.Targets.Add(new InspectionTarget { OrganizationId = unit.Id, Ordinal = 1 });
            var aspects = Aspects.OrderBy(_ => _random.Next()).Take(3 + _random.Next(3)).ToList();
            for (var a = 0; a < aspects.Count; a++) inspection.Categories.Add(new Category { Ordinal = a + 1, Title = aspects[a] });
            var history = new List<(Problem, ProblemChange)>();
            var count = perOrg + (u < extra ? 1 : 0);
            for (var k = 0; k < count; k++)
            {
                var category = inspection.Categories[k % inspection.Categories.Count];
                var deadline = feedback.AddMonths(1 + _random.Next(6));
                var p = new Problem
                {
                    Inspection = inspection, Category = category, Ordinal = k + 1,
                    Title = GeneratedTitles.Next(_random),
                    Kind = (RectificationKind)_random.Next(3), ResponsibleLeader = Name(), ResponsiblePerson = Name(),
                    ResponsibleDepartment = Departments[_random.Next(Departments.Length)], Deadline = deadline, CreatedAt = createdAt,
                };
                // Most problems finish; some lag past their deadline (the red ones).
                var roll = _random.Next(100);
                var status = roll < 62 ? RectificationStatus.CompletedSustained : roll < 72 ? RectificationStatus.Completed
                    : roll < 84 ? RectificationStatus.Phased : roll < 95 ? RectificationStatus.InProgress
                    : roll < 98 ? RectificationStatus.NotStarted : RectificationStatus.NotFeasible;
                YearMonth? expected = status == RectificationStatus.Phased ? YearMonth.Of(deadline) : null;
                p.SetImportedStatus(status, null, expected, status == RectificationStatus.NotFeasible ? "需上级政策支持" : null);
                for (var m = 0; m < 1 + _random.Next(3); m++)
                    p.Measures.Add(new Measure { Ordinal = m + 1, Text = $"措施{m + 1}：建立台账，明确责任，限期整改到位", Deadline = deadline, DoneOn = status.IsCompleted() ? deadline.AddDays(-_random.Next(30)) : null });
                if (status != RectificationStatus.NotStarted)
                {
                    // History: each problem that moved was in progress from feedback until it moved.
                    var at = p.CreatedAt.AddDays(15 + _random.Next(Math.Max(16, (int)(clock.UtcNow - p.CreatedAt).TotalDays - 15)));
                    history.Add((p, new ProblemChange { At = at, By = "generator", Field = "Status", Before = RectificationStatus.NotStarted.Code(), After = status.Code() }));
                    // Progress: what the unit reported on its way there.
                    var reported = clock.DateOf(at);
                    p.Progress.Add(new ProgressEntry { Date = reported.AddDays(-_random.Next(1, 15)), Text = $"已召开专题会议研究部署，{p.ResponsibleDepartment}牵头制定整改方案", Author = p.ResponsiblePerson! });
                    if (status.IsCompleted())
                        p.Progress.Add(new ProgressEntry { Date = reported, Text = "已完成整改，建立长效机制，相关材料已归档", Author = p.ResponsiblePerson! });
                }
                inspection.Problems.Add(p);
                category.Problems.Add(p);
            }
            return new Planned(inspection, history);
        }
    }
}
