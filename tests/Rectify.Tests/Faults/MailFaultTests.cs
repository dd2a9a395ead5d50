using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Rectify.Data;
using Rectify.Features.Notifications;
using Rectify.Infrastructure;
using Rectify.Tests.Notifications;
using Rectify.Tests.Supervision;
using Rectify.Tests.Web;

namespace Rectify.Tests.Faults;

/// <summary>
/// Issue 22, item 3 for the mail outbox on PostgreSQL, with a real SMTP conversation (<see cref="SmtpSink"/>): the
/// e-mail has gone when the record that it went is written, and that write is cut (<see cref="TcpPassThrough.BreakOnce"/>).
/// A cut before the commit repeats the record and the e-mail is never sent again; a cut as the commit is sent
/// cannot be told from a commit that arrived, so delivery is at least once: not again while the claim's lease
/// holds, once more when it ends (the rule written on <see cref="MailOutbox"/>).
/// </summary>
public sealed class PostgresMailFaultTests : IAsyncLifetime
{
    static readonly DateTimeOffset June1 = new(2026, 6, 1, 8, 0, 0, TimeSpan.Zero);
    SmtpSink _smtp = null!;
    TcpPassThrough _proxy = null!;
    SupervisionWorld _w = null!;
    long _id;

    public async ValueTask InitializeAsync()
    {
        _smtp = await SmtpSink.StartNewAsync();
        (_proxy, var connection) = TcpPassThrough.For(RectifyApp.PostgresServer());
        _w = new SupervisionWorld(June1, MailTests.Root(_smtp, interval: 0, postgres: connection));
        var zhang = await _w.UserAsync("zhang", "张干事", Roles.UnitEditor, SupervisionWorld.Town, "zhang@example.org");
        await using var db = _w.Db();
        var row = Events.New(zhang, Events.ExtensionRequested, $"mail-fault:{Guid.NewGuid():N}", null, "/supervision",
            "问题1申请延期，待您审批", "城北镇问题申请延期。", _w.Clock.GetUtcNow());
        db.Notifications.Add(row);
        await db.SaveChangesAsync();
        _id = row.Id;
    }

    public async ValueTask DisposeAsync()
    {
        await _w.DisposeAsync();
        await _proxy.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    async Task<int> SendAsync()
    {
        using var scope = _w.App.Services.CreateScope();
        return await MailOutbox.SendDueAsync(scope.ServiceProvider.GetRequiredService<RectifyDb>(), scope.ServiceProvider.GetRequiredService<Mailer>(),
            TestContext.Current.CancellationToken);
    }

    async Task<Notification> RowAsync()
    {
        await using var db = _w.Db();
        return await db.Notifications.AsNoTracking().SingleAsync(n => n.Id == _id);
    }

    /// <summary>The record's UPDATE as Npgsql sends it (positional parameters): it sets EmailedAt, the claim before the sending does not.</summary>
    const string RecordUpdate = "\"EmailedAt\" = $";

    [Fact]
    public async Task Postgres_a_mail_record_cut_before_its_commit_is_repeated_and_the_mail_never_goes_twice()
    {
        _proxy.BreakOnce(RecordUpdate);
        Assert.Equal(1, await SendAsync());
        Assert.Equal(1, _proxy.Broken);
        Assert.Equal("zhang@example.org", Assert.Single(_smtp.Take()).To.Mailboxes.Single().Address);
        var row = await RowAsync();
        Assert.NotNull(row.EmailedAt);
        Assert.Null(row.EmailDueAt);
        Assert.Equal(0, row.EmailAttempts);

        // Not on the next round, nor after the claim's lease would have ended.
        Assert.Equal(0, await SendAsync());
        _w.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await SendAsync());
        Assert.Empty(_smtp.Take());
    }

    [Fact]
    public async Task Postgres_a_mail_record_cut_as_its_commit_is_sent_keeps_the_claim_and_the_mail_goes_again_only_when_the_lease_ends()
    {
        // The COMMIT as sent (a query message ends with a null): whether it arrived the app cannot know, so it does not repeat it.
        _proxy.BreakOnce("COMMIT\0");
        await Assert.ThrowsAnyAsync<Exception>(SendAsync);
        Assert.Equal(1, _proxy.Broken);
        Assert.Single(_smtp.Take());
        var row = await RowAsync();
        Assert.Null(row.EmailedAt);
        Assert.Equal(June1.AddMinutes(10), row.EmailDueAt); // still claimed

        // The next rounds within the lease send nothing: no second copy for a record that may only be late.
        Assert.Equal(0, await SendAsync());
        _w.Clock.Advance(TimeSpan.FromMinutes(9));
        Assert.Equal(0, await SendAsync());
        Assert.Empty(_smtp.Take());

        // At least once: the lease over, the unrecorded e-mail goes again, and is recorded this time.
        _w.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await SendAsync());
        var again = Assert.Single(_smtp.Take());
        Assert.Equal("问题1申请延期，待您审批", again.Subject);
        Assert.NotNull((await RowAsync()).EmailedAt);
        Assert.Equal(0, await SendAsync());
    }
}
