using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace EssalOffice.WebApi;

/// <summary>
/// Behind a reverse proxy, the client address (for the brute-force limits and the audit trail) comes from
/// X-Forwarded-For, but only when the request comes from a proxy listed in <c>ForwardedHeaders__KnownProxies__0</c>
/// (addresses) or <c>ForwardedHeaders__KnownNetworks__0</c> (CIDR). With neither, the headers are ignored: anyone
/// could send them.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "ForwardedHeaders";

    public static bool AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies").Get<string[]>() ?? [];
        var networks = configuration.GetSection($"{Section}:KnownNetworks").Get<string[]>() ?? [];
        if (proxies.Length == 0 && networks.Length == 0) return false;

        var proxyAddresses = proxies.Select(p => IPAddress.TryParse(p, out var address)
            ? address : throw new InvalidOperationException($"{Section}:KnownProxies has '{p}', which is not an IP address.")).ToList();
        var proxyNetworks = networks.Select(n => IPNetwork.TryParse(n, out var network)
            ? network : throw new InvalidOperationException($"{Section}:KnownNetworks has '{n}', which is not a network like 10.0.0.0/8.")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // The defaults trust loopback; only what is configured is trusted.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var address in proxyAddresses) options.KnownProxies.Add(address);
            foreach (var network in proxyNetworks) options.KnownIPNetworks.Add(network);
        });
        return true;
    }
}
