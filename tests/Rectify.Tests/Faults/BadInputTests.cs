using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Rectify.Tests.Web;
using static Rectify.Tests.Problems.ProblemKit;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22, item 4: bad input is a 4xx with a Chinese reason and nothing written, never a 500. On SQLite, and on
/// PostgreSQL (<see cref="PostgresBadInputTests"/>), where every write runs as a retried unit that buffers the body.
/// </summary>
public class BadInputTests : IAsyncLifetime
{
    readonly RectifyApp _app;
    readonly bool _postgres;

    public BadInputTests() : this(postgres: false) { }

    protected BadInputTests(bool postgres)
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

    static ByteArrayContent Raw(string body, string contentType)
    {
        var c = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return c;
    }

    public static TheoryData<string, string> Malformed => new()
    {
        // No boundary at all.
        { "multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nabc\r\n--x--\r\n" },
        // Cut off in the middle of a part.
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nabc" },
        // Cut off inside the headers of a file part.
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.pdf\"\r\nContent-Ty" },
        // Not multipart at all under a multipart type.
        { "multipart/form-data; boundary=x", "{\"text\":\"abc\"}" },
        // A boundary that never comes.
        { "multipart/form-data; boundary=never", "--x\r\n\r\n--x--" },
        // Headers without the blank line.
        { "multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"text\"\r\n--x--\r\n" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task A_malformed_or_cut_off_multipart_body_is_400_on_progress_and_import_preview(string contentType, string body)
    {
        var client = await _app.As("admin");
        foreach (var path in new[] { $"/api/problems/{Phased}/progress", "/api/import/preview" })
        {
            var r = await client.PostAsync(path, Raw(body, contentType));
            Assert.True(r.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
            Assert.Contains("表单", await DetailAsync(r));
        }
        await using var db = _app.CreateDb();
        Assert.Equal(0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.ProblemId == Phased));
    }

    [Theory]
    [InlineData("?%E2%84%AA=1&k=2")]          // the Kelvin sign lower-cases to k
    [InlineData("?Status=red&status=done")]   // one key in two cases
    [InlineData("?status=done&status=red")]   // one key twice
    [InlineData("?%00=1&%FF%FE=2&page=-1&page=x")]
    public async Task Colliding_or_repeated_query_keys_on_the_ledger_are_not_a_500(string query)
    {
        var client = await _app.As("admin");
        foreach (var path in new[] { "/api/inspections/1/ledger", "/inspections/1", "/api/problems" })
        {
            var r = await client.GetAsync(path + query);
            Assert.True((int)r.StatusCode is 200 or 400, $"{path}{query}: {(int)r.StatusCode}");
        }
    }

    [Fact]
    public async Task A_progress_text_over_20000_characters_is_refused_with_422_and_nothing_written()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        long auditBefore;
        await using (var db = _app.CreateDb()) auditBefore = await db.AuditEntries.CountAsync();
        var text = new string('整', 2_000_000);
        var r = await client.PostAsync($"/api/problems/{Phased}/progress", Progress(text, v, ("a.pdf", Pdf("too long"))));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Equal("“整改进展内容”最多 20000 个字，本次提交了 2000000 个字；未保存任何内容", await DetailAsync(r));
        await using (var db = _app.CreateDb())
        {
            Assert.Equal(0, await db.Set<Rectify.Core.Domain.ProgressEntry>().CountAsync(e => e.ProblemId == Phased));
            Assert.Equal(0, await db.Evidence.CountAsync());
            Assert.Equal(auditBefore, await db.AuditEntries.CountAsync());
        }
        // No file was placed either: the limit is asked before the evidence is moved into its place.
        var evidence = Path.Combine(_app.DataFolder, "evidence");
        Assert.DoesNotContain(Directory.Exists(evidence) ? Directory.EnumerateFiles(evidence, "*", SearchOption.AllDirectories) : [],
            f => !f.Contains($"{Path.DirectorySeparatorChar}tmp{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

        // Exactly at the limit is kept.
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync($"/api/problems/{Phased}/progress", Progress(new string('整', 20_000), v))).StatusCode);
    }

    [Fact]
    public async Task A_measure_over_its_limit_is_refused_on_the_api_and_on_the_page_form_with_the_form_shown_again()
    {
        var client = await _app.As("editor");
        var v = await client.VersionAsync(Phased);
        var r = await client.PostAsync($"/api/problems/{Phased}/measures",
            new StringContent($"{{\"text\":\"{new string('措', 20_001)}\",\"version\":{v}}}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, r.StatusCode);
        Assert.Contains("“整改措施”最多 20000 个字", await DetailAsync(r));

        var page = await client.GetStringAsync($"/problems/{Phased}");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
            ["Version"] = $"{v}",
            ["NewMeasure.Text"] = new string('措', 20_001),
        });
        var post = new HttpRequestMessage(HttpMethod.Post, $"/problems/{Phased}?handler=MeasureAdd") { Content = form };
        post.Headers.Accept.ParseAdd("text/html");
        var answer = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal("text/html", answer.Content.Headers.ContentType?.MediaType);
        var html = await answer.Content.ReadAsStringAsync();
        Assert.Contains("最多 20000 个字", html);
        Assert.Contains("handler=MeasureAdd", html); // the form itself, not an error page
    }
}

public sealed class PostgresBadInputTests() : BadInputTests(postgres: true);
