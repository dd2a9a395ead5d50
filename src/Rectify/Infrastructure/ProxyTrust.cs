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
    public static IServiceCollection AddProxyTrust(this IServiceCollection services, IConfiguration config)
    {
        // Read at start: a mistyped address stops the server instead of silently trusting nobody (or everybody).
        var proxies = Values(config.GetSection("Rectify:Proxy:KnownProxies")).Select(v => IPAddress.TryParse(v, out var ip) ? ip
            : throw new InvalidOperationException($"Rectify:Proxy:KnownProxies 中的“{v}”不是 IP 地址")).ToList();
        var networks = Values(config.GetSection("Rectify:Proxy:KnownNetworks")).Select(v => System.Net.IPNetwork.TryParse(v, out var n) ? n
            : throw new InvalidOperationException($"Rectify:Proxy:KnownNetworks 中的“{v}”不是网段(如 10.0.0.0/24)")).ToList();
        services.PostConfigure<ForwardedHeadersOptions>(o =>
        {
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

    /// <summary>A list in appsettings.json, indexed keys (Rectify__Proxy__KnownProxies__0), or one comma-separated value.</summary>
    static IEnumerable<string> Values(IConfigurationSection section) =>
        section.GetChildren().Select(c => c.Value).Append(section.Value)
            .SelectMany(v => (v ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
