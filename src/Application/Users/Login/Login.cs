using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Mediator;

namespace EssalOffice.Application.Users.Login;

/// <summary>Checks a username and password. A wrong username and a wrong password look the same to the caller.</summary>
public sealed record Login(string? Username, string? Password) : ICommand<LoginResult>
{
    public override string ToString() => $"Login {{ Username = {Username} }}";
}

public sealed record LoginResult(UserView? User, LoginFailure Failure)
{
    public bool Succeeded => User is not null;
}

public enum LoginFailure
{
    None,
    BadCredentials,
    Inactive,
}

internal sealed class LoginHandler(IUserRepository users, IPasswordHasher hasher) : ICommandHandler<Login, LoginResult>
{
    // Verified when the username is unknown, so that both failures cost one hash and take the same time.
    private readonly Lazy<string> _decoyHash = new(() => hasher.Hash(Guid.NewGuid().ToString()));

    public async ValueTask<LoginResult> Handle(Login command, CancellationToken cancellationToken)
    {
        var user = await users.FindByUsernameAsync(command.Username!, cancellationToken);
        var passwordMatches = hasher.Verify(user?.PasswordHash ?? _decoyHash.Value, command.Password!);
        if (user is null || !passwordMatches) return new LoginResult(null, LoginFailure.BadCredentials);
        if (!user.IsActive) return new LoginResult(null, LoginFailure.Inactive);
        return new LoginResult(UserView.From(user), LoginFailure.None);
    }
}
