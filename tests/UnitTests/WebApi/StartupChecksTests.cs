using EssalOffice.WebApi.Operations;
using Microsoft.Extensions.Configuration;

namespace EssalOffice.UnitTests.WebApi;

/// <summary>
/// What start-up refuses is covered end to end (a real process) in the integration tests; these cases pin down
/// that valid values, including the less common spellings the framework accepts, are not refused.
/// </summary>
public sealed class StartupChecksTests
{
    [Theory]
    [InlineData("Tokens:MaxPerUser", "1")]
    [InlineData("Tokens:MaxPerUser", "100000")]
    [InlineData("CredentialRevocation:RequestsPerMinute", "1")]
    [InlineData("CredentialRevocation:RequestsPerMinute", "1000000")] // what the in-memory tests use
    [InlineData("Logging:Console:FormatterName", "simple")]
    [InlineData("Logging:Console:FormatterName", "JSON")] // the console logger matches names ignoring case
    [InlineData("Logging:Console:FormatterName", "systemd")]
    [InlineData("Logging:Console:FormatterName", "")] // the default
    [InlineData("Logging:LogLevel:Default", "warning")]
    [InlineData("Logging:LogLevel:Default", "2")] // Information
    [InlineData("Logging:LogLevel:Default", "")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore", "None")]
    [InlineData("Logging:Console:LogLevel:Default", "Debug")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "10.0.0.1")]
    [InlineData("ForwardedHeaders:KnownProxies:0", "::1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/8")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "fd00::/8")]
    [InlineData("Bootstrap:AdminUsername", "")] // "admin"
    [InlineData("Bootstrap:AdminUsername", "ops.admin@example")]
    [InlineData("Bootstrap:AdminPassword", "")] // generated
    [InlineData("Bootstrap:AdminPassword", "8 chars!")]
    [InlineData("urls", "http://localhost:5272;http://*:8080;http://+:80;http://[::]:8080")]
    [InlineData("urls", "http://127.0.0.1:0")]
    [InlineData("urls", "HTTPS://localhost:5001")]
    [InlineData("urls", "http://unix:/tmp/essal.sock")]
    [InlineData("http_ports", "8080;9464")]
    [InlineData("https_ports", "8443")]
    public void FindSettingProblem_AcceptsAValidValue(string key, string value)
    {
        Assert.Null(StartupChecks.FindSettingProblem(Configuration((key, value))));
    }

    [Fact]
    public void FindSettingProblem_AcceptsTheShippedDefaults()
    {
        Assert.Null(StartupChecks.FindSettingProblem(Configuration()));
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:1", "proxy.internal", "ForwardedHeaders__KnownProxies__1")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.0.0.0/99", "ForwardedHeaders__KnownNetworks__0")]
    [InlineData("Logging:LogLevel:EssalOffice", "chatty", "Logging__LogLevel__EssalOffice")]
    [InlineData("Logging:Console:FormatterName", "xml", "Logging__Console__FormatterName must be simple, json or systemd")]
    [InlineData("Tokens:MaxPerUser", "0", "Tokens__MaxPerUser must be a whole number from 1 to 100000")]
    [InlineData("urls", "http://127.0.0.1:5000;nonsense", "ASPNETCORE_URLS")]
    public void FindSettingProblem_NamesTheSettingInItsEnvironmentForm(string key, string value, string expected)
    {
        // Beside a valid entry, so the line must name the bad one.
        var problem = StartupChecks.FindSettingProblem(Configuration(("ForwardedHeaders:KnownProxies:0", "10.0.0.1"), (key, value)));

        Assert.NotNull(problem);
        Assert.Contains(expected, problem);
    }

    [Fact]
    public void FindSettingProblem_NeverShowsThePassword()
    {
        var problem = StartupChecks.FindSettingProblem(Configuration(("Bootstrap:AdminPassword", "secret7")));

        Assert.Equal("Bootstrap__AdminPassword must be 8 to 512 characters.", problem);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // As in appsettings.json.
                ["Logging:LogLevel:Default"] = "Information",
                ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
                ["Bootstrap:AdminUsername"] = "admin",
                ["CredentialRevocation:RequestsPerMinute"] = "10",
            })
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key, s => (string?)s.Value))
            .Build();
}
