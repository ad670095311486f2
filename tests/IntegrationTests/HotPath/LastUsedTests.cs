using System.Diagnostics;
using System.Net;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;
using Xunit.Abstractions;

namespace EssalOffice.IntegrationTests.HotPath;

/// <summary>lastUsedAt is recorded in memory and written behind: shown within one interval, and flushed at shutdown.</summary>
[Collection(ApiCollection.Name)]
public sealed class LastUsedTests(ApiFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    private EssalApp AppWithFlushInterval(string interval) =>
        new(fixture.Database.ConnectionString, builder => builder.UseSetting("LastUsed:FlushInterval", interval));

    private async Task<DateTimeOffset?> StoredLastUsedAsync(string tokenId) =>
        await fixture.Database.ScalarAsync<DateTime?>("select last_used_at from api_tokens where id = @id", ("id", Guid.Parse(tokenId))) is { } at
            ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc))
            : null;

    [Fact]
    public async Task AfterUse_TheListShowsLastUsedAt_WithinOneInterval()
    {
        await using var app = AppWithFlushInterval("00:00:00.500");
        var issued = await app.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "integration");
        using var client = app.WithToken((string)issued["token"]!);
        Assert.Null((await (await client.GetAsync("/api/profile/tokens")).JsonAsync())[0]!["lastUsedAt"]);

        var firstUse = DateTimeOffset.UtcNow;
        for (var i = 0; i < 50; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        var lastUse = DateTimeOffset.UtcNow;

        var shownAfter = Stopwatch.StartNew();
        DateTimeOffset? shown = null;
        var readAt = DateTimeOffset.UtcNow;
        while (shown is null && shownAfter.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
            readAt = DateTimeOffset.UtcNow;
            var tokens = await (await client.GetAsync("/api/profile/tokens")).JsonAsync();
            shown = tokens[0]!["lastUsedAt"]?.GetValue<DateTimeOffset>();
        }
        output.WriteLine($"lastUsedAt shown {shownAfter.ElapsedMilliseconds} ms after the last use (interval 500 ms).");
        Assert.NotNull(shown);
        // The listing itself also uses the token, so the shown time is at least the first use and at most now.
        Assert.InRange(shown.Value, firstUse.AddMilliseconds(-1), DateTimeOffset.UtcNow);
        Assert.True(shownAfter.Elapsed < TimeSpan.FromMilliseconds(500 + 1500), $"Shown only after {shownAfter.Elapsed}.");
        // Every listing is a use too: what it shows is never older than one interval (plus scheduling slack).
        Assert.True(shown >= readAt.AddMilliseconds(-500 - 250), $"Shown {shown:O}, read at {readAt:O}, last ping at {lastUse:O}.");
    }

    [Fact]
    public async Task Uses_AreNotWrittenPerRequest()
    {
        await using var app = AppWithFlushInterval("1.00:00:00"); // no flush during the test
        var issued = await app.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "integration");
        using var client = app.WithToken((string)issued["token"]!);
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        Assert.Null(await StoredLastUsedAsync((string)issued["id"]!));
    }

    [Fact]
    public async Task GracefulShutdown_WritesWhatIsPending()
    {
        var app = AppWithFlushInterval("1.00:00:00");
        var issued = await app.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "integration");
        using (var client = app.WithToken((string)issued["token"]!))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        var used = DateTimeOffset.UtcNow;
        Assert.Null(await StoredLastUsedAsync((string)issued["id"]!));

        await app.DisposeAsync(); // the host stops: server first, then the last flush

        var stored = await StoredLastUsedAsync((string)issued["id"]!);
        Assert.NotNull(stored);
        Assert.InRange(stored.Value, used.AddSeconds(-5), used);
    }
}
