using Dapper;
using EssalOffice.Application;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.Users;
using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

internal sealed class UserRepository(NpgsqlDataSource dataSource) : IUserRepository
{
    public async Task<User?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        var row = await BrokenConnectionRetry.ReadAsync(dataSource, connection => connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where id = @id", new { id }, cancellationToken: cancellationToken)), cancellationToken);
        return row?.ToUser();
    }

    public async Task<User?> FindByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var row = await BrokenConnectionRetry.ReadAsync(dataSource, connection => connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where normalized_username = @normalized",
            new { normalized = User.Normalize(username) }, cancellationToken: cancellationToken)), cancellationToken);
        return row?.ToUser();
    }

    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "select exists (select 1 from users)", cancellationToken: cancellationToken));
    }

    public async Task<bool> TryAddAsync(User user, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            insert into users (id, username, normalized_username, password_hash, is_admin, is_active, created_at)
            values (@Id, @Username, @NormalizedUsername, @PasswordHash, @IsAdmin, @IsActive, @CreatedAt)
            on conflict (normalized_username) do nothing
            """,
            new { user.Id, user.Username, user.NormalizedUsername, user.PasswordHash, user.IsAdmin, user.IsActive, CreatedAt = user.CreatedAt.UtcDateTime },
            cancellationToken: cancellationToken));
        return inserted == 1;
    }

    public async Task<User?> UpdateFlagsAsync(
        Guid id, bool? isActive, bool? isAdmin, Func<User, User, IReadOnlyList<AuditEntry>> audit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // The row lock makes "before" exact even when two administrators change the same user at once.
        var before = await connection.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(
            $"select {UserRow.Columns} from users where id = @id for update", new { id }, transaction, cancellationToken: cancellationToken));
        if (before is null) return null;
        var after = await connection.QuerySingleAsync<UserRow>(new CommandDefinition(
            $"""
            update users
               set is_active = coalesce(@isActive::boolean, is_active),
                   is_admin  = coalesce(@isAdmin::boolean, is_admin)
             where id = @id
            returning {UserRow.Columns}
            """,
            new { id, isActive, isAdmin }, transaction, cancellationToken: cancellationToken));
        var updated = after.ToUser();
        foreach (var entry in audit(before.ToUser(), updated))
            await AuditSql.InsertAsync(connection, transaction, entry, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return updated;
    }

    public async Task<IReadOnlyList<User>> ListAsync(PageCursor? after, int limit, CancellationToken cancellationToken)
    {
        var sql = after is null
            ? $"select {UserRow.Columns} from users order by created_at, id limit @limit"
            : $"select {UserRow.Columns} from users where (created_at, id) > (@createdAt, @id) order by created_at, id limit @limit";
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<UserRow>(new CommandDefinition(sql,
            new { limit, createdAt = after?.CreatedAt.UtcDateTime, id = after?.Id }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToUser()).ToList();
    }
}
