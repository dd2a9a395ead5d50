using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Infrastructure;

namespace Rectify.Tests.Web;

/// <summary>
/// Every page and endpoint the app maps, tried anonymously, by a user of another organisation,
/// and by a reader of the unit: nothing of the unit's ledger reaches those who may not see it,
/// and nobody without the right can change it.
/// </summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    readonly RectifyApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // Open by design: sign-in, the public portal, health and the API description.
    static bool IsPublic(string route) => route == "" || Regex.IsMatch(route, "^(public|account/login|account/denied|account/logout|healthz|openapi|error)");

    // A user's own inbox and tokens are theirs to change, whatever their role.
    static bool OwnThings(string route) => route.StartsWith("api/notifications", StringComparison.Ordinal) || route.StartsWith("api/tokens", StringComparison.Ordinal);

    // Text that only the 城北镇 ledger contains.
    static readonly string[] Secrets = ["撂荒复耕工作开展不扎实", "乡村振兴成效不够明显", "城北镇党委"];

    List<(string Method, string Path, string Route)> Endpoints()
    {
        _app.CreateClient(); // start the host
        var list = new List<(string, string, string)>();
        foreach (var e in _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            var route = e.RoutePattern.RawText?.TrimStart('/') ?? "";
            if (route.StartsWith("_", StringComparison.Ordinal) || route.Contains("{**")) continue;
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET", "POST"];
            var path = "/" + Regex.Replace(route, "\\{([^}:?]+)[^}]*\\}", m => m.Groups[1].Value.ToLowerInvariant() switch
            {
                "kind" => "rectification",
                "code" => "ABCDEFGHJKMN",
                "format" => "docx",
                _ => "1",
            });
            foreach (var m in methods) list.Add((m, path, route));
        }
        Assert.True(list.Count > 60, $"only {list.Count} endpoints found");
        return list.Distinct().ToList();
    }

    async Task<HttpClient> UserAsync(string name, string role, string? organisation)
    {
        using (var scope = _app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RectifyDb>();
            int? orgId = null;
            if (organisation is not null)
            {
                var org = db.Organizations.FirstOrDefault(o => o.Name == organisation) ?? db.Organizations.Add(new Rectify.Core.Domain.Organization { Name = organisation }).Entity;
                await db.SaveChangesAsync();
                orgId = org.Id;
            }
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var u = new AppUser { UserName = name, DisplayName = name, OrganizationId = orgId };
            Assert.True((await users.CreateAsync(u, name + "-pass-1")).Succeeded);
            await users.AddToRoleAsync(u, role);
        }
        return await _app.SignedInClientAsync(name, name + "-pass-1");
    }

    static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method is "GET" or "DELETE" ? null : new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
    };

    [Fact]
    public async Task Anonymous_callers_reach_only_the_public_parts()
    {
        var client = _app.CreateClient(new() { AllowAutoRedirect = false });
        var leaks = new List<string>();
        foreach (var (method, path, route) in Endpoints().Where(e => !IsPublic(e.Route)))
        {
            var r = await client.SendAsync(Request(method, path));
            var ok = r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest
                || (r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location!.OriginalString.Contains("/account/login"));
            if (!ok) leaks.Add($"{method} {path} → {(int)r.StatusCode}");
        }
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task A_user_of_another_organisation_sees_and_changes_nothing_of_the_unit()
    {
        foreach (var role in new[] { Roles.UnitEditor, Roles.UnitLeader, Roles.Reader })
        {
            var client = await UserAsync("xiyang-" + role, role, "西阳镇");
            var problems = new List<string>();
            foreach (var (method, path, route) in Endpoints().Where(e => !IsPublic(e.Route)))
            {
                var r = await client.SendAsync(Request(method, path));
                var body = await r.Content.ReadAsStringAsync();
                if (Secrets.Any(body.Contains)) problems.Add($"{role}: {method} {path} shows the unit's ledger ({(int)r.StatusCode})");
                if (method != "GET" && (int)r.StatusCode is >= 200 and < 300 && !OwnThings(route))
                    problems.Add($"{role}: {method} {path} accepted a change ({(int)r.StatusCode})");
            }
            Assert.Empty(problems);
        }
    }

    [Fact]
    public async Task The_system_security_and_audit_administrators_see_and_change_no_ledger()
    {
        // Even with the unit as its organisation, an administrator of the system has no ledger.
        await using (var db = _app.CreateDb())
        {
            var unit = db.Organizations.Single(o => o.Name == "城北镇").Id;
            foreach (var u in db.Users.Where(u => u.UserName == "sysadmin" || u.UserName == "secadmin" || u.UserName == "auditadmin")) u.OrganizationId = unit;
            await db.SaveChangesAsync();
        }
        var administrators = new (string Name, HttpClient Client)[]
        {
            ("sysadmin", await _app.SysAdminAsync()), ("secadmin", await _app.SecAdminAsync()), ("auditadmin", await _app.AuditAdminAsync()),
        };
        var problems = new List<string>();
        foreach (var (name, client) in administrators)
            foreach (var (method, path, route) in Endpoints().Where(e => !IsPublic(e.Route)))
            {
                var r = await client.SendAsync(Request(method, path));
                var body = await r.Content.ReadAsStringAsync();
                // The audit log records the ledger's writes: reading it is the audit administrator's job.
                if (Secrets.Any(body.Contains) && !(name == "auditadmin" && route.StartsWith("admin/audit", StringComparison.Ordinal)))
                    problems.Add($"{name}: {method} {path} shows the unit's ledger ({(int)r.StatusCode})");
                if (method != "GET" && (int)r.StatusCode is >= 200 and < 300 && !OwnThings(route))
                    problems.Add($"{name}: {method} {path} accepted a change ({(int)r.StatusCode})");
            }
        Assert.Empty(problems);
    }

    [Fact]
    public async Task A_reader_of_the_unit_reads_but_changes_nothing()
    {
        var client = await UserAsync("chengbei-reader", Roles.Reader, "城北镇");
        Assert.Contains("撂荒复耕工作开展不扎实", await client.GetStringAsync("/inspections/1"));
        var accepted = new List<string>();
        foreach (var (method, path, route) in Endpoints().Where(e => !IsPublic(e.Route) && e.Method != "GET"))
        {
            var r = await client.SendAsync(Request(method, path));
            if ((int)r.StatusCode is >= 200 and < 300 && !OwnThings(route))
                accepted.Add($"{method} {path} → {(int)r.StatusCode}");
        }
        Assert.Empty(accepted);
    }
}
