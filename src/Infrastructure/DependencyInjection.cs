using EssalOffice.Application.Abstractions;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using EssalOffice.Infrastructure.Persistence;
using EssalOffice.Infrastructure.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace EssalOffice.Infrastructure;

public static class DependencyInjection
{
    public static IServiceCollection AddInfrastructure(this IServiceCollection services)
    {
        Dapper.DefaultTypeMap.MatchNamesWithUnderscores = true;
        services.AddSingleton<DatabaseEndpoint>();
        services.AddSingleton(sp => new NpgsqlDataSourceBuilder(sp.GetRequiredService<DatabaseEndpoint>().ConnectionString).Build());
        services.AddSingleton<FirstAdminCredentials>();
        services.AddSingleton<DatabaseStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<DatabaseStartup>());
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();
        services.AddSingleton<EssalMetrics>();
        services.AddSingleton<IUserRepository, UserRepository>();
        services.AddSingleton<CredentialsQuery>();
        services.AddSingleton<IApiTokenRepository, ApiTokenRepository>();
        services.AddSingleton<IAuditTrail, AuditTrail>();
        services.AddSingleton<IPasswordHasher, AspNetPasswordHasher>();
        services.AddSingleton<ITokenGenerator, RandomTokenGenerator>();

        // The hot path: the validation cache, the listener that keeps it exact across instances, last-used write-behind.
        services.AddOptions<ValidationCacheOptions>().BindConfiguration(ValidationCacheOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ValidationCacheOptions>, ValidationCacheOptionsValidator>();
        services.AddSingleton<ValidationCache>();
        services.AddSingleton<ICredentialsCache>(sp => sp.GetRequiredService<ValidationCache>());
        services.AddSingleton<ICredentialRevocations>(sp => sp.GetRequiredService<ValidationCache>());
        services.AddSingleton<RevocationListener>();
        services.AddHostedService(sp => sp.GetRequiredService<RevocationListener>());

        services.AddOptions<LastUsedOptions>().BindConfiguration(LastUsedOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LastUsedOptions>, LastUsedOptionsValidator>();
        services.AddSingleton<ILastUsedStore, LastUsedStore>();
        services.AddSingleton<LastUsedWriteBehind>();
        services.AddSingleton<ILastUsedRecorder>(sp => sp.GetRequiredService<LastUsedWriteBehind>());
        services.AddHostedService(sp => sp.GetRequiredService<LastUsedWriteBehind>());
        return services;
    }

    /// <summary>After the database went away: idle pooled connections are dead without knowing it. Drops them, in every pool.</summary>
    public static void ClearIdleDatabaseConnections(this IServiceProvider services)
    {
        services.GetService<NpgsqlDataSource>()?.Clear();
        services.GetService<CredentialsQuery>()?.Clear();
    }
}
