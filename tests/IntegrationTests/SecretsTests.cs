using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.IntegrationTests;

/// <summary>No token, token hash, password or password hash ever reaches a log line; no token reaches the database.</summary>
[Collection(ApiCollection.Name)]
public sealed class SecretsTests(ApiFixture fixture) : IAsyncLifetime
{
    private const string Password = "a secret password 4 logs";
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AFullScenarioWithFailuresAndExceptions_LogsNoSecret_AndStoresNoToken()
    {
        var tokens = new List<string>();
        var passwords = new List<string> { Password, EssalApp.AdminPassword, "wrong password here", "new user password" };

        // The help page, with every kind of failure on the way.
        var userId = await App.CreateUserAsync("secret.keeper", Password);
        using var anonymous = App.Anonymous();
        await (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "secret.keeper", password = "wrong password here" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsJsonAsync("/api/auth/token", new { username = "nobody.at.all", password = "wrong password here" }))
            .AssertProblemAsync(HttpStatusCode.Unauthorized);
        await (await anonymous.PostAsync("/api/auth/login", ApiCalls.Json($$"""{"username":"secret.keeper","password":"{{Password}}","extra":1}""")))
            .AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.NoContent,
            (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = "secret.keeper", password = Password })).StatusCode);

        var issued = await App.IssueTokenAsync("secret.keeper", Password, "scanner");
        tokens.Add((string)issued["token"]!);
        using var user = App.WithToken(tokens[0]);
        var second = await (await user.PostAsJsonAsync("/api/profile/tokens", new { name = "erp" })).JsonAsync();
        tokens.Add((string)second["token"]!);
        Assert.Equal(HttpStatusCode.OK, (await user.GetAsync("/api/profile/tokens")).StatusCode);
        var rotated = await (await user.PostAsync($"/api/profile/tokens/{second["id"]}/rotate", null)).JsonAsync();
        tokens.Add((string)rotated["token"]!);
        await (await App.WithToken(tokens[1]).GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized); // rotated away
        var wrongChecksum = tokens[0][..^1] + (tokens[0][^1] == 'A' ? 'B' : 'A');
        await (await App.WithToken(wrongChecksum).GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        using (var twoCredentials = App.Anonymous())
        {
            twoCredentials.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", $"Token {tokens[0]} {tokens[2]}");
            await (await twoCredentials.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        }
        await (await user.PostAsJsonAsync("/api/profile/tokens", new { expiresAt = DateTimeOffset.UtcNow.AddDays(-1) }))
            .AssertProblemAsync(HttpStatusCode.BadRequest);

        var adminToken = await App.AdminTokenAsync();
        tokens.Add(adminToken);
        using var admin = App.WithToken(adminToken);
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/admin/users", new { username = "second.person", password = "new user password" })).StatusCode);
        await (await admin.PostAsJsonAsync("/api/admin/users", new { username = "second.person", password = "new user password" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tokens/{rotated["id"]}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = false })).StatusCode);
        await (await user.GetAsync("/api/profile")).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/admin/users/{userId}", new { isActive = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/users/{userId}/tokens")).StatusCode);

        // An unexpected exception (the audit write fails) is logged with its stack trace: still no secret in it.
        var doomed = await App.IssueTokenAsync("secret.keeper", Password, "doomed");
        tokens.Add((string)doomed["token"]!);
        await fixture.Database.ExecuteAsync("alter table audit_events add constraint ck_test_refuse check (event <> 'token_deleted') not valid");
        try
        {
            using var doomedClient = App.WithToken(tokens[^1]);
            Assert.Equal(HttpStatusCode.InternalServerError, (await doomedClient.DeleteAsync($"/api/profile/tokens/{doomed["id"]}")).StatusCode);
        }
        finally
        {
            await fixture.Database.ExecuteAsync("alter table audit_events drop constraint ck_test_refuse");
        }

        // A secret scanner reports leaked tokens, live and dead, with junk around them.
        var leaked = await App.IssueTokenAsync("secret.keeper", Password, "leaked");
        tokens.Add((string)leaked["token"]!);
        Assert.Equal(HttpStatusCode.Accepted, (await anonymous.PostAsJsonAsync("/api/credentials/revoke",
            new { credentials = new[] { tokens[^1], tokens[0], wrongChecksum, "junk" } })).StatusCode);

        var logs = App.Logs.All;
        Assert.Contains("Unhandled exception", logs); // the capture saw the failure, so the search below means something
        var passwordHashes = new List<string>();
        foreach (var hash in (await fixture.Database.DumpAllTablesAsTextAsync()).Split('\n'))
            passwordHashes.AddRange(hash.Split(',').Where(part => part.StartsWith("AQAAAA", StringComparison.Ordinal)));
        Assert.NotEmpty(passwordHashes);

        foreach (var token in tokens)
        {
            var sha = SHA256.HashData(Encoding.ASCII.GetBytes(token));
            foreach (var form in new[] { token, Convert.ToHexString(sha), Convert.ToHexStringLower(sha), Convert.ToBase64String(sha), Convert.ToBase64String(sha).TrimEnd('=') })
                Assert.False(logs.Contains(form, StringComparison.Ordinal), $"The logs contain a token or its hash ({token[..10]}…).");
            // Not even the secret part alone (the hint's ten characters are public by design).
            Assert.DoesNotContain(token[ApiTokenFormat.HintLength..], logs);
        }
        foreach (var password in passwords) Assert.False(logs.Contains(password, StringComparison.Ordinal), "The logs contain a password.");
        foreach (var hash in passwordHashes) Assert.False(logs.Contains(hash, StringComparison.Ordinal), "The logs contain a password hash.");

        var dump = await fixture.Database.DumpAllTablesAsTextAsync();
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(token, dump);
            Assert.DoesNotContain(token[ApiTokenFormat.HintLength..], dump);
        }
        foreach (var password in passwords) Assert.DoesNotContain(password, dump);
    }
}
