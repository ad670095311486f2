using EssalOffice.Infrastructure.Caching;

namespace EssalOffice.UnitTests.Caching;

/// <summary>The payloads that migration 0003's triggers send on the channel essal_credentials.</summary>
public sealed class RevokedCredentialsTests
{
    [Fact]
    public void Add_ReadsTokenAndUserIds_FromSeveralNotifications()
    {
        Guid t1 = Guid.NewGuid(), t2 = Guid.NewGuid(), u1 = Guid.NewGuid();
        var revoked = new RevokedCredentials();
        revoked.Add($"t:{t1},{t2}");
        revoked.Add($"u:{u1}");
        Assert.Equal(new HashSet<Guid> { t1, t2 }, revoked.TokenIds);
        Assert.Equal(new HashSet<Guid> { u1 }, revoked.UserIds);
        Assert.False(revoked.Everything);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("")]
    [InlineData("x:00000000-0000-0000-0000-000000000000")]
    [InlineData("t:not-a-guid")]
    [InlineData("t:")]
    public void Add_OfTruncateOrAnythingUnreadable_ForgetsEverything(string payload)
    {
        var revoked = new RevokedCredentials();
        revoked.Add(payload);
        Assert.True(revoked.Everything);
    }
}
