using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using EssalOffice.Infrastructure.Postgres;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests.Operations;

/// <summary>
/// The README's run command: no connection string, so the app starts (and later reuses) its own PostgreSQL under a
/// data directory, prints where to open it and how to sign in, and stops that database when it exits. Each test runs
/// the built app as a real process on a data directory of its own.
/// </summary>
public sealed partial class EmbeddedDatabaseTests : IAsyncLifetime
{
    private const int ConfigurationError = 2;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "essal-embedded-" + Guid.NewGuid().ToString("N")[..10]);

    private Dictionary<string, string> Environment => new()
    {
        ["Essal__DataDirectory"] = _directory,
    };

    [Fact]
    public async Task RunCommand_StartsItsOwnDatabase_RefusesASecondCopy_AndALaterRunReusesIt()
    {
        string token;
        await using (var first = WebProcess.Start(Environment))
        {
            await first.WaitUntilRunningAsync(StartTimeout);
            Assert.Contains($"Open      {first.Url}/", first.StandardOutput);
            var password = GeneratedPassword().Match(first.StandardOutput).Groups["password"].Value;
            Assert.NotEmpty(password);
            using var http = new HttpClient { BaseAddress = new Uri(first.Url) };
            token = await IssueTokenAsync(http, password);

            // A second copy on the same data directory (another port) must not borrow the database and then stop it.
            var second = await WebProcess.RunToExitAsync(Environment);

            Assert.Equal(ConfigurationError, second.ExitCode);
            var line = Assert.Single(second.ErrorLines);
            Assert.Contains("is in use by another Essal Office process", line);
            Assert.DoesNotContain("   at ", second.StandardOutput + second.StandardError);
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await ProfileAsync(http, token)).StatusCode);

            Assert.Equal(0, await first.StopAsync());
        }
        Assert.False(File.Exists(Path.Combine(_directory, "pgdata", "postmaster.pid")), "the database stops with the app that started it");

        await using var again = WebProcess.Start(Environment);
        await again.WaitUntilRunningAsync(StartTimeout);
        Assert.DoesNotMatch(GeneratedPassword(), again.StandardOutput);
        Assert.Contains("Sign in with an existing account", again.StandardOutput);
        using var client = new HttpClient { BaseAddress = new Uri(again.Url) };
        Assert.Equal(HttpStatusCode.OK, (await ProfileAsync(client, token)).StatusCode);
        Assert.Equal(0, await again.StopAsync());
    }

    [Fact]
    public async Task RunCommand_WhenThePortIsTaken_ExitsWithOneLine_AndStillShowsTheNewAdministratorsPassword()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var environment = Environment;
        environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";

        var result = await WebProcess.RunToExitAsync(environment);

        Assert.Equal(ConfigurationError, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"Cannot listen on http://127.0.0.1:{port}, which ASPNETCORE_URLS asks for: address already in use", line);
        Assert.Contains("Choose another address with --urls or ASPNETCORE_URLS", line);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError);
        // The administrator was created before the port was tried: without its password nobody could sign in.
        Assert.Matches(@"The first administrator 'admin' was created with password: \S{12,}", result.StandardOutput);
        Assert.False(File.Exists(Path.Combine(_directory, "pgdata", "postmaster.pid")), "the database stops with the app");
    }

    private static async Task<string> IssueTokenAsync(HttpClient http, string password)
    {
        using var response = await http.PostAsJsonAsync("/api/auth/token", new { username = "admin", password, name = "embedded database test" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("token").GetString()!;
    }

    private static Task<HttpResponseMessage> ProfileAsync(HttpClient http, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return http.SendAsync(request);
    }

    [GeneratedRegex(@"with password: (?<password>\S+)")]
    private static partial Regex GeneratedPassword();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // A failed test must not leave a server running.
        var data = Path.Combine(_directory, "pgdata");
        if (File.Exists(Path.Combine(data, "postmaster.pid")) && LocalPostgresCluster.FindBinaries() is { } binaries)
        {
            var asRoot = System.Environment.UserName == "root";
            var stop = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(binaries, "pg_ctl"));
            if (asRoot) foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(binaries, "pg_ctl") }) stop.ArgumentList.Add(a);
            foreach (var a in new[] { "-D", data, "-m", "immediate", "stop" }) stop.ArgumentList.Add(a);
            using var process = Process.Start(stop)!;
            await process.WaitForExitAsync();
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
