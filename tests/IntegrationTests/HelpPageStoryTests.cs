using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>The help page, step by step, against the real HTTP API on a real PostgreSQL.</summary>
[Collection(ApiCollection.Name)]
public sealed class HelpPageStoryTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheWholeTokenLifecycle_WorksAsTheHelpPageDescribes()
    {
        // An admin creates a user.
        var userId = await App.CreateUserAsync("scanner.owner", "correct horse battery");

        // The user signs in (session cookie) and generates a token on the profile page.
        using var browser = App.Anonymous();
        (await browser.PostAsJsonAsync("/api/auth/login", new { username = "scanner.owner", password = "correct horse battery" }))
            .EnsureSuccessStatusCode();
        var antiforgery = await (await browser.GetAsync("/api/auth/antiforgery")).JsonAsync();
        browser.DefaultRequestHeaders.Add((string)antiforgery["headerName"]!, (string)antiforgery["token"]!);
        var created = await browser.PostAsJsonAsync("/api/profile/tokens", new { name = "Office scanner" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var first = await created.JsonAsync();
        var firstToken = (string)first["token"]!;
        Assert.Matches("^essal_[0-9A-Za-z]{38}$", firstToken);

        // The list never shows the token again, only its hint.
        var listed = await browser.GetStringAsync("/api/profile/tokens");
        Assert.DoesNotContain(firstToken, listed);
        Assert.Contains(firstToken[..10] + "…", listed);

        // The integration calls the API with it.
        using var integration = App.WithToken(firstToken);
        var profile = await integration.GetAsync("/api/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal("scanner.owner", (string)(await profile.JsonAsync())["username"]!);

        // The user deletes it: the very next call fails.
        var deleted = await browser.DeleteAsync($"/api/profile/tokens/{first["id"]}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        var afterDelete = await integration.GetAsync("/api/profile");
        Assert.Contains("deleted or revoked", await afterDelete.AssertProblemAsync(HttpStatusCode.Unauthorized));

        // A second token is revoked by an admin: 401 at once, while the user stays and can still sign in.
        var second = (string)(await App.IssueTokenAsync("scanner.owner", "correct horse battery", "ERP"))["token"]!;
        using var erp = App.WithToken(second);
        Assert.Equal(HttpStatusCode.OK, (await erp.GetAsync("/api/profile")).StatusCode);
        using var admin = App.WithToken(await App.AdminTokenAsync());
        var adminList = await (await admin.GetAsync($"/api/admin/tokens?userId={userId}")).JsonAsync();
        var secondId = (string)adminList["items"]![0]!["id"]!;
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{secondId}")).StatusCode);
        await (await erp.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var again = App.Anonymous();
        Assert.Equal(HttpStatusCode.NoContent,
            (await again.PostAsJsonAsync("/api/auth/login", new { username = "scanner.owner", password = "correct horse battery" })).StatusCode);

        // A deactivated user's token gets 401, and works again when the user is reactivated.
        var third = (string)(await App.IssueTokenAsync("scanner.owner", "correct horse battery", "script"))["token"]!;
        using var script = App.WithToken(third);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = false })).StatusCode);
        Assert.Contains("deactivated", await (await script.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized));
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/profile")).StatusCode);

        // Rotation returns a new token that works, while the old one gets 401.
        var scriptId = (string)(await (await script.GetAsync("/api/profile/tokens")).JsonAsync())[0]!["id"]!;
        var rotated = await script.PostAsync($"/api/profile/tokens/{scriptId}/rotate", null);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var rotatedToken = (string)(await rotated.JsonAsync())["token"]!;
        Assert.NotEqual(third, rotatedToken);
        await (await script.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using var renewed = App.WithToken(rotatedToken);
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync("/api/profile")).StatusCode);
        var names = (await (await renewed.GetAsync("/api/profile/tokens")).JsonAsync()).AsArray().Select(t => (string)t!["name"]!);
        Assert.Equal(["script"], names);
    }
}
