using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using BitFaster.Caching.Lru;
using EssalOffice.Application.Abstractions;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Observability;
using Microsoft.Extensions.Options;

namespace EssalOffice.Infrastructure.Caching;

/// <summary>
/// Validated credentials by token hash, bounded (BitFaster's ConcurrentLru: lock-free, allocation-free hits).
/// Only used while the <see cref="RevocationListener"/> is subscribed: without it, revocations made through other
/// instances would go unnoticed, so every lookup goes to the database until it is back and the cache was cleared.
/// </summary>
/// <remarks>
/// An eviction can race with a miss that read the database just before the change committed. Every eviction
/// bumps <see cref="_generation"/>; a miss only stores its answer when no eviction happened since it began. The
/// check and the store are one step under <see cref="_storing"/>, which evictions take to bump the generation: an
/// entry is either complete before the bump (and then evicted) or never stored, and never visible in between.
/// Hits take no lock.
/// </remarks>
internal sealed class ValidationCache : ICredentialsCache, ICredentialRevocations
{
    private readonly ConcurrentLru<TokenHash, TokenCredentials>? _entries;
    // Revocations name tokens by id: this finds their entry without a scan (a delete is an everyday action, and with
    // 200,000 entries a scan costs tens of milliseconds on every instance). Entries leaving the cache leave it too.
    private readonly ConcurrentDictionary<Guid, TokenHash> _hashByTokenId = new();
    private readonly EssalMetrics _metrics;
    private readonly Lock _storing = new();
    private long _generation;
    private volatile bool _listening;

    public ValidationCache(IOptions<ValidationCacheOptions> options, EssalMetrics metrics)
    {
        _metrics = metrics;
        if (!options.Value.Enabled) return;
        _entries = new ConcurrentLru<TokenHash, TokenCredentials>(options.Value.Capacity);
        _entries.Events.Value!.ItemRemoved += (_, removed) =>
            _hashByTokenId.TryRemove(KeyValuePair.Create(removed.Value!.TokenId, removed.Key));
    }

    public bool Enabled => _entries is not null;

    /// <summary>For tests: runs between the first generation check and the store, the moment an eviction can slip in.</summary>
    internal Action? BeforeStore { get; set; }

    /// <summary>For tests: runs between writing the entry and indexing it, as if the thread were preempted there.</summary>
    internal Action? AfterStore { get; set; }

    /// <summary>True while entries are used: enabled, and the listener is subscribed.</summary>
    public bool Active => _entries is not null && _listening;

    public int Count => _entries?.Count ?? 0;

    /// <summary>For tests: the size of the index by token id, which must follow the cache's.</summary>
    internal int IndexedTokens => _hashByTokenId.Count;

    public bool TryGet(in TokenHash hash, [NotNullWhen(true)] out TokenCredentials? credentials)
    {
        if (!Active)
        {
            credentials = null;
            if (_entries is not null) _metrics.CacheLookup(CacheLookupResult.Bypassed);
            return false;
        }
        var hit = _entries!.TryGet(hash, out credentials);
        _metrics.CacheLookup(hit ? CacheLookupResult.Hit : CacheLookupResult.Miss);
        return hit;
    }

    public CacheLookup BeginLookup() => Active ? new CacheLookup(Interlocked.Read(ref _generation), MayRemember: true) : default;

    public void Remember(in TokenHash hash, TokenCredentials credentials, CacheLookup lookup)
    {
        if (!lookup.MayRemember) return;
        lock (_storing)
        {
            if (!Active || Interlocked.Read(ref _generation) != lookup.Generation) return;
            BeforeStore?.Invoke();
            _entries!.AddOrUpdate(hash, credentials);
            AfterStore?.Invoke();
            _hashByTokenId[credentials.TokenId] = hash;
            // Only this thread can have moved the generation meanwhile (the lock is reentrant): undo then.
            if (Interlocked.Read(ref _generation) != lookup.Generation || !_listening) _entries.TryRemove(hash);
        }
    }

    /// <summary>Every later miss will not store what it read; every store begun before is complete.</summary>
    private void NextGeneration()
    {
        lock (_storing) Interlocked.Increment(ref _generation);
    }

    public ValueTask TokensRevokedAsync(IReadOnlyCollection<Guid> tokenIds, CancellationToken cancellationToken)
    {
        EvictTokens(tokenIds.ToHashSet());
        return ValueTask.CompletedTask;
    }

    public ValueTask UserChangedAsync(Guid userId, CancellationToken cancellationToken)
    {
        EvictUsers(new HashSet<Guid> { userId });
        return ValueTask.CompletedTask;
    }

    public void EvictTokens(IReadOnlySet<Guid> tokenIds)
    {
        NextGeneration();
        if (_entries is null) return;
        foreach (var tokenId in tokenIds)
        {
            if (_hashByTokenId.TryRemove(tokenId, out var hash)) _entries.TryRemove(hash);
        }
    }

    // A scan: users change (deactivated, demoted, all tokens revoked) through an administrator, rarely next to
    // token deletes, and an index by user would cost every entry more memory.
    public void EvictUsers(IReadOnlySet<Guid> userIds)
    {
        NextGeneration();
        if (_entries is null) return;
        foreach (var entry in _entries)
        {
            if (userIds.Contains(entry.Value.UserId)) _entries.TryRemove(entry.Key);
        }
    }

    public void Clear()
    {
        NextGeneration();
        _entries?.Clear();
        _hashByTokenId.Clear();
    }

    /// <summary>The listener lost its connection: notifications may be missed from now on, so nothing is trusted.</summary>
    public void Suspend()
    {
        _listening = false;
        Clear();
    }

    /// <summary>The listener is subscribed again: start from an empty cache, since revocations may have been missed.</summary>
    public void Resume()
    {
        Clear();
        _listening = true;
    }
}
