using System.Net;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests.HotPath;

/// <summary>GET /api/ping: the benchmark's endpoint. Anyone gets an answer; a sent token is checked like anywhere else.</summary>
[Collection(ApiCollection.Name)]
public sealed class PingTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Ping_WithoutCredentials_Returns200WithNoUser()
    {
        using var anonymous = App.Anonymous();
        var response = await anonymous.GetAsync("/api/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null((await response.JsonAsync())["user"]);
    }

    [Fact]
    public async Task Ping_WithValidToken_NamesTheTokensUser()
    {
        await App.CreateUserAsync("ping.user", "ping password long");
        var token = (string)(await App.IssueTokenAsync("ping.user", "ping password long"))["token"]!;
        using var client = App.WithToken(token);
        var response = await client.GetAsync("/api/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ping.user", (string)(await response.JsonAsync())["user"]!);
    }

    [Theory]
    [InlineData("Token essal_short", "not an Essal Office token")]
    [InlineData("Token essal_00000000000000000000000000000000000000", "checksum")]
    [InlineData("Basic YWRtaW46YWRtaW4=", "Unsupported authorization scheme")]
    [InlineData("Token", "no token after the scheme")]
    public async Task Ping_WithBadCredential_Returns401SayingWhy(string header, string expectedInTitle)
    {
        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ping");
        request.Headers.TryAddWithoutValidation("Authorization", header);
        var response = await client.SendAsync(request);
        Assert.Contains(expectedInTitle, await response.AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task Ping_WithDeletedToken_Returns401()
    {
        var created = await App.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "to delete");
        using var client = App.WithToken((string)created["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/ping")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/profile/tokens/{created["id"]}")).StatusCode);
        Assert.Contains("deleted or revoked", await (await client.GetAsync("/api/ping")).AssertProblemAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A401UnderApi_IsTheSameProblemDetailsAsAnyOtherError_WithALengthAndATraceId()
    {
        using var client = App.WithToken("essal_short");
        var response = await client.GetAsync("/api/profile");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        var body = (await response.JsonAsync()).AsObject();
        Assert.Equal(["type", "title", "status", "traceId"], body.Select(p => p.Key));
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.2", (string)body["type"]!);
        Assert.False(string.IsNullOrEmpty((string)body["traceId"]!));
        Assert.Equal((await response.Content.ReadAsByteArrayAsync()).Length, response.Content.Headers.ContentLength);

        // Two requests, two trace ids: the body is not replayed.
        var again = await (await client.GetAsync("/api/profile")).JsonAsync();
        Assert.NotEqual((string)body["traceId"]!, (string)again["traceId"]!);
    }
}
