using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

[Collection(ApiCollection.Name)]
public sealed class AdminListingTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AdminTokenList_PagesThroughEveryTokenNewestFirst_WithoutRepeatsOrGaps()
    {
        var userId = await App.CreateUserAsync("many.tokens", "many tokens password");
        var issued = new List<string>();
        for (var i = 0; i < 7; i++)
            issued.Add((string)(await App.IssueTokenAsync("many.tokens", "many tokens password", $"t{i}"))["id"]!);
        using var admin = App.WithToken(await App.AdminTokenAsync());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await admin.GetAsync($"/api/admin/tokens?userId={userId}&limit=3" + (cursor is null ? "" : $"&cursor={cursor}"))).JsonAsync();
            foreach (var item in page["items"]!.AsArray())
            {
                Assert.Equal("many.tokens", (string)item!["username"]!);
                Assert.Null(item["token"]);
                seen.Add((string)item["id"]!);
            }
            cursor = (string?)page["nextCursor"];
            pages++;
        } while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Reverse(issued), seen);
    }

    [Fact]
    public async Task RevokeAllUserTokens_KillsEveryTokenAndKeepsTheUser()
    {
        var userId = await App.CreateUserAsync("revoked.all", "revoked all password");
        var tokens = new List<string>();
        for (var i = 0; i < 3; i++)
            tokens.Add((string)(await App.IssueTokenAsync("revoked.all", "revoked all password", $"t{i}"))["token"]!);
        using var admin = App.WithToken(await App.AdminTokenAsync());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/users/{userId}/tokens")).StatusCode);

        foreach (var token in tokens)
        {
            using var client = App.WithToken(token);
            await (await client.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        var users = await (await admin.GetAsync("/api/admin/users")).JsonAsync();
        Assert.Contains(users["items"]!.AsArray(), u => (string)u!["username"]! == "revoked.all" && (bool)u["isActive"]!);
        Assert.Equal(HttpStatusCode.Created, (await App.Anonymous().PostAsJsonAsync("/api/auth/token",
            new { username = "revoked.all", password = "revoked all password" })).StatusCode);
    }

    [Fact]
    public async Task AdminRevoke_OfUnknownToken_Returns404()
    {
        using var admin = App.WithToken(await App.AdminTokenAsync());
        await (await admin.DeleteAsync($"/api/admin/tokens/{Guid.NewGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.DeleteAsync($"/api/admin/users/{Guid.NewGuid()}/tokens")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await admin.PatchAsJsonAsync($"/api/admin/users/{Guid.NewGuid()}", new { isActive = false })).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UserList_PagesOldestFirst()
    {
        for (var i = 0; i < 4; i++) await App.CreateUserAsync($"user.{i}", "a user password");
        using var admin = App.WithToken(await App.AdminTokenAsync());
        var first = await (await admin.GetAsync("/api/admin/users?limit=3")).JsonAsync();
        var second = await (await admin.GetAsync($"/api/admin/users?limit=3&cursor={first["nextCursor"]}")).JsonAsync();
        var names = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(u => (string)u!["username"]!).ToList();
        Assert.Equal(["admin", "user.0", "user.1", "user.2", "user.3"], names);
        Assert.Null((string?)second["nextCursor"]);
        Assert.DoesNotContain("password", first.ToJsonString(), StringComparison.OrdinalIgnoreCase);
    }
}
