using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace EssalOffice.Bench;

internal static class Http
{
    /// <summary>A client that keeps its connections open for the whole run (no pooled-connection recycling).</summary>
    public static HttpClient Client(string baseUrl, int connections) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        MaxConnectionsPerServer = connections,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = new Uri(baseUrl.TrimEnd('/') + "/"),
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static HttpRequestMessage Get(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Token", token);
        return request;
    }

    public static async Task<HttpStatusCode> StatusAsync(HttpClient client, HttpRequestMessage request, CancellationToken cancellationToken = default)
    {
        using (request)
        using (var response = await client.SendAsync(request, cancellationToken))
        {
            // Read the (small) body so the connection is free for the next request at once.
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return response.StatusCode;
        }
    }

    /// <summary>A created token: its id and the secret (kept in memory, never printed).</summary>
    public sealed record CreatedToken(Guid Id, string Token);

    public static async Task<CreatedToken> IssueAsync(HttpClient client, string username, string password, string name)
    {
        using var response = await client.PostAsJsonAsync("api/auth/token", new { username, password, name });
        return await ReadCreatedAsync(response, "POST /api/auth/token");
    }

    public static async Task<CreatedToken> CreateOwnTokenAsync(HttpClient client, string bearer, string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/profile/tokens") { Content = JsonContent.Create(new { name }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Token", bearer);
        using var response = await client.SendAsync(request);
        return await ReadCreatedAsync(response, "POST /api/profile/tokens");
    }

    private static async Task<CreatedToken> ReadCreatedAsync(HttpResponseMessage response, string what)
    {
        // Never echo the body: on success it holds the token.
        if (response.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}");
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return new CreatedToken(json.RootElement.GetProperty("id").GetGuid(), json.RootElement.GetProperty("token").GetString()!);
    }
}
