using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Cli;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Notifications;

/// <summary>
/// E-mail over a real SMTP conversation (a server the test starts on a local port): a server that is down
/// or refuses an address loses nothing (the inbox entry stays, the e-mail is retried and the failure shown
/// to the administrators), several senders on one database send each e-mail once, and the connection's
/// protection is what Rectify:Smtp:Security says.
/// </summary>
public class MailTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    SmtpSink _smtp = null!;
    SupervisionWorld _w = null!;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        _w = new SupervisionWorld(June1, Root(_smtp, interval: 0));
        await _w.UserAsync("zhang", "张干事", Roles.UnitEditor, SupervisionWorld.Town, "zhang@example.org");
        await _w.UserAsync("li", "李副镇长", Roles.UnitLeader, SupervisionWorld.Town, "li@example.org");
    }

    internal static RectifyApp Root(SmtpSink smtp, int interval, string? postgres = null)
    {
        var root = new RectifyApp(postgres);
        smtp.Configure(root.Settings, interval);
        return root;
    }

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    /// <summary>Inbox entries with e-mail, as an event leaves them (<see cref="Events.New"/>).</summary>
    async Task<List<long>> TellAsync(string user, int count = 1)
    {
        await using var db = _w.Db();
        var u = await db.Users.SingleAsync(x => x.UserName == user);
        var rows = Enumerable.Range(1, count).Select(i => Events.New(u, Events.ExtensionRequested, $"test:{user}:{Guid.NewGuid():N}", null, "/supervision",
            $"问题{i}申请延期，待您审批", "城北镇问题申请延期。", _w.Clock.GetUtcNow())).ToList();
        db.Notifications.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(r => r.Id).ToList();
    }

    async Task<int> SendAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        return await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>());
    }

    async Task<Notification> RowAsync(long id)
    {
        await using var db = _w.Db();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == id);
    }

    [Fact]
    public async Task A_server_that_is_down_loses_nothing_the_failure_is_shown_and_the_mail_goes_once_when_it_is_back()
    {
        var id = (await TellAsync("zhang")).Single();
        await _smtp.StopAsync();
        Assert.Equal(0, await SendAsync());
        var failed = await RowAsync(id);
        Assert.Null(failed.EmailedAt);
        Assert.Equal(1, failed.EmailAttempts);
        Assert.Contains("连接或登录失败", failed.EmailError);
        Assert.Equal(June1.AddMinutes(1), failed.EmailDueAt);
        // The inbox entry is there all along.
        Assert.Single(System.Text.Json.JsonDocument.Parse(await (await _w.ClientAsync("zhang")).GetStringAsync("/api/notifications")).RootElement.EnumerateArray());

        // The system administrator sees it, with its reason and next attempt, but not the ledger's words.
        var page = await (await _w.ClientAsync("sysadmin")).GetStringAsync("/admin/mail");
        Assert.Contains("zhang@example.org", page);
        Assert.Contains("连接或登录失败", page);
        Assert.Contains("延期申请", page);
        Assert.DoesNotContain("城北镇问题申请延期", page);

        await _smtp.StartAsync();
        Assert.Equal(0, await SendAsync()); // not due yet: the back-off holds
        Assert.Empty(_smtp.Take());
        _w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendAsync());
        var mail = Assert.Single(_smtp.Take());
        Assert.Equal("zhang@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("问题1申请延期，待您审批", mail.Subject);
        Assert.Contains("城北镇问题申请延期。", mail.TextBody);
        var sent = await RowAsync(id);
        Assert.NotNull(sent.EmailedAt);
        Assert.Null(sent.EmailError);
        Assert.Equal(0, await SendAsync());
        Assert.Empty(_smtp.Take());
    }

    [Fact]
    public async Task A_refused_address_fails_alone_and_is_given_up_after_two_days_while_the_others_go()
    {
        var bad = (await TellAsync("zhang")).Single();
        var good = (await TellAsync("li")).Single();
        _smtp.Refused["zhang@example.org"] = true;
        Assert.Equal(1, await SendAsync());
        Assert.Equal(["li@example.org"], _smtp.Take().Select(m => m.To.Mailboxes.Single().Address));
        Assert.NotNull((await RowAsync(good)).EmailedAt);
        var row = await RowAsync(bad);
        Assert.Contains("发送到 zhang@example.org 失败", row.EmailError);

        // Retried on its back-off until two days have passed; then given up, the inbox entry kept.
        for (var i = 0; i < 20 && (await RowAsync(bad)).EmailDueAt is { } due; i++)
        {
            _w.Clock.Advance(due - _w.Clock.GetUtcNow());
            await SendAsync();
        }
        row = await RowAsync(bad);
        Assert.Null(row.EmailDueAt);
        Assert.Null(row.EmailedAt);
        Assert.Contains("不再重发", row.EmailError);
        Assert.InRange(row.EmailAttempts, 5, 10);
        Assert.Contains("不再重发", await (await _w.ClientAsync("sysadmin")).GetStringAsync("/admin/mail"));
    }

    [Fact]
    public async Task Two_senders_on_one_database_send_each_mail_once()
    {
        await TellAsync("zhang", 15);
        await TellAsync("li", 15);
        using var a = _w.App.Services.CreateScope();
        using var b = _w.App.Services.CreateScope();
        var mailer = _w.App.Services.GetRequiredService<Mailer>();
        var counts = await Task.WhenAll(
            MailOutbox.SendDueAsync(a.ServiceProvider.GetRequiredService<RectifyDb>(), mailer),
            MailOutbox.SendDueAsync(b.ServiceProvider.GetRequiredService<RectifyDb>(), mailer));
        Assert.Equal(30, counts.Sum());
        var mails = _smtp.Take();
        Assert.Equal(30, mails.Count);
        Assert.Equal(30, mails.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(0, await SendAsync());
    }

    [Fact]
    public async Task The_background_service_sends_on_its_own()
    {
        await _w.DisposeAsync();
        _w = new SupervisionWorld(June1, Root(_smtp, interval: 1));
        await _w.UserAsync("zhang", "张干事", Roles.UnitEditor, SupervisionWorld.Town, "zhang@example.org");
        var id = (await TellAsync("zhang")).Single();
        for (var i = 0; i < 400 && _smtp.Messages.IsEmpty; i++)
        {
            _w.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(25);
        }
        Assert.Equal("zhang@example.org", Assert.Single(_smtp.Take()).To.Mailboxes.Single().Address);
        for (var i = 0; i < 400 && (await RowAsync(id)).EmailedAt is null; i++) await Task.Delay(25);
        Assert.NotNull((await RowAsync(id)).EmailedAt);
    }

    /// <summary>A mailer for a secured sink, logging in as xcb; trusting the sink's own certificate unless told not to.</summary>
    static Mailer SecureMailer(SmtpSink sink, SmtpSecurity security, string? password, bool trust = true) => new(Options.Create(new SmtpOptions
    {
        Host = "127.0.0.1", Port = sink.Port, Security = security, From = "巡察办 <xcb@example.org>", UserName = password is null ? null : "xcb", Password = password,
    }), NullLogger<Mailer>.Instance) { ServerCertificateCheck = trust ? sink.TrustsOwnCertificate : null };

    static async Task AssertDeliveredOverAsync(SmtpSecurity security, bool implicitTls)
    {
        await using var sink = await SmtpSink.StartSecureAsync(implicitTls, "xcb", "s3cret-Pass");
        (int, string, string, string)[] one = [(1, "zhang@example.org", "问题1申请延期，待您审批", "城北镇问题申请延期。")];
        // The system's trust store (production's check) does not hold the self-signed certificate: nothing goes.
        Assert.NotNull(Assert.Single(await SecureMailer(sink, security, "s3cret-Pass", trust: false).SendAsync(one, CancellationToken.None)).Error);
        // Without a login the server takes no mail.
        Assert.NotNull(Assert.Single(await SecureMailer(sink, security, null).SendAsync(one, CancellationToken.None)).Error);
        Assert.Empty(sink.Take());

        Assert.Null(Assert.Single(await SecureMailer(sink, security, "s3cret-Pass").SendAsync(one, CancellationToken.None)).Error);
        var mail = Assert.Single(sink.Take());
        Assert.Equal("zhang@example.org", mail.To.Mailboxes.Single().Address);
        Assert.Equal("xcb@example.org", mail.From.Mailboxes.Single().Address);
        Assert.Equal("问题1申请延期，待您审批", mail.Subject);
        Assert.Contains("城北镇问题申请延期。", mail.TextBody);
    }

    [Fact]
    public Task StartTls_with_a_login_delivers_to_a_server_that_requires_both() => AssertDeliveredOverAsync(SmtpSecurity.StartTls, implicitTls: false);

    [Fact]
    public Task Implicit_tls_with_a_login_delivers_to_a_server_that_requires_both() => AssertDeliveredOverAsync(SmtpSecurity.Tls, implicitTls: true);

    [Fact]
    public async Task A_wrong_password_is_refused_the_failure_is_shown_to_administrators_and_the_inbox_entry_stays()
    {
        await using var sink = await SmtpSink.StartSecureAsync(implicitTls: false, "xcb", "s3cret-Pass");
        var id = (await TellAsync("zhang")).Single();
        async Task<int> SendWithAsync(Mailer mailer)
        {
            using var scope = _w.App.Services.CreateScope();
            return await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), mailer);
        }
        Assert.Equal(0, await SendWithAsync(SecureMailer(sink, SmtpSecurity.StartTls, "wrong-password")));
        Assert.Empty(sink.Take());
        var failed = await RowAsync(id);
        Assert.Null(failed.EmailedAt);
        Assert.Equal(1, failed.EmailAttempts);
        Assert.Contains("连接或登录失败", failed.EmailError);
        Assert.Single(System.Text.Json.JsonDocument.Parse(await (await _w.ClientAsync("zhang")).GetStringAsync("/api/notifications")).RootElement.EnumerateArray());
        var page = await (await _w.ClientAsync("sysadmin")).GetStringAsync("/admin/mail");
        Assert.Contains("zhang@example.org", page);
        Assert.Contains("连接或登录失败", page);

        // The password corrected, the retry after the back-off delivers it, once.
        _w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendWithAsync(SecureMailer(sink, SmtpSecurity.StartTls, "s3cret-Pass")));
        Assert.Equal("zhang@example.org", Assert.Single(sink.Take()).To.Mailboxes.Single().Address);
        Assert.NotNull((await RowAsync(id)).EmailedAt);
    }

    [Fact]
    public async Task StartTls_is_required_when_asked_for_and_never_falls_back_to_plain_text()
    {
        var mailer = new Mailer(Options.Create(new SmtpOptions
        {
            Host = "127.0.0.1", Port = _smtp.Port, Security = SmtpSecurity.StartTls, From = "xcb@example.org",
        }), NullLogger<Mailer>.Instance);
        var result = await mailer.SendAsync([(1, "zhang@example.org", "主题", "正文")], CancellationToken.None);
        Assert.NotNull(Assert.Single(result).Error);
        Assert.Empty(_smtp.Take());
        // Not set: STARTTLS on any port but 465, TLS there.
        Assert.Equal(SmtpSecurity.StartTls, new SmtpOptions { Port = 587 }.SecurityInForce);
        Assert.Equal(SmtpSecurity.Tls, new SmtpOptions { Port = 465 }.SecurityInForce);
    }

    [Fact]
    public void A_password_over_plain_text_and_an_unknown_security_are_refused_at_start()
    {
        static List<string> Problems(Dictionary<string, string?> values) =>
            Settings.Read<SmtpOptions>(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), SmtpOptions.Section).Problems;
        Assert.Contains(Problems(new() { ["Rectify:Smtp:Host"] = "mail", ["Rectify:Smtp:From"] = "a@b.cn", ["Rectify:Smtp:Security"] = "None", ["Rectify:Smtp:Password"] = "p" }),
            p => p.Contains("密码不能明文传送"));
        Assert.Contains(Problems(new() { ["Rectify:Smtp:Security"] = "Ssl" }), p => p.Contains("Rectify:Smtp:Security") && p.Contains("StartTls"));
        Assert.Empty(Problems(new() { ["Rectify:Smtp:Host"] = "mail", ["Rectify:Smtp:From"] = "a@b.cn", ["Rectify:Smtp:Security"] = "starttls", ["Rectify:Smtp:UserName"] = "u", ["Rectify:Smtp:Password"] = "p" }));
    }

    [Fact]
    public async Task The_users_page_sets_and_clears_an_address_and_refuses_a_wrong_one()
    {
        var sys = await _w.ClientAsync("sysadmin");
        string id;
        await using (var db = _w.Db()) id = await db.Users.Where(u => u.UserName == "zhang").Select(u => u.Id).SingleAsync();
        async Task<string> Post(string email)
        {
            var page = await sys.GetStringAsync("/admin/users");
            var r = await sys.PostAsync("/admin/users?handler=Email", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["UserId"] = id, ["Email"] = email, ["__RequestVerificationToken"] = RectifyApp.AntiforgeryToken(page),
            }));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            return await r.Content.ReadAsStringAsync();
        }
        async Task<string?> Stored() { await using var db = _w.Db(); return await db.Users.Where(u => u.Id == id).Select(u => u.Email).SingleAsync(); }

        Assert.Contains("邮箱“zhang at example”格式不正确", await Post("zhang at example"));
        Assert.Equal("zhang@example.org", await Stored());
        Assert.Contains("已把“zhang”的邮箱设为 zhang@xcb.example.gov.cn", await Post(" zhang@xcb.example.gov.cn "));
        Assert.Equal("zhang@xcb.example.gov.cn", await Stored());
        Assert.Contains("已清除“zhang”的邮箱", await Post(""));
        Assert.Null(await Stored());
    }
}

