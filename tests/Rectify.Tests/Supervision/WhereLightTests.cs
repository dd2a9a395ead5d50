using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Rectify.Core;
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

    /// <summary>
    /// The demo's round keeps the defaults (20/10); a second round with its own thresholds (40/25) holds
    /// an inspection whose deadlines sit around them: for every day, the SQL filter finds exactly the
    /// problems the pure rule lights with their own inspection's thresholds.
    /// </summary>
    [Fact]
    public async Task The_filter_agrees_with_the_rule_around_every_threshold_of_each_inspection()
    {
        _app = CreateApp();
        var strict = new DeadlineSettings { GreenDays = 40, YellowDays = 25 };
        await using (var db = _app.CreateDb())
        {
            // Deadlines around the thresholds on the in-progress problems; the phased ones keep their months.
            var open = await db.Problems.Where(p => p.Status != RectificationStatus.Completed && p.Status != RectificationStatus.CompletedSustained).OrderBy(p => p.Ordinal).ToListAsync();
            var deadlines = new DateOnly?[] { null, new(2024, 3, 20), new(2024, 3, 10) };
            for (var i = 0; i < open.Count && i < deadlines.Length; i++) open[i].SetDeadline(deadlines[i]);
            var done = await db.Problems.FirstAsync(p => p.Status == RectificationStatus.Completed || p.Status == RectificationStatus.CompletedSustained);
            done.SetDeadline(new DateOnly(2020, 1, 1)); // completed: no light however late

            var round = new InspectionRound { Body = "九届区委", Name = "第三轮巡察", Deadlines = strict };
            var category = new Category { Ordinal = 1, Title = "作风建设方面" };
            var other = new Inspection { Round = round, TargetName = "城南镇党委", Categories = [category] };
            var n = 0;
            foreach (var due in new DateOnly?[] { new(2024, 3, 1), new(2024, 2, 15), new(2024, 2, 1), null })
            {
                var p = new Problem { Title = $"问题{++n}", Ordinal = n, Deadline = due, Inspection = other };
                if (due is null) p.SetImportedStatus(RectificationStatus.Phased, null, new YearMonth(2024, 2));
                category.Problems.Add(p);
            }
            db.Add(other);
            await db.SaveChangesAsync();
        }
        await using var read = _app.CreateDb();
        var thresholds = await LightThresholds.LoadAsync(read, CancellationToken.None);
        var settings = await read.Inspections.Select(i => new { i.Id, i.Round!.Deadlines }).ToDictionaryAsync(i => i.Id, i => i.Deadlines);
        Assert.Equal(2, settings.Count);
        var all = await read.Problems.AsNoTracking().ToListAsync();
        var seen = new HashSet<(WarningLight, bool)>();
        for (var today = new DateOnly(2023, 11, 1); today <= new DateOnly(2024, 4, 5); today = today.AddDays(3))
            foreach (var light in Enum.GetValues<WarningLight>())
            {
                var expected = all.Where(p => Warnings.For(p, today, settings[p.InspectionId]) == light).Select(p => p.Id).Order().ToList();
                var actual = await read.Problems.WhereLight(light, today, thresholds).Select(p => p.Id).OrderBy(id => id).ToListAsync();
                Assert.True(expected.SequenceEqual(actual), $"{light} on {today:yyyy-MM-dd}: expected [{string.Join(",", expected)}], got [{string.Join(",", actual)}]");
                foreach (var p in all.Where(p => expected.Contains(p.Id))) seen.Add((light, settings[p.InspectionId].GreenDays == strict.GreenDays));
            }
        // Every light was exercised on both settings.
        Assert.Equal(8, seen.Count);
        // A day the two settings disagree on: 30 days before a deadline is green at 40/25, nothing at 20/10.
        Assert.Equal(WarningLight.Green, thresholds.Light(all.First(p => settings[p.InspectionId].GreenDays == 40).InspectionId, new DateOnly(2024, 3, 31), null, RectificationStatus.InProgress, ClosureState.None, new DateOnly(2024, 3, 1)));
        Assert.Equal(WarningLight.None, thresholds.Light(1, new DateOnly(2024, 3, 31), null, RectificationStatus.InProgress, ClosureState.None, new DateOnly(2024, 3, 1)));
    }

    /// <summary>
    /// One inspection may set its own thresholds (PUT /api/supervision/inspections/{id}/lights), falling
    /// back to its round's when it gives them back: the problem's light on the API, the ledger page and
    /// the ledger's SQL filter follow it, and the other inspections of the round keep the round's.
    /// </summary>
    [Fact]
    public async Task An_inspection_may_set_its_own_thresholds_and_give_them_back_to_its_round()
    {
        _app = CreateApp();
        var admin = await _app.SignedInClientAsync();
        var today = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<OfficeClock>(_app.Services).Today;
        int id;
        await using (var db = _app.CreateDb())
        {
            var p = await db.Problems.Where(p => p.InspectionId == 1 && p.Status == RectificationStatus.Phased).OrderBy(p => p.Ordinal).FirstAsync();
            p.SetDeadline(today.AddDays(30)); // nothing by the defaults (20/10), green by 40/25
            await db.SaveChangesAsync();
            id = p.Id;
        }
        async Task<(string Api, string Page, bool Filtered)> Light()
        {
            var api = (await admin.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/problems/{id}")).GetProperty("light").GetString()!;
            var page = System.Text.RegularExpressions.Regex.Match(await admin.GetStringAsync("/inspections/1?pageSize=200"), $"data-id=\"{id}\" data-overdue=\"[a-z]+\" data-warning=\"([a-z]+)\"").Groups[1].Value;
            var list = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/problems?inspection=1&warning=green&pageSize=200");
            return (api, page, list.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetInt32() == id));
        }
        Assert.Equal(("none", "none", false), await Light());

        var set = await admin.PutAsJsonAsync("/api/supervision/inspections/1/lights", new { greenDays = 40, yellowDays = 25 });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        Assert.Equal(("green", "green", true), await Light());
        var view = await admin.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/supervision/inspections/1");
        Assert.Equal((40, 25), (view.GetProperty("deadlines").GetProperty("greenDays").GetInt32(), view.GetProperty("deadlines").GetProperty("yellowDays").GetInt32()));
        Assert.Equal(20, view.GetProperty("roundDeadlines").GetProperty("greenDays").GetInt32());
        await using (var db = _app.CreateDb())
            Assert.Equal((20, 10), await db.Inspections.Where(i => i.Id == 1).Select(i => new ValueTuple<int, int>(i.Round!.Deadlines.GreenDays, i.Round.Deadlines.YellowDays)).SingleAsync());

        // Yellow above green is refused (422) with the rule, and nothing changes.
        var refused = await admin.PutAsJsonAsync("/api/supervision/inspections/1/lights", new { greenDays = 5, yellowDays = (int?)null });
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("黄灯天数（10）不能多于绿灯天数（5）", await refused.Content.ReadAsStringAsync());
        Assert.Equal(("green", "green", true), await Light());

        // Given back: the round's again.
        set = await admin.PutAsJsonAsync("/api/supervision/inspections/1/lights", new { greenDays = (int?)null, yellowDays = (int?)null });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        Assert.Equal(("none", "none", false), await Light());
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
