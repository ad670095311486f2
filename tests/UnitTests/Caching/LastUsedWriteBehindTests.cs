using EssalOffice.Infrastructure.Persistence;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using NSubstitute.ExceptionExtensions;

namespace EssalOffice.UnitTests.Caching;

public sealed class LastUsedWriteBehindTests
{
    private readonly ILastUsedStore _store = Substitute.For<ILastUsedStore>();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 3, 12, 0, 0, TimeSpan.Zero));
    private readonly List<IReadOnlyList<KeyValuePair<Guid, DateTimeOffset>>> _writes = [];

    // The batch's lists are reused by the next flush: keep a copy of what each write was given.
    public LastUsedWriteBehindTests() =>
        _store.WriteAsync(Arg.Do<LastUsedBatch>(batch => _writes.Add(batch?.TokenIds // null: a test re-arranging the substitute
                .Zip(batch.UsedAtUtc, (id, at) => KeyValuePair.Create(id, new DateTimeOffset(at, TimeSpan.Zero))).ToList() ?? [])),
                Arg.Any<CancellationToken>())
            .Returns(Task.CompletedTask);

    private LastUsedWriteBehind NewWriteBehind() =>
        new(_store, Options.Create(new LastUsedOptions { FlushInterval = TimeSpan.FromSeconds(5) }), _clock, NullLogger<LastUsedWriteBehind>.Instance);

    [Fact]
    public async Task ManyUsesOfManyTokens_AreOneWrite_WithEachTokenOnceAtItsLatestUse()
    {
        var writeBehind = NewWriteBehind();
        var tokens = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToList();
        var start = _clock.GetUtcNow();
        for (var use = 0; use < 50; use++)
            foreach (var token in tokens) writeBehind.Record(token, start.AddMilliseconds(use));

        Assert.Empty(_writes); // nothing is written per request
        Assert.True(await writeBehind.TryFlushAsync(default));

        var batch = Assert.Single(_writes);
        Assert.Equal(tokens.Order(), batch.Select(e => e.Key).Order());
        Assert.All(batch, e => Assert.Equal(start.AddMilliseconds(49), e.Value));
    }

    [Fact]
    public void AnOlderTimeNeverReplacesANewerOne()
    {
        var writeBehind = NewWriteBehind();
        var token = Guid.NewGuid();
        writeBehind.Record(token, _clock.GetUtcNow().AddSeconds(2));
        writeBehind.Record(token, _clock.GetUtcNow());
        _ = writeBehind.TryFlushAsync(default);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(2), Assert.Single(Assert.Single(_writes)).Value);
    }

    [Fact]
    public async Task NothingRecorded_WritesNothing()
    {
        Assert.True(await NewWriteBehind().TryFlushAsync(default));
        Assert.Empty(_writes);
    }

    [Fact]
    public async Task AFailedWrite_KeepsEverything_ForTheNextFlush()
    {
        var writeBehind = NewWriteBehind();
        var token = Guid.NewGuid();
        writeBehind.Record(token, _clock.GetUtcNow());
        _store.WriteAsync(default!, default).ThrowsAsyncForAnyArgs(new TimeoutException("database away"));
        Assert.False(await writeBehind.TryFlushAsync(default));
        Assert.Equal(1, writeBehind.PendingCount);

        _store.WriteAsync(default!, default).ReturnsForAnyArgs(Task.CompletedTask);
        Assert.True(await writeBehind.TryFlushAsync(default));
        Assert.Equal(0, writeBehind.PendingCount);
    }

    [Fact]
    public async Task AUseDuringTheWrite_IsKeptForTheNextFlush()
    {
        var writeBehind = NewWriteBehind();
        var token = Guid.NewGuid();
        writeBehind.Record(token, _clock.GetUtcNow());
        var later = _clock.GetUtcNow().AddSeconds(1);
        _store.WriteAsync(default!, default).ReturnsForAnyArgs(_ =>
        {
            writeBehind.Record(token, later); // a request while the batch is on its way to the database
            return Task.CompletedTask;
        });
        await writeBehind.TryFlushAsync(default);
        Assert.Equal(1, writeBehind.PendingCount);
    }

    [Fact]
    public async Task TheTimer_FlushesOncePerInterval()
    {
        var writeBehind = NewWriteBehind();
        await writeBehind.StartAsync(default);
        writeBehind.Record(Guid.NewGuid(), _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(4));
        await Task.Delay(50);
        Assert.Empty(_writes);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await WaitUntilAsync(() => _writes.Count == 1);
        await writeBehind.StopAsync(default);
    }

    [Fact]
    public async Task Stopped_FlushesWhatIsLeft()
    {
        var writeBehind = NewWriteBehind();
        writeBehind.Record(Guid.NewGuid(), _clock.GetUtcNow());
        await writeBehind.StoppedAsync(default);
        Assert.Single(_writes);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(10);
        Assert.True(condition());
    }
}
