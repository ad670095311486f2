using System.Net;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EssalOffice.IntegrationTests.Operations;

/// <summary>Its own database and app: these tests stop PostgreSQL, which must not disturb the other collections.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public EssalApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.StartAsync();
        App = new EssalApp(Database.ConnectionString, builder => builder.UseSetting("Shutdown:TimeoutSeconds", "12"));
        _ = App.Server;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OutageCollection : ICollectionFixture<OutageFixture>
{
    public const string Name = "outage";
}

[Collection(OutageCollection.Name)]
public sealed class HealthTests(OutageFixture fixture)
{
    [Fact]
    public async Task Ready_WhenDatabaseStops_Answers503_AndLiveStays200_ThenRecovers()
    {
        using var client = fixture.App.Anonymous();
        var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("application/json", ready.Content.Headers.ContentType?.MediaType);
        var body = await ready.JsonAsync();
        Assert.Equal("Healthy", (string)body["status"]!);
        Assert.Contains(body["checks"]!.AsArray(), c => (string)c!["status"]! == "Healthy");

        var cluster = fixture.Database.Cluster;
        if (cluster is null) return; // a database from ESSAL_TEST_CONNECTION or a container cannot be stopped from here

        await cluster.KillAsync();
        try
        {
            fixture.App.Logs.Clear();
            var down = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            Assert.Equal("Unhealthy", (string)(await down.JsonAsync())["status"]!);
            Assert.Equal("no-store, no-cache", down.Headers.CacheControl?.ToString());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health/ready")).StatusCode);

            // A probe every few seconds during an outage: one line each, with the reason but no stack trace.
            var failures = fixture.App.Logs.Lines.Where(l => l.Contains("HealthChecks") && !l.StartsWith("Debug", StringComparison.Ordinal)).ToList();
            Assert.Equal(2, failures.Count);
            Assert.All(failures, line =>
            {
                // The reason, e.g. 'Failed to connect to 127.0.0.1:5432 (SocketException: Connection refused)'.
                Assert.Matches("Health check npgsql with status Unhealthy .* with message '.+'", line);
                Assert.DoesNotContain("   at ", line);
                Assert.DoesNotContain('\n', line);
            });

            var live = await client.GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            Assert.Equal("Healthy", (string)(await live.JsonAsync())["status"]!);
        }
        finally
        {
            await cluster.RestartAsync();
        }

        // Pooled connections died with the server; the next checks open fresh ones.
        var recovered = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 20 && recovered != HttpStatusCode.OK; attempt++)
        {
            recovered = (await client.GetAsync("/health/ready")).StatusCode;
            if (recovered != HttpStatusCode.OK) await Task.Delay(250);
        }
        Assert.Equal(HttpStatusCode.OK, recovered);
    }

    [Fact]
    public void Shutdown_UsesTheConfiguredTimeout()
    {
        var host = fixture.App.Services.GetRequiredService<IOptions<HostOptions>>().Value;
        Assert.Equal(TimeSpan.FromSeconds(12), host.ShutdownTimeout);
    }
}
