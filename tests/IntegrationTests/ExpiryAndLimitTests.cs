using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EssalOffice.IntegrationTests;

/// <summary>Tokens expire when their owner says, and one user holds a bounded number of them.</summary>
[Collection(ApiCollection.Name)]
public sealed class ExpiryAndLimitTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;
    private Guid _userId;
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _userId = await App.CreateUserAsync("expiry.user", "expiry password");
        _user = App.WithToken((string)(await App.IssueTokenAsync("expiry.user", "expiry password", "main"))["token"]!);
    }

    public Task DisposeAsync()
    {
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("\"2001-01-01T00:00:00Z\"")]
    [InlineData("\"1970-01-01T00:00:00+00:00\"")]
    [InlineData("\"0001-01-01T00:00:00Z\"")]
    public async Task Generate_WithAnExpiryInThePast_Returns400_AndStoresNothing(string expiresAt)
    {
        var response = await _user.PostAsync("/api/profile/tokens", ApiCalls.Json($$"""{"name":"old","expiresAt":{{expiresAt}}}"""));
        Assert.Contains("future", await response.AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(1L, await TokenCountAsync());
    }

    [Theory]
    [InlineData("\"tomorrow\"")]
    [InlineData("\"2030-02-30T00:00:00Z\"")]
    [InlineData("12345")]
    [InlineData("true")]
    public async Task Generate_WithAnExpiryThatIsNotAnInstant_Returns400(string expiresAt)
    {
        var response = await _user.PostAsync("/api/profile/tokens", ApiCalls.Json($$"""{"expiresAt":{{expiresAt}}}"""));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(1L, await TokenCountAsync());
    }

    [Fact]
    public async Task Generate_WithAnExpiryInTheFuture_AtAnyPrecision_Returns201WithThatExpiry()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);
        var text = expiresAt.ToString("yyyy-MM-ddTHH:mm:ss.fffffff+00:00");
        var response = await _user.PostAsync("/api/profile/tokens", ApiCalls.Json($$"""{"expiresAt":"{{text}}"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.False((bool)body["expired"]!);
        Assert.True(Math.Abs((body["expiresAt"]!.GetValue<DateTimeOffset>() - expiresAt).TotalMilliseconds) < 1);
    }

    [Fact]
    public async Task AnExpiredToken_Gets401SayingItExpired_IsListedAsExpired_AndCannotBeRotated()
    {
        var created = await (await _user.PostAsJsonAsync("/api/profile/tokens",
            new { name = "short-lived", expiresAt = DateTimeOffset.UtcNow.AddHours(1) })).JsonAsync();
        using var shortLived = App.WithToken((string)created["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await shortLived.GetAsync("/api/profile")).StatusCode);

        // Time passes: set the expiry in the past directly in the database.
        await App.ChangeInDatabaseAsync(() => fixture.Database.ExecuteAsync("update api_tokens set expires_at = now() - interval '1 second' where id = @id",
            ("id", Guid.Parse((string)created["id"]!))));

        Assert.Contains("expired", await (await shortLived.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized));
        var listed = (await (await _user.GetAsync("/api/profile/tokens")).JsonAsync()).AsArray();
        Assert.True((bool)listed.Single(t => (string)t!["id"]! == (string)created["id"]!)!["expired"]!);
        Assert.False((bool)listed.Single(t => (string)t!["name"]! == "main")!["expired"]!);
        using var admin = App.WithToken(await App.AdminTokenAsync());
        var adminListed = (await (await admin.GetAsync($"/api/admin/tokens?userId={_userId}")).JsonAsync())["items"]!.AsArray();
        Assert.True((bool)adminListed.Single(t => (string)t!["id"]! == (string)created["id"]!)!["expired"]!);

        await (await _user.PostAsync($"/api/profile/tokens/{created["id"]}/rotate", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        // The owner can still delete it.
        Assert.Equal(HttpStatusCode.NoContent, (await _user.DeleteAsync($"/api/profile/tokens/{created["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Generate_PastTheDefaultLimitOf50_Returns409_AndStoresNothing()
    {
        for (var i = 1; i < 50; i++)
            Assert.Equal(HttpStatusCode.Created, (await _user.PostAsJsonAsync("/api/profile/tokens", new { name = $"t{i}" })).StatusCode);
        Assert.Contains("50", await (await _user.PostAsJsonAsync("/api/profile/tokens", new { name = "one too many" }))
            .AssertProblemAsync(HttpStatusCode.Conflict));
        await (await App.Anonymous().PostAsJsonAsync("/api/auth/token", new { username = "expiry.user", password = "expiry password" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(50L, await TokenCountAsync());
    }

    [Fact]
    public async Task TheLimit_IsConfigurable()
    {
        await using var app = new EssalApp(fixture.Database.ConnectionString, builder => builder.UseSetting("Tokens:MaxPerUser", "2"));
        using var user = app.WithToken((string)(await app.IssueTokenAsync("expiry.user", "expiry password"))["token"]!);
        Assert.Contains("2 tokens", await (await user.PostAsJsonAsync("/api/profile/tokens", new { name = "third" }))
            .AssertProblemAsync(HttpStatusCode.Conflict));
        Assert.Equal(2L, await TokenCountAsync());
    }

    private Task<long> TokenCountAsync() =>
        fixture.Database.ScalarAsync<long>("select count(*) from api_tokens where user_id = @id", ("id", _userId));
}
