using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Rectify.Tests.Web;

/// <summary>三色预警 on the ledger list: every row shows its light, and the list filters by it.</summary>
public class WarningFilterTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_demo_phased_problems_are_red_and_the_list_filters_by_light()
    {
        var client = await _app.SignedInClientAsync();
        var red = await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&warning=red");
        Assert.Equal(3, red.GetProperty("total").GetInt32());
        Assert.All(red.GetProperty("items").EnumerateArray(), i =>
        {
            Assert.Equal("phased", i.GetProperty("status").GetString());
            Assert.Equal("red", i.GetProperty("warning").GetString());
        });
        var all = await client.GetFromJsonAsync<JsonElement>("/api/problems?inspection=1&pageSize=50");
        Assert.Equal(11, all.GetProperty("items").EnumerateArray().Count(i => i.GetProperty("warning").GetString() == "none"));
        var page = await client.GetStringAsync("/inspections/1?warning=red");
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Matches(page, "data-warning=\"red\"").Count);
        var bad = await client.GetAsync("/api/problems?warning=blue");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("参数 warning 应为 green、yellow 或 red", await bad.Content.ReadAsStringAsync());
    }
}
