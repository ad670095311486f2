using System.Diagnostics;
using System.Security.Cryptography;
using EssalOffice.Domain.ApiTokens;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using NpgsqlTypes;

namespace EssalOffice.Bench;

/// <summary>
/// Writes users and tokens straight into PostgreSQL with binary COPY (the app's own schema, applied by its
/// migrations at start-up), and the plaintext tokens to a file for wrk. Users are numbered from --user-offset, so a
/// second call adds more users after the first ones; their tokens are numbered the same way (user index × K + k).
/// </summary>
public static class Seeder
{
    // Fixed, in the past: seeded rows sort below anything the app creates during the run.
    private static readonly DateTime Epoch = new(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task<int> RunAsync(Options options)
    {
        var users = options.Int("users");
        var perUser = options.Int("tokens-per-user");
        var offset = options.Int("user-offset", 0);
        var tokensOut = options.Required("tokens-out");
        var hashTable = options.Get("hash-table");
        if (hashTable is not null && !hashTable.All(c => char.IsAsciiLetterLower(c) || c == '_'))
            throw new UsageException("--hash-table must be a plain lower-case table name");
        var results = new Results(options.Get("results"));
        var clock = Stopwatch.StartNew();

        // One PBKDF2 hash for everyone: computing 10,000 of them would take minutes, and nobody signs in as these users.
        var passwordHash = new PasswordHasher<object>().HashPassword(new object(), Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)));

        await using var dataSource = NpgsqlDataSource.Create(Options.ConnectionString());
        await using var connection = await dataSource.OpenConnectionAsync();

        var userIds = new Guid[users];
        await using (var writer = await connection.BeginBinaryImportAsync(
            "copy users (id, username, normalized_username, password_hash, is_admin, is_active, created_at) from stdin (format binary)"))
        {
            for (var i = 0; i < users; i++)
            {
                var index = offset + i;
                var createdAt = Epoch.AddSeconds(index);
                var username = $"bench-user-{index:D7}";
                userIds[i] = Guid.CreateVersion7(createdAt);
                await writer.StartRowAsync();
                await writer.WriteAsync(userIds[i], NpgsqlDbType.Uuid);
                await writer.WriteAsync(username, NpgsqlDbType.Text);
                await writer.WriteAsync(username.ToUpperInvariant(), NpgsqlDbType.Text);
                await writer.WriteAsync(passwordHash, NpgsqlDbType.Text);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean);
                await writer.WriteAsync(true, NpgsqlDbType.Boolean);
                await writer.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
            }
            await writer.CompleteAsync();
        }

        if (hashTable is not null)
        {
            await using var create = new NpgsqlCommand(
                $"create table if not exists {hashTable} (n bigint primary key, token_hash bytea not null)", connection);
            await create.ExecuteNonQueryAsync();
        }

        long written = 0;
        await using (var file = new StreamWriter(tokensOut, append: true) { NewLine = "\n" })
        await using (var tokens = await connection.BeginBinaryImportAsync(
            "copy api_tokens (id, user_id, name, hint, token_hash, created_at, last_used_at, expires_at) from stdin (format binary)"))
        await using (var hashes = hashTable is null ? null : new HashWriter(dataSource, hashTable))
        {
            if (hashes is not null) await hashes.OpenAsync();
            for (var i = 0; i < users; i++)
            {
                for (var k = 0; k < perUser; k++)
                {
                    long n = (long)(offset + i) * perUser + k + 1;
                    var secret = ApiTokenFormat.Generate();
                    var hash = ApiTokenFormat.Hash(secret);
                    // Ten seconds apart, as if issued over the months before the run.
                    var createdAt = Epoch.AddSeconds(n * 10);
                    await tokens.StartRowAsync();
                    await tokens.WriteAsync(Guid.CreateVersion7(createdAt), NpgsqlDbType.Uuid);
                    await tokens.WriteAsync(userIds[i], NpgsqlDbType.Uuid);
                    await tokens.WriteAsync($"bench token {k + 1}", NpgsqlDbType.Text);
                    await tokens.WriteAsync(ApiTokenFormat.Hint(secret), NpgsqlDbType.Text);
                    await tokens.WriteAsync(hash, NpgsqlDbType.Bytea);
                    await tokens.WriteAsync(createdAt, NpgsqlDbType.TimestampTz);
                    await tokens.WriteNullAsync();
                    await tokens.WriteNullAsync();
                    if (hashes is not null) await hashes.WriteAsync(n, hash);
                    await file.WriteLineAsync(secret);
                    written++;
                }
            }
            await tokens.CompleteAsync();
            if (hashes is not null) await hashes.CompleteAsync();
        }

        // Fresh statistics, as a database that grew to this size over time would have.
        foreach (var table in hashTable is null ? ["users", "api_tokens"] : new[] { "users", "api_tokens", hashTable })
        {
            await using var analyze = new NpgsqlCommand($"vacuum analyze {table}", connection);
            await analyze.ExecuteNonQueryAsync();
        }
        await using var count = new NpgsqlCommand("select (select count(*) from users), (select count(*) from api_tokens)", connection);
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        var totalUsers = reader.GetInt64(0);
        var totalTokens = reader.GetInt64(1);

        Console.WriteLine($"seeded {users:N0} users and {written:N0} tokens in {clock.Elapsed.TotalSeconds:0.0} s " +
                          $"(database now holds {totalUsers:N0} users, {totalTokens:N0} tokens)");
        results.Add("seed.users", totalUsers);
        results.Add("seed.tokens", totalTokens);
        results.Add($"seed.seconds_{totalTokens}", clock.Elapsed.TotalSeconds);
        return 0;
    }

    /// <summary>The helper table of (serial number, hash) that the pgbench validation script draws from.</summary>
    private sealed class HashWriter(NpgsqlDataSource dataSource, string table) : IAsyncDisposable
    {
        private NpgsqlConnection? _connection;
        private NpgsqlBinaryImporter? _importer;

        public async Task OpenAsync()
        {
            _connection = await dataSource.OpenConnectionAsync();
            _importer = await _connection.BeginBinaryImportAsync($"copy {table} (n, token_hash) from stdin (format binary)");
        }

        public async Task WriteAsync(long n, byte[] hash)
        {
            await _importer!.StartRowAsync();
            await _importer.WriteAsync(n, NpgsqlDbType.Bigint);
            await _importer.WriteAsync(hash, NpgsqlDbType.Bytea);
        }

        public async Task CompleteAsync() => await _importer!.CompleteAsync();

        public async ValueTask DisposeAsync()
        {
            if (_importer is not null) await _importer.DisposeAsync();
            if (_connection is not null) await _connection.DisposeAsync();
        }
    }
}
