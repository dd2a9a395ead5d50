using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Rectify.Data;
using Rectify.Infrastructure;
using Rectify.Tests.Web;

namespace Rectify.Tests.Supervision;

/// <summary>
/// The demo app on a clock the test moves, with the people of 城北镇 as users: the principal
/// leader, a responsible leader and person, a unit editor, two supervisors of the district and one
/// of another district (whose scope does not cover 城北镇).
/// </summary>
public sealed class SupervisionWorld : IAsyncDisposable
{
    public const string Password = "user-pass-123";
    public RectifyApp Root { get; }
    public FakeTimeProvider Clock { get; }
    public WebApplicationFactory<Program> App { get; private set; }
    public const int District = 1, Town = 2;

    public SupervisionWorld(DateTimeOffset now, RectifyApp? root = null, bool background = false)
    {
        Root = root ?? new RectifyApp();
        Clock = new FakeTimeProvider(now);
        App = Start(background);
    }

    WebApplicationFactory<Program> Start(bool background) => Root.WithWebHostBuilder(b =>
    {
        // The background scan is tested on its own; elsewhere tests call the scan directly.
        b.UseSetting("Rectify:Reminders:IntervalSeconds", background ? "60" : "0");
        b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    });

    /// <summary>A new app instance over the same data folder, as after a restart.</summary>
    public async Task RestartAsync(bool background = false)
    {
        await App.DisposeAsync();
        App = Start(background);
    }

    public RectifyDb Db() => App.Services.GetRequiredService<Rectify.Data.Storage>().CreateDb();

    public async Task<AppUser> UserAsync(string userName, string? displayName, string role, int? organizationId, string? email = null)
    {
        using var scope = App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var u = new AppUser { UserName = userName, DisplayName = displayName, OrganizationId = organizationId, Email = email };
        var r = await users.CreateAsync(u, Password);
        if (!r.Succeeded) throw new InvalidOperationException(string.Join(";", r.Errors.Select(e => e.Description)));
        await users.AddToRoleAsync(u, role);
        return u;
    }

    /// <summary>The people of the demo: 王书记 leads 城北镇; 李副镇长 and 张干事 own problem 12.</summary>
    public async Task PeopleAsync()
    {
        int otherDistrict;
        await using (var db = Db())
        {
            var town = await db.Organizations.FindAsync(Town);
            town!.PrincipalLeader = "王书记";
            var other = db.Organizations.Add(new Rectify.Core.Domain.Organization { Name = "别的区", Level = Rectify.Core.Domain.OrganizationLevel.District }).Entity;
            await db.SaveChangesAsync();
            otherDistrict = other.Id;
            await DocumentSetup.ForInspectionAsync(db);
        }
        await UserAsync("wang", "王书记", Roles.UnitLeader, Town);
        await UserAsync("li", "李副镇长", Roles.UnitLeader, Town);
        await UserAsync("zhang", "张干事", Roles.UnitEditor, Town, "zhang@example.org");
        await UserAsync("jw1", "区纪委监督员甲", Roles.Supervisor, District);
        await UserAsync("jw2", "区纪委监督员乙", Roles.Supervisor, null);
        await UserAsync("other", "别区监督员", Roles.Supervisor, otherDistrict);
        await UserAsync("reader", "只读", Roles.Reader, Town);
    }

    public Task<HttpClient> ClientAsync(string user) => SignInAsync(App, user, user switch
    {
        "admin" => RectifyApp.AdminPassword,
        "sysadmin" => RectifyApp.SysAdminPassword,
        "secadmin" => RectifyApp.SecAdminPassword,
        _ => Password,
    });

    static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> app, string user, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {user} failed: {response.StatusCode}");
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Root.DisposeAsync();
    }
}
