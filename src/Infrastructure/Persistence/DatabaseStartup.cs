using EssalOffice.Application.Users.BootstrapAdmin;
using EssalOffice.Infrastructure.Postgres;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>
/// Runs before the server accepts requests: chooses the database (starting the embedded cluster when no
/// connection string is configured), waits for it with bounded retries, applies migrations, and creates the
/// first administrator. A configuration problem becomes a <see cref="StartupConfigurationException"/> whose one
/// line names the setting. Program runs this before the host starts; as a hosted service it is then a no-op.
/// </summary>
public sealed class DatabaseStartup(
    IConfiguration configuration,
    DatabaseEndpoint endpoint,
    IMediator mediator,
    FirstAdminCredentials firstAdmin,
    IHostEnvironment environment,
    IOptions<DatabaseOptions> options,
    ILogger<DatabaseStartup> logger) : IHostedService, IAsyncDisposable
{
    public const string DefaultAdminUsername = "admin";
    private const string Setting = "ConnectionStrings__Essal";
    private readonly Lock _gate = new();
    private LocalPostgresCluster? _embedded;
    private Task? _started;

    public Task StartAsync(CancellationToken cancellationToken) => EnsureStartedAsync(cancellationToken);

    /// <summary>Runs start-up once; later calls return the same task.</summary>
    public Task EnsureStartedAsync(CancellationToken cancellationToken)
    {
        lock (_gate) return _started ??= StartOnceAsync(cancellationToken);
    }

    private async Task StartOnceAsync(CancellationToken cancellationToken)
    {
        var connectionString = configuration.GetConnectionString("Essal");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var configured = configuration["Essal:DataDirectory"]; // empty (compose's ${VAR:-}) means the default
            var directory = Path.GetFullPath(string.IsNullOrWhiteSpace(configured) ? DefaultDataDirectory(environment.ContentRootPath) : configured);
            if (WritableDirectory.FindProblem(directory) is { } problem)
                throw new StartupConfigurationException(string.IsNullOrWhiteSpace(configured)
                    ? $"{Setting} is not set, and the embedded PostgreSQL's default folder {directory} {problem} Set {Setting}, or choose another folder with Essal__DataDirectory."
                    : $"Essal__DataDirectory: {directory} {problem}");
            Log.StartingEmbeddedCluster(logger, directory);
            try
            {
                _embedded = await LocalPostgresCluster.StartPersistentAsync(directory, cancellationToken);
                await _embedded.EnsureDatabaseAsync("essal", cancellationToken);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                throw new StartupConfigurationException(
                    $"{Setting} is not set and the embedded PostgreSQL could not start (set {Setting}, or Essal__DataDirectory): {OneLine(e.Message)}", e);
            }
            connectionString = _embedded.ConnectionString("essal");
        }
        else
        {
            CheckConnectionString(connectionString);
        }
        endpoint.Set(connectionString);

        await WaitForDatabaseAsync(connectionString, cancellationToken);
        await DatabaseMigrator.MigrateAsync(connectionString, logger, cancellationToken);
        await BootstrapFirstAdminAsync(cancellationToken);
    }

    private static void CheckConnectionString(string connectionString)
    {
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException)
        {
            // The parser's message names the keyword, not the value, so no password reaches the output.
            throw new StartupConfigurationException($"{Setting} is not a valid PostgreSQL connection string: {OneLine(e.Message)}", e);
        }
        if (string.IsNullOrWhiteSpace(parsed.Host))
            throw new StartupConfigurationException($"{Setting} has no Host: use e.g. 'Host=db;Database=essal;Username=essal;Password=...'.");
    }

    /// <summary>
    /// A database that is still starting (compose, a restarted server) gets a few tries with a doubling delay;
    /// wrong credentials or a missing database do not get better by waiting.
    /// </summary>
    private async Task WaitForDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var delay = settings.StartupRetryDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync(cancellationToken);
                return;
            }
            catch (PostgresException e) when (e.SqlState is "28P01" or "28000" or "3D000" or "42501")
            {
                throw new StartupConfigurationException($"The database refused the connection of {Setting}: {e.SqlState} {OneLine(e.MessageText)}", e);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                var parsed = new NpgsqlConnectionStringBuilder(connectionString);
                var reason = OneLine(e.InnerException?.Message ?? e.Message);
                if (attempt >= settings.StartupAttempts)
                    throw new StartupConfigurationException(
                        $"Cannot reach the database of {Setting} ({parsed.Host}:{parsed.Port}) after {attempt} attempts: {reason}", e);
                Log.DatabaseNotReady(logger, attempt, settings.StartupAttempts, delay.TotalSeconds, reason);
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

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
        // Also registered as a hosted service, so this may be called twice.
        var embedded = Interlocked.Exchange(ref _embedded, null);
        if (embedded is not null) await embedded.DisposeAsync();
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

    [LoggerMessage(3, LogLevel.Warning, "Database not reachable (attempt {Attempt} of {Attempts}), retrying in {DelaySeconds} s: {Reason}")]
    public static partial void DatabaseNotReady(ILogger logger, int attempt, int attempts, double delaySeconds, string reason);
}
