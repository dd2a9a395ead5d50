using Rectify.Core.Domain;
using Rectify.Core.Notices;
using Rectify.Features.Overview;

namespace Rectify.Tests.Web;

/// <summary>
/// Issue 18 item 2 on the round's summary: a unit with sub-units is reported with its own figures and with its
/// sub-units' (含下级), as the overview and the export give them (<see cref="OrgTreeTests"/>).
/// </summary>
public class RoundSummaryTreeTests
{
    const int District = 1, Town = 2, North = 3, South = 4, Neighbour = 5;

    static StatusCounts Counts(int done, int open) =>
        StatusCounts.Of([.. Enumerable.Repeat(RectificationStatus.Completed, done), .. Enumerable.Repeat(RectificationStatus.InProgress, open)]);

    static OrganizationRow Row(int id, string name, int? parent, (int Done, int Open, int Red) own, (int Done, int Open, int Red) subtree) =>
        OrganizationRow.Of(id, name, parent, Counts(own.Done, own.Open), own.Red, Counts(subtree.Done, subtree.Open), subtree.Red);

    /// <summary>梅江区 → 城北镇 (4 of its own) → 城北村 (3, all done) and 南村 (3, none done, one overdue); 梅江区 → 西阳镇 (5, all done).</summary>
    static OverviewFigures District_figures(bool fromTheTown)
    {
        List<OrganizationRow> rows =
        [
            Row(South, "南村", Town, (0, 3, 1), (0, 3, 1)),
            Row(Town, "城北镇", fromTheTown ? null : District, (2, 2, 0), (5, 5, 1)),
            Row(North, "城北村", Town, (3, 0, 0), (3, 0, 0)),
        ];
        if (!fromTheTown)
        {
            rows.Add(Row(Neighbour, "西阳镇", District, (5, 0, 0), (5, 0, 0)));
            rows.Add(Row(District, "梅江区", null, (0, 0, 0), (10, 5, 1)));
        }
        return new()
        {
            Today = new DateOnly(2026, 6, 1), Red = 1,
            Buckets = fromTheTown ? Counts(5, 5) : Counts(10, 5),
            Organizations = rows,
        };
    }

    static List<string> Bodies(ComposedNotice n) => n.Blocks.Where(b => b.Level == NoticeBlockLevel.Body).Select(b => b.Text).ToList();

    [Fact]
    public void A_town_with_villages_is_reported_with_its_own_figures_and_with_its_villages()
    {
        var bodies = Bodies(OverviewApi.RoundSummary("第二轮巡察", District_figures(fromTheTown: false)));
        Assert.Equal("涉及4个单位。各单位：南村3个问题正在推进（逾期1个）；城北镇已完成2个、共4个（50%）；城北村3个问题已全部完成整改；西阳镇5个问题已全部完成整改。", bodies[0]);
        // 城北镇 with 城北村 and 南村: 2 + 3 + 0 done of 4 + 3 + 3; 西阳镇 has no sub-units with problems, 梅江区 is the opening's total.
        Assert.Equal("含下级单位合计：城北镇（含下级）已完成5个、共10个（50%，逾期1个）。", bodies[1]);
    }

    [Fact]
    public void The_summary_of_the_town_alone_does_not_repeat_its_opening_as_a_subtotal()
    {
        var n = OverviewApi.RoundSummary("第二轮巡察", District_figures(fromTheTown: true));
        Assert.StartsWith("截至2026年6月1日，第二轮巡察共反馈问题10个，已完成整改5个，整改完成率50%", n.Blocks.Single(b => b.Level == NoticeBlockLevel.Opening).Text);
        Assert.DoesNotContain(Bodies(n), b => b.Contains("含下级", StringComparison.Ordinal));
    }
}
