using BenchmarkDotNet.Attributes;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EssalOffice.MicroBenchmarks;

/// <summary>
/// What one revocation costs the validation cache of every instance with 100,000 tokens cached: a token by id (the
/// index) against everything of a user (the scan that deactivation and demotion still use). Each operation puts
/// back what it evicted, so the cache stays full.
/// </summary>
[MemoryDiagnoser]
public class RevocationBenchmarks
{
    private const int Tokens = 100_000;
    private ValidationCache _cache = null!;
    private (TokenHash Hash, TokenCredentials Credentials)[] _entries = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var metrics = new EssalMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        _cache = new ValidationCache(Options.Create(new ValidationCacheOptions { Capacity = Tokens * 2 }), metrics);
        _cache.Resume();
        _entries = new (TokenHash, TokenCredentials)[Tokens];
        for (var i = 0; i < Tokens; i++)
        {
            var secret = ApiTokenFormat.Generate();
            _entries[i] = (TokenHash.Of(secret), new TokenCredentials(Guid.NewGuid(), Guid.NewGuid(), $"user.{i:D6}", false, true, ApiTokenFormat.Hint(secret), null));
            _cache.Remember(_entries[i].Hash, _entries[i].Credentials, _cache.BeginLookup());
        }
    }

    [Benchmark(Description = "revoke one token by id (100,000 cached), then cache it again")]
    public void RevokeToken()
    {
        var (hash, credentials) = _entries[_next++ % Tokens];
        _cache.EvictTokens(new HashSet<Guid> { credentials.TokenId });
        _cache.Remember(hash, credentials, _cache.BeginLookup());
    }

    [Benchmark(Description = "user changed: scan of 100,000 cached, then cache its token again")]
    public void UserChanged()
    {
        var (hash, credentials) = _entries[_next++ % Tokens];
        _cache.EvictUsers(new HashSet<Guid> { credentials.UserId });
        _cache.Remember(hash, credentials, _cache.BeginLookup());
    }
}
