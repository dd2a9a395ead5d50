using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Rectify.Tests.Notifications;

/// <summary>
/// A real SMTP server (the SmtpServer library) in the test process on a free local port: what the app sends
/// crosses a real SMTP conversation and is read back as MIME. Addresses in <see cref="Refused"/> get 550;
/// <see cref="StopAsync"/> takes the server down (a server that is down), <see cref="StartAsync"/> brings it back.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    public int Port { get; }
    public ConcurrentQueue<MimeMessage> Messages { get; } = new();
    public ConcurrentDictionary<string, bool> Refused { get; } = new(StringComparer.OrdinalIgnoreCase);
    CancellationTokenSource? _stop;
    Task? _running;

    SmtpSink(int port) => Port = port;

    public static async Task<SmtpSink> StartNewAsync()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var sink = new SmtpSink(port);
        await sink.StartAsync();
        return sink;
    }

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port))).Build();
        var services = new ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
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

    public ValueTask DisposeAsync() => new(StopAsync());

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
