using Rectify.Core;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Rectify.Infrastructure;

/// <summary>
/// X-Forwarded-For/Proto are believed only from the reverse proxies named in
/// Rectify:Proxy:KnownProxies (addresses) and Rectify:Proxy:KnownNetworks (CIDR); with none named,
/// from nobody, so a client cannot pick the address the per-address limits count. Applied after
/// every other configuration, so ASPNETCORE_FORWARDEDHEADERS_ENABLED (which empties both lists,
/// and empty lists mean "trust everyone" to the framework) cannot widen it.
/// </summary>
public static class ProxyTrust
{
    public static IServiceCollection AddProxyTrust(this IServiceCollection services)
    {
        // Checked at start: a mistyped address stops the server instead of silently trusting nobody (or everybody).
        services.AddSettings<ProxyOptions>(ProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().PostConfigure<Microsoft.Extensions.Options.IOptions<ProxyOptions>>((o, trusted) =>
        {
            var proxies = trusted.Value.KnownProxies.Select(IPAddress.Parse).ToList();
            var networks = trusted.Value.KnownNetworks.Select(n => System.Net.IPNetwork.Parse(n)).ToList();
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
            o.ForwardedHeaders = proxies.Count + networks.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
        });
        return services;
    }
}

/// <summary>
/// Rectify:Proxy — the reverse proxies believed (docs/production.md). Each a list in appsettings.json,
/// indexed keys (Rectify__Proxy__KnownProxies__0), or one comma-separated value.
/// </summary>
public sealed class ProxyOptions : ICheckedSettings
{
    public const string Section = "Rectify:Proxy";

    /// <summary>Addresses of the proxies, e.g. 10.0.0.5.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies in CIDR, e.g. 10.0.0.0/24.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public IEnumerable<string> Problems() =>
        KnownProxies.Where(v => !IPAddress.TryParse(v, out _)).Select(v => $"Rectify:Proxy:KnownProxies 中的“{v}”不是 IP 地址")
            .Concat(KnownNetworks.Where(v => !System.Net.IPNetwork.TryParse(v, out _)).Select(v => $"Rectify:Proxy:KnownNetworks 中的“{v}”不是网段（如 10.0.0.0/24）"));
}
