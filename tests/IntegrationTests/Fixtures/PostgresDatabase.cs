using DotNet.Testcontainers.Builders;
using EssalOffice.Infrastructure.Persistence;
using EssalOffice.Infrastructure.Postgres;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Testcontainers.PostgreSql;

namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>
/// One real PostgreSQL for the whole test run. The fixture decides where it comes from:
/// <c>ESSAL_TEST_CONNECTION</c>, else Testcontainers when a Docker engine answers, else a throwaway
/// local cluster from the machine's binaries (about a second to start).
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private LocalPostgresCluster? _cluster;
    private PostgreSqlContainer? _container;

    public string ConnectionString { get; private set; } = "";
    public string Source { get; private set; } = "";

    /// <summary>The local cluster, when the tests run on one: outage tests stop and restart it.</summary>
    public LocalPostgresCluster? Cluster => _cluster;

    public static async Task<PostgresDatabase> StartAsync()
    {
        var database = new PostgresDatabase();
        var fromEnvironment = Environment.GetEnvironmentVariable("ESSAL_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            database.ConnectionString = fromEnvironment;
            database.Source = "ESSAL_TEST_CONNECTION";
        }
        else if (await TryStartContainerAsync() is { } container)
        {
            database._container = container;
            database.ConnectionString = container.GetConnectionString();
            database.Source = "Testcontainers";
        }
        else
        {
            database._cluster = await LocalPostgresCluster.StartThrowawayAsync();
            await database._cluster.EnsureDatabaseAsync("essal_test");
            database.ConnectionString = database._cluster.ConnectionString("essal_test");
            database.Source = "local cluster";
        }
        await DatabaseMigrator.MigrateAsync(database.ConnectionString, NullLogger.Instance);
        return database;
    }

    private static async Task<PostgreSqlContainer?> TryStartContainerAsync()
    {
        try
        {
            var container = new PostgreSqlBuilder("postgres:15-alpine").Build();
            await container.StartAsync();
            return container;
        }
        catch (Exception e) when (e is DockerUnavailableException or InvalidOperationException or ArgumentException or HttpRequestException or TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Empties every table, so each test starts from nothing.</summary>
    public async Task ResetAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("truncate api_tokens, users, audit_events cascade", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default : (T)result;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every stored value of every user table as text, to search for secrets that must not be there.</summary>
    public async Task<string> DumpAllTablesAsTextAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var dump = new System.Text.StringBuilder();
        foreach (var table in await TablesAsync(connection))
        {
            await using var select = new NpgsqlCommand($"select t::text from \"{table}\" t", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) dump.AppendLine(reader.GetString(0));
        }
        return dump.ToString();
    }

    /// <summary>The tables of the public schema, by name.</summary>
    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection)
    {
        var tables = new List<string>();
        await using var list = new NpgsqlCommand("select tablename from pg_tables where schemaname = 'public' order by tablename", connection);
        await using var reader = await list.ExecuteReaderAsync();
        while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        return tables;
    }

    /// <summary>
    /// What the tables hold, row by row in a stable order, for "nothing changed" checks. Without last_used_at: it
    /// moves whenever a valid token is used (the tests' own set-up calls included) and is written behind.
    /// </summary>
    public async Task<string> StoredStateAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var state = new System.Text.StringBuilder();
        foreach (var table in await TablesAsync(connection))
        {
            state.AppendLine($"-- {table}");
            await using var select = new NpgsqlCommand($"select (to_jsonb(t) - 'last_used_at')::text as row from \"{table}\" t order by 1", connection);
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync()) state.AppendLine(reader.GetString(0));
        }
        return state.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_container is not null) await _container.DisposeAsync();
    }
}
