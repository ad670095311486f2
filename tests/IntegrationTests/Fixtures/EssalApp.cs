using EssalOffice.Infrastructure.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>The web app on the test database, in memory, with every log line captured.</summary>
public sealed class EssalApp(string connectionString, Action<IWebHostBuilder>? configure = null) : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";
    public const string AdminPassword = "admin-password-for-tests";

    public CapturedLogs Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Essal", connectionString);
        builder.UseSetting("Bootstrap:AdminUsername", AdminUsername);
        builder.UseSetting("Bootstrap:AdminPassword", AdminPassword);
        builder.UseSetting("RateLimiting:CredentialAttemptsPerMinute", "100000");
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
        });
        configure?.Invoke(builder);
    }

    /// <summary>Creates the first administrator again after a reset emptied the tables.</summary>
    public async Task BootstrapAdminAsync()
    {
        var mediator = Services.GetRequiredService<Mediator.IMediator>();
        await mediator.Send(new EssalOffice.Application.Users.BootstrapAdmin.BootstrapAdmin(AdminUsername, AdminPassword));
    }
}
