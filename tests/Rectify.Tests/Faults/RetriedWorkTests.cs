using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Cli;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Features.Problems;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22, item 3 on PostgreSQL: the writes that are not an ordinary request — a large evidence upload, a
/// `rectify` command, the reminder scan the background service runs — meet a connection cut at a chosen
/// statement (<see cref="TcpPassThrough.BreakOnce"/>, as a server restart does) and are repeated whole: stored
/// once, with their evidence.
/// </summary>
public sealed class RetriedWorkTests
{
    static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    [Fact]
    public async Task A_large_upload_cut_by_a_transient_error_is_stored_once_with_its_evidence_and_nothing_left_staged()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        await CreateUsersAsync(app);
        var editor = await app.As("editor");
        var version = await editor.VersionAsync(Phased);
        // 8 MB: the form reader keeps it on disk, not in memory; a PDF by its content, padded.
        var large = Pdf("large evidence").Concat(new byte[8 * 1024 * 1024]).ToArray();
        proxy.BreakOnce("INSERT INTO \"ProgressEntries\"");
        var r = await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("断线时的大文件进展", version, ("现场照片.pdf", large)));
        Assert.Equal(1, proxy.Broken);
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");

        await using var db = app.CreateDb();
        var entry = await db.ProgressEntries.Include(e => e.Evidence).SingleAsync(e => e.Text == "断线时的大文件进展");
        var evidence = Assert.Single(entry.Evidence);
        Assert.Equal(Sha(large), evidence.Sha256);
        var store = app.Services.GetRequiredService<EvidenceStore>();
        var file = new FileInfo(Path.Combine(store.Folder, evidence.StoredPath));
        Assert.True(file.Exists, $"evidence file {file.FullName} is missing");
        Assert.Equal(Sha(large), Sha(await File.ReadAllBytesAsync(file.FullName)));
        Assert.Equal(1, await db.Evidence.CountAsync());
        // Neither attempt left a staged copy behind.
        var staging = Path.Combine(store.Folder, EvidenceStore.StagingFolderName);
        Assert.Empty(Directory.Exists(staging) ? Directory.GetFiles(staging) : []);
    }

    [Fact]
    public async Task A_cli_import_save_cut_by_a_transient_error_is_repeated_whole_and_stored_once()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        var database = "rectify_cli_" + Guid.NewGuid().ToString("N")[..12];
        var data = Path.Combine(Path.GetTempPath(), "rectify-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(data);
        var env = new Dictionary<string, string> { ["Database__Provider"] = "Postgres", ["ConnectionStrings__Rectify"] = connection + ";Database=" + database };
        try
        {
            // The database made and seeded first: the cut is meant for the import's own save.
            Assert.Equal(0, CliTests.RunWith(data, env, "inspections").Exit);
            var before = Count(database, "Inspections");
            var notice = Path.Combine(data, "notice.txt");
            await File.WriteAllTextAsync(notice, CliTests.SavedNotice);

            proxy.BreakOnce("INSERT INTO \"Inspections\"");
            var (exit, output, error) = CliTests.RunWith(data, env, "import", notice, "--save");
            Assert.Equal(1, proxy.Broken);
            Assert.True(exit == 0, output + error);
            Assert.Contains("已保存为巡察", error);
            // One inspection more, not two: the repeated unit did not store the first attempt's rows again.
            Assert.Equal(before + 1, Count(database, "Inspections"));
        }
        finally
        {
            Drop(database);
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task The_reminder_scan_cut_by_a_transient_error_is_repeated_whole_and_delivers_each_reminder_once()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        await CreateUsersAsync(app);
        // Overdue problems for the scan to tell: every open problem's deadline a week past.
        await using (var db = app.CreateDb())
            await db.Problems.ExecuteUpdateAsync(s => s.SetProperty(p => p.Deadline, DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-7)));

        proxy.BreakOnce("INSERT INTO \"Notifications\"");
        ScanResult first;
        using (var scope = app.Services.CreateScope())
            first = await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>(),
                ct: TestContext.Current.CancellationToken);
        Assert.Equal(1, proxy.Broken);
        Assert.True(first.Delivered > 0);

        await using var check = app.CreateDb();
        var stored = await check.Notifications.CountAsync();
        Assert.True(stored >= first.Delivered, $"{stored} stored, {first.Delivered} delivered");
        // Each event once: a second attempt's rows did not join the first's.
        Assert.Equal(stored, await check.Notifications.Select(n => n.EventKey).Distinct().CountAsync());
        // The next pass finds every reminder delivered already.
        using (var scope = app.Services.CreateScope())
            Assert.Equal(0, (await ReminderScan.RunAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Rectify.Core.OfficeClock>(),
                ct: TestContext.Current.CancellationToken)).Delivered);
    }

    [Fact]
    public async Task A_first_start_cut_by_a_transient_error_during_the_demo_load_loads_the_whole_demo_once()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        // The demo's problems go out in the first start's unit, after its organisations: the server never sees them.
        proxy.BreakOnce("INSERT INTO \"Problems\"");
        await using var app = new RectifyApp(connection);
        await using var db = app.CreateDb(); // the app starts here
        Assert.Equal(1, proxy.Broken);
        // The demo whole and once: no second 城北镇 from the cut attempt, every problem there, the first start marked done.
        Assert.Equal(1, await db.Organizations.CountAsync(o => o.Name == "城北镇"));
        Assert.Equal(1, await db.Organizations.CountAsync(o => o.Name == "区纪委监委"));
        Assert.Equal(14, await db.Problems.CountAsync());
        Assert.True(await db.Settings.AnyAsync(s => s.Key == "seeded"));
        // Its ledger is there to read (its ids may be later ones: a sequence is not rolled back).
        var client = await app.SignedInClientAsync();
        Assert.Contains("城北镇", await client.GetStringAsync("/api/inspections"));
    }

    [Fact]
    public async Task An_account_made_on_admin_people_cut_by_a_transient_error_is_made_once_with_its_role_and_links()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        // One administrator who also keeps the accounts: /admin/people then creates them itself.
        await using var app = new RectifyApp(connection) { Settings = { ["Rectify:Security:SeparateAdministrators"] = "false" } };
        int problem, town;
        await using (var db = app.CreateDb())
        {
            town = (await db.Organizations.SingleAsync(o => o.Name == "城北镇")).Id;
            var p = await db.Problems.OrderBy(x => x.Id).FirstAsync();
            p.ResponsiblePerson = "孙干事";
            p.ResponsiblePersonId = null;
            await db.SaveChangesAsync();
            problem = p.Id;
        }
        var admin = await app.SignedInClientAsync();
        var screen = await admin.GetStringAsync("/admin/people");
        Assert.Contains("data-name=\"孙干事\"", screen);

        // The account's row goes out in the unit's transaction (account, role, links): the server never sees it.
        proxy.BreakOnce("INSERT INTO \"AspNetUsers\"");
        var r = await admin.PostAsync("/admin/people?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Name"] = "孙干事", ["OrganizationId"] = $"{town}", ["NewUserName"] = "sun", ["Role"] = Rectify.Infrastructure.Roles.UnitEditor,
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(screen),
        }));
        Assert.Equal(1, proxy.Broken);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("已新建账号“sun”", await r.Content.ReadAsStringAsync());

        await using var check = app.CreateDb();
        var sun = await check.Users.SingleAsync(u => u.UserName == "sun");
        Assert.Equal(1, await check.UserRoles.CountAsync(ur => ur.UserId == sun.Id));
        Assert.Equal(sun.Id, (await check.Problems.SingleAsync(p => p.Id == problem)).ResponsiblePersonId);
    }

    static long Count(string database, string table)
    {
        using var c = new Npgsql.NpgsqlConnection(RectifyApp.PostgresServer() + ";Database=" + database + ";Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = $"""SELECT count(*) FROM "{table}" """;
        return (long)command.ExecuteScalar()!;
    }

    static void Drop(string database)
    {
        using var c = new Npgsql.NpgsqlConnection(RectifyApp.PostgresServer() + ";Database=postgres;Pooling=False");
        c.Open();
        using var command = c.CreateCommand();
        command.CommandText = $"""DROP DATABASE IF EXISTS "{database}" WITH (FORCE)""";
        command.ExecuteNonQuery();
    }
}
