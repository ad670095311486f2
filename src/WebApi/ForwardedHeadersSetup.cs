using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
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
        List<IPAddress> proxyAddresses = [];
        List<IPNetwork> proxyNetworks = [];
        // Start-up has refused a bad entry already (FindProblem); this guards a caller that did not ask.
        if (Read(configuration, proxyAddresses, proxyNetworks) is { } problem) throw new InvalidOperationException(problem);
        if (proxyAddresses.Count == 0 && proxyNetworks.Count == 0) return false;

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

    /// <summary>The first listed proxy or network that is not one, as one line naming its setting; null when all are.</summary>
    public static string? FindProblem(IConfiguration configuration) => Read(configuration, [], []);

    private static string? Read(IConfiguration configuration, List<IPAddress> addresses, List<IPNetwork> networks)
    {
        var proxies = configuration.GetSection($"{Section}:KnownProxies");
        var proxyNetworks = configuration.GetSection($"{Section}:KnownNetworks");
        foreach (var list in new[] { proxies, proxyNetworks })
        {
            // ForwardedHeaders__KnownProxies=10.0.0.1 (no index) is no list entry: it would be ignored without a word.
            if (!string.IsNullOrEmpty(list.Value))
                return $"{EnvironmentForm(list.Path)} must be a list: set {EnvironmentForm(list.Path)}__0, __1, … instead.";
        }
        foreach (var entry in proxies.GetChildren().Where(e => e.Value is not null))
        {
            if (!TryParseAddress(entry.Value!, out var address))
                return $"{EnvironmentForm(entry.Path)} must be an IP address such as 10.0.0.5, not '{entry.Value}'.";
            addresses.Add(address);
        }
        foreach (var entry in proxyNetworks.GetChildren().Where(e => e.Value is not null))
        {
            if (!IPNetwork.TryParse(entry.Value, out var network))
                return $"{EnvironmentForm(entry.Path)} must be a network in CIDR form such as 10.0.0.0/8 or fd00::/8, not '{entry.Value}'.";
            networks.Add(network);
        }
        return null;
    }

    // IPAddress.TryParse also takes old shorthands: "10" is 0.0.0.10 and "010.0.0.1" is 8.0.0.1. Only the usual dotted form is meant.
    private static bool TryParseAddress(string text, [NotNullWhen(true)] out IPAddress? address) =>
        IPAddress.TryParse(text, out address) && (address.AddressFamily != AddressFamily.InterNetwork || address.ToString() == text);

    private static string EnvironmentForm(string path) => path.Replace(":", "__");
}
