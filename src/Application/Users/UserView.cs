using EssalOffice.Domain.Users;

namespace EssalOffice.Application.Users;

/// <summary>A user as the API shows them: never the password hash.</summary>
public sealed record UserView(Guid Id, string Username, bool IsAdmin, bool IsActive, DateTimeOffset CreatedAt)
{
    public static UserView From(User user) => new(user.Id, user.Username, user.IsAdmin, user.IsActive, user.CreatedAt);
}
