using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Audit;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Features.Overview;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Storage;

/// <summary>
/// `audit verify` replays the log against the ledger (issue 20 item 5): the app's own writes of every kind
/// agree with their log; rows edited, added and deleted with a connection of their own (as sqlite3 or psql
/// would) are named with table, id, field, logged and current value. On SQLite and PostgreSQL.
/// </summary>
public abstract class AuditLedgerTests : IAsyncLifetime
{
    RectifyApp? _app;
    protected RectifyApp App => _app!;
    protected abstract RectifyApp CreateApp();
    /// <summary>A connection of its own to the app's database, outside the app.</summary>
    protected abstract DbConnection OpenOutside();

    public async ValueTask InitializeAsync()
    {
        _app = CreateApp();
        await CreateUsersAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    async Task<AuditLedger.Result> CompareAsync()
    {
        await using var db = App.CreateDb();
        return await AuditLedger.CompareAsync(db, 100, TestContext.Current.CancellationToken);
    }

    int Execute(string sql)
    {
        using var connection = OpenOutside();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteNonQuery();
    }

    /// <summary>Writes of every kind through the app: problem fields (a decimal, a date, a list), measures added and deleted,
    /// progress with evidence, an extension approved, status and closure, reminders, notifications all marked read in one UPDATE.</summary>
    async Task WorkThroughTheAppAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var editor = await App.As("editor");
        var v = await editor.VersionAsync(Phased);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", deadline = "2026-12-31", items = new[] { "东村", "西村" }, amountInvolved = 1.5m, version = v }, ct)).StatusCode);
        var r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = "建立台账", version = v + 1 }, ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        int measure;
        await using (var db = App.CreateDb())
            measure = await db.Measures.Where(m => m.ProblemId == Phased && m.Text == "建立台账").Select(m => m.Id).SingleAsync(ct);
        Assert.Equal(HttpStatusCode.OK, (await editor.DeleteAsync($"/api/problems/{Phased}/measures/{measure}?version={v + 2}", ct)).StatusCode);
        r = await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("已复耕", v + 3, ("验收单.pdf", Pdf())), ct);
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2027-03-31", reason = "冬季", version = v + 4 }, ct);
        var extId = (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(ct)).GetProperty("extensions")[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await (await App.As("leader")).PostAsJsonAsync($"/api/problems/{Phased}/extensions/{extId}/approve", new { }, ct)).StatusCode);
        v = await editor.VersionAsync(Phased);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", reason = "其余措施转入长效机制", version = v }, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v + 1 }, ct)).StatusCode);
        using (var scope = App.Services.CreateScope())
            await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>(), ct: ct);
        // An evaluation: its criteria are a list stored as JSON.
        var evaluation = await (await App.As("supervisor")).PostAsJsonAsync("/api/supervision/inspections/1/evaluations",
            new { criteria = new[] { new { name = "责任", weight = 50, score = 95 }, new { name = "成效", weight = 50, score = 90 } } }, ct);
        Assert.True(evaluation.IsSuccessStatusCode, await evaluation.Content.ReadAsStringAsync(ct));
        // The commission's reminders of the overdue demo problems, all marked read in one UPDATE outside the change tracker.
        var read = await (await App.As("supervisor")).PostAsync("/api/notifications/read-all", null, ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.True(int.Parse(await read.Content.ReadAsStringAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task The_apps_own_writes_agree_with_the_log_and_rows_edited_added_or_deleted_outside_are_named()
    {
        var ct = TestContext.Current.CancellationToken;
        await WorkThroughTheAppAsync();
        var clean = await CompareAsync();
        Assert.True(clean.FindingCount == 0, string.Join("\n", clean.Findings.Select(f => f.Message)));
        Assert.Contains(clean.Tables, t => t.Table == "Problems" && t.Compared == t.Rows && t.Rows >= 14);
        Assert.Contains(clean.Tables, t => t.Table == "Evidence" && t.Compared == 1);
        Assert.All(clean.Tables, t => Assert.Equal(0, t.NotCovered));

        int measure, deleted;
        await using (var db = App.CreateDb())
        {
            measure = await db.Measures.Where(m => m.ProblemId == 5).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(ct);
            deleted = await db.Measures.Where(m => m.ProblemId == 6).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync(ct);
        }
        Assert.Equal(1, Execute("""UPDATE "Problems" SET "Title" = '改过的标题', "AmountInvolved" = 99.5 WHERE "Id" = 3"""));
        Assert.Equal(1, Execute($"""UPDATE "Measures" SET "Text" = '改过的措施' WHERE "Id" = {measure}"""));
        Assert.Equal(1, Execute($"""DELETE FROM "Measures" WHERE "Id" = {deleted}"""));
        Assert.Equal(1, Execute("""INSERT INTO "Measures" ("ProblemId", "Ordinal", "Text") VALUES (7, 99, '补写的措施')"""));
        Assert.Equal(1, Execute("""UPDATE "Evaluations" SET "Criteria" = REPLACE("Criteria", '95', '59')"""));
        int inserted;
        await using (var db = App.CreateDb())
            inserted = await db.Measures.Where(m => m.Text == "补写的措施").Select(m => m.Id).SingleAsync(ct);

        var found = await CompareAsync();
        Assert.Equal(6, found.FindingCount);
        var criteria = Assert.Single(found.Findings, f => f.Table == "Evaluations" && f.Field == "Criteria");
        Assert.Contains("\"Score\":95", criteria.Logged);
        Assert.Contains("\"Score\":59", criteria.Current);
        var title = Assert.Single(found.Findings, f => f.Table == "Problems" && f.Field == "Title");
        Assert.Equal(("3", "撂荒复耕工作开展不扎实", "改过的标题"), (title.Key, title.Logged, title.Current));
        Assert.Contains("表 Problems 编号 3 字段 Title：审计日志为“撂荒复耕工作开展不扎实”，数据库中为“改过的标题”", title.Message);
        var amount = Assert.Single(found.Findings, f => f.Table == "Problems" && f.Field == "AmountInvolved");
        Assert.Equal("1.5", amount.Logged);
        Assert.Equal(99.5m, decimal.Parse(amount.Current!, System.Globalization.CultureInfo.InvariantCulture));
        var text = Assert.Single(found.Findings, f => f.Table == "Measures" && f.Field == "Text");
        Assert.Equal(measure.ToString(System.Globalization.CultureInfo.InvariantCulture), text.Key);
        Assert.Equal("改过的措施", text.Current);
        Assert.Contains(found.Findings, f => f.Table == "Measures" && f.Key == deleted.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && f.Message.Contains("数据库中已没有（在应用之外删除）", StringComparison.Ordinal));
        Assert.Contains(found.Findings, f => f.Table == "Measures" && f.Key == inserted.ToString(System.Globalization.CultureInfo.InvariantCulture)
            && f.Message.Contains("审计日志中没有（在应用之外新增）", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rows_generated_with_auditing_off_are_not_covered_but_a_row_slipped_in_beside_them_is_named()
    {
        var ct = TestContext.Current.CancellationToken;
        await DistrictGenerator.GenerateAsync(App.Services.GetRequiredService<Rectify.Data.Storage>(), App.Services.GetRequiredService<Rectify.Core.OfficeClock>(), 4, 40, ct: ct);
        var result = await CompareAsync();
        Assert.True(result.FindingCount == 0, string.Join("\n", result.Findings.Select(f => f.Message)));
        // The demo's 14 problems are compared; the 40 generated are known to the log only by their ids.
        var problems = Assert.Single(result.Tables, t => t.Table == "Problems");
        Assert.Equal((54L, 14L, 40L), (problems.Rows, problems.Compared, problems.NotCovered));

        // A generated problem edited through the app is compared from then on.
        int generated;
        await using (var db = App.CreateDb())
        {
            var p = await db.Problems.OrderByDescending(p => p.Id).FirstAsync(ct);
            generated = p.Id;
            p.Remarks = "经核实";
            await db.SaveChangesAsync(ct);
        }
        problems = Assert.Single((await CompareAsync()).Tables, t => t.Table == "Problems");
        Assert.Equal((15L, 39L), (problems.Compared, problems.NotCovered));
        Assert.Equal(1, Execute($"""UPDATE "Problems" SET "Remarks" = '另有说法' WHERE "Id" = {generated}"""));
        Assert.Equal(1, Execute("""INSERT INTO "Measures" ("ProblemId", "Ordinal", "Text") VALUES (7, 98, '混进来的措施')"""));
        var found = await CompareAsync();
        Assert.Equal(2, found.FindingCount);
        Assert.Contains(found.Findings, f => f.Table == "Problems" && f.Field == "Remarks" && f.Logged == "经核实" && f.Current == "另有说法");
        Assert.Contains(found.Findings, f => f.Table == "Measures" && f.Message.Contains("审计日志中没有", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_app_never_changes_or_deletes_an_audit_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = App.CreateDb();
        var count = await db.AuditEntries.CountAsync(ct);
        var first = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync(ct);
        db.AuditEntries.Remove(first);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        Assert.Equal("审计记录只能追加，不能修改或删除", e.Message);
        db.ChangeTracker.Clear();
        var again = await db.AuditEntries.OrderBy(a => a.Id).FirstAsync(ct);
        again.Actor = "别人";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync(ct));
        await using var check = App.CreateDb();
        Assert.Equal(count, await check.AuditEntries.CountAsync(ct));
        Assert.Equal(first.Actor, (await check.AuditEntries.OrderBy(a => a.Id).FirstAsync(ct)).Actor);
    }
}

public sealed class SqliteAuditLedgerTests : AuditLedgerTests
{
    protected override RectifyApp CreateApp() => new();

    protected override DbConnection OpenOutside()
    {
        var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(App.DataFolder, "rectify.db")};Pooling=False");
        connection.Open();
        return connection;
    }
}

public sealed class PostgresAuditLedgerTests : AuditLedgerTests
{
    protected override RectifyApp CreateApp() => new(RectifyApp.PostgresServer());

    protected override DbConnection OpenOutside()
    {
        var connection = new Npgsql.NpgsqlConnection(App.Services.GetRequiredService<Rectify.Data.Storage>().ConnectionString + ";Pooling=False");
        connection.Open();
        return connection;
    }
}
