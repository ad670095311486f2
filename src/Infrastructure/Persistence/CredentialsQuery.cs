using System.Data;
using EssalOffice.Application.Abstractions;
using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>
/// The one query of the validation hot path (token joined with its owner, by hash), on a data source of its own
/// in Npgsql's multiplexing mode: concurrent lookups share a few connections and are written to PostgreSQL in
/// batches, instead of each taking a pooled connection for a round trip. Positional parameters and a hand-written
/// reader, since it runs on every cache miss.
/// </summary>
internal sealed class CredentialsQuery(DatabaseEndpoint database) : IAsyncDisposable
{
    private const string Sql =
        """
        select t.id, t.user_id, u.username, u.is_admin, u.is_active, t.hint, t.expires_at
          from api_tokens t
          join users u on u.id = t.user_id
         where t.token_hash = $1
        """;

    private readonly Lazy<NpgsqlDataSource> _dataSource = new(() =>
        new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(database.ConnectionString)
        {
            Multiplexing = true,
            ApplicationName = "essal-validation",
        }.ConnectionString).Build());

    public async Task<TokenCredentials?> FindAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadAsync(tokenHash, cancellationToken);
        }
        catch (NpgsqlException e) when (e is not PostgresException && !cancellationToken.IsCancellationRequested && e.InnerException is not System.Net.Sockets.SocketException { SocketErrorCode: System.Net.Sockets.SocketError.ConnectionRefused })
        {
            // A connection that died with the server (a restart) fails once; the next one is fresh. A server that
            // refuses connections is down, and asking again would only double the wait for the 503.
            _dataSource.Value.Clear();
            return await ReadAsync(tokenHash, cancellationToken);
        }
    }

    /// <summary>After an outage: drop the idle connections, which do not know yet that the server went away.</summary>
    public void Clear()
    {
        if (_dataSource.IsValueCreated) _dataSource.Value.Clear();
    }

    private async Task<TokenCredentials?> ReadAsync(byte[] tokenHash, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.Value.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = tokenHash });
        await using var reader = await command.ExecuteReaderAsync(CommandBehavior.SingleRow, cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new TokenCredentials(
            TokenId: reader.GetGuid(0),
            UserId: reader.GetGuid(1),
            Username: reader.GetString(2),
            IsAdmin: reader.GetBoolean(3),
            IsActive: reader.GetBoolean(4),
            Hint: reader.GetString(5),
            ExpiresAt: reader.IsDBNull(6) ? null : UserRow.Utc(reader.GetDateTime(6)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource.IsValueCreated) await _dataSource.Value.DisposeAsync();
    }
}
