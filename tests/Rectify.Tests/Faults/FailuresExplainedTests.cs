using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22, item 3: a database that cannot be reached answers 503 with Retry-After and a Chinese
/// reason, a full disk 507, a browser gets a page (the form again where the page shows its own
/// refusals), /healthz says so, and the app recovers without a restart.
/// </summary>
public sealed class FailuresExplainedTests
{
    const string Unavailable = "数据库暂时无法连接，请稍后重试；您的操作未保存";

    static HttpRequestMessage Html(HttpMethod method, string path, HttpContent? content = null)
    {
        var m = new HttpRequestMessage(method, path) { Content = content };
        m.Headers.Accept.ParseAdd("text/html");
        return m;
    }

    static async Task<JsonElement> HealthAsync(RectifyApp app, HttpStatusCode expected)
    {
        var r = await app.CreateClient().GetAsync("/healthz");
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(expected == r.StatusCode, $"healthz {(int)r.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }

    [Fact]
    public async Task Postgres_out_of_reach_answers_503_with_retry_after_in_chinese_and_the_app_recovers()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        await CreateUsersAsync(app);
        var client = await app.As("editor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/inspections")).StatusCode);
        var v = await client.VersionAsync(Phased);

        proxy.Stop();
        try
        {
            await DuringTheOutageAsync(app, client, v);
        }
        finally
        {
            proxy.Start(); // the database back, also for the test's own clean-up
        }

