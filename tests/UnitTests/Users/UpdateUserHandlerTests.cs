using EssalOffice.Application.Abstractions;
using EssalOffice.Application.Users.UpdateUser;
using EssalOffice.Domain.Users;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;

namespace EssalOffice.UnitTests.Users;

public sealed class UpdateUserHandlerTests
{
    private static readonly Guid AdminId = Guid.NewGuid();
    private readonly IUserRepository _users = Substitute.For<IUserRepository>();
    private readonly ICredentialRevocations _revocations = Substitute.For<ICredentialRevocations>();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 20, 0, 0, TimeSpan.Zero));

    [Theory]
    [InlineData(true, false, false, false, new[] { "user_deactivated" })]
    [InlineData(false, false, true, false, new[] { "user_reactivated" })]
    [InlineData(true, false, true, true, new[] { "admin_granted" })]
    [InlineData(true, true, true, false, new[] { "admin_removed" })]
    [InlineData(true, false, false, true, new[] { "admin_granted", "user_deactivated" })]
    [InlineData(true, false, true, false, new string[0])] // nothing changed: no event
    public async Task Update_RecordsOneAuditEntryPerFlagThatReallyChanged(bool wasActive, bool wasAdmin, bool isActive, bool isAdmin, string[] expected)
    {
        var before = new User(Guid.NewGuid(), "someone", "hash", wasAdmin, wasActive, _clock.GetUtcNow());
        var after = before with { IsActive = isActive, IsAdmin = isAdmin };
        IReadOnlyList<AuditEntry>? entries = null;
        _users.UpdateFlagsAsync(before.Id, isActive, isAdmin, Arg.Any<Func<User, User, IReadOnlyList<AuditEntry>>>(), Arg.Any<CancellationToken>())
            .Returns(call =>
            {
                entries = call.Arg<Func<User, User, IReadOnlyList<AuditEntry>>>()(before, after);
                return after;
            });

        await new UpdateUserHandler(_users, _revocations, _clock)
            .Handle(new UpdateUser(AdminId, before.Id, isActive, isAdmin, "192.0.2.1"), CancellationToken.None);

        Assert.Equal(expected, entries!.Select(e => e.Event).Order());
        Assert.All(entries!, e =>
        {
            Assert.Equal(AdminId, e.ActorUserId);
            Assert.Equal(before.Id, e.SubjectUserId);
            Assert.Equal("192.0.2.1", e.ClientAddress);
            Assert.Equal(_clock.GetUtcNow(), e.OccurredAt);
            Assert.Null(e.TokenId);
        });
        await _revocations.Received(1).UserChangedAsync(before.Id, Arg.Any<CancellationToken>());
    }
}
