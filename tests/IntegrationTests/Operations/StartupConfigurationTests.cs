using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests.Operations;

/// <summary>
/// A misconfigured service stops at start-up with one line that names the setting and exit code 2, not a stack
/// trace. Each test starts the built app as a real process, as an operator or a container would.
/// </summary>
public sealed class StartupConfigurationTests
{
    private const int ConfigurationError = 2;

    [Fact]
    public async Task Start_WhenConnectionStringIsMalformed_ExitsWithOneLineNamingTheSetting()
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = "Hots=db;Password=secret-database-password",
        });

        var line = AssertOneClearLine(result);
        Assert.Contains("ConnectionStrings__Essal is not a valid PostgreSQL connection string", line);
        Assert.DoesNotContain("secret-database-password", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task Start_WhenConnectionStringHasNoHost_ExitsWithOneLineNamingTheSetting()
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = "Database=essal;Username=essal",
        });

        Assert.Contains("ConnectionStrings__Essal has no Host", AssertOneClearLine(result));
    }

    [Fact]
    public async Task Start_WhenDatabaseIsUnreachable_RetriesThenExitsWithOneLine_AndJsonLogsStayJson()
    {
        var port = WebProcess.FreePort(); // nothing listens there
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = $"Host=127.0.0.1;Port={port};Database=essal;Username=essal;Password=secret-database-password",
            ["Database__StartupAttempts"] = "3",
            ["Database__StartupRetryDelay"] = "00:00:00.050",
            ["Logging__Console__FormatterName"] = "json",
        });

        var line = AssertOneClearLine(result);
        Assert.Contains($"Cannot reach the database of ConnectionStrings__Essal (127.0.0.1:{port}) after 3 attempts", line);
        Assert.DoesNotContain("secret-database-password", result.StandardOutput + result.StandardError);
        // The retries were logged (as JSON, one object per line: what a log collector expects).
        var logLines = result.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var messages = logLines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Message").GetString()).ToList();
        Assert.Equal(2, messages.Count(m => m!.StartsWith("Database not reachable (attempt", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("BruteForce__FailuresPerAddress", "abc")]
    [InlineData("BruteForce__FailuresPerUsername", "0")]
    [InlineData("BruteForce__WindowSeconds", "-5")]
    [InlineData("Database__StartupAttempts", "many")]
    [InlineData("Database__StartupRetryDelay", "soon")]
    [InlineData("Metrics__Port", "70000")]
    [InlineData("Metrics__Enabled", "maybe")]
    [InlineData("Shutdown__TimeoutSeconds", "0")]
    [InlineData("ValidationCache__Enabled", "sometimes")]
    [InlineData("ValidationCache__Capacity", "10")]
    [InlineData("ValidationCache__Capacity", "lots")]
    [InlineData("LastUsed__FlushInterval", "00:00:00")]
    [InlineData("LastUsed__FlushInterval", "often")]
    [InlineData("Shutdown__TimeoutSeconds", "abc")]
    [InlineData("Shutdown__TimeoutSeconds", "601")]
    [InlineData("Metrics__Path", "metrics")]
    [InlineData("Tokens__MaxPerUser", "abc")]
    [InlineData("Tokens__MaxPerUser", "0")]
    [InlineData("Tokens__MaxPerUser", "-1")]
    [InlineData("Tokens__MaxPerUser", "100001")]
    [InlineData("CredentialRevocation__RequestsPerMinute", "0")]
    [InlineData("CredentialRevocation__RequestsPerMinute", "-3")]
    [InlineData("CredentialRevocation__RequestsPerMinute", "abc")]
    [InlineData("CredentialRevocation__RequestsPerMinute", "1000001")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "notanip")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "10")] // would be read as 0.0.0.10
    [InlineData("ForwardedHeaders__KnownProxies", "10.0.0.1")] // not a list: would be ignored
    [InlineData("ForwardedHeaders__KnownNetworks__0", "10.0.0.0/99")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "10.0.0.0")]
    [InlineData("ForwardedHeaders__KnownNetworks__0", "nonsense/8")]
    [InlineData("Logging__Console__FormatterName", "xml")]
    [InlineData("Logging__LogLevel__Default", "verbose")]
    [InlineData("Logging__LogLevel__Microsoft.AspNetCore", "42")]
    [InlineData("Logging__Console__LogLevel__Default", "loud")]
    [InlineData("Bootstrap__AdminUsername", "no spaces")]
    [InlineData("Bootstrap__AdminPassword", "short")]
    [InlineData("DataProtection__KeysDirectory", "/proc/essal-keys")]
    [InlineData("DataProtection__KeysDirectory", "/proc")]
    [InlineData("ASPNETCORE_URLS", "notaurl")]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:99999")]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:5000/essal")]
    [InlineData("ASPNETCORE_URLS", "ftp://127.0.0.1:5000")]
    public async Task Start_WhenASettingIsInvalid_ExitsWithOneLineNamingIt(string setting, string value)
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = "Host=127.0.0.1;Port=1;Database=essal;Username=essal;Password=unused",
            [setting] = value,
        });

        Assert.Contains(setting, AssertOneClearLine(result));
    }

    [Fact]
    public async Task Start_WhenHttpPortsIsNotAPortList_ExitsWithOneLineNamingIt()
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = "Host=127.0.0.1;Port=1;Database=essal;Username=essal;Password=unused",
            ["ASPNETCORE_URLS"] = "", // the ports count only without URLs
            ["ASPNETCORE_HTTP_PORTS"] = "8080;eighty",
        });

        Assert.Contains("ASPNETCORE_HTTP_PORTS", AssertOneClearLine(result));
    }

    [Theory]
    [InlineData("/proc/essal-nope", "cannot be created")]
    [InlineData("/sys/essal-nope", "cannot be created")]
    [InlineData("/proc", "is not writable")]
    public async Task Start_WhenTheEmbeddedClusterFolderIsUnusable_ExitsWithOneLineNamingTheSetting(string directory, string problem)
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string> { ["Essal__DataDirectory"] = directory });

        var line = AssertOneClearLine(result);
        Assert.Contains("Essal__DataDirectory", line);
        Assert.Contains(problem, line);
    }

    [Fact]
    public async Task Start_WhenTheEmbeddedClusterFolderIsAFile_ExitsWithOneLineNamingTheSetting()
    {
        var file = Path.GetTempFileName();
        try
        {
            var result = await WebProcess.RunToExitAsync(new Dictionary<string, string> { ["Essal__DataDirectory"] = Path.Combine(file, "cluster") });

            var line = AssertOneClearLine(result);
            Assert.Contains("Essal__DataDirectory", line);
            Assert.Contains("cannot be created", line);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Start_WhenTheAddressIsTaken_ExitsWithOneLineNamingTheSetting()
    {
        await using var database = await PostgresDatabase.StartAsync(); // the server binds only once the database is ready
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>
        {
            ["ConnectionStrings__Essal"] = database.ConnectionString,
            ["Bootstrap__AdminPassword"] = "admin-password-for-tests",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
        });

        var line = AssertOneClearLine(result);
        Assert.Contains("ASPNETCORE_URLS", line);
        Assert.Contains($"127.0.0.1:{port}", line);
        Assert.Contains("address already in use", line);
    }

    [Fact]
    public async Task HealthCheckMode_WhenNothingAnswers_ExitsOne()
    {
        var result = await WebProcess.RunToExitAsync(new Dictionary<string, string>(),
            "--health-check", $"http://127.0.0.1:{WebProcess.FreePort()}/health/live");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.StandardError);
    }

    private static string AssertOneClearLine(ProcessResult result)
    {
        Assert.True(result.ExitCode == ConfigurationError, result.ToString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("Essal Office cannot start: ", line);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError); // no stack trace anywhere
        Assert.DoesNotContain("Exception", result.StandardOutput + result.StandardError);
        return line;
    }
}
