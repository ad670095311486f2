using System.Threading.Channels;
using EssalOffice.Infrastructure.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace EssalOffice.Infrastructure.Caching;

/// <summary>
/// Keeps one connection of its own subscribed to <c>LISTEN essal_credentials</c> (see migration 0003) and evicts
/// what other instances revoke. While that connection is down the cache is suspended — every lookup reads the
/// database — and when it is back the cache starts empty, since notifications may have been missed meanwhile.
/// </summary>
internal sealed partial class RevocationListener(DatabaseEndpoint database, ValidationCache cache, ILogger<RevocationListener> logger)
    : BackgroundService
{
    public const string Channel = "essal_credentials";

    // A connection that silently stops answering (a dead network, not a closed socket) is noticed within this.
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly Channel<string> _notifications = System.Threading.Channels.Channel.CreateUnbounded<string>(
        new UnboundedChannelOptions { SingleReader = true });

    /// <summary>How many times the listener has subscribed; tests wait for a re-subscription with it.</summary>
    public int Subscriptions => Volatile.Read(ref _subscriptions);
    private int _subscriptions;

    /// <summary>The PostgreSQL backend of the subscribed connection (0 while there is none); tests terminate it.</summary>
    public int BackendProcessId => Volatile.Read(ref _backendProcessId);
    private int _backendProcessId;

    /// <summary>For tests: holds notifications back, so that only the local, synchronous eviction can stop a token.</summary>
    internal TimeSpan? DelayBeforeApplying { get; set; }

    /// <summary>How many notifications have been applied to the cache; tests wait for one with it.</summary>
    public long NotificationsApplied => Interlocked.Read(ref _notificationsApplied);
    private long _notificationsApplied;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!cache.Enabled) return;
        var evictions = ApplyNotificationsAsync(stoppingToken);
        var retryDelay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(() => retryDelay = TimeSpan.FromMilliseconds(250), stoppingToken);
            }
            catch (Exception e)
            {
                // Never trust the cache without a subscription, whatever ended it.
                cache.Suspend();
                Volatile.Write(ref _backendProcessId, 0);
                if (stoppingToken.IsCancellationRequested) break;
                LogDisconnected(logger, e.GetType().Name, e.Message, retryDelay.TotalMilliseconds);
            }
            try
            {
                await Task.Delay(retryDelay, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            retryDelay = TimeSpan.FromTicks(Math.Min(retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
        }
        _notifications.Writer.TryComplete();
        await evictions;
    }

    private async Task ListenAsync(Action subscribed, CancellationToken stoppingToken)
    {
        // Not from the pool: this connection lives as long as the subscription, and its loss must be noticed.
        var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false, ApplicationName = "essal-revocation-listener" };
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        connection.Notification += (_, e) => _notifications.Writer.TryWrite(e.Payload);
        await connection.OpenAsync(stoppingToken);
        await using (var listen = new NpgsqlCommand($"listen {Channel}", connection))
            await listen.ExecuteNonQueryAsync(stoppingToken);
        cache.Resume();
        Volatile.Write(ref _backendProcessId, connection.ProcessID);
        Interlocked.Increment(ref _subscriptions);
        subscribed();
        LogSubscribed(logger);

        while (true)
        {
            if (await connection.WaitAsync(CheckInterval, stoppingToken)) continue;
            await using var check = new NpgsqlCommand("select 1", connection) { CommandTimeout = (int)CheckInterval.TotalSeconds };
            await check.ExecuteScalarAsync(stoppingToken);
        }
    }

    /// <summary>Applies notifications in batches: a revocation of a thousand tokens costs one pass over the cache.</summary>
    private async Task ApplyNotificationsAsync(CancellationToken stoppingToken)
    {
        var reader = _notifications.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                if (DelayBeforeApplying is { } delay) await Task.Delay(delay, stoppingToken);
                var revoked = new RevokedCredentials();
                var count = 0;
                for (; reader.TryRead(out var payload); count++) revoked.Add(payload);
                revoked.ApplyTo(cache);
                Interlocked.Add(ref _notificationsApplied, count);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Subscribed to revocation notifications: the validation cache is in use")]
    private static partial void LogSubscribed(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Revocation listener disconnected ({ExceptionType}: {Reason}); the validation cache is bypassed until it reconnects (next attempt in {RetryMs} ms)")]
    private static partial void LogDisconnected(ILogger logger, string exceptionType, string reason, double retryMs);
}

/// <summary>The payloads of migration 0003's triggers: <c>t:&lt;token ids&gt;</c>, <c>u:&lt;user ids&gt;</c>, or <c>*</c>.</summary>
internal sealed class RevokedCredentials
{
    public HashSet<Guid> TokenIds { get; } = [];
    public HashSet<Guid> UserIds { get; } = [];
    public bool Everything { get; private set; }

    public void Add(string payload)
    {
        if (payload.Length > 2 && payload[1] == ':' && payload[0] is 't' or 'u')
        {
            var ids = payload[0] == 't' ? TokenIds : UserIds;
            foreach (var part in payload.AsSpan(2).Split(','))
            {
                if (Guid.TryParse(payload.AsSpan(2)[part], out var id)) ids.Add(id);
                else Everything = true; // unreadable: forget everything rather than keep something revoked
            }
            return;
        }
        Everything = true; // '*' (a table was truncated), or anything unexpected
    }

    public void ApplyTo(ValidationCache cache)
    {
        if (Everything)
        {
            cache.Clear();
            return;
        }
        if (TokenIds.Count > 0) cache.EvictTokens(TokenIds);
        if (UserIds.Count > 0) cache.EvictUsers(UserIds);
    }
}
