using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>Bad bodies, ids and query values: a 4xx ProblemDetails whose title says what is wrong, and nothing stored changes.</summary>
[Collection(ApiCollection.Name)]
public sealed class BadInputTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;
    private HttpClient _user = null!;
    private HttpClient _admin = null!;
    private string _before = "";

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await App.CreateUserAsync("bad.input", "bad input password");
        _user = App.WithToken((string)(await App.IssueTokenAsync("bad.input", "bad input password"))["token"]!);
        _admin = App.WithToken(await App.AdminTokenAsync());
        _before = await fixture.Database.StoredStateAsync();
    }

    public async Task DisposeAsync()
    {
        // Whatever the bad input was, the stored data is exactly as before.
        Assert.Equal(_before, await fixture.Database.StoredStateAsync());
        _user.Dispose();
        _admin.Dispose();
    }

    public static TheoryData<string, string, string> BadTokenBodies => new()
    {
        { "unknown field", """{"name":"x","colour":"red"}""", "colour" },
        { "not JSON", "name=x", "not valid JSON" },
        { "duplicate field", """{"name":"a","name":"b"}""", "not valid JSON" },
        { "truncated JSON", """{"name":"x" """, "not valid JSON" },
        { "array instead of object", "[1,2]", "not valid JSON" },
        { "wrong type for name", """{"name":42}""", "'name' has the wrong type" },
        { "right-to-left override in name", """{"name":"a\u202Egnp.exe"}""", "invisible characters" },
        { "zero-width space as name", """{"name":"\u200B"}""", "invisible characters" },
        { "expiry without time zone", """{"expiresAt":"2030-01-01T00:00:00"}""", "time zone" },
        { "expiry as a date only", """{"expiresAt":"2030-01-01"}""", "time zone" },
        { "expiry as a number", """{"expiresAt":1893456000}""", "time zone" },
        { "impossible date", """{"expiresAt":"2030-02-30T00:00:00Z"}""", "time zone" },
        { "name too long", $$"""{"name":"{{new string('n', 101)}}"}""", "at most 100" },
        { "control character in name", """{"name":"a\u0007b"}""", "control" },
        { "expiry in the past", """{"expiresAt":"2001-01-01T00:00:00Z"}""", "future" },
        { "expiry not a date", """{"expiresAt":"next tuesday"}""", "ISO 8601" },
    };

    [Theory]
    [MemberData(nameof(BadTokenBodies))]
    public async Task GenerateToken_WithBadBody_Returns400NamingTheProblem(string name, string body, string expectedInTitle)
    {
        var response = await _user.PostAsync("/api/profile/tokens", ApiCalls.Json(body));
        var title = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(title.Contains(expectedInTitle, StringComparison.OrdinalIgnoreCase), $"{name}: {title}");
    }

    [Fact]
    public async Task GenerateToken_WithNonJsonContentType_Returns415()
    {
        var response = await _user.PostAsync("/api/profile/tokens", new StringContent("""{"name":"x"}""", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Contains("Content-Type", await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType));
    }

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("123")]
    [InlineData("%27%20or%201%3D1")]
    public async Task DeleteToken_WithIdThatIsNotAGuid_Returns400(string id)
    {
        var title = await (await _user.DeleteAsync($"/api/profile/tokens/{id}")).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("GUID", title);
    }

    [Fact]
    public async Task DeleteToken_ThatBelongsToAnotherUser_Returns404()
    {
        var adminTokens = await (await _admin.GetAsync("/api/profile/tokens")).JsonAsync();
        var adminTokenId = (string)adminTokens[0]!["id"]!;
        await (await _user.DeleteAsync($"/api/profile/tokens/{adminTokenId}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await _user.PostAsync($"/api/profile/tokens/{adminTokenId}/rotate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task DeleteToken_ThatDoesNotExist_Returns404()
    {
        await (await _user.DeleteAsync($"/api/profile/tokens/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    public static TheoryData<string, string, string> BadLogins => new()
    {
        { "missing password", """{"username":"bad.input"}""", "password is required" },
        { "missing username", """{"password":"x"}""", "username is required" },
        { "empty object", "{}", "required" },
        { "unknown field", """{"username":"a","password":"b","remember":true}""", "remember" },
        { "overlong username", $$"""{"username":"{{new string('u', 65)}}","password":"x"}""", "at most 64" },
        { "null body", "null", "missing" },
        { "NUL in username", """{"username":"adm\u0000in","password":"whatever1"}""", "control characters" },
    };

    [Theory]
    [MemberData(nameof(BadLogins))]
    public async Task IssueToken_WithBadBody_Returns400(string name, string body, string expectedInTitle)
    {
        using var anonymous = App.Anonymous();
        var title = await (await anonymous.PostAsync("/api/auth/token", ApiCalls.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.True(title.Contains(expectedInTitle, StringComparison.OrdinalIgnoreCase), $"{name}: {title}");
    }

    [Fact]
    public async Task IssueToken_WithWrongPassword_Returns401AndSaysNothingAboutTheUsername()
    {
        using var anonymous = App.Anonymous();
        var wrongPassword = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "bad.input", password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        var unknownUser = await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "nobody.here", password = "not the password" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(wrongPassword, unknownUser);
    }

    [Fact]
    public async Task CreateUser_WithTakenUsernameInOtherLetterCase_Returns409()
    {
        var response = await _admin.PostAsJsonAsync("/api/admin/users", new { username = "BAD.INPUT", password = "another password" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict);
    }

    public static TheoryData<string, string> BadUsers => new()
    {
        { """{"username":"ab","password":"long enough password"}""", "username" },
        { """{"username":"has space","password":"long enough password"}""", "username" },
        { """{"username":"fine.name","password":"short"}""", "password" },
        { """{"username":"fine.name"}""", "password is required" },
        { """{"username":"fine.name","password":"long enough password","role":"root"}""", "role" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public async Task CreateUser_WithBadBody_Returns400(string body, string expectedInTitle)
    {
        var title = await (await _admin.PostAsync("/api/admin/users", ApiCalls.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedInTitle, title);
    }

    [Theory]
    [InlineData("/api/admin/tokens?limit=0", "limit")]
    [InlineData("/api/admin/tokens?limit=abc", "limit")]
    [InlineData("/api/admin/tokens?limit=100000", "limit")]
    [InlineData("/api/admin/tokens?cursor=garbage", "cursor")]
    [InlineData("/api/admin/tokens?userId=nope", "userId")]
    [InlineData("/api/admin/users?cursor=%00%01", "cursor")]
    public async Task AdminLists_WithBadQuery_Return400(string url, string expectedInTitle)
    {
        var title = await (await _admin.GetAsync(url)).AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(expectedInTitle, title);
    }

    [Fact]
    public async Task UpdateUser_WithNothingToChange_Returns400()
    {
        var users = await (await _admin.GetAsync("/api/admin/users")).JsonAsync();
        var id = (string)users["items"]![1]!["id"]!;
        await (await _admin.PatchAsync($"/api/admin/users/{id}", ApiCalls.Json("{}"))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Admin_CannotDeactivateOrDemoteThemselves()
    {
        var me = (string)(await (await _admin.GetAsync("/api/profile")).JsonAsync())["id"]!;
        await (await _admin.PatchAsJsonAsync($"/api/admin/users/{me}", new { isActive = false })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await _admin.PatchAsJsonAsync($"/api/admin/users/{me}", new { isAdmin = false })).AssertProblemAsync(HttpStatusCode.Conflict);
    }

    [Theory]
    [InlineData("GET", "/api/admin/users")]
    [InlineData("POST", "/api/admin/users")]
    [InlineData("GET", "/api/admin/tokens")]
    [InlineData("DELETE", "/api/admin/tokens/0195f3a4-7b1c-7d2e-9f00-1a2b3c4d5e6f")]
    [InlineData("DELETE", "/api/admin/users/0195f3a4-7b1c-7d2e-9f00-1a2b3c4d5e6f/tokens")]
    [InlineData("PATCH", "/api/admin/users/0195f3a4-7b1c-7d2e-9f00-1a2b3c4d5e6f")]
    public async Task AdminEndpoints_ForNonAdmin_Return403(string method, string url)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = ApiCalls.Json("""{"isActive":false}""") };
        await (await _user.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails_WithoutRepeatingThePath()
    {
        // A token pasted into the wrong place in a URL must not come back in the answer.
        var token = EssalOffice.Domain.ApiTokens.ApiTokenFormat.Generate();
        var response = await _user.GetAsync($"/api/{token}");
        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain(token, await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string, string, string, HttpStatusCode> ErrorsUnderAnyAccept()
    {
        var data = new TheoryData<string, string, string, HttpStatusCode>();
        foreach (var accept in new[] { "text/plain", "application/xml", "text/html", "text/*", "application/octet-stream" })
        {
            data.Add(accept, "GET", "/api/nothing-here", HttpStatusCode.NotFound);
            data.Add(accept, "DELETE", $"/api/profile/tokens/{Guid.Empty}", HttpStatusCode.NotFound);
            data.Add(accept, "DELETE", "/api/profile/tokens/not-a-guid", HttpStatusCode.BadRequest);
            data.Add(accept, "PUT", "/api/profile/tokens", HttpStatusCode.MethodNotAllowed);
            data.Add(accept, "GET", "/api/admin/users", HttpStatusCode.Forbidden);
            data.Add(accept, "GET", "/api/profile?badtoken", HttpStatusCode.Unauthorized);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(ErrorsUnderAnyAccept))]
    public async Task Errors_WhateverTheAcceptHeader_AreProblemJsonAndNeverEchoTheCredential(string accept, string method, string url, HttpStatusCode status)
    {
        var token = _user.DefaultRequestHeaders.Authorization!.Parameter!;
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        request.Headers.TryAddWithoutValidation("Authorization", url.EndsWith("?badtoken") ? "Token essal_nope" : $"Token {token}");
        using var client = App.Anonymous();
        var response = await client.SendAsync(request);
        await response.AssertProblemAsync(status);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(token, body);
        Assert.DoesNotContain("Exception", body);
    }
}
