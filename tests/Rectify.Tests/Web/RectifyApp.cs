using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;

namespace Rectify.Tests.Web;

/// <summary>
/// The whole app in process on a fresh database: a new SQLite folder per instance, or a new
/// PostgreSQL database when <paramref name="postgres"/> is given.
/// </summary>
public sealed partial class RectifyApp(string? postgres = null, string? database = null) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-pass-123";
    // The three administrators of 三员分立, created at the first start like admin.
    public const string SysAdminPassword = "system-pass-123";
    public const string SecAdminPassword = "security-pass-123";
    public const string AuditAdminPassword = "auditor-pass-123";

    // Dozens of app instances run at once in the tests: polling file watchers spare the
    // machine's small inotify limit (128 instances per user).
    static RectifyApp() => Environment.SetEnvironmentVariable("DOTNET_USE_POLLING_FILE_WATCHER", "true");
    public string DataFolder { get; } = Path.Combine(Path.GetTempPath(), "rectify-test-" + Guid.NewGuid().ToString("N"));
    /// <summary>Instances given the same <paramref name="database"/> share one PostgreSQL database (scale-out tests).</summary>
    readonly string? _pgConnection = postgres is null ? null : postgres + ";Database=" + (database ?? "rectify_t_" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>More settings for the app, given before it starts (e.g. Rectify:Audit:Chains).</summary>
    public Dictionary<string, string> Settings { get; } = [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        // Most tests sign in as the office's administrator by password alone; the tests of the
        // second factor turn the requirement back on through Settings.
        builder.UseSetting("Rectify:Security:RequireTwoFactor", "false");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("hostBuilder:reloadConfigOnChange", "false");
        builder.UseSetting("Rectify:Data", DataFolder);
        builder.UseSetting("Rectify:AdminPassword", AdminPassword);
        builder.UseSetting("Rectify:SysAdminPassword", SysAdminPassword);
        builder.UseSetting("Rectify:SecAdminPassword", SecAdminPassword);
        builder.UseSetting("Rectify:AuditAdminPassword", AuditAdminPassword);
        if (_pgConnection is not null)
        {
            builder.UseSetting("Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Rectify", _pgConnection);
        }
        foreach (var (key, value) in Settings) builder.UseSetting(key, value);
    }

    /// <summary>
    /// Every client says what a browser says on its own pages' requests (Sec-Fetch-Site: same-origin),
    /// so that API writes with the session cookie pass the cross-site check (ApiWriteOrigin); the
    /// tests of that check take the header off.
    /// </summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("Sec-Fetch-Site", "same-origin");
    }

    /// <summary>The PostgreSQL server that ./test.sh starts and names in RECTIFY_TEST_POSTGRES, if any.</summary>
    public static string? ConfiguredPostgres => Environment.GetEnvironmentVariable("RECTIFY_TEST_POSTGRES");

    /// <summary>
    /// The app for a test class written once for both databases: on the PostgreSQL server of
    /// RECTIFY_TEST_POSTGRES when <paramref name="postgres"/> (the class skips without one, see
    /// <see cref="PostgresServer"/>), else on SQLite; sign-in limited only loosely (tests sign in often).
    /// </summary>
    public static RectifyApp SqliteOrPostgres(bool postgres) =>
        new(postgres && ConfiguredPostgres is { Length: > 0 } server ? server : null) { Settings = { ["Rectify:SignInPerMinute"] = "100" } };

    /// <summary>That server; without one the test is skipped.</summary>
    public static string PostgresServer()
    {
        var server = ConfiguredPostgres;
        if (string.IsNullOrEmpty(server))
            Assert.Skip("RECTIFY_TEST_POSTGRES is not set: run ./test.sh, which starts PostgreSQL");
        return server;
    }

    public RectifyDb CreateDb() => Services.GetRequiredService<Rectify.Data.Storage>().CreateDb();

    /// <summary>A client that signed in through the real sign-in form.</summary>
    public async Task<HttpClient> SignedInClientAsync(string user = "admin", string password = AdminPassword)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var form = await client.GetStringAsync("/account/login");
        var response = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user,
            ["Password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
        }));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"sign-in as {user} failed: {response.StatusCode}");
        return client;
    }

    public Task<HttpClient> SysAdminAsync() => SignedInClientAsync("sysadmin", SysAdminPassword);
    public Task<HttpClient> SecAdminAsync() => SignedInClientAsync("secadmin", SecAdminPassword);
    public Task<HttpClient> AuditAdminAsync() => SignedInClientAsync("auditadmin", AuditAdminPassword);

    public static string AntiforgeryToken(string html) =>
        TokenRegex().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token in page");

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenRegex();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_pgConnection is not null)
        {
            // FORCE: another instance of a scale-out test may still hold pooled connections.
            var cs = new Npgsql.NpgsqlConnectionStringBuilder(_pgConnection);
            var name = cs.Database;
            cs.Database = "postgres";
            cs.Pooling = false;
            await using var conn = new Npgsql.NpgsqlConnection(cs.ConnectionString);
            await conn.OpenAsync();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", conn);
            await drop.ExecuteNonQueryAsync();
        }
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
