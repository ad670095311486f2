using System.Net;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>expiresAt is an ISO 8601 instant of any precision; the answer shows exactly what is stored (UTC, microseconds).</summary>
[Collection(ApiCollection.Name)]
public sealed class ExpiryPrecisionTests(ApiFixture fixture) : IAsyncLifetime
{
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _user = fixture.App.WithToken(await fixture.App.AdminTokenAsync());
    }

    public Task DisposeAsync()
    {
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData("2030-01-01T05:00:00.1234567891234+05:00", "2030-01-01T00:00:00.123456+00:00")]
    [InlineData("2030-01-01T00:00Z", "2030-01-01T00:00:00+00:00")]
    public async Task GenerateToken_WithExpiryOfAnyPrecision_AnswersTheStoredUtcInstant(string expiresAt, string stored)
    {
        var response = await _user.PostAsync("/api/profile/tokens", ApiCalls.Json($$"""{"expiresAt":"{{expiresAt}}"}"""));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(stored, (string)(await response.JsonAsync())["expiresAt"]!);
        Assert.Equal(stored, (string)(await (await _user.GetAsync("/api/profile/tokens")).JsonAsync()).AsArray().Single(t => t!["expiresAt"] is not null)!["expiresAt"]!);
    }
}
