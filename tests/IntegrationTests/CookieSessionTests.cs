using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>The session cookie of the web interface: same endpoints as tokens, antiforgery on every state change, no redirects under /api.</summary>
[Collection(ApiCollection.Name)]
public sealed class CookieSessionTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await App.CreateUserAsync("cookie.user", "cookie user password");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<HttpClient> SignedInAsync(string username = "cookie.user", string password = "cookie user password")
    {
        var client = App.Anonymous();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { username, password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);
        var cookie = Assert.Single(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith("essal_session="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        return client;
    }

    [Fact]
    public async Task Login_WithWrongPassword_Returns401WithTokenChallenge()
    {
        using var client = App.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "cookie.user", password = "wrong password!" });
        Assert.Equal("Wrong username or password.", await response.AssertProblemAsync(HttpStatusCode.Unauthorized));
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task StateChange_ByCookieWithoutAntiforgeryToken_IsRefusedAndChangesNothing()
    {
        using var client = await SignedInAsync();
        var response = await client.PostAsJsonAsync("/api/profile/tokens", new { name = "forged" });
        Assert.Contains("antiforgery", await response.AssertProblemAsync(HttpStatusCode.BadRequest));
        Assert.Equal(0L, await fixture.Database.ScalarAsync<long>(
            "select count(*) from api_tokens t join users u on u.id = t.user_id where u.username = 'cookie.user'"));
    }

    [Fact]
    public async Task StateChange_ByCookieWithAntiforgeryToken_Succeeds()
    {
        using var client = await SignedInAsync();
        var antiforgery = await (await client.GetAsync("/api/auth/antiforgery")).JsonAsync();
        Assert.Equal("X-CSRF-TOKEN", (string)antiforgery["headerName"]!);
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", (string)antiforgery["token"]!);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/profile/tokens", new { name = "real" })).StatusCode);
    }

    [Fact]
    public async Task Get_ByCookie_NeedsNoAntiforgeryToken()
    {
        using var client = await SignedInAsync();
        var profile = await (await client.GetAsync("/api/profile")).JsonAsync();
        Assert.Equal("cookie.user", (string)profile["username"]!);
        Assert.False((bool)profile["isAdmin"]!);
    }

    [Fact]
    public async Task AdminEndpoint_ByNonAdminCookie_Returns403ProblemInsteadOfRedirect()
    {
        using var client = await SignedInAsync();
        var response = await client.GetAsync("/api/admin/users");
        await response.AssertProblemAsync(HttpStatusCode.Forbidden);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = await SignedInAsync();
        var antiforgery = await (await client.GetAsync("/api/auth/antiforgery")).JsonAsync();
        client.DefaultRequestHeaders.Add("X-CSRF-TOKEN", (string)antiforgery["token"]!);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/auth/logout", null)).StatusCode);
        await (await client.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_OfDeactivatedUser_EndsOnTheNextRequest()
    {
        using var client = await SignedInAsync();
        var me = (string)(await (await client.GetAsync("/api/profile")).JsonAsync())["id"]!;
        using var admin = App.WithToken(await App.AdminTokenAsync());
        (await admin.PatchAsJsonAsync($"/api/admin/users/{me}", new { isActive = false })).EnsureSuccessStatusCode();
        await (await client.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AdminRights_RemovedFromASignedInAdmin_AreGoneOnTheNextRequest()
    {
        var secondAdmin = await App.CreateUserAsync("second.admin", "second admin password", isAdmin: true);
        using var session = await SignedInAsync("second.admin", "second admin password");
        Assert.Equal(HttpStatusCode.OK, (await session.GetAsync("/api/admin/users")).StatusCode);
        using var tokenClient = App.WithToken((string)(await App.IssueTokenAsync("second.admin", "second admin password"))["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await tokenClient.GetAsync("/api/admin/tokens")).StatusCode);

        using var admin = App.WithToken(await App.AdminTokenAsync());
        (await admin.PatchAsJsonAsync($"/api/admin/users/{secondAdmin}", new { isAdmin = false })).EnsureSuccessStatusCode();

        await (await session.GetAsync("/api/admin/users")).AssertProblemAsync(HttpStatusCode.Forbidden);
        await (await tokenClient.GetAsync("/api/admin/tokens")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Login_OfDeactivatedUser_Returns401()
    {
        var id = await App.CreateUserAsync("gone.user", "gone user password");
        using var admin = App.WithToken(await App.AdminTokenAsync());
        (await admin.PatchAsJsonAsync($"/api/admin/users/{id}", new { isActive = false })).EnsureSuccessStatusCode();
        using var client = App.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { username = "gone.user", password = "gone user password" });
        Assert.Contains("deactivated", await response.AssertProblemAsync(HttpStatusCode.Unauthorized));
    }
}
