using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Application.ApiTokens;

/// <summary>A token as its owner sees it in lists: never the secret, only the hint; expired ones are marked as such.</summary>
public sealed record TokenSummary(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, bool Expired)
{
    public static TokenSummary From(ApiToken token, DateTimeOffset now) =>
        new(token.Id, token.Name, token.Hint, token.CreatedAt, token.LastUsedAt, token.ExpiresAt, token.IsExpiredAt(now));
}

/// <summary>The answer to generate and rotate: the only place the full token ever appears.</summary>
public sealed record GeneratedToken(Guid Id, string Name, string Hint, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, bool Expired, string Token)
{
    // Issuing refuses an expiry that is not in the future, so a token just issued is never expired.
    public static GeneratedToken From(ApiToken token, string secret) =>
        new(token.Id, token.Name, token.Hint, token.CreatedAt, token.LastUsedAt, token.ExpiresAt, Expired: false, secret);

    // The token must not reach a log line through a record's generated ToString.
    public override string ToString() => $"GeneratedToken {{ Id = {Id}, Hint = {Hint} }}";
}

/// <summary>How many tokens one user may hold at once (configuration <c>Tokens__MaxPerUser</c>).</summary>
public sealed record TokenLimits(int MaxPerUser)
{
    public static readonly TokenLimits Default = new(TokenPolicy.MaxTokensPerUser);
}
