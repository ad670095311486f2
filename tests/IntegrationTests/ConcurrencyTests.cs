using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace EssalOffice.IntegrationTests;

/// <summary>Parallel generate, rotate and delete for one user: no 500, no lost token, never two tokens from one rotation.</summary>
[Collection(ApiCollection.Name)]
public sealed class ConcurrencyTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;
    private Guid _userId;
    private readonly string _repeated = ApiTokenFormat.Generate();
    private readonly string _fresh = ApiTokenFormat.Generate();
    private HttpClient _user = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        _userId = await App.CreateUserAsync("busy.user", "busy password");
        _user = App.WithToken((string)(await App.IssueTokenAsync("busy.user", "busy password", "main"))["token"]!);
    }

    public Task DisposeAsync()
    {
        _user.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TwentyParallelRotationsOfOneToken_GiveExactlyOneNewToken_AndThe404ToTheOthers()
    {
        var target = await (await _user.PostAsJsonAsync("/api/profile/tokens", new { name = "rotated" })).JsonAsync();
        using var start = new SemaphoreSlim(0);
        var rotations = Enumerable.Range(0, 20).Select(async _ =>
        {
            await start.WaitAsync();
            return await _user.PostAsync($"/api/profile/tokens/{target["id"]}/rotate", null);
        }).ToList();
        start.Release(20);
        var responses = await Task.WhenAll(rotations);

        var winner = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        foreach (var loser in responses.Where(r => r != winner)) await loser.AssertProblemAsync(HttpStatusCode.NotFound);
        var names = (await (await _user.GetAsync("/api/profile/tokens")).JsonAsync()).AsArray().Select(t => (string)t!["name"]!).Order();
        Assert.Equal(["main", "rotated"], names);
        using var rotated = App.WithToken((string)(await winner.JsonAsync())["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await rotated.GetAsync("/api/profile")).StatusCode);
        using var old = App.WithToken((string)target["token"]!);
        await (await old.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(1L, await fixture.Database.ScalarAsync<long>(
            "select count(*) from audit_events where event = 'token_rotated' and subject_user_id = @id", ("id", _userId)));
    }

    [Fact]
    public async Task ParallelGenerationsPastTheLimit_StopExactlyAtTheLimit()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 70).Select(i =>
            _user.PostAsJsonAsync("/api/profile/tokens", new { name = $"parallel {i}" })));

        Assert.Equal(TokenPolicy.MaxTokensPerUser - 1, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created)) await refused.AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(TokenPolicy.MaxTokensPerUser, await TokenCountAsync());
    }

    [Fact]
    public async Task ParallelGenerateRotateAndDelete_NeverAnswer500_AndLoseNoToken()
    {
        var seeds = new List<string>();
        for (var i = 0; i < 10; i++)
            seeds.Add((string)(await (await _user.PostAsJsonAsync("/api/profile/tokens", new { name = $"seed {i}" })).JsonAsync())["id"]!);

        var created = new ConcurrentBag<string>();
        var removed = new ConcurrentBag<string>();
        var statuses = new ConcurrentBag<HttpStatusCode>();
        await Task.WhenAll(Enumerable.Range(0, 60).Select(async i =>
        {
            var seed = seeds[i % seeds.Count];
            HttpResponseMessage response;
            switch (i % 3)
            {
                case 0:
                    response = await _user.PostAsJsonAsync("/api/profile/tokens", new { name = $"new {i}" });
                    if (response.StatusCode == HttpStatusCode.Created) created.Add((string)(await response.JsonAsync())["id"]!);
                    break;
                case 1:
                    response = await _user.PostAsync($"/api/profile/tokens/{seed}/rotate", null);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        created.Add((string)(await response.JsonAsync())["id"]!);
                        removed.Add(seed);
                    }
                    break;
                default:
                    response = await _user.DeleteAsync($"/api/profile/tokens/{seed}");
                    if (response.StatusCode == HttpStatusCode.NoContent) removed.Add(seed);
                    break;
            }
            statuses.Add(response.StatusCode);
            if ((int)response.StatusCode >= 400) await response.AssertProblemAsync(HttpStatusCode.NotFound);
        }));

        Assert.DoesNotContain(HttpStatusCode.InternalServerError, statuses);
        // Every seed was removed exactly once (by a rotation or a delete), and every acknowledged new token is there.
        Assert.Equal(seeds.Order(), removed.Order());
        var stored = (await (await _user.GetAsync("/api/profile/tokens")).JsonAsync()).AsArray().Select(t => (string)t!["id"]!).ToHashSet();
        Assert.Superset(created.ToHashSet(), stored);
        Assert.Equal(1 + created.Count, stored.Count);
    }

    [Fact]
    public async Task AForcedKeyCollision_IsRetriedWithANewSecret_AndNeverOverwritesTheOtherToken()
    {
        var (repeated, fresh) = (_repeated, _fresh);
        var rotatedTo = ApiTokenFormat.Generate();
        // The first user gets `repeated`; the next generation is offered `repeated` again, then `fresh`;
        // a rotation is offered `repeated` (taken by the first user), then `rotatedTo`.
        await App.CreateUserAsync("second.user", "second password");
        var generator = new ScriptedGenerator(repeated, repeated, fresh, repeated, rotatedTo);
        await using var app = new EssalApp(fixture.Database.ConnectionString, builder =>
            builder.ConfigureTestServices(services => services.AddSingleton<ITokenGenerator>(generator)));

        var first = await app.IssueTokenAsync("busy.user", "busy password", "first");
        Assert.Equal(repeated, (string)first["token"]!);
        var second = await app.IssueTokenAsync("second.user", "second password", "second");
        Assert.Equal(fresh, (string)second["token"]!);
        using var secondUser = app.WithToken(fresh);
        var rotated = await secondUser.PostAsync($"/api/profile/tokens/{second["id"]}/rotate", null);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var rotatedToken = (string)(await rotated.JsonAsync())["token"]!;
        Assert.True(rotatedToken == rotatedTo, $"rotated to {Name(rotatedToken)}");

        using var firstUser = app.WithToken(repeated);
        Assert.Equal("busy.user", (string)(await (await firstUser.GetAsync("/api/profile")).JsonAsync())["username"]!);
        using var rotatedUser = app.WithToken(rotatedTo);
        Assert.Equal("second.user", (string)(await (await rotatedUser.GetAsync("/api/profile")).JsonAsync())["username"]!);
        await (await secondUser.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
    }

    private string Name(string token) => token == _repeated ? "repeated" : token == _fresh ? "fresh" : "another";

    private Task<long> TokenCountAsync() =>
        fixture.Database.ScalarAsync<long>("select count(*) from api_tokens where user_id = @id", ("id", _userId));

    /// <summary>Hands out the given secrets in order (then random ones), to force collisions on purpose.</summary>
    private sealed class ScriptedGenerator(params string[] script) : ITokenGenerator
    {
        private int _next;

        public string NewToken()
        {
            var i = Interlocked.Increment(ref _next) - 1;
            return i < script.Length ? script[i] : ApiTokenFormat.Generate();
        }
    }
}
