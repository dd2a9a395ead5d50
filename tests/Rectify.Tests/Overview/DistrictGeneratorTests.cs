using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Features.Overview;
using Rectify.Tests.Web;

namespace Rectify.Tests.Overview;

/// <summary>
/// `demo generate` (issue 21 item 3): all or nothing, and what it writes is usable by the app — the
/// ledger's search finds it, the app's own inserts follow it. On PostgreSQL it writes through binary
/// COPY, on SQLite through EF; the same tests for both.
/// </summary>
public class DistrictGeneratorTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public DistrictGeneratorTests() : this(postgres: false) { }

    protected DistrictGeneratorTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }

    public ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    Task<DistrictGenerator.Result> GenerateAsync(int orgs, int problems, int? failAfterProblems = null) =>
        DistrictGenerator.GenerateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), _app.Services.GetRequiredService<Rectify.Core.OfficeClock>(),
            orgs, problems, seed: 11, ct: TestContext.Current.CancellationToken, failAfterProblems: failAfterProblems);

    async Task<(int Orgs, int Inspections, int Problems, int Measures, int Progress, int Changes)> CountAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = _app.CreateDb();
        return (await db.Organizations.CountAsync(ct), await db.Inspections.CountAsync(ct), await db.Problems.CountAsync(ct),
            await db.Set<Measure>().CountAsync(ct), await db.Set<ProgressEntry>().CountAsync(ct), await db.ProblemChanges.CountAsync(ct));
    }

    [Fact]
    public async Task A_generate_that_fails_half_way_leaves_no_row_behind()
    {
        var before = await CountAsync();
        // 1,200 units: several batches (200 units a save on SQLite, 500 a COPY on PostgreSQL), the failure after the first.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GenerateAsync(1200, 2400, failAfterProblems: 1));
        Assert.Contains("中断", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync());

        // Nothing half-done stands in the way of running it again.
        var done = await GenerateAsync(1200, 2400);
        Assert.Equal(2400, done.Problems);
        var after = await CountAsync();
        Assert.Equal((before.Orgs + 1201, before.Inspections + 1200, before.Problems + 2400), (after.Orgs, after.Inspections, after.Problems));
    }

    [Fact]
    public async Task A_generated_district_has_measures_progress_and_history_and_the_ledger_search_finds_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var before = await CountAsync();
        await GenerateAsync(30, 600);
        var after = await CountAsync();
        Assert.Equal(600, after.Problems - before.Problems);
        Assert.InRange(after.Measures - before.Measures, 600, 1800);
        // Every problem that moved has its change in the history and at least one progress report.
        await using (var db = _app.CreateDb())
        {
            var moved = await db.Problems.CountAsync(p => p.Status != RectificationStatus.NotStarted, ct);
            Assert.True(after.Changes - before.Changes >= moved - 14, $"{after.Changes - before.Changes} changes for {moved} moved problems");
            Assert.True(after.Progress - before.Progress >= moved - 14, $"{after.Progress - before.Progress} progress entries for {moved} moved problems");
            var completed = await db.Problems.Where(p => p.ResponsiblePerson != null && (p.Status == RectificationStatus.Completed || p.Status == RectificationStatus.CompletedSustained)).ToListAsync(ct);
            Assert.NotEmpty(completed);
            Assert.All(completed, p => Assert.NotNull(p.CompletedOn));
        }

        // The search index holds the generated problems: the API finds as many as the titles hold the word.
        var admin = await _app.SignedInClientAsync();
        int expected;
        await using (var db = _app.CreateDb())
            expected = await db.Problems.CountAsync(p => p.Title.Contains("撂荒"), ct);
        Assert.True(expected > 0);
        var found = await admin.GetFromJsonAsync<JsonElement>("/api/problems?q=" + Uri.EscapeDataString("撂荒"), ct);
        Assert.Equal(expected, found.GetProperty("total").GetInt32());
        // With a status too: on PostgreSQL the generator's rows carry the status the index is asked for.
        var someInStatus = 0;
        foreach (var status in new[] { RectificationStatus.NotStarted, RectificationStatus.InProgress, RectificationStatus.CompletedSustained })
        {
            int inStatus;
            await using (var db = _app.CreateDb())
                inStatus = await db.Problems.CountAsync(p => p.Title.Contains("撂荒") && p.Status == status, ct);
            var withStatus = await admin.GetFromJsonAsync<JsonElement>($"/api/problems?status={status.Code()}&q=" + Uri.EscapeDataString("撂荒"), ct);
            Assert.Equal(inStatus, withStatus.GetProperty("total").GetInt32());
            someInStatus += inStatus;
        }
        Assert.True(someInStatus > 0, "no generated problem with the word in these statuses: the check would prove nothing");

        // The app's own inserts come after the generated rows (the identity sequences were moved past them).
        await using (var db = _app.CreateDb())
        {
            db.Organizations.Add(new Organization { Name = "生成之后新建的单位", Level = OrganizationLevel.Town });
            await db.SaveChangesAsync(ct);
        }
        Assert.Equal(after.Orgs + 1, (await CountAsync()).Orgs);
    }
}

public sealed class PostgresDistrictGeneratorTests() : DistrictGeneratorTests(postgres: true);
