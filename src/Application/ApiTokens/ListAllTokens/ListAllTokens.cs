using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.ListAllTokens;

/// <summary>Every token of every user (or of one), newest first, keyset-paged.</summary>
public sealed record ListAllTokens(Guid? UserId, string? Cursor, int? Limit) : IQuery<Page<AdminTokenView>>;

public sealed record AdminTokenView(
    Guid Id, Guid UserId, string Username, string Name, string Hint,
    DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? ExpiresAt, bool Expired);

internal sealed class ListAllTokensHandler(IApiTokenRepository tokens, TimeProvider clock) : IQueryHandler<ListAllTokens, Page<AdminTokenView>>
{
    public async ValueTask<Page<AdminTokenView>> Handle(ListAllTokens query, CancellationToken cancellationToken)
    {
        PageCursor.TryDecode(query.Cursor, out var after);
        var limit = query.Limit ?? Paging.DefaultLimit;
        var rows = await tokens.ListAllAsync(query.UserId, after, limit + 1, cancellationToken);
        var now = clock.GetUtcNow();
        return Paging.From(rows, limit,
            row => new PageCursor(row.Token.CreatedAt, row.Token.Id),
            row => new AdminTokenView(row.Token.Id, row.Token.UserId, row.OwnerUsername, row.Token.Name, row.Token.Hint,
                row.Token.CreatedAt, row.Token.LastUsedAt, row.Token.ExpiresAt, row.Token.IsExpiredAt(now)));
    }
}
