using System.Net;
using System.Net.Sockets;

namespace Rectify.Tests.Faults;

/// <summary>
/// A TCP pass-through in front of the shared PostgreSQL server, so a test can take "the database"
/// away from one app (<see cref="Stop"/>: refused connections, broken ones), or break its
/// connections as a restart does (<see cref="DropConnections"/>), without touching the server
/// that other tests use.
/// </summary>
sealed class TcpPassThrough : IAsyncDisposable
{
    readonly IPEndPoint _target;
    readonly List<TcpClient> _open = [];
    TcpListener? _listener;
    public int Port { get; private set; }

    public TcpPassThrough(string host, int port)
    {
        _target = new IPEndPoint(Dns.GetHostAddresses(host).First(a => a.AddressFamily == AddressFamily.InterNetwork), port);
        Start();
    }

    /// <summary>The connection string of <paramref name="server"/> led through a new pass-through.</summary>
    public static (TcpPassThrough Proxy, string ConnectionString) For(string server)
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(server);
        var proxy = new TcpPassThrough(b.Host ?? "127.0.0.1", b.Port);
        b.Host = "127.0.0.1";
        b.Port = proxy.Port;
        b.Timeout = 3; // a refused or dead database is told quickly
        return (proxy, b.ConnectionString);
    }

    byte[]? _breakAt;
    int _broken;
    /// <summary>How many connections <see cref="BreakOnce"/> has cut.</summary>
    public int Broken => Volatile.Read(ref _broken);

    /// <summary>
    /// The next connection that sends <paramref name="sql"/> to the server is cut there, before the server sees
    /// it: as a restart in the middle of a unit of work, at a chosen statement. Once.
    /// </summary>
    public void BreakOnce(string sql) => Volatile.Write(ref _breakAt, System.Text.Encoding.UTF8.GetBytes(sql));

    public void Start()
    {
        if (_listener is not null) return;
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _listener = listener;
        _ = AcceptAsync(listener);
    }

    /// <summary>The database is gone: new connections are refused and open ones break.</summary>
    public void Stop()
    {
        _listener?.Stop();
        _listener = null;
        DropConnections();
    }

    /// <summary>As a server restart does: every open connection breaks; new ones are accepted.</summary>
    public void DropConnections()
    {
        lock (_open)
        {
            // A reset, not a polite close: what a process that went away leaves behind.
            foreach (var c in _open) Reset(c);
            _open.Clear();
        }
    }

    async Task AcceptAsync(TcpListener listener)
    {
        while (true)
        {
            TcpClient client;
            try { client = await listener.AcceptTcpClientAsync(); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or InvalidOperationException) { return; }
            var upstream = new TcpClient();
            try { await upstream.ConnectAsync(_target); }
            catch (SocketException) { client.Dispose(); upstream.Dispose(); continue; }
            lock (_open) { _open.Add(client); _open.Add(upstream); }
            _ = ToServerAsync(client, upstream);
            _ = PumpAsync(upstream, client);
        }
    }

    /// <summary>What the app sends, watched for the statement to break at (<see cref="BreakOnce"/>).</summary>
    async Task ToServerAsync(TcpClient from, TcpClient to)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            var input = from.GetStream();
            var output = to.GetStream();
            while (true)
            {
                var n = await input.ReadAsync(buffer);
                if (n == 0) break;
                if (Volatile.Read(ref _breakAt) is { } marker && buffer.AsSpan(0, n).IndexOf(marker) >= 0
                    && Interlocked.CompareExchange(ref _breakAt, null, marker) == marker)
                {
                    Interlocked.Increment(ref _broken);
                    Reset(from);
                    Reset(to);
                    return;
                }
                await output.WriteAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException) { }
        from.Dispose();
        to.Dispose();
    }

    static void Reset(TcpClient c)
    {
        try { if (c.Client is { } socket) socket.LingerState = new LingerOption(true, 0); } catch (ObjectDisposedException) { } catch (SocketException) { }
        c.Dispose();
    }

    static async Task PumpAsync(TcpClient from, TcpClient to)
    {
        try { await from.GetStream().CopyToAsync(to.GetStream()); }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or InvalidOperationException) { }
        from.Dispose();
        to.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        return ValueTask.CompletedTask;
    }
}
