using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>Small helpers that speak the HTTP API as an integration would: JSON in, status and JSON out.</summary>
public static class ApiCalls
{
    public static HttpClient WithToken(this EssalApp app, string token)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Token", token);
        return client;
    }

    public static HttpClient Anonymous(this EssalApp app) => app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Issues a token with username and password, as a scanner's set-up script does.</summary>
    public static async Task<JsonObject> IssueTokenAsync(this EssalApp app, string username, string password, string? name = null, DateTimeOffset? expiresAt = null)
    {
        using var client = app.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username, password, name, expiresAt });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    public static async Task<string> AdminTokenAsync(this EssalApp app) =>
        (string)(await app.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "admin tests"))["token"]!;

    /// <summary>Creates a user through the admin API and returns its id.</summary>
    public static async Task<Guid> CreateUserAsync(this EssalApp app, string username, string password, bool isAdmin = false)
    {
        using var admin = app.WithToken(await app.AdminTokenAsync());
        var response = await admin.PostAsJsonAsync("/api/admin/users", new { username, password, isAdmin });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<Guid>();
    }

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>Asserts an RFC 9457 answer with this status, and returns its title.</summary>
    public static async Task<string> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!;
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        var title = problem["title"]?.GetValue<string>();
        Assert.False(string.IsNullOrWhiteSpace(title), "A problem must have a title a person can act on.");
        Assert.StartsWith("https://", problem["type"]?.GetValue<string>() ?? "");
        if (status == HttpStatusCode.Unauthorized)
            Assert.Contains("Token", response.Headers.WwwAuthenticate.Select(h => h.Scheme));
        return title!;
    }

    public static StringContent Json(string raw) => new(raw, System.Text.Encoding.UTF8, "application/json");

    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}
