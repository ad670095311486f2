using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>
/// After PostgreSQL restarts, every idle pooled connection is dead without knowing it, and Npgsql does not
/// check a connection when it hands it out. A read that fails on such a connection clears the pool and runs
/// once more on a fresh connection, so the first requests after an outage do not fail. Only a failure after
/// the connection was handed out is retried (a server that is down fails at open, once, without waiting twice),
/// and only reads: a write whose answer was lost is never repeated.
/// </summary>
internal static class BrokenConnectionRetry
{
    public static async Task<T> ReadAsync<T>(NpgsqlDataSource dataSource, Func<NpgsqlConnection, Task<T>> read, CancellationToken cancellationToken)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            try
            {
                return await read(connection);
            }
            catch (NpgsqlException e) when (e is not PostgresException && !cancellationToken.IsCancellationRequested)
            {
                dataSource.Clear();
            }
        }
        await using var fresh = await dataSource.OpenConnectionAsync(cancellationToken);
        return await read(fresh);
    }
}
