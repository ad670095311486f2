using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Endpoints;
using System.Text.RegularExpressions;
using EssalOffice.Infrastructure;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Persistence;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Options;

namespace EssalOffice.WebApi.Operations;

/// <summary>
/// Start-up stops on a configuration problem with one line that names the setting (exit code 2), instead of a
/// stack trace: settings are checked before anything reads them, then the database is chosen, awaited and
/// migrated before the server starts.
/// </summary>
public static partial class StartupChecks
{
    public const int ConfigurationErrorExitCode = 2;

    /// <summary>
    /// The first problem among the settings this service validates, read straight from configuration (the
    /// data-protection keys folder is created if missing, to check that it can be written).
    /// </summary>
    public static string? FindSettingProblem(IConfiguration configuration) =>
        Check(configuration, BruteForceOptions.Section, new BruteForceOptionsValidator())
        ?? Check(configuration, MetricsOptions.Section, new MetricsOptionsValidator())
        ?? Check(configuration, ShutdownOptions.Section, new ShutdownOptionsValidator())
        ?? Check(configuration, DatabaseOptions.Section, new DatabaseOptionsValidator())
        ?? Check(configuration, ValidationCacheOptions.Section, new ValidationCacheOptionsValidator())
        ?? Check(configuration, LastUsedOptions.Section, new LastUsedOptionsValidator())
        ?? Check(configuration, TokensOptions.Section, new TokensOptionsValidator())
        ?? Check(configuration, CredentialRevocationOptions.Section, new CredentialRevocationOptionsValidator())
        ?? Check(configuration, BootstrapOptions.Section, new BootstrapOptionsValidator())
        ?? ForwardedHeadersSetup.FindProblem(configuration)
        ?? HostSettingChecks.FindProblem(configuration);

    /// <summary>Validates options (ValidateOnStart) and prepares the database, then starts the server and runs until shutdown.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            app.Services.GetService<IStartupValidator>()?.Validate();
            await app.Services.GetRequiredService<DatabaseStartup>().EnsureStartedAsync(app.Lifetime.ApplicationStopping);
            if (HostSettingChecks.FindTakenAddress(app.Configuration) is { } taken) throw new StartupConfigurationException(taken);
            await app.StartAsync();
        }
        catch (Exception e) when (Describe(e) is { } problem)
        {
            // A first start may have just created the administrator: its generated password must not be lost.
            StartupBanner.PrintGeneratedPassword(app.Services.GetRequiredService<FirstAdminCredentials>());
            await app.DisposeAsync(); // stops an embedded cluster that did start
            return StartupBanner.PrintFailure(problem);
        }
        try
        {
            await app.WaitForShutdownAsync();
        }
        finally
        {
            await app.DisposeAsync(); // what RunAsync does: hosted services are disposed, the embedded database stops
        }
        return 0;
    }

    /// <summary>The one line for an exception that is a configuration problem; null for anything else (a bug: keep its stack trace).</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        StartupConfigurationException e => e.Message,
        OptionsValidationException e => string.Join(" ", e.Failures),
        // Taken between FindTakenAddress and the bind. Kestrel's message names the address.
        IOException { InnerException: AddressInUseException } e => $"Cannot listen where ASPNETCORE_URLS (or ASPNETCORE_HTTP_PORTS) says: {e.Message}",
        InvalidOperationException e when BinderFailure().Match(e.Message) is { Success: true } m =>
            $"{m.Groups["key"].Value.Replace(":", "__")} must be {Expected(m.Groups["type"].Value)}.",
        _ => null,
    };

    private static string? Check<TOptions>(IConfiguration configuration, string section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        TOptions options;
        try
        {
            options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException e) when (Describe(e) is { } problem)
        {
            return problem;
        }
        var result = validator.Validate(null, options);
        return result.Failed ? result.FailureMessage : null;
    }

    private static string Expected(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration such as 00:00:05",
        _ => $"a value of type {type}",
    };

    // The configuration binder's message; it names the key and the type, never the value.
    [GeneratedRegex(@"^Failed to convert configuration value (?:'[^']*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex BinderFailure();
}
