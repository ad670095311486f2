using System.Diagnostics.CodeAnalysis;
using EssalOffice.Domain.ApiTokens;

namespace EssalOffice.Application.Abstractions;

/// <summary>
/// Validated credentials remembered by token hash, so that most requests need no database round trip. Every change
/// that takes rights away evicts what it touches (<see cref="ICredentialRevocations"/>), on this instance before the
/// response and on the others through the database.
/// </summary>
public interface ICredentialsCache
{
    bool TryGet(in TokenHash hash, [NotNullWhen(true)] out TokenCredentials? credentials);

    /// <summary>Called before reading the database on a miss, so that an eviction during the read is noticed.</summary>
    CacheLookup BeginLookup();

    /// <summary>Remembers what the database said, unless something was evicted since <paramref name="lookup"/> began.</summary>
    void Remember(in TokenHash hash, TokenCredentials credentials, CacheLookup lookup);
}

/// <summary>What the cache knew when a lookup began: <see cref="Generation"/> counts evictions.</summary>
public readonly record struct CacheLookup(long Generation, bool MayRemember);
