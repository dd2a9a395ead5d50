using Rectify.Core;
using MailKit.Net.Smtp;
using MailKit.Security;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MimeKit;
using Rectify.Infrastructure;

namespace Rectify.Features.Notifications;

/// <summary>Rectify:Smtp — the mail server for reminders; without a host, e-mail is skipped and the inbox alone delivers.</summary>
public sealed class SmtpOptions : ICheckedSettings
{
    public const string Section = "Rectify:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>The account on the server, if it wants one; Rectify:Smtp:User, its earlier name, is still read.</summary>
    [Setting(OldKey = "Rectify:Smtp:User")]
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. 巡察办 &lt;xcb@example.gov.cn&gt;.</summary>
    public string? From { get; set; }

    public IEnumerable<string> Problems()
    {
        // MimeKit takes a bare name for an address without a domain; a sender needs one.
        if (From is not null && !(MailboxAddress.TryParse(From, out var sender) && sender.Domain.Length > 0)) yield return Settings.Wrong("Rectify:Smtp:From", "应为邮件地址", From);
        if (Host is not null && From is null) yield return "设置了 Rectify:Smtp:Host 时须同时设置发件人地址 Rectify:Smtp:From";
    }
}

/// <summary>E-mail through SMTP when Rectify:Smtp:Host is set (<see cref="SmtpOptions"/>).</summary>
public sealed class Mailer(IOptions<SmtpOptions> options, ILogger<Mailer> log)
{
    readonly SmtpOptions _smtp = options.Value;
    public string? Host => _smtp.Host;
    public bool IsConfigured => _smtp is { Host: not null, From: not null };

    /// <summary>Sends the messages over one connection; returns the ones sent. A failure is logged and the rest still go.</summary>
    public async Task<List<T>> SendAsync<T>(IReadOnlyList<(T Item, string To, string Subject, string Body)> messages, CancellationToken ct)
    {
        var sent = new List<T>();
        if (!IsConfigured || messages.Count == 0) return sent;
        var port = _smtp.Port;
        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(Host!, port, SecureSocketOptions.Auto, ct);
            if (_smtp.UserName is { } user)
                await smtp.AuthenticateAsync(user, _smtp.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "SMTP {Host}:{Port} 连接失败,本次不发送邮件", Host, port);
            return sent;
        }
        foreach (var m in messages)
        {
            try
            {
                var msg = new MimeMessage();
                msg.From.Add(MailboxAddress.Parse(_smtp.From!));
                msg.To.Add(MailboxAddress.Parse(m.To));
                msg.Subject = m.Subject;
                msg.Body = new TextPart("plain") { Text = m.Body };
                await smtp.SendAsync(msg, ct);
                sent.Add(m.Item);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "邮件发送失败:{To}", m.To);
            }
        }
        await smtp.DisconnectAsync(true, ct);
        return sent;
    }
}
