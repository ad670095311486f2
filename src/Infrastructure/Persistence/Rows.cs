using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Domain.Users;

namespace EssalOffice.Infrastructure.Persistence;

// Npgsql reads timestamptz as UTC DateTime; these rows take what Dapper reads and build the domain records.

internal sealed class UserRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string PasswordHash { get; init; } = "";
    public bool IsAdmin { get; init; }
    public bool IsActive { get; init; }
    public DateTime CreatedAt { get; init; }

    public const string Columns = "id, username, password_hash, is_admin, is_active, created_at";

    public User ToUser() => new(Id, Username, PasswordHash, IsAdmin, IsActive, Utc(CreatedAt));

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    internal static DateTimeOffset? Utc(DateTime? value) => value is { } v ? Utc(v) : null;
}

internal sealed class TokenRow
{
    public Guid Id { get; init; }
    public Guid UserId { get; init; }
    public string Name { get; init; } = "";
    public string Hint { get; init; } = "";
    public byte[] TokenHash { get; init; } = [];
    public DateTime CreatedAt { get; init; }
    public DateTime? LastUsedAt { get; init; }
    public DateTime? ExpiresAt { get; init; }
    public string? OwnerUsername { get; init; }

    public const string Columns = "t.id, t.user_id, t.name, t.hint, t.token_hash, t.created_at, t.last_used_at, t.expires_at";

    public ApiToken ToToken() =>
        new(Id, UserId, Name, Hint, TokenHash, UserRow.Utc(CreatedAt), UserRow.Utc(LastUsedAt), UserRow.Utc(ExpiresAt));
}
