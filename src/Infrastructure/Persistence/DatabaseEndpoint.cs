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

    public void Set(string connectionString) => _connectionString = connectionString;
}
