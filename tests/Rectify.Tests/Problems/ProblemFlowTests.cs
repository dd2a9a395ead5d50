using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Rectify.Tests.Storage;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Problems;

/// <summary>The problem's whole cycle through the API, on each database provider.</summary>
public abstract class ProblemFlowTests : IAsyncLifetime
{
    RectifyApp? _app;
    RectifyApp App => _app!;
    protected abstract RectifyApp CreateApp();

    public async ValueTask InitializeAsync()
    {
        _app = CreateApp();
        await CreateUsersAsync(_app);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task Progress_status_extension_and_closure_with_a_stale_write_refused_on_the_way()
    {
        var editor = await App.As("editor");
        var v = await editor.VersionAsync(Phased);
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync($"/api/problems/{Phased}", new { title = "撂荒复耕工作开展不扎实", deadline = "2026-12-31", items = new[] { "东村" }, amountInvolved = 1.5m, version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/measures", new { text = "建立台账", version = v + 1 })).StatusCode);
        var r = await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("已复耕", v + 2, ("验收单.pdf", Pdf())));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        var url = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("progress")[0].GetProperty("evidence")[0].GetProperty("url").GetString();
        Assert.Equal(Pdf(), await editor.GetByteArrayAsync(url));

        // A stale write changes nothing.
        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", version = v + 1 });
        Assert.Equal(HttpStatusCode.Conflict, r.StatusCode);
        Assert.Equal("phased", (await editor.GetProblemAsync(Phased)).GetProperty("status").GetString());

        r = await editor.PostAsJsonAsync($"/api/problems/{Phased}/extensions", new { newDeadline = "2027-03-31", reason = "冬季", version = v + 3 });
        var extId = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("extensions")[0].GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await (await App.As("leader")).PostAsJsonAsync($"/api/problems/{Phased}/extensions/{extId}/approve", new { })).StatusCode);

        v = await editor.VersionAsync(Phased);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/status", new { status = "completed", reason = "其余措施转入长效机制", version = v })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/api/problems/{Phased}/closure/request", new { version = v + 1 })).StatusCode);
        r = await (await App.As("supervisor")).PostAsJsonAsync($"/api/problems/{Phased}/closure/approve", new { version = v + 2 });
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var p = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", p.GetProperty("closure").GetProperty("state").GetString());
        Assert.Equal("2027-03-31", p.GetProperty("deadline").GetString());

        var history = await editor.GetFromJsonAsync<JsonElement>($"/api/problems/{Phased}/history");
        var fields = history.EnumerateArray().Select(h => h.GetProperty("fieldText").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "整改时限", "具体表现", "整改措施", "整改进展", "延期申请", "整改状态", "销号状态" }, fields);

        var outsider = await App.As("outsider");
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/problems/{Phased}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync(url)).StatusCode);
    }
}

public sealed class SqliteProblemFlowTests : ProblemFlowTests
{
    protected override RectifyApp CreateApp() => new();
}

public sealed class PostgresProblemFlowTests : ProblemFlowTests
{
    protected override RectifyApp CreateApp()
    {
        var server = RectifyApp.PostgresServer();
        return new RectifyApp(server);
    }
}
