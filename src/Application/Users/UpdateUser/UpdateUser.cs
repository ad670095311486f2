using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Mediator;

namespace EssalOffice.Application.Users.UpdateUser;

/// <summary>An administrator activates or deactivates a user, or grants or removes admin rights.</summary>
public sealed record UpdateUser(Guid ActorId, Guid UserId, bool? IsActive, bool? IsAdmin, string? ClientAddress) : ICommand<UserView>;

internal sealed class UpdateUserHandler(IUserRepository users, ICredentialRevocations revocations, TimeProvider clock)
    : ICommandHandler<UpdateUser, UserView>
{
    public async ValueTask<UserView> Handle(UpdateUser command, CancellationToken cancellationToken)
    {
        // An administrator locking themselves out would leave nobody to undo it.
        if (command.ActorId == command.UserId && (command.IsActive == false || command.IsAdmin == false))
            throw new ConflictException("You cannot deactivate yourself or remove your own admin rights; ask another administrator.");

        var now = clock.GetUtcNow();
        var updated = await users.UpdateFlagsAsync(command.UserId, command.IsActive, command.IsAdmin,
                (before, after) => AuditChanges(before, after, command, now), cancellationToken)
            ?? throw new NotFoundException("There is no user with this id.");
        await revocations.UserChangedAsync(command.UserId, cancellationToken);
        return UserView.From(updated);
    }

    /// <summary>One entry per flag that really changed: setting a flag to the value it has is no event.</summary>
    private static IReadOnlyList<AuditEntry> AuditChanges(User before, User after, UpdateUser command, DateTimeOffset now)
    {
        var entries = new List<AuditEntry>(2);
        if (before.IsActive != after.IsActive)
            entries.Add(AuditEntry.Create(after.IsActive ? AuditEvents.UserReactivated : AuditEvents.UserDeactivated,
                now, command.ActorId, command.ClientAddress, after.Id));
        if (before.IsAdmin != after.IsAdmin)
            entries.Add(AuditEntry.Create(after.IsAdmin ? AuditEvents.AdminGranted : AuditEvents.AdminRemoved,
                now, command.ActorId, command.ClientAddress, after.Id));
        return entries;
    }
}
