namespace EssalOffice.WebApi.Endpoints;

// The JSON bodies the API accepts. Unknown fields are refused (JsonUnmappedMemberHandling.Disallow). A default
// value marks a field as optional in the OpenAPI document; the validators decide what a body must hold.

public sealed record LoginRequest(string? Username, string? Password)
{
    public override string ToString() => $"LoginRequest {{ Username = {Username} }}";
}

public sealed record IssueTokenRequest(string? Username, string? Password, string? Name = null, DateTimeOffset? ExpiresAt = null)
{
    public override string ToString() => $"IssueTokenRequest {{ Username = {Username}, Name = {Name} }}";
}

public sealed record CreateTokenRequest(string? Name = null, DateTimeOffset? ExpiresAt = null);

public sealed record CreateUserRequest(string? Username, string? Password, bool? IsAdmin = null)
{
    public override string ToString() => $"CreateUserRequest {{ Username = {Username}, IsAdmin = {IsAdmin} }}";
}

public sealed record UpdateUserRequest(bool? IsActive = null, bool? IsAdmin = null);

public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);

public sealed record RevokeCredentialsRequest(IReadOnlyList<string?>? Credentials)
{
    public override string ToString() => $"RevokeCredentialsRequest {{ Count = {Credentials?.Count} }}";
}
