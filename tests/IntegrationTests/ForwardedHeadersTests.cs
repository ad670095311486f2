using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EssalOffice.IntegrationTests;

/// <summary>X-Forwarded-For names the client only when it comes from a configured proxy.</summary>
[Collection(ApiCollection.Name)]
public sealed class ForwardedHeadersTests(ApiFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task TheClientAddress_ComesFromXForwardedFor_OnlyWhenTheProxyIsTrusted()
    {
        await using var behindProxy = new EssalApp(fixture.Database.ConnectionString,
            builder => builder.UseSetting("ForwardedHeaders:KnownProxies:0", "10.0.0.1"));
        await behindProxy.CreateUserAsync("proxied.user", "proxied password");
        var token = (string)(await behindProxy.IssueTokenAsync("proxied.user", "proxied password"))["token"]!;

        Assert.Equal("203.0.113.50", await AuditedAddressAsync(behindProxy, token, from: "10.0.0.1", forwardedFor: "203.0.113.50"));
        Assert.Equal("10.0.0.2", await AuditedAddressAsync(behindProxy, token, from: "10.0.0.2", forwardedFor: "203.0.113.51"));
        // Without configuration nothing is trusted, not even loopback.
        Assert.Equal("127.0.0.1", await AuditedAddressAsync(fixture.App, token, from: "127.0.0.1", forwardedFor: "203.0.113.52"));
    }

    private async Task<string> AuditedAddressAsync(EssalApp app, string token, string from, string forwardedFor)
    {
        using var client = app.WithToken(token);
        client.DefaultRequestHeaders.Add(EssalApp.ClientAddressHeader, from);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        var created = await client.PostAsJsonAsync("/api/profile/tokens", new { name = $"via {from}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = Guid.Parse((string)(await created.JsonAsync())["id"]!);
        return (await fixture.Database.ScalarAsync<string>("select client_address from audit_events where token_id = @id", ("id", id)))!;
    }
}
