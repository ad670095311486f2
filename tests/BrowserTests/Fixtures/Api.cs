using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using EssalOffice.IntegrationTests.Fixtures;

namespace EssalOffice.BrowserTests.Fixtures;

/// <summary>What the browser tests do over plain HTTP: set up users, and call the API as an integration would.</summary>
public static class Api
{
    public static async Task<string> IssueTokenAsync(this BrowserFixture fixture, string username, string password, string name)
    {
        using var client = fixture.NewHttpClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password, name });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["token"]!;
    }

    public static async Task CreateUserAsync(this BrowserFixture fixture, string username, string password, bool isAdmin = false)
    {
        var adminToken = await fixture.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "test set-up");
        using var admin = fixture.WithToken(adminToken);
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username, password, isAdmin });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    public static HttpClient WithToken(this BrowserFixture fixture, string token)
    {
        var client = fixture.NewHttpClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    /// <summary>The status an integration gets for <c>GET /api/profile</c> with this token.</summary>
    public static async Task<HttpStatusCode> ProfileStatusAsync(this BrowserFixture fixture, string token)
    {
        using var client = fixture.WithToken(token);
        using var response = await client.GetAsync("/api/profile");
        return response.StatusCode;
    }
}
