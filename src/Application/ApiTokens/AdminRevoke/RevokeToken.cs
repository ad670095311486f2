using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.AdminRevoke;

/// <summary>An administrator revokes one token of anyone; its owner stays.</summary>
public sealed record RevokeToken(Guid ActorId, Guid TokenId, string? ClientAddress) : ICommand;

internal sealed class RevokeTokenHandler(IApiTokenRepository tokens, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<RevokeToken>
{
    public async ValueTask<Unit> Handle(RevokeToken command, CancellationToken cancellationToken)
    {
        var audit = AuditEntry.Create(AuditEvents.TokenRevoked, clock.GetUtcNow(), command.ActorId, command.ClientAddress);
        _ = await tokens.DeleteAsync(command.TokenId, ownerId: null, audit, cancellationToken)
            ?? throw new NotFoundException("There is no token with this id.");
        await revocations.TokensRevokedAsync([command.TokenId], cancellationToken);
        return Unit.Value;
    }
}
