using System.Collections.Concurrent;
using EssalOffice.Application.Abstractions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EssalOffice.Infrastructure.Persistence;

/// <summary>How often last-used times reach the database (section <c>LastUsed</c>).</summary>
public sealed class LastUsedOptions
{
    public const string Section = "LastUsed";

    /// <summary>A token's shown <c>lastUsedAt</c> is never older than this; each token is written at most once per interval.</summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class LastUsedOptionsValidator : IValidateOptions<LastUsedOptions>
{
    public ValidateOptionsResult Validate(string? name, LastUsedOptions options) =>
        options.FlushInterval < TimeSpan.FromMilliseconds(50) || options.FlushInterval > TimeSpan.FromDays(1)
            ? ValidateOptionsResult.Fail("LastUsed__FlushInterval must be a duration from 00:00:00.05 to 1.00:00:00.")
            : ValidateOptionsResult.Success;
}

/// <summary>Writes a batch of last-used times in one statement.</summary>
internal interface ILastUsedStore
{
    Task WriteAsync(LastUsedBatch batch, CancellationToken cancellationToken);
}

/// <summary>
/// One flush's tokens and times, in lists that are reused from flush to flush: with many tokens in use they are
/// large, and new ones every few seconds would only feed the large object heap.
/// </summary>
internal sealed class LastUsedBatch
{
    /// <summary>Exactly what was taken from the pending uses (token, UTC ticks), to remove those once written.</summary>
    public List<KeyValuePair<Guid, long>> Taken { get; } = [];
    public List<Guid> TokenIds { get; } = [];
    public List<DateTime> UsedAtUtc { get; } = [];

    public void Add(KeyValuePair<Guid, long> use)
    {
        Taken.Add(use);
        TokenIds.Add(use.Key);
        UsedAtUtc.Add(Domain.Time.TruncateToMicroseconds(new DateTimeOffset(use.Value, TimeSpan.Zero)).UtcDateTime);
    }

    public void Clear()
    {
        Taken.Clear();
        TokenIds.Clear();
        UsedAtUtc.Clear();
    }
}

/// <summary>
/// Records last use in memory (one dictionary entry per token, updated in place) and writes what changed once per
/// interval, in one statement. Also written when the app stops, after the server has finished its requests.
/// A failed write is retried at the next interval; nothing recorded is dropped until it is stored.
/// </summary>
internal sealed partial class LastUsedWriteBehind(ILastUsedStore store, IOptions<LastUsedOptions> options, TimeProvider clock, ILogger<LastUsedWriteBehind> logger)
    : BackgroundService, ILastUsedRecorder, IHostedLifecycleService
{
    // UTC ticks: a long is written atomically, so an existing entry is updated without allocating.
    private readonly ConcurrentDictionary<Guid, long> _pending = new();
    private readonly SemaphoreSlim _flushing = new(1, 1); // one flush at a time: the timer's and the final one
    private readonly LastUsedBatch _batch = new();

    public int PendingCount => _pending.Count;

    public void Record(Guid tokenId, DateTimeOffset usedAt)
    {
        var ticks = usedAt.UtcTicks;
        // Reads are lock-free; only a later time takes the dictionary's lock.
        if (_pending.TryGetValue(tokenId, out var recorded) && recorded >= ticks) return;
        _pending[tokenId] = ticks;
    }

    private PeriodicTimer? _timer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Created here, not in ExecuteAsync (which .NET runs later, on another thread): intervals count from start-up.
        _timer = new PeriodicTimer(options.Value.FlushInterval, clock);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer!.WaitForNextTickAsync(stoppingToken)) await TryFlushAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Writes everything recorded so far; false when the database refused (the entries stay for the next try).</summary>
    public async Task<bool> TryFlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            if (_pending.IsEmpty) return true;
            _batch.Clear();
            foreach (var use in _pending) _batch.Add(use); // the enumerator takes no lock and copies nothing
            await store.WriteAsync(_batch, cancellationToken);
            // Only what was written: a token used again meanwhile keeps its newer time for the next flush.
            foreach (var use in _batch.Taken) _pending.TryRemove(use);
            LogFlushed(logger, _batch.Taken.Count);
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFlushFailed(logger, _pending.Count, e.GetType().Name, e.Message);
            return false;
        }
        finally
        {
            _flushing.Release();
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After every hosted service, the web server included, has stopped: no request can record anything later.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken) => await TryFlushAsync(cancellationToken);

    public override void Dispose()
    {
        _timer?.Dispose(); // not the semaphore: a last flush may still be running when the host is disposed
        base.Dispose();
    }

    [LoggerMessage(1, LogLevel.Debug, "Wrote the last-used time of {Count} tokens")]
    private static partial void LogFlushed(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "Could not write last-used times ({ExceptionType}: {Reason}); {Count} tokens wait for the next attempt")]
    private static partial void LogFlushFailed(ILogger logger, int count, string exceptionType, string reason);
}

internal sealed class LastUsedStore(Npgsql.NpgsqlDataSource dataSource) : ILastUsedStore
{
    public async Task WriteAsync(LastUsedBatch batch, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            update api_tokens t
               set last_used_at = u.used_at
              from unnest(@ids, @used) as u(id, used_at)
             where t.id = u.id and (t.last_used_at is null or t.last_used_at < u.used_at)
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<List<Guid>>("ids", batch.TokenIds));
        command.Parameters.Add(new Npgsql.NpgsqlParameter<List<DateTime>>("used", batch.UsedAtUtc));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
