using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.DeleteToken;

/// <summary>The owner deletes one of their tokens; it fails on the very next request.</summary>
public sealed record DeleteToken(Guid UserId, Guid TokenId, string? ClientAddress) : ICommand;

internal sealed class DeleteTokenHandler(IApiTokenRepository tokens, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<DeleteToken>
{
    public async ValueTask<Unit> Handle(DeleteToken command, CancellationToken cancellationToken)
    {
        var audit = AuditEntry.Create(AuditEvents.TokenDeleted, clock.GetUtcNow(), command.UserId, command.ClientAddress);
        _ = await tokens.DeleteAsync(command.TokenId, command.UserId, audit, cancellationToken)
            ?? throw new NotFoundException("You have no token with this id.");
        await revocations.TokensRevokedAsync([command.TokenId], cancellationToken);
        return Unit.Value;
    }
}
