using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.DeleteToken;

/// <summary>The owner deletes one of their tokens; it fails on the very next request.</summary>
public sealed record DeleteToken(Guid UserId, Guid TokenId) : ICommand;

internal sealed class DeleteTokenHandler(IApiTokenRepository tokens, ICredentialRevocations revocations)
    : ICommandHandler<DeleteToken>
{
    public async ValueTask<Unit> Handle(DeleteToken command, CancellationToken cancellationToken)
    {
        _ = await tokens.DeleteAsync(command.TokenId, command.UserId, cancellationToken)
            ?? throw new NotFoundException("You have no token with this id.");
        await revocations.TokensRevokedAsync([command.TokenId], cancellationToken);
        return Unit.Value;
    }
}
