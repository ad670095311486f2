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

    [Fact]
    public void WithServiceDefaults_PreparesStatementsAndSkipsTheResetRoundTrip()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseEndpoint.WithServiceDefaults("Host=db;Database=essal"));
        Assert.True(builder.NoResetOnClose);
        Assert.Equal(20, builder.MaxAutoPrepare);
        Assert.Equal(5, builder.Timeout);
    }

    [Fact]
    public void WithServiceDefaults_KeepsWhatTheOperatorChose()
    {
        var builder = new NpgsqlConnectionStringBuilder(DatabaseEndpoint.WithServiceDefaults("Host=db;Max Auto Prepare=0;No Reset On Close=false"));
        Assert.False(builder.NoResetOnClose);
        Assert.Equal(0, builder.MaxAutoPrepare);
    }
}
