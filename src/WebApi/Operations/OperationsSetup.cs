using EssalOffice.WebApi.Authentication;
using EssalOffice.Infrastructure.Observability;
using EssalOffice.WebApi.OpenApi;
using Mediator;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Scalar.AspNetCore;

namespace EssalOffice.WebApi.Operations;

/// <summary>What operators need: validated settings, graceful shutdown, shared keys for several instances, metrics, request logs, API docs.</summary>
public static class OperationsSetup
{
    public const string DocsPath = "/docs";
    public const string OpenApiPath = "/openapi/v1.json";

    public static WebApplicationBuilder AddEssalOperations(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        AddValidatedOptions<BruteForceOptions, BruteForceOptionsValidator>(services, BruteForceOptions.Section);
        AddValidatedOptions<MetricsOptions, MetricsOptionsValidator>(services, MetricsOptions.Section);
        AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>(services, ShutdownOptions.Section);

        // SIGTERM: stop accepting, let requests finish and hosted services flush, within this time.
        services.AddOptions<HostOptions>().Configure<IOptions<ShutdownOptions>>((host, shutdown) =>
            host.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.Value.TimeoutSeconds));

        // Several instances behind a balancer must read each other's session and antiforgery cookies.
        if (builder.Configuration["DataProtection:KeysDirectory"] is { Length: > 0 } keys)
            services.AddDataProtection().SetApplicationName("EssalOffice").PersistKeysToFileSystem(new DirectoryInfo(keys));

        services.AddSingleton(typeof(IPipelineBehavior<,>), typeof(MetricsBehavior<,>));
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EssalMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());

        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<TokenSecurityTransformer>();
            options.AddOperationTransformer<TokenSecurityTransformer>();
        });
        return builder;
    }

    /// <summary>First in the pipeline, so the logged status is the one the client got.</summary>
    public static IApplicationBuilder UseRequestLogging(this IApplicationBuilder app) => app.UseMiddleware<RequestLoggingMiddleware>();

    public static WebApplication MapOperations(this WebApplication app)
    {
        app.MapOpenApi(); // /openapi/{documentName}.json
        app.MapScalarApiReference(DocsPath, options => options
            .WithTitle("Essal Office API")
            .AddPreferredSecuritySchemes([TokenSecurityTransformer.SchemeName])
            .AddApiKeyAuthentication(TokenSecurityTransformer.SchemeName, scheme => scheme.Value = "Token "));

        var metrics = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (metrics.Enabled)
        {
            app.MapPrometheusScrapingEndpoint(metrics.Path, meterProvider: null, configureBranchedPipeline: branch =>
            {
                if (metrics.Port is not { } port) return;
                // The local port the connection arrived on, not the Host header (which the client chooses).
                branch.Use((context, next) =>
                {
                    if (context.Connection.LocalPort == port) return next(context);
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                });
            }, optionsName: null);
        }
        return app;
    }

    private static void AddValidatedOptions<TOptions, TValidator>(IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
    }
}
