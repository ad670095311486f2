using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Npgsql;
using Xunit.Abstractions;

namespace EssalOffice.IntegrationTests;

/// <summary>A database and an app of its own, so that stopping PostgreSQL disturbs no other test.</summary>
public sealed class OutageFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public EssalApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.StartAsync();
        // The throwaway cluster runs with synchronous_commit=off for speed; a crash may then lose the last
        // acknowledged commits. Production keeps the default (on), and so does the app under test here.
        var connectionString = new NpgsqlConnectionStringBuilder(Database.ConnectionString) { Options = "-c synchronous_commit=on" }.ConnectionString;
        App = new EssalApp(connectionString);
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
    public const string Name = "database outage";
}

/// <summary>PostgreSQL stops mid-run: 503 (never 401, 500 or success) while it is away, recovery on its own when it returns, nothing acknowledged lost.</summary>
[Collection(OutageCollection.Name)]
public sealed class DatabaseOutageTests(OutageFixture fixture, ITestOutputHelper output)
{
    private EssalApp App => fixture.App;

    [Fact]
    public async Task WhenPostgresStopsMidRun_AnswersAre503UntilItReturns_ThenItRecoversWithoutLosingAcknowledgedWrites()
    {
        // Stopping and restarting needs the throwaway local cluster (not an external server or a container).
        if (fixture.Database.Cluster is not { } cluster)
        {
            output.WriteLine($"Skipped: the database comes from {fixture.Database.Source}, which this test cannot stop.");
            return;
        }

        await App.CreateUserAsync("outage.user", "outage password");
        var token = (string)(await App.IssueTokenAsync("outage.user", "outage password", "integration"))["token"]!;
        using var integration = App.WithToken(token);
        using var browser = App.Anonymous();
        (await browser.PostAsJsonAsync("/api/auth/login", new { username = "outage.user", password = "outage password" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/profile")).StatusCode);

        // Writers and readers keep going while the database dies under them.
        var acknowledged = new ConcurrentBag<(string Id, string Token)>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            using var client = App.WithToken(token);
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                // Writes until 40 tokens stand (under the per-user limit of 50), reads all along.
                var response = i % 2 == 0 && acknowledged.Count < 40
                    ? await client.PostAsJsonAsync("/api/profile/tokens", new { name = $"load {worker}.{i}" })
                    : await client.GetAsync("/api/profile");
                statuses.Add(response.StatusCode);
                if (response.StatusCode == HttpStatusCode.Created)
                {
                    var body = await response.JsonAsync();
                    acknowledged.Add(((string)body["id"]!, (string)body["token"]!));
                }
                else if (response.StatusCode != HttpStatusCode.OK)
                {
                    await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
                    Assert.True(response.Headers.RetryAfter is not null, "A 503 must say when to retry.");
                    await Task.Delay(20);
                }
            }
        })).ToList();

        var warmUp = Stopwatch.StartNew();
        while (acknowledged.Count < 5 && !load.Any(t => t.IsCompleted) && warmUp.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(10);
        Assert.True(acknowledged.Count >= 5, "The load should have created tokens before the database stops.");
        await cluster.KillAsync();
        var killedAt = Stopwatch.StartNew();

        // While it is down: every answer that needs the database is 503 with Retry-After; junk is still 401.
        await AssertUnavailableAsync(await integration.GetAsync("/api/profile"));
        await AssertUnavailableAsync(await integration.PostAsJsonAsync("/api/profile/tokens", new { name = "during outage" }));
        await AssertUnavailableAsync(await integration.DeleteAsync($"/api/profile/tokens/{acknowledged.First().Id}"));
        await AssertUnavailableAsync(await browser.GetAsync("/api/profile")); // the session cookie is re-checked against the database
        using (var anonymous = App.Anonymous())
        {
            await AssertUnavailableAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "outage.user", password = "outage password" }));
            await AssertUnavailableAsync(await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "outage.user", password = "outage password" }));
            await AssertUnavailableAsync(await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "nobody.here", password = "wrong password" }));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await anonymous.GetAsync("/health/ready")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        }
        var wrongChecksum = token[..^1] + (token[^1] == 'A' ? 'B' : 'A');
        using (var junk = App.WithToken(wrongChecksum))
            Assert.Contains("checksum", await (await junk.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized));
        using (var junk = App.WithToken("essal_not-a-token"))
            await (await junk.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await Task.Delay(TimeSpan.FromSeconds(1)); // the load keeps knocking for a while
        await stop.CancelAsync();
        await Task.WhenAll(load);
        var downFor = killedAt.Elapsed;

        // It comes back: the very first request after the restart succeeds, with no restart of the app.
        var restart = Stopwatch.StartNew();
        await cluster.RestartAsync();
        var serverUp = restart.Elapsed;
        var first = await integration.GetAsync("/api/profile");
        Assert.True(first.StatusCode == HttpStatusCode.OK, $"First request after the restart: {first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        var recovered = restart.Elapsed;
        using (var anonymous = App.Anonymous())
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/profile")).StatusCode);
        Assert.True(recovered < TimeSpan.FromSeconds(10), $"Recovery took {recovered}.");
        output.WriteLine($"Database down for {downFor.TotalMilliseconds:F0} ms; pg_ctl start took {serverUp.TotalMilliseconds:F0} ms; " +
                         $"first successful request {recovered.TotalMilliseconds:F0} ms after the restart began " +
                         $"({(recovered - serverUp).TotalMilliseconds:F0} ms after the server was up).");

        // Only the expected answers, and every token acknowledged with 201 is stored and works.
        NpgsqlConnection.ClearAllPools(); // the test's own pooled connections predate the restart
        Assert.All(statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, statuses);
        output.WriteLine($"Load during the run: {statuses.Count} answers ({string.Join(", ", statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}"))}); {acknowledged.Count} tokens acknowledged.");
        foreach (var (id, secret) in acknowledged)
        {
            Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("select count(*) from api_tokens where id = @id", ("id", Guid.Parse(id))));
            using var client = App.WithToken(secret);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        }
        Assert.DoesNotContain(App.Logs.Lines, line => line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("Unhandled exception"));
    }

    [Fact]
    public async Task WhenPostgresRestartsWhileNoRequestArrives_TheFirstRequestAfterwardsSucceeds()
    {
        if (fixture.Database.Cluster is not { } cluster)
        {
            output.WriteLine($"Skipped: the database comes from {fixture.Database.Source}, which this test cannot stop.");
            return;
        }
        await App.CreateUserAsync("quiet.user", "quiet password");
        var token = (string)(await App.IssueTokenAsync("quiet.user", "quiet password"))["token"]!;
        using var integration = App.WithToken(token);
        // Fill the pool with idle connections that the restart will break.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
            Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/profile")).StatusCode)));

        await cluster.KillAsync();
        await cluster.RestartAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++) statuses.Add((await integration.GetAsync("/api/profile")).StatusCode);
        output.WriteLine($"After a quiet restart: {string.Join(", ", statuses.Select(s => (int)s))}");
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
    }

    private static async Task AssertUnavailableAsync(HttpResponseMessage response)
    {
        var title = await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("database", title);
        Assert.True(response.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero, "A 503 must carry Retry-After.");
    }
}
