using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Rectify.Features.Notifications;

/// <summary>E-mail through SMTP when Rectify:Smtp:Host is set; otherwise e-mail is skipped and the inbox alone delivers.</summary>
public sealed class Mailer(IConfiguration config, ILogger<Mailer> log)
{
    public string? Host => config["Rectify:Smtp:Host"];
    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host) && !string.IsNullOrWhiteSpace(config["Rectify:Smtp:From"]);

    /// <summary>Sends the messages over one connection; returns the ones sent. A failure is logged and the rest still go.</summary>
    public async Task<List<T>> SendAsync<T>(IReadOnlyList<(T Item, string To, string Subject, string Body)> messages, CancellationToken ct)
    {
        var sent = new List<T>();
        if (!IsConfigured || messages.Count == 0) return sent;
        var port = int.TryParse(config["Rectify:Smtp:Port"], out var p) ? p : 25;
        using var smtp = new SmtpClient();
        try
        {
            await smtp.ConnectAsync(Host!, port, SecureSocketOptions.Auto, ct);
            if (config["Rectify:Smtp:User"] is { Length: > 0 } user)
                await smtp.AuthenticateAsync(user, config["Rectify:Smtp:Password"] ?? "", ct);
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
                msg.From.Add(MailboxAddress.Parse(config["Rectify:Smtp:From"]!));
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
