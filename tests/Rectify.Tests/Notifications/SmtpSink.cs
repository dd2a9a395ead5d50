using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MimeKit;
using SmtpServer;
using SmtpServer.Authentication;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rectify.Tests.Notifications;

/// <summary>
/// A real SMTP server (the SmtpServer library) in the test process on a free local port: what the app sends
/// crosses a real SMTP conversation and is read back as MIME. Addresses in <see cref="Refused"/> get 550;
/// <see cref="StopAsync"/> takes the server down (a server that is down), <see cref="StartAsync"/> brings it back.
/// Optionally secured as a real mail server is (<see cref="StartSecureAsync"/>): a self-signed certificate made in the
/// process, offered by STARTTLS or from the first byte (implicit TLS), and a login required before any mail.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public int Port { get; }
    /// <summary>The server's certificate when secured (<see cref="StartSecureAsync"/>), else null.</summary>
    public X509Certificate2? Certificate { get; private init; }
    bool _implicitTls;
    (string User, string Password)? _login;
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);
    CancellationTokenSource? _stop;
    Task? _running;

    SmtpSink(int port) => Port = port;

    static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    /// <summary>
    /// Points an app's settings at this server: plain SMTP, the office's sender, and the outbox run when the test says
    /// (interval 0: the tests run it themselves, as the background service would, to know when it has run).
    /// </summary>
    public void Configure(Dictionary<string, string> settings, int intervalSeconds = 0)
    {
        settings["Rectify:Smtp:Host"] = "127.0.0.1";
        settings["Rectify:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Rectify:Smtp:Security"] = "None";
        settings["Rectify:Smtp:From"] = "巡察办 <xcb@example.org>";
        settings["Rectify:Smtp:IntervalSeconds"] = intervalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public static async Task<SmtpSink> StartNewAsync()
    {
        var sink = new SmtpSink(FreePort());
        await sink.StartAsync();
        return sink;
    }

    /// <summary>
    /// A server with a certificate, STARTTLS (<paramref name="implicitTls"/> false) or TLS from the first byte, that
    /// accepts mail only after a login as <paramref name="user"/> with <paramref name="password"/>, and never a login in clear.
    /// </summary>
    public static async Task<SmtpSink> StartSecureAsync(bool implicitTls, string user, string password)
    {
        var sink = new SmtpSink(FreePort()) { Certificate = SelfSigned(), _implicitTls = implicitTls, _login = (user, password) };
        await sink.StartAsync();
        return sink;
    }

    /// <summary>A certificate for localhost and 127.0.0.1, signed by itself, valid around now.</summary>
    static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var made = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12, so that the TLS stack holds the private key as it would one loaded from a file.
        return X509CertificateLoader.LoadPkcs12(made.Export(X509ContentType.Pfx), null);
    }

    /// <summary>For the mailer of a test: trusts this server's own certificate, and no other (<see cref="Rectify.Features.Notifications.Mailer.ServerCertificateCheck"/>).</summary>
    public bool TrustsOwnCertificate(object sender, X509Certificate? certificate, X509Chain? chain, System.Net.Security.SslPolicyErrors errors) =>
        Certificate is not null && certificate is not null && certificate.GetCertHashString() == Certificate.Thumbprint;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e =>
            {
                e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port));
                if (Certificate is not null) e.Certificate(Certificate).IsSecure(_implicitTls).AllowUnsecureAuthentication(false);
                if (_login is not null) e.AuthenticationRequired(true);
            }).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        if (_login is { } login)
            services.Add(new DelegatingUserAuthenticator((user, password) => user == login.User && password == login.Password));
        var server = new SmtpServer.SmtpServer(options, services);
        _stop = new CancellationTokenSource();
        _running = server.StartAsync(_stop.Token);
        // Wait for the port to answer, not for a fixed time.
        for (var i = 0; ; i++)
        {
            try
            {
                using var c = new TcpClient();
                await c.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (i < 200) { await Task.Delay(25); }
        }
    }

    public async Task StopAsync()
    {
        if (_stop is null) return;
        await _stop.CancelAsync();
        try { await _running!; } catch (OperationCanceledException) { }
        _stop.Dispose();
        _stop = null;
    }

    /// <summary>The recipients of everything received so far, and empties the queue.</summary>
    public List<MimeMessage> Take()
    {
        var list = new List<MimeMessage>();
        while (Messages.TryDequeue(out var m)) list.Add(m);
        return list;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Certificate?.Dispose();
    }

    sealed class Store(SmtpSink sink) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken ct)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            sink.Messages.Enqueue(await MimeMessage.LoadAsync(stream, ct));
            return SmtpResponse.Ok;
        }
    }

    sealed class Filter(SmtpSink sink) : MailboxFilter
    {
        public override Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken ct) =>
            Task.FromResult(!sink.Refused.ContainsKey($"{to.User}@{to.Host}"));
    }
}
