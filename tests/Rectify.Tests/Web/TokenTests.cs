using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>API tokens can be listed (never shown again), revoked, and they expire.</summary>
public class TokenTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    async Task<string> CreateAsync(string user, TimeSpan? lifetime = null)
    {
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = await users.FindByNameAsync(user);
        if (u is null)
        {
            u = new AppUser { UserName = user };
            Assert.True((await users.CreateAsync(u, user + "-pass-1")).Succeeded);
            await users.AddToRoleAsync(u, Roles.Reader);
        }
        return await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), u, "test", TimeProvider.System, lifetime);
    }

    HttpClient With(string token)
    {
        var c = _app.CreateClient();
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    [Fact]
    public async Task A_revoked_token_stops_working_at_once_and_the_list_never_shows_the_secret()
    {
        var token = await CreateAsync("reader1");
        var client = With(token);
        var list = await client.GetFromJsonAsync<JsonElement>("/api/tokens");
        var mine = Assert.Single(list.EnumerateArray());
        Assert.True(mine.GetProperty("active").GetBoolean());
        Assert.DoesNotContain(token, list.GetRawText());
        Assert.DoesNotContain("hash", list.GetRawText(), StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/tokens/{mine.GetProperty("id").GetInt32()}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/tokens")).StatusCode);
    }

    [Fact]
    public async Task A_user_cannot_see_or_revoke_another_users_token_but_the_security_administrator_can()
    {
        var other = await CreateAsync("reader2");
        var mine = await CreateAsync("reader3");
        var admin = await _app.SecAdminAsync();
        var all = await admin.GetFromJsonAsync<JsonElement>("/api/tokens");
        var otherId = all.EnumerateArray().Single(t => t.GetProperty("user").GetString() == "reader2").GetProperty("id").GetInt32();

        var client = With(mine);
        Assert.Single((await client.GetFromJsonAsync<JsonElement>("/api/tokens")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await client.DeleteAsync($"/api/tokens/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await With(other).GetAsync("/api/inspections")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{otherId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await With(other).GetAsync("/api/inspections")).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = await CreateAsync("reader4", TimeSpan.FromMilliseconds(-1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await With(token).GetAsync("/api/inspections")).StatusCode);
    }
}
