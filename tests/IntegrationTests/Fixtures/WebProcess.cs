using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>The built web app (<c>dotnet EssalOffice.WebApi.dll</c>) as a real process, the way an operator starts it.</summary>
public static class WebProcess
{
    /// <summary>src/WebApi's build output for the configuration these tests were built in.</summary>
    public static string AppDirectory { get; } = FindAppDirectory();

    public static async Task<ProcessResult> RunToExitAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        using var process = Process.Start(StartInfo(environment, arguments))!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The app did not exit within 90 s. Output so far: {(stdout.IsCompleted ? stdout.Result : "")}");
        }
        return new ProcessResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts the app and leaves it running; <see cref="RunningWebProcess.StopAsync"/> sends SIGTERM.</summary>
    public static RunningWebProcess Start(IReadOnlyDictionary<string, string> environment) => new(StartInfo(environment, []));

    private static ProcessStartInfo StartInfo(IReadOnlyDictionary<string, string> environment, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppDirectory, "EssalOffice.WebApi.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Nothing inherited may choose the database or the port for the process under test.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("Bootstrap__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Essal__", StringComparison.OrdinalIgnoreCase)
                     || k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)).ToList())
            start.Environment.Remove(key);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{FreePort()}";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment) start.Environment[key] = value;
        return start;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindAppDirectory()
    {
        // tests/IntegrationTests/bin/<Configuration>/<tfm>/ → src/WebApi/bin/<Configuration>/<tfm>/
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = here.Name;
        var configuration = here.Parent!.Name;
        for (var directory = here; directory is not null; directory = directory.Parent)
        {
            if (!File.Exists(Path.Combine(directory.FullName, "EssalOffice.sln"))) continue;
            var candidate = Path.Combine(directory.FullName, "src", "WebApi", "bin", configuration, framework);
            if (File.Exists(Path.Combine(candidate, "EssalOffice.WebApi.dll"))) return candidate;
        }
        return AppContext.BaseDirectory; // the referenced app is copied beside the tests as well
    }
}

/// <summary>An app process left running, its output collected as it comes.</summary>
public sealed class RunningWebProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stdout = new();
    private readonly System.Text.StringBuilder _stderr = new();

    public RunningWebProcess(ProcessStartInfo start)
    {
        Url = start.Environment["ASPNETCORE_URLS"]!;
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_stdout) _stdout.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Url { get; }

    public string StandardOutput { get { lock (_stdout) return _stdout.ToString(); } }

    public string StandardError { get { lock (_stderr) return _stderr.ToString(); } }

    /// <summary>Waits until the app prints its start-up banner ("Essal Office is running.").</summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!StandardOutput.Contains("Essal Office is running.", StringComparison.Ordinal))
        {
            if (_process.HasExited) throw new InvalidOperationException($"The app exited (code {_process.ExitCode}).\n{this}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The app did not start within {timeout}.\n{this}");
            await Task.Delay(100);
        }
    }

    /// <summary>SIGTERM, as an operator's <c>kill</c> or a container runtime sends it; returns the exit code.</summary>
    public async Task<int> StopAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try { await StopAsync(); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }

    public override string ToString() => $"--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public string[] ErrorLines => StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}