/// <summary>The claim on PostgreSQL: two senders on their own connections to one database send each e-mail once.</summary>
public class PostgresMailTests
{
    [Fact]
    public async Task Postgres_two_instances_send_each_mail_once()
    {
        await using var smtp = await SmtpSink.StartNewAsync();
        var server = RectifyApp.PostgresServer();
        await using var one = new SupervisionWorld(DateTimeOffset.UtcNow, MailTests.Root(smtp, 0, server));
        await one.UserAsync("zhang", "张干事", Roles.UnitEditor, SupervisionWorld.Town, "zhang@example.org");
        await using (var db = one.Db())
        {
            var u = await db.Users.SingleAsync(x => x.UserName == "zhang");
            db.Notifications.AddRange(Enumerable.Range(1, 20).Select(i => Events.New(u, Events.OrderIssued, $"pg:{i}:{Guid.NewGuid():N}", null, "/supervision", $"第{i}条", "正文", one.Clock.GetUtcNow())));
            await db.SaveChangesAsync();
        }
        using var a = one.App.Services.CreateScope();
        using var b = one.App.Services.CreateScope();
        var mailer = one.App.Services.GetRequiredService<Mailer>();
        var counts = await Task.WhenAll(
            MailOutbox.SendDueAsync(a.ServiceProvider.GetRequiredService<RectifyDb>(), mailer),
            MailOutbox.SendDueAsync(b.ServiceProvider.GetRequiredService<RectifyDb>(), mailer));
        Assert.Equal(20, counts.Sum());
        Assert.Equal(20, smtp.Take().Select(m => m.Subject).Distinct().Count());
    }
}

