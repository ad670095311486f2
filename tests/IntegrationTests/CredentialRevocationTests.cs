using System.Net;
using System.Net.Http.Json;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EssalOffice.IntegrationTests;

/// <summary>POST /api/credentials/revoke: anyone kills leaked tokens; the answer never says which values were live.</summary>
[Collection(ApiCollection.Name)]
public sealed class CredentialRevocationTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PostedTokens_AreRevoked_WithAnAuditEntryForTheirOwner_AndTheAnswerIs202Regardless()
    {
        var aliceId = await App.CreateUserAsync("alice.leak", "alice password");
        var bobId = await App.CreateUserAsync("bob.leak", "bob password");
        var leaked = await App.IssueTokenAsync("alice.leak", "alice password", "leaked");
        var kept = (string)(await App.IssueTokenAsync("alice.leak", "alice password", "kept"))["token"]!;
        var bobs = await App.IssueTokenAsync("bob.leak", "bob password", "also leaked");
        var leakedToken = (string)leaked["token"]!;
        var junk = new[]
        {
            "hello", "", ApiTokenFormat.Generate(), leakedToken[..^1] + (leakedToken[^1] == 'A' ? 'B' : 'A'), new string('x', 500), null,
        };

        using var scanner = App.Anonymous();
        scanner.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, "192.0.2.99");
        var response = await scanner.PostAsJsonAsync("/api/credentials/revoke",
            new { credentials = junk.Concat([leakedToken, leakedToken, (string)bobs["token"]!]).ToArray() });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        using (var leakedClient = App.WithToken(leakedToken))
            await (await leakedClient.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using (var bobClient = App.WithToken((string)bobs["token"]!))
            await (await bobClient.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using (var keptClient = App.WithToken(kept))
            Assert.Equal(HttpStatusCode.OK, (await keptClient.GetAsync("/api/profile")).StatusCode);

        using var admin = App.WithToken(await App.AdminTokenAsync());
        var events = (await (await admin.GetAsync("/api/admin/audit?event=token_revoked_as_exposed")).JsonAsync())["items"]!.AsArray();
        Assert.Equal(2, events.Count);
        var alices = Assert.Single(events, e => e!["subjectUserId"]!.GetValue<Guid>() == aliceId)!;
        Assert.Equal((string)leaked["id"]!, (string)alices["tokenId"]!);
        Assert.Equal((string)leaked["hint"]!, (string)alices["tokenHint"]!);
        Assert.Equal("192.0.2.99", (string)alices["clientAddress"]!);
        Assert.Null(alices["actorUserId"]);
        Assert.Single(events, e => e!["subjectUserId"]!.GetValue<Guid>() == bobId);
    }

    [Fact]
    public async Task TheAnswer_IsTheSameWhetherOrNotAnythingWasRevoked()
    {
        await App.CreateUserAsync("carol.leak", "carol password");
        var live = (string)(await App.IssueTokenAsync("carol.leak", "carol password"))["token"]!;
        using var scanner = App.Anonymous();

        var hit = await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { live } });
        var miss = await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { ApiTokenFormat.Generate() } });
        var again = await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { live } });

        foreach (var response in new[] { hit, miss, again })
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal("", await response.Content.ReadAsStringAsync());
        }
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"credentials":null}""")]
    [InlineData("""{"credentials":"essal_x"}""")]
    [InlineData("""{"credentials":[1,2]}""")]
    [InlineData("""{"tokens":[]}""")]
    [InlineData("[]")]
    public async Task AMalformedRequest_Gets400(string body)
    {
        using var scanner = App.Anonymous();
        await (await scanner.PostAsync("/api/credentials/revoke", ApiCalls.Json(body))).AssertProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task MoreThan1000Credentials_Get400_AndRevokeNothing()
    {
        await App.CreateUserAsync("dave.leak", "dave password");
        var live = (string)(await App.IssueTokenAsync("dave.leak", "dave password"))["token"]!;
        using var scanner = App.Anonymous();
        var tooMany = Enumerable.Range(0, 1000).Select(_ => "junk").Append(live).ToArray();

        await (await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = tooMany })).AssertProblemAsync(HttpStatusCode.BadRequest);
        using var client = App.WithToken(live);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted,
            (await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = tooMany[1..] })).StatusCode);
        await (await client.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Requests_AreRateLimitedPerAddress()
    {
        await using var app = new EssalApp(fixture.Database.ConnectionString, builder => builder.UseSetting("CredentialRevocation:RequestsPerMinute", "2"));
        using var scanner = app.Anonymous();
        scanner.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, "192.0.2.150");
        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.Accepted, (await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { "x" } })).StatusCode);
        var limited = await scanner.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { "x" } });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.NotNull(limited.Headers.RetryAfter);

        using var other = app.Anonymous();
        other.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, "192.0.2.151");
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync("/api/credentials/revoke", new { credentials = new[] { "x" } })).StatusCode);
    }
}
