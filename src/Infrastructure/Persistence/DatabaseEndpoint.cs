namespace EssalOffice.Infrastructure.Persistence;

/// <summary>
/// Where the database is. Known only once start-up has run (it may first have to start the embedded
/// cluster), so the data source is built on first use rather than at registration.
/// </summary>
public sealed class DatabaseEndpoint
{
    private string? _connectionString;

    public string ConnectionString =>
        _connectionString ?? throw new InvalidOperationException("The database is used before start-up has chosen it.");

    public bool IsKnown => _connectionString is not null;

    public void Set(string connectionString) => _connectionString = WithServiceDefaults(connectionString);

    /// <summary>Short timeouts, and a cheap round trip for the validation query. Whatever the connection string says wins.</summary>
    public static string WithServiceDefaults(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(WithShortTimeouts(connectionString));
        // The service keeps no session state on pooled connections (no SET, temporary tables or LISTEN there), so
        // resetting them (DISCARD ALL, one more round trip per query) buys nothing.
        if (!Mentions(connectionString, "No Reset On Close") && !Mentions(connectionString, "NoResetOnClose")) builder.NoResetOnClose = true;
        // Statements run often are prepared once per connection: PostgreSQL then skips parsing and planning.
        // Behind PgBouncer in transaction mode older than 1.21, set "Max Auto Prepare=0".
        if (!Mentions(connectionString, "Max Auto Prepare") && !Mentions(connectionString, "MaxAutoPrepare")) builder.MaxAutoPrepare = 20;
        return builder.ConnectionString;
    }

    /// <summary>
    /// A hung database must become a 503 within seconds, not after Npgsql's defaults (15 s to connect,
    /// 30 s per command). Timeouts written in the connection string win.
    /// </summary>
    public static string WithShortTimeouts(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Timeout")) builder.Timeout = 5;
        if (!Mentions(connectionString, "Command Timeout") && !Mentions(connectionString, "CommandTimeout")) builder.CommandTimeout = 10;
        return builder.ConnectionString;
    }

    private static bool Mentions(string connectionString, string key) =>
        connectionString.Split(';').Any(part => part.Split('=')[0].Trim().Equals(key, StringComparison.OrdinalIgnoreCase));
}
