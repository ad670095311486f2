using System.Net;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>Every malformed or unacceptable Authorization header: 401 ProblemDetails naming the problem, never the credential, nothing changed.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuthorizationHeaderTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;
    private string _validToken = "";

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await App.CreateUserAsync("header.user", "header user password");
        _validToken = (string)(await App.IssueTokenAsync("header.user", "header user password", "headers"))["token"]!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static string WrongChecksum(string token) =>
        token[..^1] + (token[^1] == 'A' ? 'B' : 'A');

    public static TheoryData<string, string, string> BadHeaders => new()
    {
        // name, header value ({valid} is replaced by a valid token), expected words in the title
        // An empty value and a tab separator cannot be sent through HttpClient; the header parser's unit tests cover them.
        { "whitespace only", "   ", "empty" },
        { "scheme without credential", "Token", "no token" },
        { "scheme and spaces only", "Token    ", "no token" },
        { "two credentials", "Token {valid} {valid}", "exactly one" },
        { "non-ASCII", "Token essal_ÄÖÜ", "characters" },
        { "control character", "Token essal_abc\u0001def", "characters" },
        { "trailing newline", "Token {valid}\n", "characters" },
        { "other scheme", "Basic dXNlcjpwYXNz", "scheme" },
        { "wrong shape", "Token abc", "not an Essal Office token" },
        { "wrong prefix", "Token ghp_0123456789012345678901234567890123456789", "not an Essal Office token" },
        { "wrong checksum", "Token {wrongchecksum}", "checksum" },
        { "unknown token", "Token {unknown}", "does not exist" },
        { "huge value", "Token " + new string('a', 10_000), "not an Essal Office token" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Request_WithBadAuthorizationHeader_Returns401NamingTheProblem(string name, string header, string expectedInTitle)
    {
        var value = header.Replace("{valid}", _validToken)
            .Replace("{wrongchecksum}", WrongChecksum(_validToken))
            .Replace("{unknown}", ApiTokenFormat.Generate());
        var before = await fixture.Database.StoredStateAsync();

        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", value), name);
        var response = await client.SendAsync(request);

        var title = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains(expectedInTitle, title, StringComparison.OrdinalIgnoreCase);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(_validToken, body);
        Assert.DoesNotContain("essal_ÄÖÜ", body);
        Assert.Equal(before, await fixture.Database.StoredStateAsync());
    }

    [Theory]
    [InlineData("Token")]
    [InlineData("token")]
    [InlineData("TOKEN")]
    [InlineData("ToKeN")]
    [InlineData("Bearer")]
    [InlineData("bearer")]
    public async Task Request_WithSchemeInAnyLetterCase_IsAccepted(string scheme)
    {
        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        request.Headers.TryAddWithoutValidation("Authorization", $"{scheme} {_validToken}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Request_WithSeveralSpacesBeforeTheToken_IsAccepted()
    {
        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        request.Headers.TryAddWithoutValidation("Authorization", $"Token     {_validToken}");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Request_WithTwoAuthorizationHeaders_Returns401()
    {
        using var client = App.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/profile");
        request.Headers.TryAddWithoutValidation("Authorization", [$"Token {_validToken}", $"Token {_validToken}"]);
        var title = await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("exactly one Authorization header", title);
    }

    [Fact]
    public async Task Request_WithoutAnyCredential_Returns401WithoutRedirect()
    {
        using var client = App.Anonymous();
        var response = await client.GetAsync("/api/profile/tokens");
        var title = await response.AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("Authorization: Token", title);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task ExpiredToken_Returns401TokenExpired()
    {
        await App.ChangeInDatabaseAsync(() => fixture.Database.ExecuteAsync("update api_tokens set expires_at = now() - interval '1 minute'"));
        using var client = App.WithToken(_validToken);
        var title = await (await client.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("expired", title);
    }
}
