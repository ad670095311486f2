using BenchmarkDotNet.Attributes;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;

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
        _cache = FilledCache.NewListening(Tokens * 2, FilledCache.Metrics());
        _entries = new (TokenHash, TokenCredentials)[Tokens];
        for (var i = 0; i < Tokens; i++)
        {
            _entries[i] = FilledCache.Entry(i);
            FilledCache.Store(_cache, _entries[i]);
        }
    }

    [Benchmark(Description = "revoke one token by id (100,000 cached), then cache it again")]
    public void RevokeToken()
    {
        var (hash, credentials) = _entries[_next++ % Tokens];
        _cache.EvictTokens(new HashSet<Guid> { credentials.TokenId });
        FilledCache.Store(_cache, (hash, credentials));
    }

    [Benchmark(Description = "user changed: scan of 100,000 cached, then cache its token again")]
    public void UserChanged()
    {
        var (hash, credentials) = _entries[_next++ % Tokens];
        _cache.EvictUsers(new HashSet<Guid> { credentials.UserId });
        FilledCache.Store(_cache, (hash, credentials));
    }
}
