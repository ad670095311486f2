using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EssalOffice.MicroBenchmarks;

/// <summary>
/// Managed memory that the validation cache holds per token (GC.GetTotalMemory after a full collection, before
/// and after filling it): what the web app's RSS grows by when many tokens are in use, GC headroom aside.
/// </summary>
public static class CacheFootprint
{
    public static void Print(int tokens)
    {
        var metrics = new EssalMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var cache = new ValidationCache(Options.Create(new ValidationCacheOptions { Capacity = Math.Max(tokens * 2, 100) }), metrics);
        cache.Resume();
        for (var i = 0; i < tokens; i++)
        {
            // As read from the database: every row brings its own username and hint strings.
            var secret = ApiTokenFormat.Generate();
            var credentials = new TokenCredentials(Guid.NewGuid(), Guid.NewGuid(), $"user.{i / 10:D6}", false, true, ApiTokenFormat.Hint(secret), null);
            cache.Remember(TokenHash.Of(secret), credentials, cache.BeginLookup());
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        Console.WriteLine($"validation cache: {cache.Count:N0} tokens hold {(after - before) / 1048576.0:F1} MB of managed memory, {(after - before) / (double)tokens:F0} bytes per token");
        GC.KeepAlive(cache);
    }
}
