namespace EssalOffice.Domain.ApiTokens;

/// <summary>A personal API token as stored: never the token itself, only its SHA-256 and a hint.</summary>
public sealed record ApiToken(
    Guid Id,
    Guid UserId,
    string Name,
    string Hint,
    byte[] Hash,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? ExpiresAt)
{
    public const int MaxNameLength = 100;
    public const string DefaultName = "API token";

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expiry && expiry <= now;

    /// <summary>
    /// Builds a new token for <paramref name="userId"/> from a freshly generated secret.
    /// The caller shows <paramref name="secret"/> to the user once and forgets it.
    /// </summary>
    public static ApiToken Issue(Guid userId, string secret, string? name, DateTimeOffset now, DateTimeOffset? expiresAt)
    {
        if (ApiTokenFormat.Check(secret) != ApiTokenShape.WellFormed)
            throw new ArgumentException("The secret is not a well-formed token.", nameof(secret));
        if (expiresAt is { } expiry && expiry <= now)
            throw new ArgumentOutOfRangeException(nameof(expiresAt), "A token must expire in the future.");
        now = Time.TruncateToMicroseconds(now);
        return new ApiToken(
            Guid.CreateVersion7(now),
            userId,
            NormalizeName(name),
            ApiTokenFormat.Hint(secret),
            ApiTokenFormat.Hash(secret),
            now,
            LastUsedAt: null,
            expiresAt);
    }

    public static string NormalizeName(string? name) =>
        string.IsNullOrWhiteSpace(name) ? DefaultName : name.Trim();

    /// <summary>True when the name fits: not longer than the limit, no control characters.</summary>
    public static bool IsValidName(string? name) =>
        name is null || (name.Trim().Length <= MaxNameLength && !name.Any(char.IsControl));
}
