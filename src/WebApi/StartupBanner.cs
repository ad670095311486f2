using EssalOffice.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EssalOffice.WebApi;

/// <summary>
/// Tells the person who started the service where to open it and how to sign in. It writes to the console,
/// not to the log, because a generated first password must be shown once and never stored in log files.
/// </summary>
public sealed class StartupBanner(IServer server, IHostApplicationLifetime lifetime, FirstAdminCredentials firstAdmin) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(Print);
        return Task.CompletedTask;
    }

    private void Print()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.Count == 0) return; // in-memory test server: nobody to tell
        var url = addresses.First().Replace("0.0.0.0", "localhost").Replace("[::]", "localhost").Replace("+", "localhost").Replace("*", "localhost");
        var password = firstAdmin.TakeGeneratedPassword();
        var signIn = (firstAdmin.Username, password) switch
        {
            (not null, not null) => $"Sign in as '{firstAdmin.Username}' with password: {password}\n  (shown only this once; it is not stored anywhere readable)",
            (not null, null) => $"Sign in as '{firstAdmin.Username}' with the password from Bootstrap__AdminPassword.",
            _ => "Sign in with an existing account (the first administrator's password was shown when it was created).",
        };
        Console.Out.WriteLine($"""

            Essal Office is running.
              Open      {url}/
              API docs  {url}/docs
              {signIn}

            """);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>When start-up fails after the first administrator was created with a generated password: show it anyway.</summary>
    public static void PrintGeneratedPassword(FirstAdminCredentials firstAdmin)
    {
        if (firstAdmin.TakeGeneratedPassword() is { } password)
            Console.Out.WriteLine($"The first administrator '{firstAdmin.Username}' was created with password: {password}\n  (shown only this once)");
    }

    /// <summary>
    /// Start-up failed on configuration: one line on standard error naming the setting, instead of a stack trace
    /// (the logger may not flush before the process exits). Returns the process exit code.
    /// </summary>
    public static int PrintFailure(string problem)
    {
        Console.Error.WriteLine($"Essal Office cannot start: {problem}");
        return Operations.StartupChecks.ConfigurationErrorExitCode;
    }
}
