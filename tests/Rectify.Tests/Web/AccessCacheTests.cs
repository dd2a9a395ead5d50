using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Core.Domain;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Public;

namespace Rectify.Tests.Web;

/// <summary>
/// Who may see what is cached per app instance under the access stamp: every change of users, roles,
/// tokens or organisations must still count from the very next request.
/// </summary>
public class AccessCacheTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    /// <summary>A user of the given role in the named organisation, with an API token.</summary>
    internal static async Task<(AppUser User, string Token)> UserWithTokenAsync(IServiceProvider services, string name, string role, int? organizationId)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = name, OrganizationId = organizationId };
        Assert.True((await users.CreateAsync(user, name + "-pass-1")).Succeeded);
        Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
        var token = await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), user, "test", TimeProvider.System);
        return (user, token);
    }

    HttpClient With(string token)
    {
        var c = _app.CreateClient(new() { AllowAutoRedirect = false });
        c.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    [Fact]
    public async Task A_unit_moved_under_another_is_seen_by_the_new_parents_users_at_once_and_no_longer_after_moving_back()
    {
        int town, other;
        await using (var db = _app.CreateDb())
        {
            town = (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id;
            var newParent = new Organization { Name = "新设片区", Level = OrganizationLevel.Other };
            db.Organizations.Add(newParent);
            await db.SaveChangesAsync();
            other = newParent.Id;
        }
        var (_, token) = await UserWithTokenAsync(_app.Services, "pianqu-leader", Roles.UnitLeader, other);
        var client = With(token);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/inspections/1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/problems/{PublicData.ProblemId(_app, 1)}")).StatusCode);

        await using (var db = _app.CreateDb())
        {
            (await db.Organizations.SingleAsync(o => o.Id == town)).ParentId = other;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inspections/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/problems/{PublicData.ProblemId(_app, 1)}")).StatusCode);

        await using (var db = _app.CreateDb())
        {
            (await db.Organizations.SingleAsync(o => o.Id == town)).ParentId = null;
            await db.SaveChangesAsync();
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/inspections/1")).StatusCode);
    }

    [Fact]
    public async Task A_changed_role_or_a_disabled_account_counts_from_the_next_request()
    {
        var (user, token) = await UserWithTokenAsync(_app.Services, "reader-then-admin", Roles.Reader, null);
        var client = With(token);
        // A reader without an organisation sees nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/inspections/1")).StatusCode);
        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(user.Id))!;
            await users.RemoveFromRoleAsync(u, Roles.Reader);
            await users.AddToRoleAsync(u, Roles.Admin);
        }
        // A change of role ends the tokens made under the old one; a new token carries the new role.
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/inspections")).StatusCode);
        using (var scope = _app.Services.CreateScope())
        {
            var u = (await scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(user.Id))!;
            client = With(await ApiTokenService.CreateAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), u, "again", TimeProvider.System));
        }
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/inspections/1")).StatusCode);

        using (var scope = _app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = (await users.FindByIdAsync(user.Id))!;
            u.Disabled = true;
            await users.UpdateAsync(u);
        }
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/inspections")).StatusCode);
    }

    [Fact]
    public async Task Changed_contacts_show_on_the_public_notice_at_once_and_a_new_publication_in_the_list()
    {
        var id = await PublicData.PublishDemoAsync(_app);
        var reader = _app.CreateClient();
        Assert.Contains("href=\"tel:0753-2351954\"", await reader.GetStringAsync($"/public/notices/{id}"));
        var list = await reader.GetStringAsync("/public");
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(list, "href=\"/public/notices/\\d+\""));

        await using (var db = _app.CreateDb())
        {
            (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).ContactPhone = "0753-0000000";
            await db.SaveChangesAsync();
        }
        // The contacts section is the organisation's now (the frozen text keeps what was published).
        Assert.Contains("href=\"tel:0753-0000000\"", await reader.GetStringAsync($"/public/notices/{id}"));

        var second = await PublicData.PublishDemoAsync(_app);
        Assert.Contains($"href=\"/public/notices/{second}\"", await reader.GetStringAsync("/public"));
    }
}
