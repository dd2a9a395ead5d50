using Rectify.Core.Domain;
using Rectify.Core.Interchange;
using Rectify.Core.Overview;
using Rectify.Core.Supervision;

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
            var rebuilt = LedgerAsOf.Rebuild(now.Select(p => (new LedgerAsOf.ProblemState(p.Item1, p.Item3, null, null, ClosureState.None), p.Item2)), changes, instants[i])
                .ToDictionary(s => s.ProblemId, s => (RectificationStatus?)s.Status);
            Assert.Equal(now.Select(p => rebuilt.GetValueOrDefault(p.Item1)), statuses[i]);
        }
    }

    [Fact]
    public void A_deadline_an_expected_month_and_a_closure_are_rebuilt_as_they_were_so_is_the_light_of_that_date()
    {
        // Due 2024-03-31, extended to 2024-06-30 on 4/10; closure asked on 5/1, approved on 5/20.
        var now = new LedgerAsOf.ProblemState(1, RectificationStatus.Completed, new DateOnly(2024, 6, 30), null, ClosureState.Approved);
        var history = new List<FieldChange>
        {
            new(1, Day(4, 10), "Deadline", "2024-03-31", "2024-06-30"),
            new(1, Day(4, 25), "Status", "in-progress", "completed"),
            new(1, Day(5, 1), "Closure.State", "None", "Requested"),
            new(1, Day(5, 20), "Closure.State", "Requested", "Approved"),
        };
        LedgerAsOf.ProblemState On(int month, int day) => Assert.Single(LedgerAsOf.Rebuild([(now, Day(1, 5))], history, Day(month, day).AddHours(12)));
        var settings = new DeadlineSettings();

        var april = On(4, 5);
        Assert.Equal((RectificationStatus.InProgress, new DateOnly(2024, 3, 31), ClosureState.None), (april.Status, april.Deadline, april.Closure));
        Assert.Equal(WarningLight.Red, Warnings.Light(april.DueDate, new DateOnly(2024, 4, 5), april.Done, settings));
        var extended = On(4, 12);
        Assert.Equal(new DateOnly(2024, 6, 30), extended.Deadline);
        Assert.Equal(WarningLight.None, Warnings.Light(extended.DueDate, new DateOnly(2024, 4, 12), extended.Done, settings));
        Assert.Equal(ClosureState.Requested, On(5, 10).Closure);
        Assert.Equal(ClosureState.Approved, On(5, 25).Closure);
        Assert.Empty(LedgerAsOf.Rebuild([(now, Day(1, 5))], history, Day(1, 4)));
    }

    [Theory]
    [InlineData("completed", "已于2023年6月完成整改", "2023-06-30")]        // the last day the month can mean
    [InlineData("completed", "已完成整改(2023年5月12日)", "2023-05-12")]
    [InlineData("completed-sustained", "已完成整改并长期坚持", "2023-09-08")] // no date stated: the notice's
    [InlineData("completed", "已于2023年10月完成整改", "2023-09-08")]       // after the notice: not believed
    [InlineData("phased", "取得阶段性成效,预计2023年12月完成", "2023-09-08")] // a plan is not a date of the status
    public void An_imported_status_holds_from_the_date_the_notice_states_else_from_the_notices_date(string status, string text, string expected)
    {
        var p = new ProblemItem { Status = status, StatusText = text };
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ImportedDates.StatusFrom(p, new DateOnly(2023, 9, 8)));
        Assert.Null(ImportedDates.StatusFrom(p, null));
    }
}
