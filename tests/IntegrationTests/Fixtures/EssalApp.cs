using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
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
        // Every test client shares one address; only the brute-force tests set low limits.
        builder.UseSetting("BruteForce:FailuresPerAddress", "1000000");
        builder.UseSetting("BruteForce:FailuresPerUsername", "1000000");
        builder.UseSetting("CredentialRevocation:RequestsPerMinute", "1000000");
        // The in-memory server has no client address; tests give one per request with this header.
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromTestHeader>());
        builder.ConfigureLogging(logging =>
        {
            logging.AddProvider(Logs);
            logging.SetMinimumLevel(LogLevel.Trace);
        });
        configure?.Invoke(builder);
    }

    public const string ClientAddressHeader = "X-Test-Client-Address";

    /// <summary>
    /// Makes a change behind the app's back (SQL, as an operator with psql would) and waits until the app has
    /// applied the notification it causes: such changes reach the validation cache through LISTEN/NOTIFY.
    /// </summary>
    public Task ChangeInDatabaseAsync(Func<Task> change) => ChangeSeenByAsync([this], change);

    /// <summary>Makes a change and waits until every one of <paramref name="apps"/> has applied a notification since.</summary>
    public static async Task ChangeSeenByAsync(IReadOnlyList<EssalApp> apps, Func<Task> change)
    {
        var applied = apps.Select(app => app.Listener().NotificationsApplied).ToList();
        await change();
        for (var i = 0; i < apps.Count; i++)
        {
            var (app, before) = (apps[i], applied[i]);
            await HotPathProbes.WaitUntilAsync(() => app.Listener().NotificationsApplied > before, "the change's notification");
        }
    }

    /// <summary>Creates the first administrator again after a reset emptied the tables.</summary>
    public async Task BootstrapAdminAsync()
    {
        var mediator = Services.GetRequiredService<Mediator.IMediator>();
        await mediator.Send(new EssalOffice.Application.Users.BootstrapAdmin.BootstrapAdmin(AdminUsername, AdminPassword));
    }
}

/// <summary>Sets the connection's remote address from <see cref="EssalApp.ClientAddressHeader"/>, before anything else runs.</summary>
internal sealed class ClientAddressFromTestHeader : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[EssalApp.ClientAddressHeader], out var address))
                context.Connection.RemoteIpAddress = address;
            return nextMiddleware(context);
        });
        next(app);
    };
}
