using Rectify.Core;
using MailKit.Net.Smtp;
using MailKit.Security;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using MimeKit;
using Rectify.Infrastructure;

namespace Rectify.Features.Notifications;

/// <summary>How the connection to the mail server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text: only for a relay on the office's own network, and then without a password.</summary>
    None,
    /// <summary>Plain connection upgraded by STARTTLS, which the server must offer (port 587, or 25).</summary>
    StartTls,
    /// <summary>TLS from the first byte (port 465).</summary>
    Tls,
}

/// <summary>Rectify:Smtp — the mail server; without a host, e-mail is skipped and the inbox alone delivers.</summary>
public sealed class SmtpOptions : ICheckedSettings
{
    public const string Section = "Rectify:Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 25;

    /// <summary>Not set: TLS on port 465, STARTTLS on any other port (never plain text unless asked for).</summary>
    public SmtpSecurity? Security { get; set; }

    /// <summary>The account on the server, if it wants one; Rectify:Smtp:User, its earlier name, is still read.</summary>
    [Setting(OldKey = "Rectify:Smtp:User")]
    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address, e.g. 巡察办 &lt;xcb@example.gov.cn&gt;.</summary>
    public string? From { get; set; }

    /// <summary>Seconds between two passes of the outbox (e-mails due, retries); 0 turns the sending off.</summary>
    [Range(0, 3600)]
    public int IntervalSeconds { get; set; } = 15;

    public SmtpSecurity SecurityInForce => Security ?? (Port == 465 ? SmtpSecurity.Tls : SmtpSecurity.StartTls);

    public IEnumerable<string> Problems()
    {
        // MimeKit takes a bare name for an address without a domain; a sender needs one.
        if (From is not null && !(MailboxAddress.TryParse(From, out var sender) && sender.Domain.Length > 0)) yield return Settings.Wrong("Rectify:Smtp:From", "应为邮件地址", From);
        if (Host is not null && From is null) yield return "设置了 Rectify:Smtp:Host 时须同时设置发件人地址 Rectify:Smtp:From";
        // A password in clear on the wire is refused rather than sent: the server must offer TLS.
        if (Security == SmtpSecurity.None && Password is not null)
            yield return "Rectify:Smtp:Security 为 None（明文）时不能设置 Rectify:Smtp:Password：密码不能明文传送，请改用 StartTls 或 Tls";
    }
}

/// <summary>E-mail through SMTP when Rectify:Smtp:Host is set (<see cref="SmtpOptions"/>).</summary>
public sealed class Mailer(IOptions<SmtpOptions> options, ILogger<Mailer> log)
{
    readonly SmtpOptions _smtp = options.Value;
    public string? Host => _smtp.Host;
    public bool IsConfigured => _smtp is { Host: not null, From: not null };
    public int IntervalSeconds => _smtp.IntervalSeconds;

    /// <summary>
    /// Tests only: how the server's certificate is checked. The tests' SMTP server runs in the test process with a
    /// self-signed certificate made on the spot, which no trust store holds; a test pins that one certificate here
    /// to show STARTTLS, TLS and login working over a real conversation. Never set by the application (not a setting,
    /// not registered): in production the certificate is checked against the system's trust store, MailKit's default.
    /// </summary>
    public System.Net.Security.RemoteCertificateValidationCallback? ServerCertificateCheck { get; init; }

    static SecureSocketOptions Socket(SmtpSecurity s) => s switch
    {
        SmtpSecurity.None => SecureSocketOptions.None,
        SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    /// <summary>
    /// Sends the messages over one connection; returns each item with null when sent, else why not (in
    /// Chinese, for the administrators). A connection that fails fails every message; one refused
    /// recipient fails only its own.
    /// </summary>
    public async Task<List<(T Item, string? Error)>> SendAsync<T>(IReadOnlyList<(T Item, string To, string Subject, string Body)> messages, CancellationToken ct)
    {
        var results = new List<(T, string?)>();
        if (!IsConfigured || messages.Count == 0) return results;
        var port = _smtp.Port;
        using var smtp = new SmtpClient { Timeout = 30_000 };
        if (ServerCertificateCheck is { } check) smtp.ServerCertificateValidationCallback = check;
        try
        {
            await smtp.ConnectAsync(Host!, port, Socket(_smtp.SecurityInForce), ct);
            if (_smtp.UserName is { } user)
                await smtp.AuthenticateAsync(user, _smtp.Password ?? "", ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "SMTP {Host}:{Port} 连接失败，本次不发送邮件", Host, port);
            var why = Short($"邮件服务器 {Host}:{port} 连接或登录失败：{e.Message}");
            return messages.Select(m => (m.Item, (string?)why)).ToList();
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
                results.Add((m.Item, null));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "邮件发送失败：{To}", m.To);
                results.Add((m.Item, Short($"发送到 {m.To} 失败：{e.Message}")));
                if (!smtp.IsConnected) break;
            }
        }
        // The rest, when the server hung up half-way, fail with the same reason and are retried.
        var lost = messages.Skip(results.Count).Select(m => (m.Item, (string?)Short($"邮件服务器 {Host}:{port} 中途断开"))).ToList();
        results.AddRange(lost);
        if (smtp.IsConnected)
        {
            try { await smtp.DisconnectAsync(true, ct); }
            catch (Exception e) when (e is not OperationCanceledException) { log.LogDebug(e, "SMTP QUIT 失败"); }
        }
        return results;
    }

    static string Short(string s) => s.Length <= 500 ? s : s[..500];
}
