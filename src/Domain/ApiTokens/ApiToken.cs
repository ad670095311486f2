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
        // Stored as UTC with microseconds: answer with exactly what is stored.
        expiresAt = expiresAt is { } e ? Time.TruncateToMicroseconds(e.ToUniversalTime()) : null;
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

    /// <summary>True when the name fits: not longer than the limit, only visible characters and spaces.</summary>
    public static bool IsValidName(string? name) =>
        name is null || (name.Trim().Length <= MaxNameLength && name.EnumerateRunes().All(IsVisibleOrSpace));

    // Control, format (e.g. right-to-left override, zero-width space), separator other than space, unassigned and
    // private-use characters could make one token's name pass for another's in the admin list.
    private static bool IsVisibleOrSpace(System.Text.Rune rune) =>
        rune.Value == ' ' || System.Text.Rune.GetUnicodeCategory(rune) switch
        {
            System.Globalization.UnicodeCategory.Control or System.Globalization.UnicodeCategory.Format
                or System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator
                or System.Globalization.UnicodeCategory.SpaceSeparator or System.Globalization.UnicodeCategory.Surrogate
                or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned => false,
            _ => true,
        };
}
