using EssalOffice.Infrastructure.Persistence;
using Npgsql;

namespace EssalOffice.UnitTests.Domain;

public sealed class DatabaseEndpointTests
{
    [Fact]
    public void WithShortTimeouts_SetsSecondsNotNpgsqlDefaults()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseEndpoint.WithShortTimeouts("Host=db;Database=essal"));
        Assert.Equal(5, builder.Timeout);
        Assert.Equal(10, builder.CommandTimeout);
    }

    [Fact]
    public void WithShortTimeouts_KeepsTimeoutsTheOperatorChose()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseEndpoint.WithShortTimeouts("Host=db;Timeout=30;Command Timeout=60"));
        Assert.Equal(30, builder.Timeout);
        Assert.Equal(60, builder.CommandTimeout);
    }
}
