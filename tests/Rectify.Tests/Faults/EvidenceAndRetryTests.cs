using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Rectify.Data;
using Rectify.Features.Problems;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22, items 1 and 2: evidence and its rows are written together or not at all, staged
/// uploads are swept and kept out of backups, a row without its file is named, and a write sent
/// again with the same Idempotency-Key is done once. On SQLite, and on PostgreSQL (<see cref="PostgresEvidenceAndRetryTests"/>).
/// </summary>
public class EvidenceAndRetryTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public EvidenceAndRetryTests() : this(postgres: false) { }

    protected EvidenceAndRetryTests(bool postgres)
    {
        _postgres = postgres;
        _app = RectifyApp.SqliteOrPostgres(postgres);
    }

    public async ValueTask InitializeAsync()
    {
        if (_postgres) RectifyApp.PostgresServer(); // skipped without PostgreSQL
        await CreateUsersAsync(_app);
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    EvidenceStore Store => _app.Services.GetRequiredService<EvidenceStore>();

    static string Sha(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));

    async Task<(int Entries, int Evidence)> CountAsync(string text)
    {
        await using var db = _app.CreateDb();
        var entries = await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.Text == text);
        var evidence = await db.Evidence.CountAsync();
        return (entries, evidence);
    }

    static HttpRequestMessage ProgressPost(string text, int version, string? key, params (string Name, byte[] Bytes)[] files)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{Phased}/progress") { Content = Progress(text, version, files) };
        if (key is not null) request.Headers.Add("Idempotency-Key", key);
        return request;
    }

    [Fact]
    public async Task A_progress_post_retried_after_a_fault_is_stored_once()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var pdf = Pdf("retried after a fault");
        var key = Guid.NewGuid().ToString();
        // The fault: the evidence file cannot be moved into its place (something else sits there).
        var place = Store.PathOf(Sha(pdf)[..2] + "/" + Sha(pdf));
        Directory.CreateDirectory(place);

        var first = await client.SendAsync(ProgressPost("复耕 42 亩", v, key, ("照片.pdf", pdf)));
        Assert.Equal(HttpStatusCode.InternalServerError, first.StatusCode);
        Assert.Equal((0, 0), await CountAsync("复耕 42 亩"));

        Directory.Delete(place);
        var second = await client.SendAsync(ProgressPost("复耕 42 亩", v, key, ("照片.pdf", pdf)));
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondBody = await second.Content.ReadAsStringAsync();
        // The answer was lost on the way: the client sends the same request again.
        var third = await client.SendAsync(ProgressPost("复耕 42 亩", v, key, ("照片.pdf", pdf)));
        Assert.Equal(HttpStatusCode.Created, third.StatusCode);
        Assert.Equal("true", third.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(secondBody, await third.Content.ReadAsStringAsync());
        Assert.Equal(second.Headers.Location, third.Headers.Location);

        Assert.Equal((1, 1), await CountAsync("复耕 42 亩"));
        Assert.True(File.Exists(place));
        Assert.Equal(0, (await Store.MissingAsync(_app.CreateDb(), 10, default)).Count);
    }

    [Fact]
    public async Task The_same_key_on_a_different_request_is_refused_and_another_user_does_not_get_the_answer()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var key = Guid.NewGuid().ToString();
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(ProgressPost("第一次", v, key))).StatusCode);
        var other = await client.SendAsync(ProgressPost("内容不同", v + 1, key));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Contains("Idempotency-Key 已用于另一个", await DetailAsync(other));
        Assert.Equal(0, (await CountAsync("内容不同")).Entries);

        // The key is the user's own: another user's request with it is done as its own.
        var colleague = await _app.As("editor2");
        var r = await colleague.SendAsync(ProgressPost("同事的进展", await colleague.VersionAsync(Phased), key));
        Assert.Equal(HttpStatusCode.Created, r.StatusCode);
        Assert.False(r.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal(1, (await CountAsync("同事的进展")).Entries);
    }

    [Fact]
    public async Task A_refused_request_leaves_its_key_free_for_the_corrected_retry()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var key = Guid.NewGuid().ToString();
        // A date in the future: 422, nothing written, nothing kept under the key.
        var refused = new HttpRequestMessage(HttpMethod.Post, $"/api/problems/{Phased}/progress")
        {
            Content = new MultipartFormDataContent { { new StringContent("2999-01-01"), "date" }, { new StringContent("按键重试"), "text" }, { new StringContent($"{v}"), "version" } },
        };
        refused.Headers.Add("Idempotency-Key", key);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await client.SendAsync(refused)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(ProgressPost("按键重试", v, key))).StatusCode);
        Assert.Equal(1, (await CountAsync("按键重试")).Entries);
    }

    [Fact]
    public async Task A_page_form_sent_twice_with_its_key_is_saved_once()
    {
        var client = await _app.As("editor");
        var page = await client.GetStringAsync($"/problems/{Phased}");
        Assert.Contains("/js/forms.js", page); // the script that gives each form its key
        var token = RectifyApp.AntiforgeryToken(page);
        var v = await client.VersionAsync(Phased);
        var key = Guid.NewGuid().ToString();
        HttpRequestMessage Post()
        {
            var form = Progress("表单重复提交", v);
            form.Add(new StringContent(token), "__RequestVerificationToken");
            form.Add(new StringContent(key), "__IdempotencyKey");
            var m = new HttpRequestMessage(HttpMethod.Post, $"/problems/{Phased}?handler=Progress") { Content = form };
            m.Headers.Accept.ParseAdd("text/html");
            return m;
        }
        var first = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        var again = await client.SendAsync(Post());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(first.Headers.Location, again.Headers.Location);
        Assert.Equal(1, (await CountAsync("表单重复提交")).Entries);
    }

    [Fact]
    public async Task A_save_that_fails_after_the_file_is_placed_leaves_no_row_and_a_harmless_file()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        await using (var db = _app.CreateDb())
            await db.Database.ExecuteSqlRawAsync(_postgres
                ? """
                  CREATE FUNCTION refuse_evidence() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
                  CREATE TRIGGER refuse_evidence BEFORE INSERT ON "Evidence" FOR EACH ROW EXECUTE FUNCTION refuse_evidence();
                  """
                : "CREATE TRIGGER refuse_evidence BEFORE INSERT ON Evidence BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");
        var pdf = Pdf("commit fails");
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress("提交失败", v, ("a.pdf", pdf)));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal((0, 0), await CountAsync("提交失败"));
        // The placed file belongs to no row; it is content-addressed, so the retry finds it in place.
        Assert.True(File.Exists(Store.PathOf(Sha(pdf)[..2] + "/" + Sha(pdf))));
        await using (var db = _app.CreateDb())
            await db.Database.ExecuteSqlRawAsync(_postgres ? "DROP TRIGGER refuse_evidence ON \"Evidence\";" : "DROP TRIGGER refuse_evidence;");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("提交失败", v, ("a.pdf", pdf)))).StatusCode);
        Assert.Equal((1, 1), await CountAsync("提交失败"));
    }

    [Fact]
    public async Task Staged_files_older_than_a_day_are_swept_and_a_row_without_its_file_is_named()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var pdf = Pdf("will go missing");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("文件将丢失", v, ("lost.pdf", pdf)))).StatusCode);

        var staging = Path.Combine(Store.Folder, EvidenceStore.StagingFolderName);
        Directory.CreateDirectory(staging);
        var old = Path.Combine(staging, "left-by-a-crash");
        var fresh = Path.Combine(staging, "upload-under-way");
        await File.WriteAllTextAsync(old, "x");
        await File.WriteAllTextAsync(fresh, "y");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-2));
        File.Delete(Store.PathOf(Sha(pdf)[..2] + "/" + Sha(pdf)));

        var sweep = _app.Services.GetServices<IHostedService>().OfType<EvidenceSweep>().Single();
        await sweep.RunOnceAsync(default);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(fresh));
        var (count, first) = await Store.MissingAsync(_app.CreateDb(), 10, default);
        Assert.Equal(1, count);
        Assert.Equal("lost.pdf", first.Single().FileName);
    }

    [Fact]
    public async Task A_backup_leaves_staged_files_out()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var pdf = Pdf("kept in the backup");
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress("备份", v, ("keep.pdf", pdf)))).StatusCode);
        var staging = Path.Combine(Store.Folder, EvidenceStore.StagingFolderName);
        Directory.CreateDirectory(staging);
        await File.WriteAllTextAsync(Path.Combine(staging, "half-uploaded"), "x");

        var zipPath = Path.Combine(_app.DataFolder, "backup.zip");
        await Backup.CreateAsync(_app.Services.GetRequiredService<Rectify.Data.Storage>(), zipPath);
        using var zip = ZipFile.OpenRead(zipPath);
        var names = zip.Entries.Select(e => e.FullName).ToList();
        Assert.Contains($"evidence/{Sha(pdf)[..2]}/{Sha(pdf)}", names);
        Assert.DoesNotContain(names, n => n.StartsWith("evidence/tmp/", StringComparison.Ordinal));
    }
}

public sealed class PostgresEvidenceAndRetryTests() : EvidenceAndRetryTests(postgres: true);
