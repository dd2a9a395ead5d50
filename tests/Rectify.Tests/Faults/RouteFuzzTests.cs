using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22 item 5: every API route, found in the app's own endpoint table, gets random requests — bodies in
/// JSON, forms, multipart (whole, cut off, without boundary), random bytes, in other encodings and sizes;
/// random, repeated and colliding query keys; odd headers; signed in as several roles and not at all. Any 5xx
/// or an answer that does not come is a failure, reported with the request and the seed that replays it.
/// Deterministic: a fixed seed and a fixed number of requests (every route first, then at random), so a failure
/// replays exactly; RECTIFY_FUZZ_SEED and RECTIFY_FUZZ_REQUESTS choose another run (a longer one by hand).
/// On SQLite, and on PostgreSQL (<see cref="PostgresRouteFuzzTests"/>), where every write is a retried unit.
/// </summary>
public class RouteFuzzTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public RouteFuzzTests() : this(postgres: false) { }

    protected RouteFuzzTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }

    public async ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        await CreateUsersAsync(_app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    static int Setting(string name, int otherwise) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : otherwise;

    /// <summary>A route as the endpoint table has it: its pattern and the methods it answers.</summary>
    sealed record Route(string Pattern, string[] Methods, string[] Parameters);

    List<Route> ApiRoutes()
    {
        var source = _app.Services.GetRequiredService<EndpointDataSource>();
        return source.Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText?.TrimStart('/')).StartsWith("/api/", StringComparison.Ordinal))
            .Select(e => new Route("/" + e.RoutePattern.RawText!.TrimStart('/'),
                e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToArray() is { Length: > 0 } m ? m : ["GET", "POST"],
                e.RoutePattern.Parameters.Select(p => p.Name).ToArray()))
            .ToList();
    }

    /// <summary>The run CI makes: about half a minute on two busy cores.</summary>
    const int DefaultSeed = 20261203, DefaultRequests = 3000;

    [Fact]
    public async Task No_api_route_answers_5xx_or_hangs_on_random_input()
    {
        var seed = Setting("RECTIFY_FUZZ_SEED", DefaultSeed);
        var requests = Setting("RECTIFY_FUZZ_REQUESTS", DefaultRequests);
        var routes = ApiRoutes();
        Assert.True(routes.Count > 50, $"only {routes.Count} API routes found: the endpoint table was not read");
        var clients = new (string Who, HttpClient Client)[]
        {
            ("anonymous", _app.CreateClient()), ("admin", await _app.As("admin")), ("editor", await _app.As("editor")),
            ("reader", await _app.As("reader")), ("sysadmin", await _app.SysAdminAsync()),
        };
        var random = new Random(seed);
        var failures = new List<string>();
        var sent = 0;
        var watch = Stopwatch.StartNew();
        // Every route at least once, then at random.
        var order = routes.Concat(Enumerable.Range(0, int.MaxValue).Select(_ => routes[random.Next(routes.Count)]));
        foreach (var route in order)
        {
            if (sent >= Math.Max(requests, routes.Count)) break;
            var (who, client) = clients[random.Next(clients.Length)];
            var method = route.Methods[random.Next(route.Methods.Length)];
            using var request = Request(random, route, method);
            var described = $"request {sent + 1}: {who} {method} {Shorten(request.RequestUri!.ToString(), 300)} {Describe(request.Content)}";
            using var hang = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                using var response = await client.SendAsync(request, hang.Token);
                if ((int)response.StatusCode >= 500)
                    failures.Add($"{(int)response.StatusCode} ← {described}: {Shorten(await response.Content.ReadAsStringAsync(CancellationToken.None), 300)}");
            }
            catch (OperationCanceledException) when (hang.IsCancellationRequested)
            {
                failures.Add($"no answer in 60 s ← {described}");
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException)
            {
                // The test server lets an exception the app did not handle through to the client: a 500 in production.
                failures.Add($"unhandled {e.GetType().Name} ← {described}: {Shorten(e.Message, 300)}");
            }
            sent++;
            if (failures.Count >= 20) break;
        }
        TestContext.Current.TestOutputHelper?.WriteLine($"RECTIFY_FUZZ_SEED={seed}: {sent} requests over {routes.Count} routes in {watch.Elapsed.TotalSeconds:0.0} s");
        Assert.True(failures.Count == 0,
            $"RECTIFY_FUZZ_SEED={seed} RECTIFY_FUZZ_REQUESTS={requests}: {failures.Count} of {sent} requests failed over {routes.Count} routes in {watch.Elapsed.TotalSeconds:0} s:\n" + string.Join("\n", failures.Distinct()));
    }

    static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + "…";

    static string Describe(HttpContent? c) => c is null ? "(no body)"
        : $"[{c.Headers.ContentType}, {c.Headers.ContentLength?.ToString(CultureInfo.InvariantCulture) ?? "?"} bytes]";

    // Ids that exist in the seed (1, 2, 3), that do not, and that are not ids. No %00: the in-process server cannot carry
    // a null character in a path, and Kestrel refuses it before the app (NullInPathTests); in a query it is sent.
    static readonly string[] Ids = ["1", "2", "3", "0", "-1", "999999", "2147483648", "abc", "1.5", "%01", "..", "%E2%84%AA", "１"];
    static readonly string[] Words = ["", "a", "完成", "completed", "red", "null", "true", "-1", "0", "1e309", "2023-13-45", "2023-09-08",
        "<script>", "' OR 1=1 --", "%", "..%2F..%2Fetc%2Fpasswd", "\u0000", "\uFFFF", "𠀀", "K", "\u212A", "\u00A0"];

    static string Word(Random r) => r.Next(8) == 0 ? new string('长', r.Next(1, 30000)) : Words[r.Next(Words.Length)];

    static HttpRequestMessage Request(Random r, Route route, string method)
    {
        var path = route.Pattern;
        foreach (var name in route.Parameters)
        {
            // No null character in a path (see Ids): a word's \u0000 is left out of a path segment.
            var value = name.Contains("id", StringComparison.OrdinalIgnoreCase) || r.Next(2) == 0 ? Ids[r.Next(Ids.Length)]
                : Uri.EscapeDataString(Word(r) is { Length: <= 100 } w ? w.Replace("\u0000", "", StringComparison.Ordinal) : "x");
            path = System.Text.RegularExpressions.Regex.Replace(path, "\\{\\**" + name + "(:[^}]*)?\\??\\}", value.Length == 0 ? "x" : value);
        }
        var request = new HttpRequestMessage(new HttpMethod(method), path + Query(r));
        if (r.Next(3) == 0) request.Headers.TryAddWithoutValidation("Idempotency-Key", r.Next(4) == 0 ? new string('k', r.Next(1, 5000)) : Guid.NewGuid().ToString());
        if (r.Next(4) == 0) request.Headers.TryAddWithoutValidation("Accept", r.Next(2) == 0 ? "text/html" : "application/xml;q=0.1, */*");
        if (r.Next(6) == 0) request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + Word(r).Replace("\u0000", "", StringComparison.Ordinal));
        if (r.Next(6) == 0) request.Headers.TryAddWithoutValidation("If-Match", Ids[r.Next(Ids.Length)]);
        if (method is not ("GET" or "HEAD" or "DELETE") || r.Next(5) == 0) request.Content = Body(r);
        return request;
    }

    static string Query(Random r)
    {
        if (r.Next(3) == 0) return "";
        string[] keys = ["status", "Status", "STATUS", "%E2%84%AA", "k", "q", "page", "size", "from", "to", "org", "light", "format", "sort", "kind", "returnUrl", "%FF%FE", "%00", "a[0]", "x.y"];
        var parts = Enumerable.Range(0, r.Next(1, 8)).Select(_ => keys[r.Next(keys.Length)] + "=" + Uri.EscapeDataString(Word(r).Length > 2000 ? "x" : Word(r)));
        var q = "?" + string.Join("&", parts);
        return r.Next(10) == 0 ? q + "&%ZZ=%G1&=&&=x" : q;
    }

    static HttpContent Body(Random r)
    {
        HttpContent c;
        switch (r.Next(9))
        {
            case 0: c = new ByteArrayContent(Json(r, 0)); c.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json"); break;
            case 1: c = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"document\":{\"categories\":[{\"problems\":[{\"ordinal\":" + Ids[r.Next(Ids.Length)] + "}]}]},\"organizationId\":" + Ids[r.Next(Ids.Length)])); c.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json"); break;
            case 2: c = new ByteArrayContent(Json(r, 0)[..^1]); c.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=gb18030"); break;
            case 3: c = new FormUrlEncodedContent(Enumerable.Range(0, r.Next(6)).Select(_ => new KeyValuePair<string, string>(Words[r.Next(Words.Length)] + "x", Word(r)))); break;
            case 4:
                var form = new MultipartFormDataContent { { new StringContent(Word(r)), "text" }, { new StringContent(Ids[r.Next(Ids.Length)]), "version" } };
                if (r.Next(2) == 0) form.Add(new ByteArrayContent(r.Next(2) == 0 ? Pdf("fuzz") : Bytes(r, r.Next(0, 200_000))), r.Next(2) == 0 ? "files" : "file", r.Next(2) == 0 ? "a.pdf" : "公告.docx");
                c = form; break;
            case 5: c = new ByteArrayContent(Encoding.UTF8.GetBytes("--x\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\r\n%PDF-1.")); c.Headers.ContentType = MediaTypeHeaderValue.Parse(r.Next(2) == 0 ? "multipart/form-data; boundary=x" : "multipart/form-data"); break;
            case 6: c = new ByteArrayContent(Bytes(r, r.Next(0, 1 << r.Next(1, 20)))); c.Headers.ContentType = MediaTypeHeaderValue.Parse(r.Next(2) == 0 ? "application/octet-stream" : "application/json"); break;
            case 7: c = new ByteArrayContent(Encoding.Unicode.GetBytes("{\"text\":\"宽字符\"}")); c.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16"); break;
            default: c = new ByteArrayContent(Encoding.UTF8.GetBytes(new string('[', r.Next(1, 5000)))); c.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json"); break;
        }
        return c;
    }

    static byte[] Bytes(Random r, int n)
    {
        var b = new byte[n];
        r.NextBytes(b);
        return b;
    }

    static readonly string[] Fields = ["text", "title", "status", "version", "ordinal", "date", "deadline", "organizationId", "measures", "name", "userName",
        "role", "roles", "email", "password", "document", "expectedCompletion", "items", "ids", "problemIds", "reason", "comment", "kind", "from", "to", "value", "settings"];

    static byte[] Json(Random r, int depth) => Encoding.UTF8.GetBytes(JsonValue(r, depth));

    static string JsonValue(Random r, int depth) => (depth > 3 ? r.Next(5) : r.Next(8)) switch
    {
        0 => "null",
        1 => r.Next(2) == 0 ? "true" : "false",
        2 => new[] { "0", "-1", "1", "2", "3", "1e400", "-0.0", "99999999999999999999", "2147483648", "1.5" }[r.Next(10)],
        3 or 4 => System.Text.Json.JsonSerializer.Serialize(Word(r)),
        5 => "[" + string.Join(",", Enumerable.Range(0, r.Next(4)).Select(_ => JsonValue(r, depth + 1))) + "]",
        _ => "{" + string.Join(",", Enumerable.Range(0, r.Next(6)).Select(_ => $"\"{Fields[r.Next(Fields.Length)]}\":" + JsonValue(r, depth + 1))) + "}",
    };
}

public sealed class PostgresRouteFuzzTests() : RouteFuzzTests(postgres: true);
