using EssalOffice.Infrastructure;
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

    // Data protection reports an unusable folder only as a logged error, and then every cookie fails.
    private static string? FindKeysDirectoryProblem(IConfiguration configuration)
    {
        if (configuration["DataProtection:KeysDirectory"] is not { Length: > 0 } keys) return null;
        var directory = Path.GetFullPath(keys);
        return WritableDirectory.FindProblem(directory) is { } problem ? $"DataProtection__KeysDirectory: {directory} {problem}" : null;
    }
}
