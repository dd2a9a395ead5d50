using Rectify.Core.Domain;
using Rectify.Core.Overview;

namespace Rectify.Tests.Overview;

public class LedgerAsOfTests
{
    static DateTimeOffset Day(int month, int day) => new(2024, month, day, 10, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Statuses_at_several_instants_follow_the_history_of_each_problem()
    {
        // 1: phased → completed on 3/10, reopened on 5/1. 2: completed when imported. 3: created on 4/1.
        var now = new List<(int, DateTimeOffset, RectificationStatus)>
        {
            (1, Day(1, 5), RectificationStatus.InProgress),
            (2, Day(1, 5), RectificationStatus.CompletedSustained),
            (3, Day(4, 1), RectificationStatus.Phased),
        };
        var history = new List<(int, DateTimeOffset, string?)>
        {
            (1, Day(5, 1), "completed"), // listed out of order on purpose
            (1, Day(3, 10), "phased"),
            (3, Day(4, 20), "not-started"),
        };
        var instants = new[] { Day(2, 1), Day(3, 10), Day(4, 10), Day(6, 1) };

        var statuses = LedgerAsOf.StatusesAt(now, history, instants);

        Assert.Equal(new RectificationStatus?[] { RectificationStatus.Phased, RectificationStatus.CompletedSustained, null }, statuses[0]);
        // A change counts from its own instant on.
        Assert.Equal(new RectificationStatus?[] { RectificationStatus.Completed, RectificationStatus.CompletedSustained, null }, statuses[1]);
        Assert.Equal(new RectificationStatus?[] { RectificationStatus.Completed, RectificationStatus.CompletedSustained, RectificationStatus.NotStarted }, statuses[2]);
        Assert.Equal(new RectificationStatus?[] { RectificationStatus.InProgress, RectificationStatus.CompletedSustained, RectificationStatus.Phased }, statuses[3]);

        // The same answer as the single-date rebuild, at every instant.
        var changes = history.Select(h => new FieldChange(h.Item1, h.Item2, "Status", h.Item3, null)).ToList();
        for (var i = 0; i < instants.Length; i++)
        {
            var rebuilt = LedgerAsOf.Rebuild(now.Select(p => (p.Item1, p.Item2, p.Item3, false)), changes, instants[i]).ToDictionary(s => s.ProblemId, s => (RectificationStatus?)s.Status);
            Assert.Equal(now.Select(p => rebuilt.GetValueOrDefault(p.Item1)), statuses[i]);
        }
    }
}
