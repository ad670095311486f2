using Dapper;
using EssalOffice.Application;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

internal sealed class ApiTokenRepository(NpgsqlDataSource dataSource, CredentialsQuery credentials) : IApiTokenRepository
{
    private const string InsertSql =
        """
        insert into api_tokens (id, user_id, name, hint, token_hash, created_at, last_used_at, expires_at)
        values (@Id, @UserId, @Name, @Hint, @Hash, @CreatedAt, null, @ExpiresAt)
        """;

    public async Task<AddTokenOutcome> TryAddAsync(ApiToken token, int maxTokensPerUser, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // Locking the owner's row serialises concurrent generates for one user, so the limit holds.
        var userExists = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users where id = @UserId for update)", new { token.UserId }, transaction, cancellationToken: cancellationToken));
        if (!userExists) return AddTokenOutcome.UserNotFound;

        var held = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            "select count(*) from api_tokens where user_id = @UserId", new { token.UserId }, transaction, cancellationToken: cancellationToken));
        if (held >= maxTokensPerUser) return AddTokenOutcome.LimitReached;

        if (!await TryInsertAsync(connection, transaction, token, cancellationToken)) return AddTokenOutcome.HashCollision;
        await AuditSql.InsertAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return AddTokenOutcome.Added;
    }

    public async Task<ReplaceTokenOutcome> TryReplaceAsync(Guid oldTokenId, ApiToken replacement, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = await connection.ExecuteAsync(new CommandDefinition(
            "delete from api_tokens where id = @oldTokenId and user_id = @UserId",
            new { oldTokenId, replacement.UserId }, transaction, cancellationToken: cancellationToken));
        if (deleted == 0) return ReplaceTokenOutcome.OldTokenNotFound;
        if (!await TryInsertAsync(connection, transaction, replacement, cancellationToken)) return ReplaceTokenOutcome.HashCollision;
        await AuditSql.InsertAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ReplaceTokenOutcome.Replaced;
    }

    public async Task<ApiToken?> FindAsync(Guid tokenId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            $"select {TokenRow.Columns} from api_tokens t where t.id = @tokenId", new { tokenId }, cancellationToken: cancellationToken));
        return row?.ToToken();
    }

    public async Task<IReadOnlyList<ApiToken>> ListForUserAsync(Guid userId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition(
            $"select {TokenRow.Columns} from api_tokens t where t.user_id = @userId order by t.created_at desc, t.id desc",
            new { userId }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToToken()).ToList();
    }

    public async Task<ApiToken?> DeleteAsync(Guid tokenId, Guid? ownerId, AuditEntry audit, CancellationToken cancellationToken)
    {
        var ownerCondition = ownerId is null ? "" : "and t.user_id = @ownerId";
        // One statement: the entry is written exactly when a row is deleted, and describes that row.
        var sql = $"""
            with deleted as (
                delete from api_tokens t where t.id = @tokenId {ownerCondition} returning {TokenRow.Columns}
            ), audited as (
                insert into audit_events (id, occurred_at, event, actor_user_id, subject_user_id, token_id, token_hint, client_address)
                select @AuditId, @OccurredAt, @Event, @ActorUserId, d.user_id, d.id, d.hint, @ClientAddress from deleted d
            )
            select {TokenRow.Columns.Replace("t.", "d.")} from deleted d
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(sql, new
        {
            tokenId, ownerId, AuditId = audit.Id, OccurredAt = audit.OccurredAt.UtcDateTime, audit.Event, audit.ActorUserId, audit.ClientAddress,
        }, cancellationToken: cancellationToken));
        return row?.ToToken();
    }

    public async Task<IReadOnlyList<ApiToken>> DeleteByHashesAsync(IReadOnlyCollection<byte[]> hashes, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var deleted = (await connection.QueryAsync<TokenRow>(new CommandDefinition(
            $"delete from api_tokens t where t.token_hash = any(@hashes) returning {TokenRow.Columns}",
            new { hashes = new HashArray(hashes) }, transaction, cancellationToken: cancellationToken))).Select(r => r.ToToken()).ToList();
        foreach (var token in deleted)
        {
            var entry = audit with { Id = Guid.CreateVersion7(audit.OccurredAt), SubjectUserId = token.UserId, TokenId = token.Id, TokenHint = token.Hint };
            await AuditSql.InsertAsync(connection, transaction, entry, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>Passes the hashes as one bytea[] parameter (Dapper would otherwise expand the list).</summary>
    private sealed class HashArray(IReadOnlyCollection<byte[]> hashes) : SqlMapper.ICustomQueryParameter
    {
        public void AddParameter(System.Data.IDbCommand command, string name) =>
            ((NpgsqlCommand)command).Parameters.Add(new NpgsqlParameter<byte[][]>(name, NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bytea) { TypedValue = hashes.ToArray() });
    }

    public async Task<int> DeleteAllForUserAsync(Guid userId, AuditEntry audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var count = await connection.ExecuteAsync(new CommandDefinition(
            "delete from api_tokens where user_id = @userId", new { userId }, transaction, cancellationToken: cancellationToken));
        await AuditSql.InsertAsync(connection, transaction, audit, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    public Task<TokenCredentials?> FindCredentialsAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        credentials.FindAsync(tokenHash, cancellationToken);

    public async Task<IReadOnlyList<TokenWithOwner>> ListAllAsync(Guid? userId, PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var conditions = new List<string>(2);
        if (userId is not null) conditions.Add("t.user_id = @userId");
        if (after is not null) conditions.Add("(t.created_at, t.id) < (@createdAt, @id)");
        var where = conditions.Count == 0 ? "" : "where " + string.Join(" and ", conditions);
        var sql = $"""
            select {TokenRow.Columns}, u.username as owner_username
              from api_tokens t
              join users u on u.id = t.user_id
             {where}
             order by t.created_at desc, t.id desc
             limit @limit
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<TokenRow>(new CommandDefinition(sql,
            new { userId, createdAt = after?.CreatedAt.UtcDateTime, id = after?.Id, limit }, cancellationToken: cancellationToken));
        return rows.Select(r => new TokenWithOwner(r.ToToken(), r.OwnerUsername!)).ToList();
    }

    /// <summary>Inserts inside the caller's transaction; false on a hash collision, after which the caller must not commit.</summary>
    private static async Task<bool> TryInsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ApiToken token, CancellationToken cancellationToken)
    {
        try
        {
            await connection.ExecuteAsync(new CommandDefinition(InsertSql,
                new { token.Id, token.UserId, token.Name, token.Hint, token.Hash, CreatedAt = token.CreatedAt.UtcDateTime, ExpiresAt = token.ExpiresAt?.UtcDateTime },
                transaction, cancellationToken: cancellationToken));
            return true;
        }
        catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_api_tokens_token_hash" })
        {
            return false;
        }
    }
}
