using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.ApiTokens.AdminRevoke;

/// <summary>An administrator revokes every token of one user; the user stays and can still sign in.</summary>
public sealed record RevokeAllUserTokens(Guid UserId) : ICommand<int>;

internal sealed class RevokeAllUserTokensHandler(IUserRepository users, IApiTokenRepository tokens, ICredentialRevocations revocations)
    : ICommandHandler<RevokeAllUserTokens, int>
{
    public async ValueTask<int> Handle(RevokeAllUserTokens command, CancellationToken cancellationToken)
    {
        _ = await users.FindByIdAsync(command.UserId, cancellationToken)
            ?? throw new NotFoundException("There is no user with this id.");
        var count = await tokens.DeleteAllForUserAsync(command.UserId, cancellationToken);
        await revocations.UserChangedAsync(command.UserId, cancellationToken);
        return count;
    }
}
