using System.Diagnostics.Metrics;

namespace EssalOffice.Infrastructure.Observability;

/// <summary>
/// The service's own instruments, on the meter <c>EssalOffice</c> (exported at <c>/metrics</c> when enabled).
/// Tags carry outcomes and reasons only: never a token, a hint, a user name or an id.
/// </summary>
public sealed class EssalMetrics
{
    public const string MeterName = "EssalOffice";

    private readonly Counter<long> _authentications;
    private readonly Histogram<double> _validationDuration;
    private readonly Counter<long> _tokenEvents;
    private readonly Counter<long> _cacheLookups;

    public EssalMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _authentications = meter.CreateCounter<long>("essal.authentication.outcomes", unit: "{request}",
            description: "Token authentication attempts by outcome (success, failure) and reason.");
        _validationDuration = meter.CreateHistogram("essal.token.validation.duration", unit: "s",
            description: "Time to validate a presented token (shape, checksum, lookup).",
            advice: new InstrumentAdvice<double>
            {
                // Validation is sub-millisecond on a cache hit and a few milliseconds on a database lookup.
                HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
            });
        _tokenEvents = meter.CreateCounter<long>("essal.token.events", unit: "{token}",
            description: "Tokens generated, rotated, deleted by their owner and revoked by an administrator.");
        _cacheLookups = meter.CreateCounter<long>("essal.token.cache.lookups", unit: "{lookup}",
            description: "Validation cache lookups by result (hit, miss, bypassed while the revocation listener is disconnected).");
    }

    public void Authenticated() => _authentications.Add(1, new KeyValuePair<string, object?>("outcome", "success"), new("reason", "none"));

    public void AuthenticationFailed(string reason) =>
        _authentications.Add(1, new KeyValuePair<string, object?>("outcome", "failure"), new("reason", reason));

    public void TokenValidated(TimeSpan elapsed, string result) =>
        _validationDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("result", result));

    public void TokenEvent(string kind, int count = 1)
    {
        if (count > 0) _tokenEvents.Add(count, new KeyValuePair<string, object?>("event", kind));
    }

    /// <summary>For the validation cache: one call per lookup.</summary>
    public void CacheLookup(CacheLookupResult result) => _cacheLookups.Add(1, new KeyValuePair<string, object?>("result", result switch
    {
        CacheLookupResult.Hit => "hit",
        CacheLookupResult.Miss => "miss",
        _ => "bypassed",
    }));
}

public enum CacheLookupResult
{
    Hit,
    Miss,
    /// <summary>The revocation listener is disconnected: the database answers every lookup.</summary>
    Bypassed,
}
