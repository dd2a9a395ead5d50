using Rectify.Core;
using Rectify.Core.Domain;

namespace Rectify.Tests.Import;

/// <summary>Written statuses as the importer meets them (Statuses.FromText / ExpectedMonthIn are shared).</summary>
public class StatusTextTests
{
    [Theory]
    [InlineData("已完成整改并长期坚持", RectificationStatus.CompletedSustained)]
    [InlineData("已完成整改,长期坚持", RectificationStatus.CompletedSustained)]
    [InlineData("已取得阶段性成效,预计2023年12月完成。", RectificationStatus.Phased)]
    [InlineData("正在推进,预计2024年6月完成", RectificationStatus.InProgress)]
    [InlineData("暂不具备整改条件", RectificationStatus.NotFeasible)]
    [InlineData("完成688个", RectificationStatus.Completed)]
    [InlineData("基本完成4个", RectificationStatus.Phased)]
    [InlineData("未完成5个", RectificationStatus.InProgress)]
    public void Written_status_maps_to_its_code(string text, RectificationStatus expected) =>
        Assert.Equal(expected, Statuses.FromText(text));

    [Theory]
    [InlineData("预计2024年6月完成")]
    [InlineData("其中立行立改问题10个")]
    public void A_plan_or_an_unrelated_clause_is_no_status(string text) => Assert.Null(Statuses.FromText(text));

    [Theory]
    [InlineData("取得阶段性成效,预计2023年12月完成", 2023, 12)]
    [InlineData("力争2024年3月底前完成", 2024, 3)]
    [InlineData("预计2024年6月30日前完成", 2024, 6)]
    public void Expected_month_is_read_from_the_status(string text, int year, int month) =>
        Assert.Equal(new YearMonth(year, month), Statuses.ExpectedMonthIn(text));

    [Fact]
    public void Status_without_a_month_has_no_expected_completion() => Assert.Null(Statuses.ExpectedMonthIn("已完成整改并长期坚持"));
}
