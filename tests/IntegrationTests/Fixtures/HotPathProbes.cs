using System.Diagnostics;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using Microsoft.Extensions.DependencyInjection;

namespace EssalOffice.IntegrationTests.Fixtures;

/// <summary>Looks inside an app's validation cache and revocation listener, so that tests know what they exercise.</summary>
public static class HotPathProbes
{
    internal static ValidationCache Cache(this EssalApp app) => app.Services.GetRequiredService<ValidationCache>();
    internal static RevocationListener Listener(this EssalApp app) => app.Services.GetRequiredService<RevocationListener>();

    public static bool IsCached(this EssalApp app, string token) =>
        app.Cache().Active && app.Cache().TryGet(TokenHash.Of(token), out _);

    /// <summary>The cache is used only once the listener is subscribed; right after start-up that may take a moment.</summary>
    public static Task WaitUntilCacheIsActiveAsync(this EssalApp app) => WaitUntilAsync(() => app.Cache().Active, "the validation cache to become active");

    public static async Task WaitUntilAsync(Func<bool> condition, string what, double seconds = 10)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(seconds)) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(2);
        }
    }
}

/// <summary>Counts one app's validation cache lookups (the metric essal.token.cache.lookups) by result.</summary>
public sealed class CacheLookupCounter : IDisposable
{
    private readonly System.Diagnostics.Metrics.MeterListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

    public CacheLookupCounter(EssalApp app)
    {
        // Only this app's meter: other apps in the same test process have meters of the same name.
        var factory = app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "essal.token.cache.lookups" && ReferenceEquals(instrument.Meter.Scope, factory))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
                if (tag.Key == "result") _counts.AddOrUpdate((string)tag.Value!, (int)value, (_, n) => n + (int)value);
        });
        _listener.Start();
    }

    public int Count(string result) => _counts.GetValueOrDefault(result);

    public void Dispose() => _listener.Dispose();
}
