using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.AdminRevoke;

/// <summary>An administrator revokes every token of one user; the user stays and can still sign in.</summary>
public sealed record RevokeAllUserTokens(Guid ActorId, Guid UserId, string? ClientAddress) : ICommand<int>;

internal sealed class RevokeAllUserTokensHandler(IUserRepository users, IApiTokenRepository tokens, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<RevokeAllUserTokens, int>
{
    public async ValueTask<int> Handle(RevokeAllUserTokens command, CancellationToken cancellationToken)
    {
        _ = await users.FindByIdAsync(command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no user with this id.");
        var audit = AuditEntry.Create(AuditEvents.AllTokensRevoked, clock.GetUtcNow(), command.ActorId, command.ClientAddress, command.UserId);
        var count = await tokens.DeleteAllForUserAsync(command.UserId, audit, cancellationToken);
        await revocations.UserChangedAsync(command.UserId, cancellationToken);
        return count;
    }
}
