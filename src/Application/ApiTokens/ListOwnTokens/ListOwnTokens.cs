using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.ListOwnTokens;

/// <summary>The caller's own tokens, newest first.</summary>
public sealed record ListOwnTokens(Guid UserId) : IQuery<IReadOnlyList<TokenSummary>>;

internal sealed class ListOwnTokensHandler(IApiTokenRepository tokens, TimeProvider clock)
    : IQueryHandler<ListOwnTokens, IReadOnlyList<TokenSummary>>
{
    public async ValueTask<IReadOnlyList<TokenSummary>> Handle(ListOwnTokens query, CancellationToken cancellationToken)
    {
        var list = await tokens.ListForUserAsync(query.UserId, cancellationToken);
        var now = clock.GetUtcNow();
        return list.Select(token => TokenSummary.From(token, now)).ToList();
    }
}
