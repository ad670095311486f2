using System.Net;
using System.Text.Json.Nodes;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EssalOffice.IntegrationTests.Operations;

[Collection(ApiCollection.Name)]
public sealed class OpenApiTests(ApiFixture fixture)
{
    // DESIGN.md's HTTP contract (GET /api/admin/audit arrives with the audit work; the derived check below covers it then).
    public static readonly TheoryData<string, string> ContractEndpoints = new()
    {
        { "post", "/api/auth/login" },
        { "post", "/api/auth/logout" },
        { "post", "/api/auth/token" },
        { "get", "/api/auth/antiforgery" },
        { "get", "/api/profile" },
        { "get", "/api/profile/tokens" },
        { "post", "/api/profile/tokens" },
        { "delete", "/api/profile/tokens/{id}" },
        { "post", "/api/profile/tokens/{id}/rotate" },
        { "get", "/api/admin/users" },
        { "post", "/api/admin/users" },
        { "patch", "/api/admin/users/{id}" },
        { "get", "/api/admin/tokens" },
        { "delete", "/api/admin/tokens/{id}" },
        { "delete", "/api/admin/users/{id}/tokens" },
        { "get", "/health/live" },
        { "get", "/health/ready" },
    };

    [Theory]
    [MemberData(nameof(ContractEndpoints))]
    public async Task Document_DescribesEachEndpointOfTheContract(string method, string path)
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        Assert.True(Operation(paths, method, path) is not null, $"{method.ToUpperInvariant()} {path} is missing from /openapi/v1.json");
    }

    [Fact]
    public async Task Document_DescribesEveryMappedApiEndpoint()
    {
        var paths = (await DocumentAsync())["paths"]!.AsObject();
        var mapped = fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.StartsWith("/api/") || raw.StartsWith("/health/")))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Method: m, Path: e.RoutePattern.RawText!)))
            .ToList();

        Assert.True(mapped.Count >= ContractEndpoints.Count(), "The endpoint data source should list the whole API.");
        var missing = mapped.Where(e => Operation(paths, e.Method, e.Path) is null).Select(e => $"{e.Method} {e.Path}").ToList();
        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task Document_DeclaresTheTokenScheme_AndRequiresItOnSecuredOperationsOnly()
    {
        var document = await DocumentAsync();
        var scheme = document["components"]!["securitySchemes"]!["Token"]!;
        Assert.Equal("apiKey", (string)scheme["type"]!);
        Assert.Equal("header", (string)scheme["in"]!);
        Assert.Equal("Authorization", (string)scheme["name"]!);

        var paths = document["paths"]!.AsObject();
        Assert.Contains("Token", RequiredSchemes(Operation(paths, "get", "/api/profile")!));
        Assert.Contains("Token", RequiredSchemes(Operation(paths, "delete", "/api/admin/tokens/{id}")!));
        Assert.Empty(RequiredSchemes(Operation(paths, "post", "/api/auth/token")!));
        Assert.Empty(RequiredSchemes(Operation(paths, "get", "/health/ready")!));
    }

    [Theory]
    [InlineData("get", "/api/profile", "401")]
    [InlineData("delete", "/api/profile/tokens/{id}", "404")]
    [InlineData("post", "/api/profile/tokens", "400")]
    [InlineData("delete", "/api/admin/tokens/{id}", "403")]
    [InlineData("post", "/api/auth/token", "429")]
    [InlineData("post", "/api/credentials/revoke", "400")]
    [InlineData("post", "/api/credentials/revoke", "429")]
    public async Task Document_DescribesProblemDetailsErrors(string method, string path, string status)
    {
        var operation = Operation((await DocumentAsync())["paths"]!.AsObject(), method, path)!;
        var content = operation["responses"]?[status]?["content"]?.AsObject();
        Assert.True(content is not null && content.ContainsKey("application/problem+json"),
            $"{method.ToUpperInvariant()} {path} should document {status} as application/problem+json");
    }

    [Theory]
    [InlineData("CreateTokenRequest", "", "name,expiresAt")]
    [InlineData("IssueTokenRequest", "username,password", "name,expiresAt")]
    [InlineData("CreateUserRequest", "username,password", "isAdmin")]
    [InlineData("UpdateUserRequest", "", "isActive,isAdmin")]
    [InlineData("LoginRequest", "username,password", "")]
    public async Task Document_MarksOnlyTheFieldsABodyMustHave_AsRequired(string schema, string required, string optional)
    {
        var body = (await DocumentAsync())["components"]!["schemas"]![schema]!;
        var declared = body["required"]?.AsArray().Select(n => (string)n!).ToHashSet() ?? [];
        foreach (var field in required.Split(',', StringSplitOptions.RemoveEmptyEntries)) Assert.Contains(field, declared);
        foreach (var field in optional.Split(',', StringSplitOptions.RemoveEmptyEntries)) Assert.DoesNotContain(field, declared);
    }

    [Fact]
    public async Task Docs_ServesTheInteractiveReference()
    {
        using var client = fixture.App.Anonymous();
        var page = await client.GetAsync("/docs/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
    }

    private async Task<JsonNode> DocumentAsync()
    {
        using var client = fixture.App.Anonymous();
        var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.JsonAsync();
    }

    private static JsonObject? Operation(JsonObject paths, string method, string path)
    {
        var key = paths.Select(p => p.Key).FirstOrDefault(k => k.TrimEnd('/') == path.TrimEnd('/'));
        return key is null ? null : paths[key]![method.ToLowerInvariant()] as JsonObject;
    }

    private static List<string> RequiredSchemes(JsonObject operation) =>
        operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(p => p.Key)).ToList() ?? [];
}
