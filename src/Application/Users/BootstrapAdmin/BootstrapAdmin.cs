using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Mediator;

namespace EssalOffice.Application.Users.BootstrapAdmin;

/// <summary>Creates the first administrator, only while no user exists at all.</summary>
public sealed record BootstrapAdmin(string? Username, string? Password) : ICommand<bool>
{
    public override string ToString() => $"BootstrapAdmin {{ Username = {Username} }}";
}

internal sealed class BootstrapAdminHandler(IUserRepository users, IPasswordHasher hasher, TimeProvider clock)
    : ICommandHandler<BootstrapAdmin, bool>
{
    public async ValueTask<bool> Handle(BootstrapAdmin command, CancellationToken cancellationToken)
    {
        if (await users.AnyAsync(cancellationToken)) return false;
        var admin = User.Create(command.Username!, hasher.Hash(command.Password!), isAdmin: true, clock.GetUtcNow());
        return await users.TryAddAsync(admin, cancellationToken);
    }
}
