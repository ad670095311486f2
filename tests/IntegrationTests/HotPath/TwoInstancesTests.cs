using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace EssalOffice.IntegrationTests.HotPath;

/// <summary>Two instances of the web app on one database, as behind a load balancer: each with its own cache.</summary>
public sealed class TwoInstancesFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public EssalApp A { get; private set; } = null!;
    public EssalApp B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.StartAsync();
        A = new EssalApp(Database.ConnectionString);
        B = new EssalApp(Database.ConnectionString);
        _ = A.Server;
        _ = B.Server;
    }

    public async Task DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoInstancesCollection : ICollectionFixture<TwoInstancesFixture>
{
    public const string Name = "two instances";
}

/// <summary>
/// A revocation through one instance reaches the other's cache through LISTEN/NOTIFY; once the notification has
/// arrived the token never works there again. While the listener is down the cache is bypassed, and when it is back
/// the cache starts empty.
/// </summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class TwoInstancesTests(TwoInstancesFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private EssalApp A => fixture.A;
    private EssalApp B => fixture.B;

    public async Task InitializeAsync()
    {
        await fixture.Database.ResetAsync();
        await A.BootstrapAdminAsync();
        await A.WaitUntilCacheIsActiveAsync();
        await B.WaitUntilCacheIsActiveAsync();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Issues a token through A and uses it on B until B answers from its cache.</summary>
    private async Task<(string Token, string Id)> TokenCachedOnBAsync(string name)
    {
        var issued = await A.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, name);
        var token = (string)issued["token"]!;
        using var onB = B.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/ping")).StatusCode);
        Assert.True(B.IsCached(token), "B should answer from its cache before the revocation.");
        return (token, (string)issued["id"]!);
    }

    /// <summary>Calls B until it refuses the token; returns how long that took. After that, B must never accept it again.</summary>
    private static async Task<TimeSpan> TimeUntilRefusedAsync(HttpClient onB, TimeSpan limit)
    {
        var since = Stopwatch.StartNew();
        while ((await onB.GetAsync("/api/ping")).StatusCode == HttpStatusCode.OK)
            Assert.True(since.Elapsed < limit, $"B still accepts the revoked token after {since.Elapsed.TotalMilliseconds:F0} ms.");
        var took = since.Elapsed;
        for (var i = 0; i < 100; i++)
            await (await onB.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        return took;
    }

    [Fact]
    public async Task DeletedThroughA_IsRefusedByB_OnceTheNotificationArrived_AndNeverAcceptedAgain()
    {
        var (token, id) = await TokenCachedOnBAsync("scanner");
        using var onA = A.WithToken(token);
        using var onB = B.WithToken(token);
        var notificationsOnB = B.Listener().NotificationsApplied;

        Assert.Equal(HttpStatusCode.NoContent, (await onA.DeleteAsync($"/api/profile/tokens/{id}")).StatusCode);
        await onA.GetAsync("/api/ping").ContinueWith(t => t.Result.AssertProblemAsync(HttpStatusCode.Unauthorized)).Unwrap();
        var took = await TimeUntilRefusedAsync(onB, TimeSpan.FromSeconds(1));

        await HotPathProbes.WaitUntilAsync(() => B.Listener().NotificationsApplied > notificationsOnB, "B to apply the notification");
        Assert.False(B.IsCached(token));
        output.WriteLine($"B refused the token {took.TotalMilliseconds:F1} ms after A's 204.");
    }

    [Fact]
    public async Task RevokedByAnAdminThroughB_IsRefusedByA()
    {
        var issued = await B.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "erp");
        using var onA = A.WithToken((string)issued["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/api/ping")).StatusCode);
        Assert.True(A.IsCached((string)issued["token"]!));

        using var admin = B.WithToken(await B.AdminTokenAsync());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{issued["id"]}")).StatusCode);
        await TimeUntilRefusedAsync(onA, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task UserDeactivatedThroughA_IsRefusedByB_AndWorksAgainWhenReactivated()
    {
        var userId = await A.CreateUserAsync("remote.user", "remote user password");
        var token = (string)(await A.IssueTokenAsync("remote.user", "remote user password", "remote"))["token"]!;
        using var onB = B.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/ping")).StatusCode);
        Assert.True(B.IsCached(token));

        using var admin = A.WithToken(await A.AdminTokenAsync());
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = false })).StatusCode);
        await TimeUntilRefusedAsync(onB, TimeSpan.FromSeconds(1));
        Assert.Contains("deactivated", await (await onB.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized));

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = true })).StatusCode);
        await HotPathProbes.WaitUntilAsync(() => onB.GetAsync("/api/ping").Result.StatusCode == HttpStatusCode.OK, "B to accept the token again", seconds: 2);
    }

    [Fact]
    public async Task AnOperatorDeletingATokenWithSql_StopsItOnEveryInstance()
    {
        var (token, id) = await TokenCachedOnBAsync("psql");
        using (var onA = A.WithToken(token)) Assert.Equal(HttpStatusCode.OK, (await onA.GetAsync("/api/ping")).StatusCode);

        await EssalApp.ChangeSeenByAsync([A, B], () => fixture.Database.ExecuteAsync("delete from api_tokens where id = @id", ("id", Guid.Parse(id))));

        foreach (var app in new[] { A, B })
        {
            using var client = app.WithToken(token);
            await (await client.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
    }

    [Fact]
    public async Task ListenerKilledMidRun_BypassesTheCacheUntilResubscribed_ThenRevocationsFlowAgain()
    {
        var (missed, missedId) = await TokenCachedOnBAsync("revoked while B is deaf");
        var (later, laterId) = await TokenCachedOnBAsync("revoked after B is back");
        var (kept, _) = await TokenCachedOnBAsync("stays valid");
        using var owner = A.WithToken(kept);
        using var onBMissed = B.WithToken(missed);
        using var onBLater = B.WithToken(later);
        using var onBKept = B.WithToken(kept);

        // Load on B all along: the kill must cost no error, only cache misses.
        using var stop = new CancellationTokenSource();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var load = Task.Run(async () =>
        {
            using var client = B.WithToken(kept);
            while (!stop.IsCancellationRequested) statuses.Add((await client.GetAsync("/api/ping")).StatusCode);
        });

        var subscriptions = B.Listener().Subscriptions;
        var backend = B.Listener().BackendProcessId;
        Assert.True(await fixture.Database.ScalarAsync<bool>("select pg_terminate_backend(@pid)", ("pid", backend)));
        // Revoked at once, possibly before B has even noticed that it stopped hearing: that notification is lost.
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/profile/tokens/{missedId}")).StatusCode);

        await HotPathProbes.WaitUntilAsync(() => B.Listener().Subscriptions > subscriptions, "B's listener to subscribe again");
        Assert.NotEqual(backend, B.Listener().BackendProcessId);
        // Back, and it started from an empty cache: the missed revocation holds.
        await (await onBMissed.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.False(B.IsCached(later), "The cache must start empty after the listener was away.");

        // Notifications flow again: a token cached after the return is evicted when revoked through A.
        Assert.Equal(HttpStatusCode.OK, (await onBLater.GetAsync("/api/ping")).StatusCode);
        Assert.True(B.IsCached(later));
        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/profile/tokens/{laterId}")).StatusCode);
        await TimeUntilRefusedAsync(onBLater, TimeSpan.FromSeconds(1));

        await stop.CancelAsync();
        await load;
        Assert.Equal(HttpStatusCode.OK, (await onBKept.GetAsync("/api/ping")).StatusCode);
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        output.WriteLine($"{statuses.Count} requests on B during the kill and the re-subscription, all 200.");
    }

    [Fact]
    public async Task WhileTheListenerIsDown_NothingIsServedFromTheCache()
    {
        var (token, id) = await TokenCachedOnBAsync("bypass");
        using var onB = B.WithToken(token);
        var cache = B.Cache();
        var subscriptions = B.Listener().Subscriptions;

        // Keep B's listener away: terminate its backend as often as it comes back, for a while.
        using var stop = new CancellationTokenSource();
        var killer = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await fixture.Database.ExecuteAsync(
                    "select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'essal-revocation-listener' and pid = @pid",
                    ("pid", B.Listener().BackendProcessId));
                await Task.Delay(1);
            }
        });
        await HotPathProbes.WaitUntilAsync(() => !cache.Active, "B's cache to be suspended");
        Assert.Equal(0, cache.Count);

        // Suspended, B asks the database every time: the token still works, and stops at once when deleted through A.
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync("/api/ping")).StatusCode);
        using (var owner = A.WithToken(token))
            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/profile/tokens/{id}")).StatusCode);
        await (await onB.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized);

        await stop.CancelAsync();
        await killer;
        await HotPathProbes.WaitUntilAsync(() => cache.Active && B.Listener().Subscriptions > subscriptions, "B's listener to come back");
    }
}
