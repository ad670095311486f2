using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EssalOffice.IntegrationTests;

/// <summary>Failed token authentications and sign-ins are counted per address (and per username); past the limit, 429 before anything is checked.</summary>
[Collection(ApiCollection.Name)]
public sealed partial class BruteForceTests(ApiFixture fixture) : IAsyncLifetime
{
    [System.Text.RegularExpressions.GeneratedRegex(@"\d+")]
    private static partial System.Text.RegularExpressions.Regex Seconds();

    private const int Limit = 3;
    private EssalApp _app = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _app = new EssalApp(fixture.Database.ConnectionString, builder =>
        {
            builder.UseSetting("BruteForce:FailuresPerAddress", Limit.ToString());
            builder.UseSetting("BruteForce:FailuresPerUsername", Limit.ToString());
            builder.UseSetting("BruteForce:WindowSeconds", "120");
        });
        await _app.CreateUserAsync("target.user", "the right password");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task FailedTokenAuthentications_PastTheLimit_Get429WithRetryAfter_EvenForAValidToken()
    {
        var valid = (string)(await _app.IssueTokenAsync("target.user", "the right password"))["token"]!;
        var unknown = Domain.ApiTokens.ApiTokenFormat.Generate();
        for (var i = 0; i < Limit; i++)
        {
            using var attacker = Client("192.0.2.10", i % 2 == 0 ? unknown : "essal_garbage");
            await (await attacker.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }

        // From that address, even the right token is not looked at: the answer is the same as for a wrong one.
        using var blockedValid = Client("192.0.2.10", valid);
        var first = await blockedValid.GetAsync("/api/profile");
        var title = await first.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(first.Headers.RetryAfter?.Delta is { } delta && delta > TimeSpan.Zero && delta <= TimeSpan.FromSeconds(120));
        using var blockedUnknown = Client("192.0.2.10", unknown);
        // The same words (only the seconds left may have moved on between the two).
        Assert.Equal(Seconds().Replace(title, "N"),
            Seconds().Replace(await (await blockedUnknown.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.TooManyRequests), "N"));
        using (var anonymous = Client("192.0.2.10"))
            await (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "target.user", password = "the right password" }))
                .AssertProblemAsync(HttpStatusCode.TooManyRequests);

        // Another address is not affected.
        using var elsewhere = Client("192.0.2.11", valid);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/profile")).StatusCode);
    }

    [Fact]
    public async Task FailedSignIns_PastTheLimitPerAddress_Get429_WhileOtherAddressesSignIn()
    {
        for (var i = 0; i < Limit; i++)
        {
            using var attacker = Client("192.0.2.20");
            // Different usernames: the address limit catches a spray across accounts.
            var path = i % 2 == 0 ? "/api/auth/login" : "/api/auth/token";
            await (await attacker.PostAsJsonAsync(path, new { username = $"guess{i}", password = "wrong password" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        using var blocked = Client("192.0.2.20");
        var response = await blocked.PostAsJsonAsync("/api/auth/token", new { username = "target.user", password = "the right password" });
        await response.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(response.Headers.RetryAfter);

        using var other = Client("192.0.2.21");
        Assert.Equal(HttpStatusCode.NoContent,
            (await other.PostAsJsonAsync("/api/auth/login", new { username = "target.user", password = "the right password" })).StatusCode);
    }

    [Fact]
    public async Task FailedSignIns_PastTheLimitPerUsername_Get429FromEveryAddress_WhileOtherUsersSignIn()
    {
        await _app.CreateUserAsync("bystander", "bystander password");
        for (var i = 0; i < Limit; i++)
        {
            // A new address each time: only the username limit can catch this.
            using var attacker = Client($"198.51.100.{i + 1}");
            await (await attacker.PostAsJsonAsync("/api/auth/login", new { username = "Target.User", password = $"guess {i}" }))
                .AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        using var owner = Client("198.51.100.200");
        var blocked = await owner.PostAsJsonAsync("/api/auth/login", new { username = "target.user", password = "the right password" });
        await blocked.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(blocked.Headers.RetryAfter);
        await (await owner.PostAsJsonAsync("/api/auth/token", new { username = "target.user", password = "the right password" }))
            .AssertProblemAsync(HttpStatusCode.TooManyRequests);

        Assert.Equal(HttpStatusCode.NoContent,
            (await owner.PostAsJsonAsync("/api/auth/login", new { username = "bystander", password = "bystander password" })).StatusCode);
    }

    [Fact]
    public async Task AnAddressWithoutFailures_IsNeverSlowed()
    {
        var token = (string)(await _app.IssueTokenAsync("target.user", "the right password"))["token"]!;
        using var integration = Client("192.0.2.30", token);
        using var browser = Client("192.0.2.30");
        for (var i = 0; i < 10 * Limit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/profile")).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent,
                (await browser.PostAsJsonAsync("/api/auth/login", new { username = "target.user", password = "the right password" })).StatusCode);
        }
        // Requests without any credential are not attempts either.
        using var anonymous = Client("192.0.2.30");
        for (var i = 0; i < 10 * Limit; i++)
            await (await anonymous.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await integration.GetAsync("/api/profile")).StatusCode);
    }

    private HttpClient Client(string address, string? token = null)
    {
        var client = token is null ? _app.Anonymous() : _app.WithToken(token);
        client.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, address);
        return client;
    }
}