/// <summary><c>rectify user add … --email</c>, as a real process.</summary>
public sealed class UserEmailCliTests : IDisposable
{
    readonly string _data = Path.Combine(Path.GetTempPath(), "rectify-cli-mail-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_data)) Directory.Delete(_data, true);
    }

    [Fact]
    public void User_add_with_an_email_stores_it_and_a_wrong_address_is_refused_with_nothing_written()
    {
        var bad = CliTests.Run(_data, "user", "add", "wu", "--role", "unit-editor", "--email", "wu@", "--password", "wu-pass-1234");
        Assert.Equal(2, bad.Exit);
        Assert.Contains("邮箱“wu@”格式不正确", bad.Err);
        var ok = CliTests.Run(_data, "user", "add", "wu", "--role", "unit-editor", "--email", "wu@example.gov.cn", "--password", "wu-pass-1234");
        Assert.Equal(0, ok.Exit);
        Assert.Contains("邮箱 wu@example.gov.cn", ok.Out);
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_data, "rectify.db")};Pooling=False");
        connection.Open();
        using var q = connection.CreateCommand();
        q.CommandText = "SELECT Email FROM AspNetUsers WHERE UserName = 'wu'";
        Assert.Equal("wu@example.gov.cn", q.ExecuteScalar());
    }
}
