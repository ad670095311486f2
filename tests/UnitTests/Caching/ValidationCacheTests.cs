using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EssalOffice.UnitTests.Caching;

public sealed class ValidationCacheTests
{
    private static readonly Guid Alice = Guid.NewGuid();
    private static readonly Guid Bob = Guid.NewGuid();

    private static ValidationCache NewCache(bool enabled = true, int capacity = 1_000, bool listening = true)
    {
        var metrics = new EssalMetrics(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var cache = new ValidationCache(Options.Create(new ValidationCacheOptions { Enabled = enabled, Capacity = capacity }), metrics);
        if (listening) cache.Resume();
        return cache;
    }

    private static (TokenHash Hash, TokenCredentials Credentials) NewToken(Guid userId)
    {
        var secret = ApiTokenFormat.Generate();
        return (TokenHash.Of(secret), new TokenCredentials(Guid.NewGuid(), userId, "someone", false, true, ApiTokenFormat.Hint(secret), null));
    }

    private static void Store(ValidationCache cache, (TokenHash Hash, TokenCredentials Credentials) token) =>
        cache.Remember(token.Hash, token.Credentials, cache.BeginLookup());

    [Fact]
    public void Remember_ThenTryGet_ReturnsTheSameCredentials()
    {
        var cache = NewCache();
        var token = NewToken(Alice);
        Store(cache, token);
        Assert.True(cache.TryGet(token.Hash, out var found));
        Assert.Same(token.Credentials, found);
    }

    [Fact]
    public void Remember_AfterAnEvictionThatRanDuringTheDatabaseRead_StoresNothing()
    {
        // The race this guards against: a miss reads the token, the token is deleted and evicted, then the miss stores it.
        var cache = NewCache();
        var token = NewToken(Alice);
        var lookup = cache.BeginLookup();
        cache.EvictTokens(new HashSet<Guid> { token.Credentials.TokenId });
        cache.Remember(token.Hash, token.Credentials, lookup);
        Assert.False(cache.TryGet(token.Hash, out _));
    }

    [Fact]
    public void Remember_WhenAnEvictionSlipsInJustBeforeTheStore_UndoesTheStore()
    {
        var cache = NewCache();
        var token = NewToken(Alice);
        var lookup = cache.BeginLookup();
        // The eviction passes the generation check's moment and scans before the entry is there.
        cache.BeforeStore = () => cache.EvictTokens(new HashSet<Guid> { token.Credentials.TokenId });
        cache.Remember(token.Hash, token.Credentials, lookup);
        Assert.False(cache.TryGet(token.Hash, out _));
    }

    [Fact]
    public void AStoreInterruptedRightAfterTheWrite_IsNeverVisibleToARequestAfterTheEviction()
    {
        // The miss's thread is preempted just after writing the entry; meanwhile the token is revoked and then a
        // request asks. That request comes after the revocation returned: it must not be served the entry.
        var cache = NewCache();
        var token = NewToken(Alice);
        var lookup = cache.BeginLookup();
        bool? servedAfterRevocation = null;
        var request = new Thread(() =>
        {
            cache.EvictTokens(new HashSet<Guid> { token.Credentials.TokenId });
            servedAfterRevocation = cache.TryGet(token.Hash, out _);
        });
        cache.AfterStore = () =>
        {
            request.Start();
            request.Join(TimeSpan.FromMilliseconds(300)); // the preemption
        };
        cache.Remember(token.Hash, token.Credentials, lookup);
        request.Join();

        Assert.False(servedAfterRevocation);
        Assert.False(cache.TryGet(token.Hash, out _));
    }

    [Fact]
    public void EvictTokens_RemovesExactlyThoseTokens()
    {
        var cache = NewCache();
        var revoked = NewToken(Alice);
        var kept = NewToken(Alice);
        Store(cache, revoked);
        Store(cache, kept);
        cache.EvictTokens(new HashSet<Guid> { revoked.Credentials.TokenId });
        Assert.False(cache.TryGet(revoked.Hash, out _));
        Assert.True(cache.TryGet(kept.Hash, out _));
    }

    [Fact]
    public async Task UserChanged_RemovesEveryTokenOfThatUser_AndNoOther()
    {
        var cache = NewCache();
        var alices = Enumerable.Range(0, 5).Select(_ => NewToken(Alice)).ToList();
        var bobs = NewToken(Bob);
        alices.ForEach(t => Store(cache, t));
        Store(cache, bobs);
        await cache.UserChangedAsync(Alice, default);
        Assert.All(alices, t => Assert.False(cache.TryGet(t.Hash, out _)));
        Assert.True(cache.TryGet(bobs.Hash, out _));
    }

    [Fact]
    public void WhileTheListenerIsDown_NothingIsServedOrStored_AndResumingStartsEmpty()
    {
        var cache = NewCache();
        var before = NewToken(Alice);
        Store(cache, before);

        cache.Suspend();
        Assert.False(cache.TryGet(before.Hash, out _));
        var during = NewToken(Alice);
        Store(cache, during);
        Assert.Equal(0, cache.Count);

        cache.Resume();
        Assert.False(cache.TryGet(before.Hash, out _));
        Assert.False(cache.TryGet(during.Hash, out _));
    }

    [Fact]
    public void ALookupBegunBeforeTheListenerDropped_StoresNothingAfterItIsBack()
    {
        var cache = NewCache();
        var token = NewToken(Alice);
        var lookup = cache.BeginLookup();
        cache.Suspend();
        cache.Resume();
        cache.Remember(token.Hash, token.Credentials, lookup);
        Assert.False(cache.TryGet(token.Hash, out _));
    }

    [Fact]
    public void BeforeTheFirstSubscription_TheCacheIsNotUsed()
    {
        var cache = NewCache(listening: false);
        var token = NewToken(Alice);
        Store(cache, token);
        Assert.False(cache.TryGet(token.Hash, out _));
        Assert.False(cache.Active);
    }

    [Fact]
    public void SwitchedOff_NeverRemembers()
    {
        var cache = NewCache(enabled: false);
        var token = NewToken(Alice);
        Store(cache, token);
        Assert.False(cache.TryGet(token.Hash, out _));
        Assert.False(cache.BeginLookup().MayRemember);
    }

    [Fact]
    public void Size_IsBoundedByTheCapacity_AndSoIsTheIndexByTokenId()
    {
        var cache = NewCache(capacity: 300);
        for (var i = 0; i < 3_000; i++) Store(cache, NewToken(Alice));
        Assert.InRange(cache.Count, 1, 300);
        Assert.Equal(cache.Count, cache.IndexedTokens);
    }

    [Fact]
    public void EvictTokens_OfATokenPushedOutEarlier_OrNeverCached_TouchesNothingElse()
    {
        var cache = NewCache(capacity: 300);
        var first = NewToken(Alice);
        Store(cache, first);
        var others = Enumerable.Range(0, 1_000).Select(_ => NewToken(Bob)).ToArray();
        foreach (var token in others) Store(cache, token); // pushes the first one out
        var countBefore = cache.Count;

        cache.EvictTokens(new HashSet<Guid> { first.Credentials.TokenId, Guid.NewGuid() });

        Assert.False(cache.TryGet(first.Hash, out _));
        Assert.Equal(countBefore, cache.Count);
        Assert.True(cache.TryGet(others[^1].Hash, out _));
    }

    [Fact]
    public void Clear_EmptiesTheIndexToo_AndEvictionsAfterwardsStillWork()
    {
        var cache = NewCache();
        for (var i = 0; i < 50; i++) Store(cache, NewToken(Alice));
        cache.Clear();
        Assert.Equal(0, cache.IndexedTokens);

        var token = NewToken(Alice);
        Store(cache, token);
        cache.EvictTokens(new HashSet<Guid> { token.Credentials.TokenId });
        Assert.False(cache.TryGet(token.Hash, out _));
        Assert.Equal(0, cache.IndexedTokens);
    }

    [Fact]
    public void ConcurrentMissesAndEvictions_NeverLeaveAnEvictedTokenInTheCache()
    {
        // Many rounds of: a miss is in flight while its token is revoked. Whatever the interleaving, once both
        // have returned the token must not be found. Two threads in lockstep, so that the rounds are cheap.
        const int rounds = 20_000;
        var cache = NewCache();
        var tokens = Enumerable.Range(0, rounds).Select(_ => NewToken(Alice)).ToArray();
        var stillCached = 0;
        using var step = new Barrier(2);
        var miss = new Thread(() =>
        {
            foreach (var token in tokens)
            {
                var lookup = cache.BeginLookup(); // the database read begins
                step.SignalAndWait();
                cache.Remember(token.Hash, token.Credentials, lookup);
                step.SignalAndWait();
                if (cache.TryGet(token.Hash, out _)) stillCached++;
            }
        });
        var revoke = new Thread(() =>
        {
            foreach (var token in tokens)
            {
                step.SignalAndWait();
                cache.EvictTokens(new HashSet<Guid> { token.Credentials.TokenId });
                step.SignalAndWait();
            }
        });
        miss.Start();
        revoke.Start();
        miss.Join();
        revoke.Join();
        Assert.Equal(0, stillCached);
    }
}
