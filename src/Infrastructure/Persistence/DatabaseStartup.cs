using EssalOffice.Application.Users.BootstrapAdmin;
using EssalOffice.Infrastructure.Postgres;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>
/// Runs before the server accepts requests: chooses the database (starting the embedded cluster when no
/// connection string is configured), applies migrations, and creates the first administrator.
/// </summary>
public sealed class DatabaseStartup(
    IConfiguration configuration,
    DatabaseEndpoint endpoint,
    IMediator mediator,
    FirstAdminCredentials firstAdmin,
    IHostEnvironment environment,
    ILogger<DatabaseStartup> logger) : IHostedService, IAsyncDisposable
{
    public const string DefaultAdminUsername = "admin";
    private LocalPostgresCluster? _embedded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Essal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = configuration["Essal:DataDirectory"] ?? DefaultDataDirectory(environment.ContentRootPath);
            Log.StartingEmbeddedCluster(logger, Path.GetFullPath(directory));
            _embedded = await LocalPostgresCluster.StartPersistentAsync(directory, cancellationToken);
            await _embedded.EnsureDatabaseAsync("essal", cancellationToken);
            connectionString = _embedded.ConnectionString("essal");
        }
        endpoint.Set(connectionString);

        await DatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);
        await BootstrapFirstAdminAsync(cancellationToken);
    }

    private async Task BootstrapFirstAdminAsync(CancellationToken cancellationToken)
    {
        var username = configuration["Bootstrap:AdminUsername"];
        var password = configuration["Bootstrap:AdminPassword"];
        var generated = string.IsNullOrEmpty(password);
        if (string.IsNullOrEmpty(username)) username = DefaultAdminUsername;
        if (generated) password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(15)).Replace('+', 'x').Replace('/', 'y');

        if (await mediator.Send(new BootstrapAdmin(username, password), cancellationToken))
        {
            Log.FirstAdminCreated(logger, username);
            // Handed to the start-up banner, which shows it once on the console; never logged.
            firstAdmin.Set(username, generated ? password : null);
        }
    }

    /// <summary><c>.data/</c> at the top of the checkout (found by its solution file), else beside the app.</summary>
    private static string DefaultDataDirectory(string contentRoot)
    {
        for (var directory = new DirectoryInfo(contentRoot); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EssalOffice.sln"))) return Path.Combine(directory.FullName, ".data");
        }
        return Path.Combine(contentRoot, ".data");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        // Disposed after the host has stopped and flushed, so the embedded cluster outlives every request.
        if (_embedded is not null) await _embedded.DisposeAsync();
    }
}

/// <summary>The first administrator created by this start, if any; its password only when it was generated.</summary>
public sealed class FirstAdminCredentials
{
    public string? Username { get; private set; }
    public string? GeneratedPassword { get; private set; }

    public void Set(string username, string? generatedPassword) => (Username, GeneratedPassword) = (username, generatedPassword);

    /// <summary>Returns the generated password and forgets it: it is shown exactly once.</summary>
    public string? TakeGeneratedPassword()
    {
        var password = GeneratedPassword;
        GeneratedPassword = null;
        return password;
    }
}

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Information, "No ConnectionStrings__Essal: starting the embedded PostgreSQL cluster in {Directory}")]
    public static partial void StartingEmbeddedCluster(ILogger logger, string directory);

    [LoggerMessage(2, LogLevel.Information, "Created the first administrator '{Username}'")]
    public static partial void FirstAdminCreated(ILogger logger, string username);
}
