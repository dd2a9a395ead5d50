using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Rectify.Tests.Notifications;

/// <summary>
/// A real HTTP server on 127.0.0.1 and a free port (Kestrel), standing for the office's SMS gateway and the group
/// robots: it records every call (method, path with query, body) and answers with <see cref="Status"/> and <see cref="Answer"/>.
/// </summary>
public sealed class HookServer : IAsyncDisposable
{
    public sealed record Call(string Method, string Path, string Body);

    readonly WebApplication _app;
    public ConcurrentQueue<Call> Calls { get; } = new();
    public int Status { get; set; } = 200;
    public string Answer { get; set; } = "{\"errcode\":0,\"errmsg\":\"ok\"}";
    public string Url { get; private set; } = "";

    HookServer()
    {
        var b = WebApplication.CreateSlimBuilder();
        b.WebHost.UseUrls("http://127.0.0.1:0");
        b.Logging.ClearProviders();
        _app = b.Build();
        _app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            Calls.Enqueue(new Call(http.Request.Method, http.Request.Path + http.Request.QueryString, await reader.ReadToEndAsync()));
            http.Response.StatusCode = Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(Answer);
        });
    }

    public static async Task<HookServer> StartNewAsync()
    {
        var s = new HookServer();
        await s._app.StartAsync();
        s.Url = s._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return s;
    }

    public List<Call> Take()
    {
        var list = new List<Call>();
        while (Calls.TryDequeue(out var c)) list.Add(c);
        return list;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
