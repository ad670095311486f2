using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace EssalOffice.IntegrationTests.HotPath;

/// <summary>
/// On the instance that served the change, a revoked credential fails on the very next request even though it was
/// cached: every revoking use case evicts before its response is sent. Each test keeps four clients calling while
/// the change is made, and no request sent after the change's response may succeed.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class SameInstanceRevocationTests(ApiFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private EssalApp App => fixture.App;
    private Guid _userId;
    private string _token = null!;
    private string _tokenId = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await App.WaitUntilCacheIsActiveAsync();
        // This instance also hears its own NOTIFY, a millisecond later; hold that back to test the synchronous eviction alone.
        App.Listener().DelayBeforeApplying = TimeSpan.FromSeconds(2);
        _userId = await App.CreateUserAsync("load.user", "load user password");
        var issued = await App.IssueTokenAsync("load.user", "load user password", "under load");
        (_token, _tokenId) = ((string)issued["token"]!, (string)issued["id"]!);
    }

    public Task DisposeAsync()
    {
        App.Listener().DelayBeforeApplying = null;
        return Task.CompletedTask;
    }

    private async Task AssertNothingSucceedsAfterAsync(string path, Func<Task> revoke)
    {
        // A notification of the reset before this test (the truncate clears the cache) may still be applied, a
        // little later, and undo the first store: ask again until the token is cached.
        using (var warm = App.WithToken(_token))
        {
            for (var attempt = 0; attempt < 50 && !App.IsCached(_token); attempt++)
            {
                Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync(path)).StatusCode);
                if (!App.IsCached(_token)) await Task.Delay(100);
            }
        }
        Assert.True(App.IsCached(_token), "The token should be served from the cache before the change.");

        var outcome = await RevocationUnderLoad.RunAsync(() => App.WithToken(_token), path, revoke);

        output.WriteLine($"{outcome.RequestsBefore} requests before the change's response, {outcome.RequestsAfter} after; " +
                         string.Join(", ", outcome.Statuses.GroupBy(s => s).Select(g => $"{(int)g.Key}: {g.Count()}")));
        Assert.True(outcome.RequestsAfter >= 400, "The load should have gone on after the change.");
        Assert.Empty(outcome.SucceededAfter);
        Assert.All(outcome.Statuses, s => Assert.Contains(s, new[] { HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden }));
    }

    private async Task<HttpClient> AdminAsync() => App.WithToken(await App.AdminTokenAsync());

    [Fact]
    public async Task OwnerDeletesTheToken_NoRequestSentAfterThe204Succeeds()
    {
        using var owner = App.WithToken(_token);
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
            Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/profile/tokens/{_tokenId}")).StatusCode));
    }

    [Fact]
    public async Task OwnerRotatesTheToken_NoRequestWithTheOldTokenSentAfterThe201Succeeds()
    {
        using var owner = App.WithToken(_token);
        string? replacement = null;
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
        {
            var response = await owner.PostAsync($"/api/profile/tokens/{_tokenId}/rotate", null);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            replacement = (string)(await response.JsonAsync())["token"]!;
        });
        using var rotated = App.WithToken(replacement!);
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("/api/ping")).StatusCode);
    }

    [Fact]
    public async Task AdminRevokesTheToken_NoRequestSentAfterThe204Succeeds()
    {
        using var admin = await AdminAsync();
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{_tokenId}")).StatusCode));
    }

    [Fact]
    public async Task AdminRevokesAllOfTheUsersTokens_NoRequestSentAfterThe204Succeeds()
    {
        using var admin = await AdminAsync();
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
            Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/users/{_userId}/tokens")).StatusCode));
    }

    [Fact]
    public async Task AdminDeactivatesTheUser_NoRequestSentAfterThe200Succeeds()
    {
        using var admin = await AdminAsync();
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{_userId}", new { isActive = false })).StatusCode));
    }

    [Fact]
    public async Task AdminRemovesAdminRights_NoAdminRequestSentAfterThe200Succeeds()
    {
        using var admin = await AdminAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{_userId}", new { isAdmin = true })).StatusCode);
        await AssertNothingSucceedsAfterAsync("/api/admin/users", async () =>
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{_userId}", new { isAdmin = false })).StatusCode));
        using var demoted = App.WithToken(_token);
        Assert.Equal(HttpStatusCode.OK, (await demoted.GetAsync("/api/ping")).StatusCode); // still a user, no longer an admin
    }

    [Fact]
    public async Task SomeoneReportsTheTokenAsExposed_NoRequestSentAfterThe202Succeeds()
    {
        using var anyone = App.Anonymous();
        await AssertNothingSucceedsAfterAsync("/api/ping", async () =>
            Assert.Equal(HttpStatusCode.Accepted, (await anyone.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { _token } })).StatusCode));
    }

    [Fact]
    public async Task ACachedToken_StillExpiresOnTime()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddSeconds(2);
        var issued = await App.IssueTokenAsync("load.user", "load user password", "short-lived", expiresAt);
        using var client = App.WithToken((string)issued["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        Assert.True(App.IsCached((string)issued["token"]!));

        var wait = expiresAt - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
        Assert.Contains("expired", await (await client.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task RepeatedRequests_AreAnsweredFromTheCache_NotTheDatabase()
    {
        using var client = App.WithToken(_token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        using var lookups = new CacheLookupCounter(App);
        for (var i = 0; i < 200; i++) Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        Assert.Equal(200, lookups.Count("hit"));
        Assert.Equal(0, lookups.Count("miss") + lookups.Count("bypassed"));
    }
}
