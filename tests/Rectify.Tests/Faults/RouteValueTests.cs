using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>What the route fuzzer (<see cref="RouteFuzzTests"/>) found, each kept as a focused case: odd route values and bodies are refused in Chinese, never a 500.</summary>
public sealed class RouteValueTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public async ValueTask InitializeAsync() => await CreateUsersAsync(_app);
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Theory]
    [InlineData("/api/problems/%E2%84%AA")]
    [InlineData("/api/inspections/%E2%84%AA/ledger")]
    [InlineData("/api/inspections/1/reports/%E2%84%AA")]
    [InlineData("/api/supervision/inspections/1/reports/%E2%84%AA/pdf")]
    [InlineData("/api/problems/1/measures/%E2%84%AA", "PUT")]
    [InlineData("/api/problems/%E2%84%AA/progress", "POST")]
    public async Task An_odd_route_value_is_404_in_chinese(string path, string method = "GET")
    {
        var client = await _app.As("admin");
        var r = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "GET" ? null : JsonContent.Create(new { text = "进展" }) });
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity, $"{path}: {(int)r.StatusCode} {body}");
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", await DetailAsync(r));
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml")]
    public async Task A_refusal_under_the_api_is_problem_json_whatever_the_client_accepts(string accept)
    {
        var client = await _app.As("editor");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/problems/１/claim") { Content = JsonContent.Create(new { version = 1 }) };
        request.Headers.Accept.ParseAdd(accept);
        request.Headers.Add("Idempotency-Key", new string('k', 300));
        var r = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("Idempotency-Key 过长", await DetailAsync(r));
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", "{\"text\":\"宽字符\"}")]
    [InlineData("application/json; charset=gb18030", "{\"text\":\"宽字符\"}")]
    [InlineData("application/json; charset=gb18030", "{\"text\":\"宽字符\"")]
    [InlineData("application/json; charset=no-such-charset", "{}")]
    public async Task A_json_body_in_another_encoding_is_refused_in_chinese(string contentType, string json)
    {
        var client = await _app.As("admin");
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes(json));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var r = await client.PostAsync($"/api/problems/{Phased}/claim", content);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.StatusCode is HttpStatusCode.UnsupportedMediaType or HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest, $"{contentType}: {(int)r.StatusCode} {body}");
        Assert.Matches("\\p{IsCJKUnifiedIdeographs}", await DetailAsync(r));
    }
}

/// <summary>
/// A null character in the path (%00) never reaches the app: Kestrel refuses the request line with its own bare 400
/// (the in-process test server cannot even carry it, so this one runs over a real socket). Not a 500, no stack trace.
/// </summary>
public sealed class NullInPathTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    HttpClient _client = null!;

    public ValueTask InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _client = new HttpClient { BaseAddress = _app.ClientOptions.BaseAddress };
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Theory]
    [InlineData("GET", "/api/problems/%00")]
    [InlineData("GET", "/api/inspections/%00/ledger")]
    [InlineData("POST", "/api/problems/%00/progress")]
    [InlineData("GET", "/inspections/%00")]
    public async Task A_null_character_in_the_path_is_refused_400_before_the_app(string method, string path)
    {
        using var r = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.DoesNotContain("Exception", await r.Content.ReadAsStringAsync());
    }
}
