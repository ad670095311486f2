using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.Users.ListUsers;

/// <summary>All users, oldest first, keyset-paged.</summary>
public sealed record ListUsers(string? Cursor, int? Limit) : IQuery<Page<UserView>>;

internal sealed class ListUsersHandler(IUserRepository users) : IQueryHandler<ListUsers, Page<UserView>>
{
    public async ValueTask<Page<UserView>> Handle(ListUsers query, CancellationToken cancellationToken)
    {
        PageCursor.TryDecode(query.Cursor, out var after);
        var limit = query.Limit ?? Paging.DefaultLimit;
        var rows = await users.ListAsync(after, limit + 1, cancellationToken);
        return Paging.From(rows, limit, user => new PageCursor(user.CreatedAt, user.Id), UserView.From);
    }
}
