using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>Applies the embedded SQL migrations with DbUp; several instances starting at once take turns.</summary>
public static class DatabaseMigrator
{
    // Any constant works; it only has to be the same for every instance.
    private const long MigrationLockKey = 0x455353414c;

    public static async Task MigrateAsync(string connectionString, ILogger logger, CancellationToken cancellationToken = default)
    {
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand($"select pg_advisory_lock({MigrationLockKey})", connection))
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);

            var result = DeployChanges.To
                .PostgresqlDatabase(connectionString)
                .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Migrations."))
                .WithTransactionPerScript()
                .WithVariablesDisabled() // function bodies use $$ quoting, not DbUp variables
                .LogTo(new UpgradeLog(logger))
                .Build()
                .PerformUpgrade();

            await using (var unlockCommand = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLockKey})", connection))
                await unlockCommand.ExecuteNonQueryAsync(cancellationToken);

            if (!result.Successful)
                throw new InvalidOperationException($"Database migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }
    }

    private sealed class UpgradeLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace(format, args);
        public void LogDebug(string format, params object[] args) => logger.LogDebug(format, args);
        public void LogInformation(string format, params object[] args) => logger.LogInformation(format, args);
        public void LogWarning(string format, params object[] args) => logger.LogWarning(format, args);
        public void LogError(string format, params object[] args) => logger.LogError(format, args);
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, format, args);
    }
}
