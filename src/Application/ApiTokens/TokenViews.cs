using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Application.ApiTokens;

/// <summary>A token as its owner sees it in lists: never the secret, only the hint.</summary>
public sealed record TokenSummary(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt)
{
    public static TokenSummary From(ApiToken token) =>
        new(token.Id, token.Name, token.Hint, token.CreatedAt, token.LastUsedAt, token.ExpiresAt);
}

/// <summary>The answer to generate and rotate: the only place the full token ever appears.</summary>
public sealed record GeneratedToken(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, string Token)
{
    public static GeneratedToken From(ApiToken token, string secret) =>
        new(token.Id, token.Name, token.Hint, token.CreatedAt, token.LastUsedAt, token.ExpiresAt, secret);
}
