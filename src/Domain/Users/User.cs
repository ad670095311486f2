namespace EssalOffice.Domain.Users;

/// <summary>A person who signs in. The username is unique regardless of letter case.</summary>
public sealed record User(
    Guid Id,
    string Username,
    string PasswordHash,
    bool IsAdmin,
    bool IsActive,
    DateTimeOffset CreatedAt)
{
    public const int MinUsernameLength = 3;
    public const int MaxUsernameLength = 64;
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 512;

    public string NormalizedUsername => Normalize(Username);

    public static string Normalize(string username) => username.Trim().ToUpperInvariant();

    /// <summary>Letters, digits and <c>. _ - @</c>: safe in URLs, logs and the UI.</summary>
    public static bool IsValidUsername(string? username) =>
        username is { Length: >= MinUsernameLength and <= MaxUsernameLength }
        && username.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@');

    public static User Create(string username, string passwordHash, bool isAdmin, DateTimeOffset now)
    {
        if (!IsValidUsername(username)) throw new ArgumentException("Invalid username.", nameof(username));
        now = Time.TruncateToMicroseconds(now);
        return new User(Guid.CreateVersion7(now), username, passwordHash, isAdmin, IsActive: true, now);
    }
}
