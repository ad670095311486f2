using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Microsoft.AspNetCore.Identity;

namespace EssalOffice.Infrastructure.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (versioned format, so the work factor can grow later).</summary>
internal sealed class AspNetPasswordHasher : IPasswordHasher
{
    private readonly PasswordHasher<User> _hasher = new();

    public string Hash(string password) => _hasher.HashPassword(null!, password);

    public bool Verify(string passwordHash, string password) =>
        _hasher.VerifyHashedPassword(null!, passwordHash, password) != PasswordVerificationResult.Failed;
}
