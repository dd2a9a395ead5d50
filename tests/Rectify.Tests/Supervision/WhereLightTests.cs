using Microsoft.EntityFrameworkCore;
using Rectify.Core.Domain;
using Rectify.Core.Supervision;
using Rectify.Features.Supervision;
using Rectify.Tests.Storage;
using Rectify.Tests.Web;

namespace Rectify.Tests.Supervision;

/// <summary>The database filter gives the same lights as the pure rule, on each provider.</summary>
public abstract class WhereLightTests : IAsyncLifetime
{
    protected abstract RectifyApp CreateApp();
    RectifyApp? _app;
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public async ValueTask DisposeAsync() { if (_app is not null) await _app.DisposeAsync(); }

    [Fact]
    public async Task The_filter_agrees_with_the_rule_around_every_threshold()
    {
        _app = CreateApp();
        await using (var db = _app.CreateDb())
        {
            // Deadlines around the thresholds on the in-progress problems; the phased ones keep their months.
            var open = await db.Problems.Where(p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained).OrderBy(p => p.Ordinal).ToListAsync();
            var deadlines = new DateOnly?[] { null, new(2024, 3, 20), new(2024, 3, 10) };
            for (var i = 0; i < open.Count && i < deadlines.Length; i++) open[i].Deadline = deadlines[i];
            var done = await db.Problems.FirstAsync(p => p.Status == RectificationStatus.Completed || p.Status == RectificationStatus.CompletedSustained);
            done.Deadline = new DateOnly(2020, 1, 1); // completed: no light however late
            await db.SaveChangesAsync();
        }
        var s = new DeadlineSettings();
        await using var read = _app.CreateDb();
        var all = await read.Problems.AsNoTracking().ToListAsync();
        var seen = new HashSet<WarningLight>();
        for (var today = new DateOnly(2023, 11, 1); today <= new DateOnly(2024, 4, 5); today = today.AddDays(3))
            foreach (var light in Enum.GetValues<WarningLight>())
            {
                var expected = all.Where(p => Warnings.For(p, today, s) == light).Select(p => p.Id).Order().ToList();
                var actual = await read.Problems.WhereLight(light, today, s).Select(p => p.Id).OrderBy(id => id).ToListAsync();
                Assert.True(expected.SequenceEqual(actual), $"{light} on {today:yyyy-MM-dd}: expected [{string.Join(",", expected)}], got [{string.Join(",", actual)}]");
                if (expected.Count > 0) seen.Add(light);
            }
        Assert.Equal(4, seen.Count); // every light was exercised
    }
}

public sealed class SqliteWhereLightTests : WhereLightTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresWhereLightTests : WhereLightTests
{
    protected override RectifyApp CreateApp()
    {
        var server = RectifyApp.PostgresServer();
        return new RectifyApp(server);
    }
}
