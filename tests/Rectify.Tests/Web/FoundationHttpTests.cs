using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Interchange;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

public class FoundationHttpTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Healthz_checks_the_database_without_signing_in()
    {
        var response = await _app.CreateClient().GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        foreach (var check in new[] { "database", "disk", "evidence" })
            Assert.Equal("Healthy", body.RootElement.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_api_answers_401_without_credentials_and_pages_redirect_to_sign_in()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/inspections")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/inspections/1/ledger")).StatusCode);
        var page = await client.GetAsync("/inspections/1");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/login", page.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task First_start_loads_the_demo_ledger_of_chengbei_once()
    {
        var client = await _app.SignedInClientAsync();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/inspections");
        var only = Assert.Single(list.EnumerateArray());
        Assert.Equal("城北镇", only.GetProperty("organization").GetString());
        Assert.Equal(14, only.GetProperty("problems").GetInt32());

        // A second start on the same data does not load it again.
        await Setup.MigrateAsync(_app.Services, TextWriter.Null);
        await using var db = _app.CreateDb();
        Assert.Equal(1, db.Inspections.Count());
        Assert.Equal(14, db.Problems.Count());
    }

    [Fact]
    public async Task The_ledger_api_computes_counts_from_the_ledger_not_from_the_claim()
    {
        var client = await _app.SignedInClientAsync();
        var json = await client.GetStringAsync("/api/inspections/1/ledger");
        var doc = LedgerJson.Read(json);
        Assert.Equal(4, doc.Counts.Categories);
        Assert.Equal(14, doc.Counts.Problems);
        Assert.Equal(11, doc.Counts.Completed);
        Assert.Equal(3, doc.Counts.InProgress);
        Assert.Equal(0, doc.Counts.NotFeasible);
        Assert.Equal("第一组", doc.Inspection.Group);
        Assert.Equal("2023-01-上旬", doc.Inspection.OnSite!.To.ToString());
        Assert.Equal("2024-03", doc.Categories[3].Problems[1].ExpectedCompletion.ToString());
    }

    [Fact]
    public async Task A_bearer_token_reaches_the_api_and_a_wrong_one_does_not()
    {
        string token;
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var admin = (await users.FindByNameAsync("admin"))!;
            token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), admin, "test", TimeProvider.System);
        }
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var ok = await client.GetAsync("/api/inspections/1/ledger");
        Assert.True(ok.StatusCode == HttpStatusCode.OK, ok.StatusCode + " " + string.Join(";", ok.Headers.WwwAuthenticate));

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/inspections")).StatusCode);

        await using var db = _app.CreateDb();
        Assert.DoesNotContain(db.ApiTokens, t => t.Hash == token);
    }

    [Fact]
    public async Task A_user_of_another_organisation_sees_nothing_of_chengbei()
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
            var other = db.Organizations.Add(new Rectify.Core.Domain.Organization { Name = "西阳镇" }).Entity;
            await db.SaveChangesAsync();
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = "xiyang", OrganizationId = other.Id };
            Assert.True((await users.CreateAsync(u, "xiyang-pass-1")).Succeeded);
            await users.AddToRoleAsync(u, Roles.UnitEditor);
        }
        var client = await _app.SignedInClientAsync("xiyang", "xiyang-pass-1");
        var list = await client.GetFromJsonAsync<JsonElement>("/api/inspections");
        Assert.Empty(list.EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/inspections/1/ledger")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/inspections/1")).StatusCode);
    }

    [Fact]
    public async Task The_ledger_page_lists_the_fourteen_problems_in_chinese()
    {
        var client = await _app.SignedInClientAsync();
        var home = await client.GetStringAsync("/");
        Assert.Contains("href=\"/inspections/1\"", home);
        var html = await client.GetStringAsync("/inspections/1");
        Assert.Equal(14, System.Text.RegularExpressions.Regex.Matches(html, "<tr class=\"problem\"").Count);
        Assert.Contains("撂荒复耕工作开展不扎实", html);
        Assert.Contains("2023年12月", html);
        Assert.Contains("lang=\"zh-CN\"", html);
    }

    [Fact]
    public async Task Wrong_password_re_shows_the_form_with_the_reason()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = "wrong", ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_openapi_document_describes_the_inspections_api()
    {
        var json = await _app.CreateClient().GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/inspections/{id}/ledger", json);
    }
}
