using EssalOffice.Application.Abstractions;
using Mediator;

namespace EssalOffice.Application.Users.UpdateUser;

/// <summary>An administrator activates or deactivates a user, or grants or removes admin rights.</summary>
public sealed record UpdateUser(Guid ActorId, Guid UserId, bool? IsActive, bool? IsAdmin) : ICommand<UserView>;

internal sealed class UpdateUserHandler(IUserRepository users, ICredentialRevocations revocations)
    : ICommandHandler<UpdateUser, UserView>
{
    public async ValueTask<UserView> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        // An administrator locking themselves out would leave nobody to undo it.
        if (command.ActorId == command.UserId && (command.IsActive == false || command.IsAdmin == false))
            throw new ConflictException("You cannot deactivate yourself or remove your own admin rights; ask another administrator.");

        var updated = await users.UpdateFlagsAsync(command.UserId, command.IsActive, command.IsAdmin, cancellationToken)
            ?? throw new NotFoundException("There is no user with this id.");
        await revocations.UserChangedAsync(command.UserId, cancellationToken);
        return UserView.From(updated);
    }
}
