using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Mediator;

namespace EssalOffice.Application.Users.CreateUser;

public sealed record CreateUser(string? Username, string? Password, bool IsAdmin) : ICommand<UserView>
{
    // The password must never reach a log line through a record's generated ToString.
    public override string ToString() => $"CreateUser {{ Username = {Username}, IsAdmin = {IsAdmin} }}";
}

internal sealed class CreateUserHandler(IUserRepository users, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<CreateUser, UserView>
{
    public async ValueTask<UserView> Handle(CreateUser command, CancellationToken cancellationToken)
    {
        var user = User.Create(command.Username!, hasher.Hash(command.Password!), command.IsAdmin, clock.GetUtcNow());
        if (!await users.TryAddAsync(user, cancellationToken))
            throw new ConflictException("A user with this username already exists.");
        return UserView.From(user);
    }
}
