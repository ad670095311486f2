namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>One database and one web app for every test in the "api" collection; tables are emptied before each test.</summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public EssalApp App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.StartAsync();
        App = new EssalApp(Database.ConnectionString);
        _ = App.Server; // start now: migrations and bootstrap run here, not inside the first test
    }

    /// <summary>Empties the tables and restores the first administrator.</summary>
    public async Task ResetAsync()
    {
        await Database.ResetAsync();
        await App.BootstrapAdminAsync();
        App.Logs.Clear();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
