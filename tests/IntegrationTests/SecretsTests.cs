using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>Promise 1 and 2: a token is shown once and stored only as SHA-256; no secret reaches the logs.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecretsTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ScenarioWithFailures_LeavesNoTokenHashOrPasswordInLogsOrDatabase()
    {
        const string password = "very secret password 42";
        var userId = await App.CreateUserAsync("secret.keeper", password);
        var created = await App.IssueTokenAsync("secret.keeper", password, "logged?");
        var token = (string)created["token"]!;
        using var client = App.WithToken(token);
        await client.GetAsync("/api/profile");
        await client.GetAsync("/api/profile/tokens");
        var rotated = (string)(await (await client.PostAsync($"/api/profile/tokens/{created["id"]}/rotate", null)).JsonAsync())["token"]!;
        await client.GetAsync("/api/profile");                                   // now a revoked token: 401
        using var anonymous = App.Anonymous();
        await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "secret.keeper", password = password + "x" });
        await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "secret.keeper", password });
        using var wrongChecksum = App.WithToken(token[..^1] + (token[^1] == 'a' ? 'b' : 'a'));
        await wrongChecksum.GetAsync("/api/profile");
        await anonymous.PostAsync("/api/profile/tokens", ApiCalls.Json("{\"name\": " + token));  // malformed JSON that contains a token

        var storedPasswordHash = await fixture.Database.ScalarAsync<string>("select password_hash from users where id = @id", ("id", userId));
        var secrets = new List<string> { password, storedPasswordHash! };
        foreach (var t in new[] { token, rotated })
        {
            var hash = SHA256.HashData(Encoding.ASCII.GetBytes(t));
            secrets.AddRange([t, t[10..], Convert.ToHexString(hash), Convert.ToHexStringLower(hash), Convert.ToBase64String(hash)]);
        }

        var logs = App.Logs.All;
        Assert.NotEmpty(App.Logs.Lines);
        foreach (var secret in secrets) Assert.DoesNotContain(secret, logs);

        var database = await fixture.Database.DumpAllTablesAsTextAsync();
        Assert.DoesNotContain(token, database);
        Assert.DoesNotContain(rotated, database);
        Assert.DoesNotContain(token[10..], database);
        Assert.DoesNotContain(password, database);
        // What is stored is exactly the SHA-256 of the live token.
        var storedHash = await fixture.Database.ScalarAsync<byte[]>("select token_hash from api_tokens where user_id = @id", ("id", userId));
        Assert.Equal(SHA256.HashData(Encoding.ASCII.GetBytes(rotated)), storedHash);
    }
}
