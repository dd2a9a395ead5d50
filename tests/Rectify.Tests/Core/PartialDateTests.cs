using Rectify.Core;

namespace Rectify.Tests.Core;

public class PartialDateTests
{
    [Theory]
    [InlineData("2023-03-10", "2023年3月10日")]
    [InlineData("2024-03", "2024年3月")]
    [InlineData("2023-01-上旬", "2023年1月上旬")]
    [InlineData("2023-01-下旬", "2023年1月下旬")]
    [InlineData("2023", "2023年")]
    public void Parses_and_prints_back(string text, string chinese)
    {
        var d = PartialDate.Parse(text);
        Assert.Equal(text, d.ToString());
        Assert.Equal(chinese, d.ToChinese());
    }

    [Theory]
    [InlineData("")]
    [InlineData("2023-13")]
    [InlineData("2023-02-30")]
    [InlineData("2023-01-上")]
    [InlineData("23-01")]
    [InlineData("2023/01/02")]
    public void Refuses_what_is_not_a_date(string text)
    {
        Assert.False(PartialDate.TryParse(text, out _));
        var e = Assert.Throws<FormatException>(() => PartialDate.Parse(text));
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public void Orders_by_first_possible_day_then_by_last()
    {
        var dates = new[] { "2023-01-下旬", "2023-01", "2022-12-31", "2023-01-上旬", "2023-01-05", "2023-01-01", "2023-01-中旬" }
            .Select(PartialDate.Parse).Order().Select(d => d.ToString()).ToArray();
        Assert.Equal(["2022-12-31", "2023-01-01", "2023-01-上旬", "2023-01", "2023-01-05", "2023-01-中旬", "2023-01-下旬"], dates);
    }

    [Fact]
    public void A_dekad_spans_its_ten_days_and_the_last_runs_to_month_end()
    {
        var d = PartialDate.Parse("2024-02-下旬");
        Assert.Equal(new DateOnly(2024, 2, 21), d.Start);
        Assert.Equal(new DateOnly(2024, 2, 29), d.End);
        Assert.True(PartialDate.Parse("2023-01-上旬") < PartialDate.Parse("2023-01-中旬"));
    }

    [Fact]
    public void YearMonth_round_trips_and_orders()
    {
        Assert.Equal("2024-03", YearMonth.Parse("2024-3").ToString());
        Assert.True(YearMonth.Parse("2023-12") < YearMonth.Parse("2024-01"));
        Assert.Equal(new DateOnly(2023, 12, 31), YearMonth.Parse("2023-12").LastDay);
        Assert.False(YearMonth.TryParse("2024-00", out _));
    }
}
