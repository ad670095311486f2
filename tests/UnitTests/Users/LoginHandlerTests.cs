using EssalOffice.Application.Abstractions;
using EssalOffice.Application.Users.Login;
using EssalOffice.Domain.Users;
using NSubstitute;

namespace EssalOffice.UnitTests.Users;

public sealed class LoginHandlerTests
{
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();

    public LoginHandlerTests() => _hasher.Hash(Arg.Any<string>()).Returns("decoy-hash");

    [Fact]
    public async Task Login_WhenTheUsernameIsUnknown_StillVerifiesAPassword_SoBothFailuresCostTheSame()
    {
        _users.FindByUsernameAsync("nobody", Arg.Any<CancellationToken>()).Returns((User?)null);

        var result = await new LoginHandler(_users, _hasher).Handle(new Login("nobody", "some password"), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(LoginFailure.BadCredentials, result.Failure);
        _hasher.Received(1).Verify("decoy-hash", "some password");
    }

    [Fact]
    public async Task Login_WhenThePasswordIsWrong_VerifiesOnceAgainstTheUsersHash_AndAnswersLikeAnUnknownUser()
    {
        var user = new User(Guid.NewGuid(), "alice", "alice-hash", IsAdmin: false, IsActive: true, DateTimeOffset.UnixEpoch);
        _users.FindByUsernameAsync("alice", Arg.Any<CancellationToken>()).Returns(user);
        _hasher.Verify("alice-hash", "wrong").Returns(false);

        var result = await new LoginHandler(_users, _hasher).Handle(new Login("alice", "wrong"), CancellationToken.None);

        Assert.Equal(LoginFailure.BadCredentials, result.Failure);
        _hasher.Received(1).Verify(Arg.Any<string>(), Arg.Any<string>());
        _hasher.Received(1).Verify("alice-hash", "wrong");
    }
}
