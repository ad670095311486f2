using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.AdminRevoke;

/// <summary>An administrator revokes one token of anyone; its owner stays.</summary>
public sealed record RevokeToken(Guid TokenId) : ICommand;

internal sealed class RevokeTokenHandler(IApiTokenRepository tokens, ICredentialRevocations revocations)
    : ICommandHandler<RevokeToken>
{
    public async ValueTask<Unit> Handle(RevokeToken command, CancellationToken cancellationToken)
    {
        _ = await tokens.DeleteAsync(command.TokenId, ownerId: null, cancellationToken)
            ?? throw new NotFoundException("There is no token with this id.");
        await revocations.TokensRevokedAsync([command.TokenId], cancellationToken);
        return Unit.Value;
    }
}
