namespace EssalOffice.WebApi.Endpoints;

// The JSON bodies the API accepts. Unknown fields are refused (JsonUnmappedMemberHandling.Disallow).

public sealed record LoginRequest(string? Username, string? Password)
{
    public override string ToString() => $"LoginRequest {{ Username = {Username} }}";
}

public sealed record IssueTokenRequest(string? Username, string? Password, string? Name, DateTimeOffset? ExpiresAt)
{
    public override string ToString() => $"IssueTokenRequest {{ Username = {Username}, Name = {Name} }}";
}

public sealed record CreateTokenRequest(string? Name, DateTimeOffset? ExpiresAt);

public sealed record CreateUserRequest(string? Username, string? Password, bool? IsAdmin)
{
    public override string ToString() => $"CreateUserRequest {{ Username = {Username}, IsAdmin = {IsAdmin} }}";
}

public sealed record UpdateUserRequest(bool? IsActive, bool? IsAdmin);

public sealed record AntiforgeryTokenResponse(string HeaderName, string Token);

public sealed record RevokeCredentialsRequest(IReadOnlyList<string?>? Credentials)
{
    public override string ToString() => $"RevokeCredentialsRequest {{ Count = {Credentials?.Count} }}";
}
