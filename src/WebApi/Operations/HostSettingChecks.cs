using System.Globalization;
using System.Net;
using System.Net.Sockets;
using EssalOffice.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.Logging.Console;

namespace EssalOffice.WebApi.Operations;

/// <summary>
/// Settings that ASP.NET Core itself reads, checked the way it reads them. Unchecked, a bad one crashes with a
/// stack trace when the first logger or the server starts, or is ignored without a word.
/// </summary>
internal static class HostSettingChecks
{
    private static readonly string[] FormatterNames = [ConsoleFormatterNames.Simple, ConsoleFormatterNames.Json, ConsoleFormatterNames.Systemd];

    public static string? FindProblem(IConfiguration configuration) =>
        FindLoggingProblem(configuration.GetSection("Logging"))
        ?? FindListenProblem(configuration)
        ?? FindKeysDirectoryProblem(configuration);

    private static string? FindLoggingProblem(IConfigurationSection logging)
    {
        // The console logger falls back to "simple" for a name it does not know.
        var formatter = logging["Console:FormatterName"];
        if (!string.IsNullOrEmpty(formatter) && !FormatterNames.Contains(formatter, StringComparer.OrdinalIgnoreCase))
            return "Logging__Console__FormatterName must be simple, json or systemd.";

        // Logging:LogLevel:<category> and Logging:<provider>:LogLevel:<category>, as the log filter reads them.
        var levels = logging.GetChildren()
            .Select(child => child.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? child : child.GetSection("LogLevel"))
            .SelectMany(section => section.AsEnumerable());
        foreach (var (key, value) in levels)
        {
            if (string.IsNullOrEmpty(value)) continue; // no level here: the filter skips it too
            if (!Enum.TryParse<LogLevel>(value, ignoreCase: true, out var level) || !Enum.IsDefined(level))
                return $"{key.Replace(":", "__")} must be a log level: Trace, Debug, Information, Warning, Error, Critical or None.";
        }
        return null;
    }

    private static string? FindListenProblem(IConfiguration configuration) => ReadListenAddresses(configuration).Problem;

    /// <summary>
    /// An address another process already listens on, found by binding it for a moment the way Kestrel does. Kestrel's
    /// own failure would say the same, but the host logs it with a stack trace before it reaches <see cref="StartupChecks"/>.
    /// </summary>
    public static string? FindTakenAddress(IConfiguration configuration)
    {
        if (configuration.GetSection("Kestrel:Endpoints").Exists()) return null; // they replace the URLs
        foreach (var (setting, address) in ReadListenAddresses(configuration).Addresses)
        {
            if (address.IsUnixPipe || address.Port == 0) continue;
            foreach (var ip in ListenIPs(address.Host))
            {
                if (IsTaken(new IPEndPoint(ip, address.Port)))
                    return $"Cannot listen on {address}, which {setting} asks for: address already in use (is this service already running?). Choose another address with --urls or {setting}.";
            }
        }
        return null;
    }

    /// <summary>Where the server will listen, as the host works it out, with the setting each address comes from; or the first entry that is no address.</summary>
    private static (List<(string Setting, BindingAddress Address)> Addresses, string? Problem) ReadListenAddresses(IConfiguration configuration)
    {
        var addresses = new List<(string Setting, BindingAddress Address)>();
        // The URLs (ASPNETCORE_URLS, --urls) win; only without them do the ports count.
        if (configuration[WebHostDefaults.ServerUrlsKey] is { Length: > 0 } urls)
        {
            foreach (var url in Entries(urls))
            {
                if (ParseListenUrl(url) is not { } address)
                    return (addresses, $"ASPNETCORE_URLS (or --urls) has '{url}', which is not an address to listen on such as http://0.0.0.0:8080 (http or https, a port from 0 to 65535, no path).");
                addresses.Add(("ASPNETCORE_URLS", address));
            }
            return (addresses, null);
        }
        foreach (var (setting, key, scheme) in new[] { ("ASPNETCORE_HTTP_PORTS", WebHostDefaults.HttpPortsKey, "http"), ("ASPNETCORE_HTTPS_PORTS", WebHostDefaults.HttpsPortsKey, "https") })
        {
            foreach (var port in Entries(configuration[key]))
            {
                if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
                    return (addresses, $"{setting} has '{port}', which is not a port from 0 to 65535 (list several with ';').");
                addresses.Add((setting, BindingAddress.Parse($"{scheme}://*:{number}")));
            }
        }
        return (addresses, null);
    }

    private static string[] Entries(string? list) => (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static BindingAddress? ParseListenUrl(string url)
    {
        BindingAddress address;
        try
        {
            address = BindingAddress.Parse(url);
        }
        catch (FormatException)
        {
            return null;
        }
        var isHttp = address.Scheme.Equals("http", StringComparison.OrdinalIgnoreCase) || address.Scheme.Equals("https", StringComparison.OrdinalIgnoreCase);
        // Kestrel refuses a path (that is UsePathBase's job) and takes any port number until the socket refuses it.
        return isHttp && address.Port is >= 0 and <= 65535 && string.IsNullOrEmpty(address.PathBase) ? address : null;
    }

    // As Kestrel binds them: localhost is both loopbacks, an IP address itself, anything else ("*", "+", a name) every address.
    private static IPAddress[] ListenIPs(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? [IPAddress.Loopback, IPAddress.IPv6Loopback]
        : IPAddress.TryParse(host, out var ip) ? [ip]
        : [IPAddress.IPv6Any];

    private static bool IsTaken(IPEndPoint endpoint)
    {
        try
        {
            SocketTransportOptions.CreateDefaultBoundListenSocket(endpoint).Dispose();
            return false;
        }
        catch (SocketException e)
        {
            return e.SocketErrorCode == SocketError.AddressAlreadyInUse; // anything else (no IPv6, say) is for Kestrel to judge
        }
    }

    // Data protection reports an unusable folder only as a logged error, and then every cookie fails.
    private static string? FindKeysDirectoryProblem(IConfiguration configuration)
    {
        if (configuration["DataProtection:KeysDirectory"] is not { Length: > 0 } keys) return null;
        var directory = Path.GetFullPath(keys);
        return WritableDirectory.FindProblem(directory) is { } problem ? $"DataProtection__KeysDirectory: {directory} {problem}" : null;
    }
}
