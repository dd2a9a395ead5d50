using System.Net;
using Rectify.Tests.Web;

namespace Rectify.Tests.Supervision;

/// <summary>The supervision pages keep to the user's scope and re-show a refused form with its reason.</summary>
public class SupervisionPageTests : IAsyncLifetime
{
    readonly SupervisionWorld _w = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    [Fact]
    public async Task Another_districts_supervisor_gets_404_for_the_inspection_page()
    {
        var other = await _w.ClientAsync("other");
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/inspections/1/supervision")).StatusCode);
        var jw = await _w.ClientAsync("jw1");
        var page = await jw.GetStringAsync("/inspections/1/supervision");
        Assert.Contains("报送整改方案", page);
        Assert.Contains("2023-04-09", page);
    }

    [Fact]
    public async Task A_score_outside_0_to_100_re_shows_the_evaluation_form_with_the_reason()
    {
        var jw = await _w.ClientAsync("jw1");
        var html = await jw.GetStringAsync("/inspections/1/supervision");
        var form = new Dictionary<string, string> { ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(html), ["Remarks"] = "集中整改后评估" };
        string[] names = ["整改责任落实", "整改措施落实", "问题整改成效", "建章立制和长效机制", "整改公开和群众满意度"];
        int[] weights = [25, 25, 30, 10, 10];
        for (var i = 0; i < names.Length; i++)
        {
            form[$"Criteria[{i}].Name"] = names[i];
            form[$"Criteria[{i}].Weight"] = weights[i].ToString();
            form[$"Criteria[{i}].Score"] = i == 2 ? "120" : "80";
        }
        var response = await jw.PostAsync("/inspections/1/supervision?handler=Evaluate", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode); // the form again, with the rule's reason
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("“问题整改成效”的得分 120 不在 0–100 之间", page);
        Assert.Contains("value=\"集中整改后评估\"", page);
        await using var db = _w.Db();
        Assert.Empty(db.Evaluations);

        form["Criteria[2].Score"] = "50";
        var saved = await jw.PostAsync("/inspections/1/supervision?handler=Evaluate", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var after = await jw.GetStringAsync("/inspections/1/supervision");
        Assert.Contains("得分 71 · 基本合格", after); // 0.7×80 + 0.3×50
    }
}
