using BenchmarkDotNet.Attributes;
using EssalOffice.Application;
using EssalOffice.Infrastructure;
using Microsoft.Extensions.Configuration;
using EssalOffice.Application.Abstractions;
using EssalOffice.Application.ApiTokens.ValidateToken;
using EssalOffice.Domain.ApiTokens;
using EssalOffice.Infrastructure.Caching;
using EssalOffice.Infrastructure.Observability;
using EssalOffice.Infrastructure.Persistence;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Operations;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace EssalOffice.MicroBenchmarks;

/// <summary>
/// The steps of validating a token, one by one, then the whole ValidateToken query through the mediator on a cache
/// hit, as the authentication handler sends it (with the pipeline behaviours and metrics the app has).
/// </summary>
[MemoryDiagnoser]
public class TokenValidationBenchmarks
{
    private string _header = null!;
    private string _token = null!;
    private string _wrongChecksum = null!;
    private TokenHash _hash;
    private ValidationCache _cache = null!;
    private global::Mediator.Mediator _mediator = null!; // as the authentication handler holds it
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        _token = ApiTokenFormat.Generate();
        _header = "Token " + _token;
        _wrongChecksum = _token[..^1] + (_token[^1] == 'A' ? 'B' : 'A');
        _hash = TokenHash.Of(_token);

        // The app's own registrations; only the last-used store is replaced, and the database is never reached on a hit.
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddMetrics();
        services.AddApplication();
        services.AddInfrastructure();
        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(MetricsBehavior<,>));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(EssalMetrics.MeterName)); // listened to, as in the app
        services.AddSingleton<ILastUsedStore, DiscardingLastUsedStore>();
        _services = services.BuildServiceProvider();
        _ = _services.GetRequiredService<MeterProvider>();
        // Never connected to: a cache hit must not need the database (the repository would fail to connect).
        _services.GetRequiredService<DatabaseEndpoint>().Set("Host=127.0.0.1;Port=1;Database=none;Username=none;Password=none");

        _cache = _services.GetRequiredService<ValidationCache>();
        _cache.Resume(); // as when the revocation listener is subscribed
        var credentials = new TokenCredentials(Guid.NewGuid(), Guid.NewGuid(), "scanner.owner", false, true, ApiTokenFormat.Hint(_token), null);
        _cache.Remember(_hash, credentials, _cache.BeginLookup());
        _mediator = _services.GetRequiredService<global::Mediator.Mediator>();
        if (!_mediator.Send(new ValidateToken(_token)).Result.Succeeded) throw new InvalidOperationException("Set-up: the token should validate.");
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark]
    public HeaderParseResult ParseHeader() => AuthorizationHeaderParser.Parse(_header);

    [Benchmark]
    public ApiTokenShape CheckShapeAndChecksum() => ApiTokenFormat.Check(_token);

    [Benchmark]
    public TokenHash Sha256() => TokenHash.Of(_token);

    [Benchmark]
    public bool CacheHit() => _cache.TryGet(_hash, out _);

    [Benchmark]
    public TokenValidationResult ValidateToken_CacheHit() => _mediator.Send(new ValidateToken(_token)).Result;

    [Benchmark]
    public TokenValidationResult ValidateToken_HeaderToResult_CacheHit() =>
        _mediator.Send(new ValidateToken(AuthorizationHeaderParser.Parse(_header).CredentialValue)).Result;

    [Benchmark]
    public TokenValidationResult ValidateToken_WrongChecksum() => _mediator.Send(new ValidateToken(_wrongChecksum)).Result;

    private sealed class DiscardingLastUsedStore : ILastUsedStore
    {
        public Task WriteAsync(LastUsedBatch batch, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
