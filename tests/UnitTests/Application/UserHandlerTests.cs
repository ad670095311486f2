using EssalOffice.Application;
using EssalOffice.Application.Abstractions;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.Users.CreateUser;
using EssalOffice.Application.Users.Login;
using EssalOffice.Application.Users.UpdateUser;
using EssalOffice.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace EssalOffice.UnitTests.Application;

public sealed class UserHandlerTests
{
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly IPasswordHasher _hasher = Substitute.For<IPasswordHasher>();
    private readonly ICredentialRevocations _revocations = Substitute.For<ICredentialRevocations>();

    [Fact]
    public async Task UpdateUser_DeactivatingYourself_IsAConflictAndChangesNothing()
    {
        var me = Guid.NewGuid();
        await Assert.ThrowsAsync<ConflictException>(() =>
            new UpdateUserHandler(_users, _revocations, TimeProvider.System).Handle(new UpdateUser(me, me, false, null, null), default).AsTask());
        await _users.DidNotReceiveWithAnyArgs().UpdateFlagsAsync(default, default, default, default!, default);
    }

    [Fact]
    public async Task UpdateUser_TellsTheRevocationsAboutTheChangedUser()
    {
        var target = new User(Guid.NewGuid(), "bob", "hash", false, false, DateTimeOffset.UtcNow);
        _users.UpdateFlagsAsync(target.Id, false, null, Arg.Any<Func<User, User, IReadOnlyList<AuditEntry>>>(), Arg.Any<CancellationToken>()).Returns(target);
        var view = await new UpdateUserHandler(_users, _revocations, TimeProvider.System).Handle(new UpdateUser(Guid.NewGuid(), target.Id, false, null, null), default);
        Assert.False(view.IsActive);
        await _revocations.Received(1).UserChangedAsync(target.Id, Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task CreateUser_WithTakenUsername_IsAConflict()
    {
        _hasher.Hash("a long password").Returns("hash");
        _users.TryAddAsync(Arg.Any<User>(), Arg.Any<CancellationToken>()).Returns(false);
        await Assert.ThrowsAsync<ConflictException>(() =>
            new CreateUserHandler(_users, _hasher, TimeProvider.System).Handle(new CreateUser("alice", "a long password", false), default).AsTask());
    }

    [Fact]
    public void Commands_CarryingPasswords_DoNotPrintThem()
    {
        Assert.DoesNotContain("hunter22", new CreateUser("alice", "hunter22", false).ToString());
        Assert.DoesNotContain("hunter22", new Login("alice", "hunter22").ToString());
    }

    [Fact]
    public void Validators_RefuseBadInputWithActionableMessages()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var generate = new GenerateTokenValidator(clock).Validate(new GenerateToken(Guid.NewGuid(), new string('x', 101), clock.GetUtcNow().AddSeconds(-1), null));
        Assert.Equal(2, generate.Errors.Count);
        Assert.Contains(generate.Errors, e => e.ErrorMessage.Contains("100 characters"));
        Assert.Contains(generate.Errors, e => e.ErrorMessage.Contains("future"));

        var create = new CreateUserValidator().Validate(new CreateUser("a b", "short", false));
        Assert.Contains(create.Errors, e => e.PropertyName == "Username");
        Assert.Contains(create.Errors, e => e.PropertyName == "Password");

        Assert.False(new LoginValidator().Validate(new Login(null, new string('p', 600))).IsValid);
        Assert.True(new LoginValidator().Validate(new Login("alice", "anything")).IsValid);
    }
}
