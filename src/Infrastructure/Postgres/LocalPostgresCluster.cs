using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Npgsql;

namespace EssalOffice.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster from the machine's own binaries: the run command's embedded default
/// (kept under <c>.data/</c> and reused) and the tests' throwaway database. PostgreSQL refuses to run
/// as root, so as root every server command runs as the <c>postgres</c> system user.
/// </summary>
public sealed class LocalPostgresCluster : IAsyncDisposable
{
    private const string SystemUser = "postgres";
    private const string Superuser = "essal";
    private readonly string _binaries;
    private readonly bool _throwaway;
    private readonly FileStream? _ownership;

    private LocalPostgresCluster(string binaries, string dataDirectory, int port, string password, bool throwaway, FileStream? ownership)
    {
        _binaries = binaries;
        DataDirectory = dataDirectory;
        Port = port;
        _throwaway = throwaway;
        Password = password;
        _ownership = ownership;
    }

    public string DataDirectory { get; }
    public int Port { get; }
    private string Password { get; }

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Password = Password,
        Database = database,
    }.ConnectionString;

    /// <summary>The newest PostgreSQL server binaries on this machine, or null.</summary>
    public static string? FindBinaries()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("ESSAL_PG_BIN");
        if (!string.IsNullOrEmpty(fromEnvironment) && File.Exists(Path.Combine(fromEnvironment, "pg_ctl"))) return fromEnvironment;
        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var newest = Directory.GetDirectories(debianRoot)
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir), out var v) ? v : -1))
                .Where(x => File.Exists(Path.Combine(x.dir, "bin", "pg_ctl")))
                .OrderByDescending(x => x.version)
                .FirstOrDefault();
            if (newest.dir is not null) return Path.Combine(newest.dir, "bin");
        }
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")));
        return onPath;
    }

    /// <summary>A fresh cluster in a temporary folder, tuned for tests (no fsync); deleted on dispose.</summary>
    public static Task<LocalPostgresCluster> StartThrowawayAsync(CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "essal-pg-" + Guid.NewGuid().ToString("N")[..12]);
        return StartAsync(directory, throwaway: true, cancellationToken);
    }

    /// <summary>Starts the cluster kept in <paramref name="directory"/>, creating it on first use.</summary>
    public static Task<LocalPostgresCluster> StartPersistentAsync(string directory, CancellationToken cancellationToken = default) =>
        StartAsync(Path.GetFullPath(directory), throwaway: false, cancellationToken);

    private static async Task<LocalPostgresCluster> StartAsync(string directory, bool throwaway, CancellationToken cancellationToken)
    {
        var binaries = FindBinaries() ?? throw new InvalidOperationException(
            "No PostgreSQL server binaries found (looked in /usr/lib/postgresql/*/bin, $ESSAL_PG_BIN and PATH). " +
            "Install them (apt-get install postgresql) or set ConnectionStrings__Essal.");
        var asRoot = Environment.UserName == "root";
        Directory.CreateDirectory(directory);
        // The process that owns the cluster stops it when it exits: a second one may not borrow it meanwhile.
        var ownership = throwaway ? null : TakeOwnership(directory);
        try
        {
            return await StartOwnedAsync(binaries, directory, asRoot, throwaway, ownership, cancellationToken);
        }
        catch
        {
            ownership?.Dispose();
            throw;
        }
    }

    private static FileStream TakeOwnership(string directory)
    {
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix, released by the kernel if the process dies.
            return new FileStream(Path.Combine(directory, "owner.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            throw new InvalidOperationException(
                $"{directory} is in use by another Essal Office process, which stops this database when it exits. " +
                "Stop that one first, or give this one a database of its own.");
        }
    }

    private static async Task<LocalPostgresCluster> StartOwnedAsync(
        string binaries, string directory, bool asRoot, bool throwaway, FileStream? ownership, CancellationToken cancellationToken)
    {
        var dataDirectory = Path.Combine(directory, "pgdata");
        var passwordFile = Path.Combine(directory, "superuser-password");
        var portFile = Path.Combine(directory, "port");

        if (!File.Exists(Path.Combine(dataDirectory, "PG_VERSION")))
        {
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
            await File.WriteAllTextAsync(passwordFile, password, cancellationToken);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            Directory.CreateDirectory(dataDirectory);
            if (asRoot) await GiveToSystemUserAsync(directory, cancellationToken);
            await RunAsync(asRoot, Path.Combine(binaries, "initdb"),
                ["-D", dataDirectory, "-U", Superuser, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-instructions"],
                cancellationToken);
        }

        var storedPassword = (await File.ReadAllTextAsync(passwordFile, cancellationToken)).Trim();
        if (await TryReadPortOfRunningServerAsync(asRoot, binaries, dataDirectory, portFile, cancellationToken) is { } runningPort)
            return new LocalPostgresCluster(binaries, directory, runningPort, storedPassword, throwaway, ownership); // left by a crash

        var port = FreeLoopbackPort();
        await File.WriteAllTextAsync(portFile, port.ToString(), cancellationToken);
        var serverOptions = $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" +
            (throwaway ? " -c fsync=off -c synchronous_commit=off -c full_page_writes=off" : "");
        await RunAsync(asRoot, Path.Combine(binaries, "pg_ctl"),
            ["-D", dataDirectory, "-l", Path.Combine(directory, "postgres.log"), "-o", serverOptions, "-w", "-t", "60", "start"],
            cancellationToken);
        return new LocalPostgresCluster(binaries, directory, port, storedPassword, throwaway, ownership);
    }

    /// <summary>Creates the database unless it exists.</summary>
    public async Task EnsureDatabaseAsync(string database, CancellationToken cancellationToken = default)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("select exists (select 1 from pg_database where datname = @name)", connection);
        exists.Parameters.AddWithValue("name", database);
        if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return;
        await using var create = new NpgsqlCommand($"create database \"{database.Replace("\"", "\"\"")}\"", connection);
        await create.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Stops the server at once, as a crash would (for outage tests).</summary>
    public Task KillAsync(CancellationToken cancellationToken = default) => StopAsync("immediate", cancellationToken);

    /// <summary>Starts the server again on the same port after <see cref="KillAsync"/> or <see cref="StopAsync(string, CancellationToken)"/>.</summary>
    public Task RestartAsync(CancellationToken cancellationToken = default) =>
        RunAsync(Environment.UserName == "root", Path.Combine(_binaries, "pg_ctl"),
            ["-D", Path.Combine(DataDirectory, "pgdata"), "-l", Path.Combine(DataDirectory, "postgres.log"),
             "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=''" + (_throwaway ? " -c fsync=off" : ""),
             "-w", "-t", "60", "start"], cancellationToken);

    public Task StopAsync(string mode = "fast", CancellationToken cancellationToken = default) =>
        RunAsync(Environment.UserName == "root", Path.Combine(_binaries, "pg_ctl"),
            ["-D", Path.Combine(DataDirectory, "pgdata"), "-m", mode, "-w", "stop"], cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(_throwaway ? "immediate" : "fast"); }
        catch (InvalidOperationException) { /* already stopped */ }
        _ownership?.Dispose();
        if (_throwaway)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<int?> TryReadPortOfRunningServerAsync(bool asRoot, string binaries, string dataDirectory, string portFile, CancellationToken cancellationToken)
    {
        if (!File.Exists(Path.Combine(dataDirectory, "postmaster.pid")) || !File.Exists(portFile)) return null;
        var status = await RunCapturingAsync(asRoot, Path.Combine(binaries, "pg_ctl"), ["-D", dataDirectory, "status"], cancellationToken);
        return status.ExitCode == 0 && int.TryParse(await File.ReadAllTextAsync(portFile, cancellationToken), out var port) ? port : null;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task GiveToSystemUserAsync(string directory, CancellationToken cancellationToken)
    {
        var result = await RunCapturingAsync(false, "chown", ["-R", $"{SystemUser}:", directory], cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"Could not hand {directory} to the '{SystemUser}' system user: {result.Output.Trim()}");
        // The system user must be able to reach the folder: check rather than fail later with a vaguer message.
        var reachable = await RunCapturingAsync(false, "runuser", ["-u", SystemUser, "--", "test", "-w", directory], cancellationToken);
        if (reachable.ExitCode != 0)
            throw new InvalidOperationException(
                $"The '{SystemUser}' system user cannot write {directory} (a parent folder is closed to it). Choose another folder with Essal__DataDirectory.");
    }

    private static async Task RunAsync(bool asRoot, string program, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await RunCapturingAsync(asRoot, program, arguments, cancellationToken);
        if (result.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed (exit {result.ExitCode}): {result.Output.Trim()}");
    }

    private static async Task<(int ExitCode, string Output)> RunCapturingAsync(bool asSystemUser, string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            FileName = asSystemUser ? "runuser" : program,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asSystemUser)
        {
            foreach (var a in new[] { "-u", SystemUser, "--", program }) start.ArgumentList.Add(a);
        }
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl start leaves the server holding inherited pipes open: read until exit, not until end of stream.
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await Task.WhenAny(Task.WhenAll(stdout, stderr), Task.Delay(TimeSpan.FromSeconds(2), cancellationToken));
        var output = stdout.IsCompletedSuccessfully && stderr.IsCompletedSuccessfully ? stdout.Result + stderr.Result : "";
        return (process.ExitCode, output);
    }
}
