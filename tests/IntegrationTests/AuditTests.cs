using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>Every token event lands in the audit trail, in the same transaction as the change, and pages through GET /api/admin/audit.</summary>
[Collection(ApiCollection.Name)]
public sealed class AuditTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string UserAddress = "198.51.100.7";
    private const string AdminAddress = "203.0.113.9";
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task EveryTokenAndUserEvent_IsRecordedWithActorSubjectTokenAndClientAddress()
    {
        var userId = await App.CreateUserAsync("audited.user", "audited password");
        var adminToken = await App.AdminTokenAsync();
        var adminId = await IdOfAsync(adminToken);
        using var admin = Client(adminToken, AdminAddress);

        using var anonymous = App.Anonymous();
        anonymous.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, UserAddress);
        var issued = await (await anonymous.PostAsJsonAsync("/api/auth/token",
            new { username = "audited.user", password = "audited password", name = "first" })).JsonAsync();
        using var user = Client((string)issued["token"]!, UserAddress);
        var second = await (await user.PostAsJsonAsync("/api/profile/tokens", new { name = "second" })).JsonAsync();
        var rotated = await (await user.PostAsync($"/api/profile/tokens/{second["id"]}/rotate", null)).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await user.DeleteAsync($"/api/profile/tokens/{rotated["id"]}")).StatusCode);
        var third = await (await user.PostAsJsonAsync("/api/profile/tokens", new { name = "third" })).JsonAsync();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{third["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/users/{userId}/tokens")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = false, isAdmin = true })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = true, isAdmin = false })).StatusCode);
        // Setting a flag to the value it already has is not an event.
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = true })).StatusCode);

        var events = (await AllPagesAsync(admin, $"/api/admin/audit?userId={userId}&limit=3"))
            .OrderBy(e => e["occurredAt"]!.GetValue<DateTimeOffset>()).ToList();
        var expected = new (string Event, Guid Actor, string Address, JsonNode? Token)[]
        {
            ("token_generated", userId, UserAddress, issued),
            ("token_generated", userId, UserAddress, second),
            ("token_rotated", userId, UserAddress, rotated),
            ("token_deleted", userId, UserAddress, rotated),
            ("token_generated", userId, UserAddress, third),
            ("token_revoked", adminId, AdminAddress, third),
            ("all_tokens_revoked", adminId, AdminAddress, null),
        };
        Assert.Equal(expected.Length + 4, events.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            var (name, actor, address, token) = expected[i];
            var e = events[i];
            Assert.Equal(name, (string)e["event"]!);
            Assert.Equal(actor, e["actorUserId"]!.GetValue<Guid>());
            Assert.Equal(userId, e["subjectUserId"]!.GetValue<Guid>());
            Assert.Equal(address, (string)e["clientAddress"]!);
            Assert.Equal((string?)token?["id"], (string?)e["tokenId"]);
            Assert.Equal((string?)token?["hint"], (string?)e["tokenHint"]);
        }
        // The two flag changes of one request share a time, so their order is not defined: compare as sets.
        Assert.Equal(["admin_granted", "user_deactivated"], events.Skip(7).Take(2).Select(e => (string)e["event"]!).Order());
        Assert.Equal(["admin_removed", "user_reactivated"], events.Skip(9).Take(2).Select(e => (string)e["event"]!).Order());
        Assert.All(events.Skip(7), e => Assert.Equal(adminId, e["actorUserId"]!.GetValue<Guid>()));
        Assert.All(events.Skip(7), e => Assert.Null(e["tokenId"]));
    }

    [Fact]
    public async Task AuditList_PagesNewestFirst_AndFiltersByUserEventAndTime()
    {
        var aliceId = await App.CreateUserAsync("alice", "alice password");
        var bobId = await App.CreateUserAsync("bob.b", "bob password");
        for (var i = 0; i < 4; i++) await App.IssueTokenAsync("alice", "alice password", $"a{i}");
        await App.IssueTokenAsync("bob.b", "bob password", "b");
        using var admin = Client(await App.AdminTokenAsync(), AdminAddress);

        var all = await AllPagesAsync(admin, "/api/admin/audit?limit=2");
        Assert.Equal(8, all.Count); // 5 for the users, 3 for the admin tokens that set-up and this test issued
        Assert.Equal(all.Count, all.Select(e => (string)e["id"]!).Distinct().Count());
        var times = all.Select(e => e["occurredAt"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);

        var alice = await AllPagesAsync(admin, $"/api/admin/audit?userId={aliceId}");
        Assert.Equal(4, alice.Count);
        Assert.All(alice, e => Assert.Equal(aliceId, e["subjectUserId"]!.GetValue<Guid>()));
        Assert.Single(await AllPagesAsync(admin, $"/api/admin/audit?userId={bobId}&event=token_generated"));
        Assert.Empty(await AllPagesAsync(admin, $"/api/admin/audit?userId={bobId}&event=token_deleted"));

        // A time range is half-open: from is included, to is not.
        var middle = times[2];
        var from = Uri.EscapeDataString(middle.ToString("O"));
        var since = await AllPagesAsync(admin, $"/api/admin/audit?from={from}");
        Assert.Equal(times.Count(t => t >= middle), since.Count);
        var before = await AllPagesAsync(admin, $"/api/admin/audit?to={from}");
        Assert.Equal(times.Count(t => t < middle), before.Count);
    }

    [Theory]
    [InlineData("event=token_exploded", "event")]
    [InlineData("userId=not-a-guid", "userId")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-02-30T00:00:00Z", "to")]
    [InlineData("from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z", "from")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("cursor=bm90IGEgY3Vyc29y", "cursor")]
    public async Task AuditList_WithABadFilter_Returns400NamingTheParameter(string query, string parameter)
    {
        using var admin = App.WithToken(await App.AdminTokenAsync());
        var response = await admin.GetAsync($"/api/admin/audit?{query}");
        await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotNull((await response.JsonAsync())["errors"]![parameter]);
    }

    [Fact]
    public async Task AuditList_ForANonAdmin_Returns403()
    {
        await App.CreateUserAsync("plain.user", "plain password");
        using var user = App.WithToken((string)(await App.IssueTokenAsync("plain.user", "plain password"))["token"]!);
        await (await user.GetAsync("/api/admin/audit")).AssertProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task AChangeThatDoesNotHappen_LeavesNoAuditEntry()
    {
        await App.CreateUserAsync("no.change", "no change password");
        var token = await App.IssueTokenAsync("no.change", "no change password");
        using var user = App.WithToken((string)token["token"]!);
        var countBefore = await AuditCountAsync();

        await (await user.DeleteAsync($"/api/profile/tokens/{Guid.CreateVersion7()}")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.PostAsync($"/api/profile/tokens/{Guid.CreateVersion7()}/rotate", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await user.PostAsJsonAsync("/api/profile/tokens", new { expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        Assert.Equal(countBefore, await AuditCountAsync());
    }

    [Fact]
    public async Task WhenTheAuditEntryCannotBeWritten_TheChangeIsRolledBack()
    {
        var userId = await App.CreateUserAsync("atomic.user", "atomic password");
        var token = await App.IssueTokenAsync("atomic.user", "atomic password");
        using var user = App.WithToken((string)token["token"]!);
        // Make the audit insert fail for deletions and generations only: the change must fail with it.
        await fixture.Database.ExecuteAsync(
            "alter table audit_events add constraint ck_test_refuse check (event not in ('token_deleted', 'token_generated')) not valid");
        try
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await user.DeleteAsync($"/api/profile/tokens/{token["id"]}")).StatusCode);
            Assert.Equal(HttpStatusCode.InternalServerError, (await user.PostAsJsonAsync("/api/profile/tokens", new { name = "x" })).StatusCode);
        }
        finally
        {
            await fixture.Database.ExecuteAsync("alter table audit_events drop constraint ck_test_refuse");
        }
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>("select count(*) from api_tokens where user_id = @id", ("id", userId)));
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/profile")).StatusCode);
    }

    private HttpClient Client(string token, string address)
    {
        var client = App.WithToken(token);
        client.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, address);
        return client;
    }

    private async Task<Guid> IdOfAsync(string token)
    {
        using var client = App.WithToken(token);
        return (await (await client.GetAsync("/api/profile")).JsonAsync())["id"]!.GetValue<Guid>();
    }

    private Task<long> AuditCountAsync() => fixture.Database.ScalarAsync<long>("select count(*) from audit_events");

    private static async Task<List<JsonNode>> AllPagesAsync(HttpClient client, string firstPage)
    {
        var items = new List<JsonNode>();
        string? cursor = null;
        do
        {
            var url = cursor is null ? firstPage : $"{firstPage}&cursor={Uri.EscapeDataString(cursor)}";
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = await response.JsonAsync();
            items.AddRange(page["items"]!.AsArray().Select(i => i!));
            cursor = (string?)page["nextCursor"];
        } while (cursor is not null);
        return items;
    }
}
