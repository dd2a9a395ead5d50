using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>
/// The one refusal mapping (docs/refusals.md), walked over every route the app maps (read from its
/// EndpointDataSource, so a new route is covered without editing this test): anonymous → 401 or
/// the sign-in page, a reader on a write → 403, an id outside the scope and an id that does not
/// exist → the same 404; the API answers ProblemDetails with a Chinese title and a stable type,
/// a browser a Chinese page in the site layout with a way back.
/// </summary>
public sealed partial class RefusalTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Open by design: sign-in, the public portal, health, the API description, the error page itself.
    static bool IsPublic(string route) => Regex.IsMatch(route, "^(public|account/login|account/denied|account/logout|healthz|openapi|error)");
    // Every signed-in user's own things: their account, inbox and tokens.
    static bool OwnThings(string route) => Regex.IsMatch(route, "^(account/|notifications|api/notifications|api/tokens)");
    static bool IsApi(string route) => route.StartsWith("api/", StringComparison.Ordinal);

    const int Missing = 987654;

    sealed record Endpoint(string Method, string Route, string Path);

    List<Endpoint> Endpoints(int id)
    {
        _app.CreateClient(); // starts the host
        var list = new List<Endpoint>();
        foreach (var e in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = e.RoutePattern.RawText?.TrimStart('/') ?? "";
            if (route.StartsWith("_", StringComparison.Ordinal) || route.Contains("{**")) continue;
            var path = "/" + Placeholder().Replace(route, m => m.Groups[1].Value.ToLowerInvariant() switch
            {
                "kind" => "rectification",
                "code" => "ABCDEFGHJKMN",
                "format" => "docx",
                _ => id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            path = path.Replace("/{code?}", "", StringComparison.Ordinal);
            if (e.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                // A page: its GET and each of its handlers that write (OnPostXxx → POST ?handler=Xxx).
                list.Add(new("GET", route, path));
                var compiled = _app.Services.GetRequiredService<PageLoader>().LoadAsync(page, e.Metadata).GetAwaiter().GetResult();
                foreach (var h in compiled.HandlerMethods.Where(h => !h.HttpMethod.Equals("GET", StringComparison.OrdinalIgnoreCase)))
                    list.Add(new(h.HttpMethod.ToUpperInvariant(), route, path + (h.Name is null ? "" : "?handler=" + h.Name)));
                continue;
            }
            foreach (var m in e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]) list.Add(new(m, route, path));
        }
        Assert.True(list.Count > 60, $"only {list.Count} endpoints found");
        return list.Distinct().ToList();
    }

    [GeneratedRegex("\\{([^}:?]+)[^}]*\\}")]
    private static partial Regex Placeholder();

    async Task<HttpClient> UserAsync(string name, string role, string organisation)
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
            var org = db.Organizations.FirstOrDefault(o => o.Name == organisation) ?? db.Organizations.Add(new Rectify.Core.Domain.Organization { Name = organisation }).Entity;
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = name, DisplayName = name, OrganizationId = org.Id };
            Assert.True((await users.CreateAsync(u, name + "-Pass-1")).Succeeded);
            await users.AddToRoleAsync(u, role);
        }
        return await _app.SignedInClientAsync(name, name + "-Pass-1");
    }

    /// <summary>A request as a program (the API) or a browser (pages: Accept text/html, a form with the antiforgery token).</summary>
    static HttpRequestMessage Request(Endpoint e, string? antiforgery, bool multipart = false)
    {
        var r = new HttpRequestMessage(new HttpMethod(e.Method), e.Path);
        if (!IsApi(e.Route)) r.Headers.Accept.ParseAdd("text/html,application/xhtml+xml");
        if (e.Method is "GET" or "HEAD" or "DELETE") return r;
        if (multipart)
        {
            var form = new MultipartFormDataContent { { new StringContent("2024-03-01"), "date" }, { new StringContent("进展"), "text" }, { new StringContent("1"), "version" } };
            form.Add(new ByteArrayContent("x"u8.ToArray()), "file", "a.txt");
            r.Content = form;
        }
        else if (IsApi(e.Route)) r.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        else r.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = antiforgery ?? "" });
        return r;
    }

    static async Task<HttpResponseMessage> SendAsync(HttpClient client, Endpoint e, string? antiforgery)
    {
        var r = await client.SendAsync(Request(e, antiforgery));
        // An endpoint that reads a multipart form refuses JSON as 415 before it looks at the user: ask again the way it expects.
        if (r.StatusCode == HttpStatusCode.UnsupportedMediaType) r = await client.SendAsync(Request(e, antiforgery, multipart: true));
        return r;
    }

    static bool Chinese(string? s) => s is not null && Regex.IsMatch(s, "\\p{IsCJKUnifiedIdeographs}");

    /// <summary>What is wrong with a refusal's body, or null: ProblemDetails for the API, a Chinese page for a browser.</summary>
    static async Task<string?> BodyProblemAsync(Endpoint e, HttpResponseMessage r, string type, string pageTitle)
    {
        var body = await r.Content.ReadAsStringAsync();
        if (body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal)) return "a stack trace or exception name";
        if (IsApi(e.Route))
        {
            if (r.Content.Headers.ContentType?.MediaType != "application/problem+json") return $"not ProblemDetails ({r.Content.Headers.ContentType}): {body}";
            var p = JsonDocument.Parse(body).RootElement;
            if (p.GetProperty("type").GetString() != type) return $"type {p.GetProperty("type")} instead of {type}";
            if (!Chinese(p.GetProperty("title").GetString()) || !Chinese(p.GetProperty("detail").GetString())) return $"title or detail not Chinese: {body}";
            return null;
        }
        if (r.Content.Headers.ContentType?.MediaType != "text/html") return $"not a page ({r.Content.Headers.ContentType}): {body[..Math.Min(200, body.Length)]}";
        if (!body.Contains("class=\"top\"", StringComparison.Ordinal)) return "not in the site layout";
        // The error page with a way back, or the form itself with the reason (role="alert") in Chinese.
        var errorPage = body.Contains($"<h1>{pageTitle}</h1>", StringComparison.Ordinal) && body.Contains("返回首页", StringComparison.Ordinal) && body.Contains("返回上一页", StringComparison.Ordinal);
        var onTheForm = Regex.Match(body, "class=\"error\" role=\"alert\">([^<]+)<") is { Success: true } m && Chinese(m.Groups[1].Value);
        return errorPage || onTheForm ? null : "neither the Chinese error page nor the form with the reason";
    }

    [Fact]
    public async Task Anonymous_callers_get_401_problem_details_on_the_api_and_the_sign_in_page_elsewhere()
    {
        var client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var wrong = new List<string>();
        foreach (var e in Endpoints(1).Where(e => !IsPublic(e.Route)))
        {
            var r = await client.SendAsync(Request(e, null));
            if (IsApi(e.Route))
            {
                if (r.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"{e.Method} {e.Path} → {(int)r.StatusCode}");
                else if (await BodyProblemAsync(e, r, "urn:rectify:not-signed-in", "") is { } p) wrong.Add($"{e.Method} {e.Path}: {p}");
            }
            else if (r.StatusCode != HttpStatusCode.Redirect || !r.Headers.Location!.OriginalString.Contains("/account/login", StringComparison.Ordinal))
                wrong.Add($"{e.Method} {e.Path} → {(int)r.StatusCode} {r.Headers.Location}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task A_reader_gets_403_on_every_write_as_problem_details_or_the_chinese_page()
    {
        var reader = await UserAsync("chengbei-reader", Roles.Reader, "城北镇");
        var token = RectifyApp.AntiforgeryToken(await reader.GetStringAsync("/inspections/1/notice"));
        var admin = await _app.SignedInClientAsync();
        var adminToken = RectifyApp.AntiforgeryToken(await admin.GetStringAsync("/inspections/1/notice"));
        var wrong = new List<string>();
        var refused = 0;
        foreach (var e in Endpoints(1).Where(e => e.Method != "GET" && !IsPublic(e.Route) && !OwnThings(e.Route)))
        {
            var r = await SendAsync(reader, e, token);
            // Something that does not exist (404), or a form too incomplete to be read (400, 422), is
            // refused so before anybody's role is asked: then the office gets the very same answer.
            if (r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.UnprocessableEntity or HttpStatusCode.BadRequest
                && (await SendAsync(admin, e, adminToken)).StatusCode == r.StatusCode) continue;
            refused++;
            if (r.StatusCode != HttpStatusCode.Forbidden) wrong.Add($"{e.Method} {e.Path} → {(int)r.StatusCode} {Short(await r.Content.ReadAsStringAsync())}");
            else if (await BodyProblemAsync(e, r, "urn:rectify:forbidden", "没有权限") is { } p) wrong.Add($"{e.Method} {e.Path}: {p}");
        }
        Assert.True(refused > 60, $"only {refused} writes refused for the role");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task An_id_outside_the_scope_and_an_id_that_does_not_exist_get_the_same_404()
    {
        // 西阳镇's editor: the demo's inspection 1 and its problems belong to 城北镇.
        var outsider = await UserAsync("xiyang-editor", Roles.UnitEditor, "西阳镇");
        var token = RectifyApp.AntiforgeryToken(await outsider.GetStringAsync("/inspections/import"));
        var inScope = Endpoints(1);
        var missing = Endpoints(Missing);
        var wrong = new List<string>();
        var walked = 0;
        for (var i = 0; i < inScope.Count; i++)
        {
            var (outside, none) = (inScope[i], missing[i]);
            // Only routes that name something by id, other than the user's own things and the administration (403 by role).
            if (!outside.Route.Contains("{id", StringComparison.Ordinal) || outside.Route.Contains("{id:int?}", StringComparison.Ordinal) || IsPublic(outside.Route) || OwnThings(outside.Route) || outside.Route.StartsWith("admin", StringComparison.Ordinal)) continue;
            walked++;
            var a = await SendAsync(outsider, outside, token);
            var b = await SendAsync(outsider, none, token);
            if (a.StatusCode != HttpStatusCode.NotFound || b.StatusCode != HttpStatusCode.NotFound)
            {
                wrong.Add($"{outside.Method} {outside.Route}: outside the scope {(int)a.StatusCode}, missing {(int)b.StatusCode} {Short(await a.Content.ReadAsStringAsync())}");
                continue;
            }
            if (await BodyProblemAsync(outside, a, "urn:rectify:not-found", "未找到") is { } p) wrong.Add($"{outside.Method} {outside.Route}: {p}");
            var (bodyA, bodyB) = (Same(await a.Content.ReadAsStringAsync(), 1), Same(await b.Content.ReadAsStringAsync(), Missing));
            if (bodyA != bodyB) wrong.Add($"{outside.Method} {outside.Route}: the bodies tell the two apart:\n{bodyA}\n{bodyB}");
        }
        Assert.True(walked > 30, $"only {walked} routes with an id");
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>The body with what differs by nature taken out: the id asked for, the trace id, the antiforgery token.</summary>
    static string Same(string body, int id)
    {
        body = Regex.Replace(body, "\"traceId\":\"[^\"]*\"", "");
        body = Regex.Replace(body, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "");
        // The id where it is named (a path, "编号为 1"), not every digit of the page.
        return Regex.Replace(body, $"(?<![=.\\dA-Za-z]){id}(?![\\d.])", "{id}");
    }

    static string Short(string s) => s.Length > 160 ? s[..160] : s;

    [Fact]
    public async Task A_reader_who_submits_or_publishes_a_notice_is_refused_as_403_not_as_a_broken_rule()
    {
        var reader = await UserAsync("chengbei-reader", Roles.Reader, "城北镇");
        foreach (var action in new[] { "submit", "approve", "publish", "return" })
        {
            var r = await reader.PostAsJsonAsync($"/api/inspections/1/notice/{action}", new { secrecyReviewed = true });
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            var p = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("urn:rectify:forbidden", p.GetProperty("type").GetString());
            Assert.Contains("可以", p.GetProperty("detail").GetString());
        }
        // The page: the reason on the notice page, under 403.
        var page = await reader.GetStringAsync("/inspections/1/notice");
        var post = await reader.PostAsync("/inspections/1/notice?handler=Submit", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
            ["SecrecyReviewed"] = "true",
        }));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Contains("只有本单位填报员或巡察办管理员可以提交公告审核", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_stale_version_is_409_and_a_broken_rule_422_with_stable_types()
    {
        var admin = await _app.SignedInClientAsync();
        var problem = await (await admin.GetAsync("/api/problems/1")).Content.ReadFromJsonAsync<JsonElement>();
        var version = problem.GetProperty("version").GetInt32();
        var stale = await admin.PostAsJsonAsync("/api/problems/1/closure/request", new { version = version - 1 });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var p = await stale.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:rectify:stale-version", p.GetProperty("type").GetString());
        Assert.Equal("数据已被他人修改", p.GetProperty("title").GetString());
        Assert.Contains("本次修改未保存", p.GetProperty("detail").GetString());

        var rule = await admin.PutAsJsonAsync("/api/problems/1", new { title = "", version });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, rule.StatusCode);
        p = await rule.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:rectify:domain-rule", p.GetProperty("type").GetString());
        Assert.Equal("问题标题不能为空", p.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Too_large_is_413_and_the_framework_own_refusals_are_chinese_problem_details()
    {
        _app.Settings["Rectify:Uploads:MaxRequestMB"] = "1";
        var admin = await _app.SignedInClientAsync();
        var big = new MultipartFormDataContent { { new ByteArrayContent(new byte[2 * 1024 * 1024]), "file", "big.docx" } };
        var r = await admin.PostAsync("/api/import/preview", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, r.StatusCode);
        Assert.Equal("urn:rectify:too-large", (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());

        // Produced by the framework, not by the app's code: no route, wrong method, wrong media type, bad JSON.
        var cases = new (HttpRequestMessage Request, HttpStatusCode Status, string Type)[]
        {
            (new(HttpMethod.Get, "/api/no-such-thing"), HttpStatusCode.NotFound, "urn:rectify:not-found"),
            (new(HttpMethod.Delete, "/api/inspections"), HttpStatusCode.MethodNotAllowed, "urn:rectify:method-not-allowed"),
            (new(HttpMethod.Put, "/api/problems/1") { Content = new StringContent("标题", System.Text.Encoding.UTF8, "text/plain") }, HttpStatusCode.UnsupportedMediaType, "urn:rectify:unsupported-media-type"),
            (new(HttpMethod.Put, "/api/problems/1") { Content = new StringContent("{\"title\":", System.Text.Encoding.UTF8, "application/json") }, HttpStatusCode.BadRequest, "urn:rectify:bad-request"),
        };
        foreach (var (request, status, type) in cases)
        {
            var answer = await admin.SendAsync(request);
            Assert.Equal(status, answer.StatusCode);
            var body = await answer.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            var p = JsonDocument.Parse(body).RootElement;
            Assert.Equal(type, p.GetProperty("type").GetString());
            Assert.True(Chinese(p.GetProperty("title").GetString()) && Chinese(p.GetProperty("detail").GetString()), body);
        }
    }

    [Fact]
    public async Task A_browser_gets_chinese_pages_with_a_way_back_never_json()
    {
        var admin = await _app.SignedInClientAsync();
        async Task<(HttpResponseMessage, string)> Browse(string path, string? referer = null)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.ParseAdd("text/html");
            if (referer is not null) request.Headers.Referrer = new Uri(_app.Server.BaseAddress, referer);
            var r = await admin.SendAsync(request);
            return (r, await r.Content.ReadAsStringAsync());
        }
        var (missing, page) = await Browse($"/problems/{Missing}", referer: "/inspections/1");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<h1>未找到</h1>", page);
        Assert.Contains("href=\"/inspections/1\">返回上一页", page);
        Assert.Contains("href=\"/\">返回首页", page);

        var (fault, faultPage) = await Browse("/error/500");
        Assert.Equal(HttpStatusCode.InternalServerError, fault.StatusCode);
        Assert.Contains("<h1>系统出错</h1>", faultPage);
        Assert.Contains("href=\"/\">返回上一页", faultPage); // no page to go back to: home

        // A program asking for the same page gets ProblemDetails, in Chinese.
        var program = await admin.GetAsync($"/problems/{Missing}");
        Assert.Equal(HttpStatusCode.NotFound, program.StatusCode);
        Assert.Equal("urn:rectify:not-found", (await program.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }
}
