using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Rectify.Infrastructure;
using Rectify.Tests.Supervision;

namespace Rectify.Tests.Web;

/// <summary>
/// API tokens in the browser (issue 18 item 9): a user makes, lists and revokes their own on /account/tokens, the
/// secret shown once; a read-only token reads and is refused every write (403, in Chinese); the security
/// administrator sees and revokes everyone's; nobody else touches another's.
/// </summary>
public class TokenPageTests : IAsyncLifetime
{
    readonly SupervisionWorld _w = new(new DateTimeOffset(2026, 6, 1, 8, 0, 0, TimeSpan.Zero));
    public async ValueTask InitializeAsync() => await _w.PeopleAsync();
    public ValueTask DisposeAsync() => _w.DisposeAsync();

    static FormUrlEncodedContent Form(string page, params (string, string)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Item1, f.Item2)).Append(new("__RequestVerificationToken", RectifyApp.AntiforgeryToken(page))));

    HttpClient Bearer(string token)
    {
        var c = _w.App.CreateClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    static string Secret(string page) => Regex.Match(page, "<code id=\"token-secret\"[^>]*>([^<]+)</code>").Groups[1].Value;

    [Fact]
    public async Task A_user_makes_a_read_only_token_on_the_page_that_reads_is_refused_writes_and_is_revoked_there()
    {
        var zhang = await _w.ClientAsync("zhang");
        var page = await zhang.GetStringAsync("/account/tokens");
        Assert.Contains("还没有令牌", page);
        var made = await zhang.PostAsync("/account/tokens?handler=Create", Form(page, ("Name", "统计报表"), ("Access", "read"), ("Days", "30")));
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var answer = await made.Content.ReadAsStringAsync();
        var secret = Secret(answer);
        Assert.StartsWith("rct_", secret);
        Assert.Contains("已新建只读令牌“统计报表”", answer);
        // Shown once: the list afterwards has the token, never its secret.
        var list = await zhang.GetStringAsync("/account/tokens");
        Assert.Contains("统计报表", list);
        Assert.DoesNotContain(secret, list);

        var reader = Bearer(secret);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/inspections")).StatusCode);
        var refused = await reader.PostAsync("/api/notifications/read-all", null);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(ApiWriteOrigin.ReadOnlyTokenType, problem.GetProperty("type").GetString());
        Assert.Contains("只有读取权限", problem.GetProperty("detail").GetString());
        // A read-only token cannot make itself a read-write one either.
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/tokens", new { name = "升级", access = "read-write" })).StatusCode);

        // A read-write token, made through the API, writes.
        var rw = await (await zhang.GetAsync("/account/tokens")).Content.ReadAsStringAsync();
        var second = Secret(await (await zhang.PostAsync("/account/tokens?handler=Create", Form(rw, ("Name", "填报程序"), ("Access", "read-write"), ("Days", "7")))).Content.ReadAsStringAsync());
        var writer = Bearer(second);
        Assert.Equal(HttpStatusCode.OK, (await writer.PostAsync("/api/notifications/read-all", null)).StatusCode);
        var created = await writer.PostAsJsonAsync("/api/tokens", new { name = "夜间同步", access = "read", days = 400 });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, created.StatusCode);
        Assert.Contains("1 至 365 天", (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Revoked on the page: the token stops at once.
        list = await zhang.GetStringAsync("/account/tokens");
        var id = Regex.Match(list, "<tr data-token=\"(\\d+)\">\\s*<td data-label=\"名称\">统计报表").Groups[1].Value;
        var revoked = await zhang.PostAsync($"/account/tokens?handler=Revoke&id={id}", Form(list));
        Assert.Contains("令牌“统计报表”已吊销", await revoked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await reader.GetAsync("/api/inspections")).StatusCode);

        // Another user neither sees nor revokes it; the security administrator sees everyone's and revokes any.
        var li = await _w.ClientAsync("li");
        var theirs = await li.GetStringAsync("/account/tokens");
        Assert.DoesNotContain("填报程序", theirs);
        var writerId = Regex.Match(await zhang.GetStringAsync("/account/tokens"), "<tr data-token=\"(\\d+)\">\\s*<td data-label=\"名称\">填报程序").Groups[1].Value;
        Assert.Equal(HttpStatusCode.NotFound, (await li.PostAsync($"/account/tokens?handler=Revoke&id={writerId}", Form(theirs))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await writer.GetAsync("/api/inspections")).StatusCode);
        var sec = await _w.ClientAsync("secadmin");
        var all = await sec.GetStringAsync("/account/tokens");
        Assert.Contains("全部令牌", all);
        Assert.Contains("填报程序", all);
        Assert.Contains("<td data-label=\"账户\">zhang</td>", all);
        Assert.Contains("已吊销", await (await sec.PostAsync($"/account/tokens?handler=Revoke&id={writerId}", Form(all))).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await writer.GetAsync("/api/inspections")).StatusCode);
    }

    [Fact]
    public async Task A_token_without_a_name_is_refused_in_chinese_and_nothing_is_stored()
    {
        var zhang = await _w.ClientAsync("zhang");
        var page = await zhang.GetStringAsync("/account/tokens");
        var r = await zhang.PostAsync("/account/tokens?handler=Create", Form(page, ("Name", " "), ("Access", "read"), ("Days", "30")));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        var body = await r.Content.ReadAsStringAsync();
        Assert.Contains("请填写令牌名称", body);
        Assert.DoesNotContain("token-secret", body);
        Assert.Contains("还没有令牌", body);
    }
}
