using EssalOffice.Domain.Users;

namespace EssalOffice.Application.Abstractions;

public interface IUserRepository
{
    Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken);
    Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken);
    Task<bool> AnyAsync(CancellationToken cancellationToken);

    /// <summary>Adds the user; false when the username is taken (case-insensitively).</summary>
    Task<bool> TryAddAsync(User user, CancellationToken cancellationToken);

    /// <summary>
    /// Applies the changed flags and stores the audit entries that <paramref name="audit"/> makes from the user
    /// before and after, in one transaction; returns the user as stored afterwards, or null when there is none.
    /// </summary>
    Task<User?> UpdateFlagsAsync(Guid id, bool? isActive, bool? isAdmin, Func<User, User, IReadOnlyList<AuditEntry>> audit, CancellationToken cancellationToken);

    /// <summary>Users ordered by creation (oldest first), after the cursor.</summary>
    Task<IReadOnlyList<User>> ListAsync(PageCursor? after, int limit, CancellationToken cancellationToken);
}
