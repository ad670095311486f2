using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EssalOffice.MicroBenchmarks;

/// <summary>A validation cache in use (the listener subscribed), and entries for it as the database would return them.</summary>
internal static class FilledCache
{
    public static EssalMetrics Metrics() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public static ValidationCache NewListening(int capacity, EssalMetrics metrics)
    {
        var cache = new ValidationCache(Options.Create(new ValidationCacheOptions { Capacity = capacity }), metrics);
        cache.Resume();
        return cache;
    }

    /// <summary>The i-th token: ten per username, and every row brings its own username and hint strings.</summary>
    public static (TokenHash Hash, TokenCredentials Credentials) Entry(int i)
    {
        var secret = ApiTokenFormat.Generate();
        return (TokenHash.Of(secret), new TokenCredentials(Guid.NewGuid(), Guid.NewGuid(), $"user.{i / 10:D6}", false, true, ApiTokenFormat.Hint(secret), null));
    }

    public static void Store(ValidationCache cache, (TokenHash Hash, TokenCredentials Credentials) entry) =>
        cache.Remember(entry.Hash, entry.Credentials, cache.BeginLookup());
}