        // Back: the same app answers again, and the write made during the outage is not there.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/inspections")).StatusCode);
        await HealthAsync(app, HttpStatusCode.OK);
        await using var db = app.CreateDb();
        Assert.Equal(0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "断库时的进展"));
    }

    static async Task DuringTheOutageAsync(RectifyApp app, HttpClient client, int v)
    {
        var api = await client.GetAsync("/api/inspections");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, api.StatusCode);
        Assert.Equal("5", api.Headers.GetValues("Retry-After").Single());
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = await api.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Unavailable, problem.GetProperty("detail").GetString());
        Assert.Equal("urn:rectify:database-unavailable", problem.GetProperty("type").GetString());

        var write = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("断库时的进展", v, ("a.pdf", Pdf("outage"))));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.StatusCode);

        var page = await client.SendAsync(Html(HttpMethod.Get, $"/problems/{Phased}"));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains(Unavailable, await page.Content.ReadAsStringAsync());
        Assert.True(page.Headers.Contains("Retry-After"));

        var health = await HealthAsync(app, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_postgres_restart_is_not_seen_by_a_read_the_strategy_retries()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        var client = await app.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/inspections/1/ledger")).StatusCode);
        // Every pooled connection breaks, as when the server restarts; the next read meets a broken one first.
        proxy.DropConnections();
        var r = await client.GetAsync("/api/inspections/1/ledger");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_a_unit_of_work_repeats_the_whole_unit_and_stores_it_once()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        var sysadmin = await app.SysAdminAsync();
        var form = await sysadmin.GetStringAsync("/admin/users");
        // The account's row goes out in the unit's transaction (account, then role): the server never sees it.
        proxy.BreakOnce("INSERT INTO \"AspNetUsers\"");
        var r = await sysadmin.PostAsync("/admin/users?handler=Create", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "retried-clerk", ["Role"] = Rectify.Infrastructure.Roles.Reader, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(form),
        }));
        Assert.Equal(1, proxy.Broken);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Contains("已新建用户“retried-clerk”", await r.Content.ReadAsStringAsync());

        await using var db = app.CreateDb();
        var user = await db.Users.SingleAsync(u => u.UserName == "retried-clerk");
        Assert.Equal(1, await db.UserRoles.CountAsync(ur => ur.UserId == user.Id));
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_an_ordinary_save_repeats_the_request_and_stores_it_once()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        await CreateUsersAsync(app);
        var editor = await app.As("editor");
        var version = await editor.VersionAsync(Phased);
        // The progress entry's row goes out in the save's transaction: the server never sees it, the request runs again.
        proxy.BreakOnce("INSERT INTO \"ProgressEntries\"");
        var r = await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("断线后重做的进展", version, ("照片.pdf", Pdf("cut once"))));
        Assert.Equal(1, proxy.Broken);
        Assert.True(r.StatusCode == HttpStatusCode.Created, $"{(int)r.StatusCode}: {await r.Content.ReadAsStringAsync()}");

        await using var db = app.CreateDb();
        var entry = await db.ProgressEntries.Include(e => e.Evidence).SingleAsync(e => e.Text == "断线后重做的进展");
        Assert.Single(entry.Evidence);
        Assert.Equal(version + 1, (await db.Problems.SingleAsync(p => p.Id == Phased)).Version);
        Assert.Equal(1, await db.AuditEntries.CountAsync(a => a.Entity == nameof(Rectify.Core.Domain.ProgressEntry) && a.EntityKey == entry.Id.ToString()));
    }

    [Fact]
    public async Task A_connection_cut_as_the_commit_is_sent_is_answered_503_and_not_repeated()
    {
        var (proxy, connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        await using var _ = proxy;
        await using var app = new RectifyApp(connection);
        await CreateUsersAsync(app);
        var editor = await app.As("editor");
        var version = await editor.VersionAsync(Phased);
        // Whether a commit cut on its way arrived the app cannot know: running the request again could store it twice.
        // The statement COMMIT as sent (a query message ends with a null), not the READ COMMITTED of a BEGIN.
        proxy.BreakOnce("COMMIT\0");
        var r = await editor.PostAsync($"/api/problems/{Phased}/progress", Progress("提交时断线的进展", version));
        Assert.Equal(1, proxy.Broken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Equal(Unavailable, await DetailAsync(r));

        await using var db = app.CreateDb();
        // This cut came before the server saw the commit: nothing stored, and no second attempt stored it either.
        Assert.Equal(0, await db.ProgressEntries.CountAsync(e => e.Text == "提交时断线的进展"));
        Assert.Equal(version, (await db.Problems.SingleAsync(p => p.Id == Phased)).Version);
    }

    /// <summary>A data folder on its own small tmpfs, filled to the last byte (root only; CI runs as root).</summary>
    sealed class SmallDisk : IDisposable
    {
        public string Folder { get; } = Path.Combine(Path.GetTempPath(), "rectify-full-" + Guid.NewGuid().ToString("N"));
        string Filler => Path.Combine(Folder, "filler");

        /// <param name="inodes">How many files and folders it may hold (nr_inodes); no limit but memory when not given.</param>
        public SmallDisk(string size, int? inodes = null)
        {
            if (!OperatingSystem.IsLinux() || Environment.UserName != "root") Assert.Skip("needs root to mount a small tmpfs");
            Directory.CreateDirectory(Folder);
            try
            {
                Run("mount", "-t", "tmpfs", "-o", $"size={size}" + (inodes is { } n ? $",nr_inodes={n}" : ""), "tmpfs", Folder);
            }
            catch (InvalidOperationException e)
            {
                Directory.Delete(Folder);
                Assert.Skip($"mount is not permitted here (a container without CAP_SYS_ADMIN?): {e.Message.Trim()}");
            }
        }

        string Fillers => Path.Combine(Folder, "fillers");

        /// <summary>Creates empty files until the disk refuses another: space is left, inodes are not.</summary>
        public int FillInodes()
        {
            var made = 0;
            try
            {
                Directory.CreateDirectory(Fillers);
                while (true) { File.Create(Path.Combine(Fillers, made.ToString(System.Globalization.CultureInfo.InvariantCulture))).Dispose(); made++; }
            }
            catch (IOException) { }
            return made;
        }

        public void FreeInodes() => Directory.Delete(Fillers, recursive: true);

        /// <summary>Writes until the disk refuses another byte.</summary>
        public void Fill()
        {
            using var f = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1);
            var block = new byte[64 * 1024];
            try
            {
                while (true) f.Write(block);
            }
            catch (IOException) { }
            try
            {
                while (true) { f.WriteByte(0); f.Flush(); }
            }
            catch (IOException) { }
        }

        public void Free() => File.Delete(Filler);

        static void Run(string file, params string[] args)
        {
            var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
            p.WaitForExit();
            if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)}: {p.StandardError.ReadToEnd()}");
        }

        public void Dispose()
        {
            Run("umount", "-l", Folder);
            Directory.Delete(Folder);
        }
    }

    /// <summary>The app with its data folder (the evidence) on <paramref name="disk"/>, its database SQLite there too or PostgreSQL elsewhere.</summary>
    static RectifyApp OnDisk(SmallDisk disk, bool postgres) =>
        new(postgres ? RectifyApp.PostgresServer() : null) { Settings = { ["Rectify:Data"] = disk.Folder } };

    [Fact]
    public Task A_disk_out_of_inodes_answers_507_nothing_is_saved_healthz_says_so_and_the_app_recovers() => OutOfInodesAsync(postgres: false);

    /// <summary>The evidence folder out of inodes while the database, PostgreSQL, is elsewhere and well.</summary>
    [Fact]
    public Task Postgres_a_disk_out_of_inodes_answers_507_for_evidence_nothing_is_half_saved_and_the_app_recovers() => OutOfInodesAsync(postgres: true);

    static async Task OutOfInodesAsync(bool postgres)
    {
        if (postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        using var disk = new SmallDisk("48m", inodes: 400);
        await using var app = OnDisk(disk, postgres);
        await CreateUsersAsync(app);
        var client = await app.As("editor");
        var v = await client.VersionAsync(Phased);
        await HealthAsync(app, HttpStatusCode.OK);

        Assert.True(disk.FillInodes() > 0);
        var api = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("无索引节点时的进展", v, ("a.pdf", Pdf("no inode"))));
        Assert.True((HttpStatusCode)507 == api.StatusCode, $"{(int)api.StatusCode}: {await api.Content.ReadAsStringAsync()}");
        Assert.Contains("存储空间已满，您的操作未保存", await DetailAsync(api));
        // A text alone needs no new evidence file; on SQLite whether it can still open its journal decides: stored
        // whole (201), or refused as storage full (507) with nothing stored — never a 500. PostgreSQL is not on this disk: stored.
        var textOnly = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("无索引节点时只有文字", v));
        Assert.True(textOnly.StatusCode is HttpStatusCode.Created || (!postgres && textOnly.StatusCode == (HttpStatusCode)507),
            $"{(int)textOnly.StatusCode}: {await textOnly.Content.ReadAsStringAsync()}");
        var textStored = textOnly.StatusCode == HttpStatusCode.Created ? 1 : 0;
        var health = await HealthAsync(app, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("evidence").GetProperty("status").GetString());

        disk.FreeInodes();
        await HealthAsync(app, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("有索引节点后重试", await client.VersionAsync(Phased), ("a.pdf", Pdf("after inodes"))))).StatusCode);
        await using var db = app.CreateDb();
        Assert.Equal(0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "无索引节点时的进展"));
        Assert.Equal(textStored, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "无索引节点时只有文字"));
        Assert.Equal(1, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "有索引节点后重试"));
        Assert.Equal(1, await db.Evidence.CountAsync());
    }

    [Fact]
    public Task A_full_disk_answers_507_nothing_is_saved_the_form_comes_back_and_healthz_says_so() => FullDiskAsync(postgres: false);

    /// <summary>The evidence folder on a full disk while the database, PostgreSQL, is elsewhere and well.</summary>
    [Fact]
    public Task Postgres_a_full_disk_answers_507_for_evidence_nothing_is_half_saved_the_form_comes_back_and_healthz_says_so() => FullDiskAsync(postgres: true);

    static async Task FullDiskAsync(bool postgres)
    {
        if (postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        using var disk = new SmallDisk("48m");
        await using var app = OnDisk(disk, postgres);
        await CreateUsersAsync(app);
        var client = await app.As("editor");
        var v = await client.VersionAsync(Phased);
        var page = await client.GetStringAsync($"/problems/{Phased}");
        await HealthAsync(app, HttpStatusCode.OK);

        disk.Fill();
        var api = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("满盘时的进展", v, ("a.pdf", Pdf("disk full"))));
        Assert.Equal((HttpStatusCode)507, api.StatusCode);
        Assert.Contains("存储空间已满，您的操作未保存", await DetailAsync(api));
        // SQLite's database is on the full disk: a text alone is refused as well. PostgreSQL's is not: a text needs
        // no evidence file and is stored whole.
        var textOnly = await client.PostAsync($"/api/problems/{Phased}/progress", Progress(postgres ? "满盘时只有文字" : "满盘时的进展", v));
        Assert.True((postgres ? HttpStatusCode.Created : (HttpStatusCode)507) == textOnly.StatusCode, $"{(int)textOnly.StatusCode}: {await textOnly.Content.ReadAsStringAsync()}");
        if (postgres) v = await client.VersionAsync(Phased);

        var form = Progress("满盘时的进展", v, ("a.pdf", Pdf("disk full")));
        form.Add(new StringContent(RectifyApp.AntiforgeryToken(page)), "__RequestVerificationToken");
        var browser = await client.SendAsync(Html(HttpMethod.Post, $"/problems/{Phased}?handler=Progress", form));
        Assert.Equal((HttpStatusCode)507, browser.StatusCode);
        Assert.Equal("text/html", browser.Content.Headers.ContentType?.MediaType);
        var html = await browser.Content.ReadAsStringAsync();
        Assert.Contains("存储空间已满，您的操作未保存", html);
        Assert.Contains("handler=Progress", html); // the form again, not JSON and not a bare error

        var health = await HealthAsync(app, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("Unhealthy", health.GetProperty("checks").GetProperty("evidence").GetProperty("status").GetString());

        disk.Free();
        await HealthAsync(app, HttpStatusCode.OK);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("满盘后重试", v, ("a.pdf", Pdf("after"))))).StatusCode);
        await using var db = app.CreateDb();
        Assert.Equal(0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "满盘时的进展"));
        Assert.Equal(1, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "满盘后重试"));
        Assert.Equal(postgres ? 1 : 0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == "满盘时只有文字"));
        Assert.Equal(1, await db.Evidence.CountAsync());
        // Every evidence row has its file: nothing half-written by the refused uploads.
        var store = app.Services.GetRequiredService<Rectify.Features.Problems.EvidenceStore>();
        foreach (var e in await db.Evidence.ToListAsync())
            Assert.True(File.Exists(Path.Combine(store.Folder, e.StoredPath)), $"evidence file {e.StoredPath} is missing");
    }
}
