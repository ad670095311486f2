using System.Text.Json.Serialization;
using EssalOffice.Application;
using EssalOffice.Application.ApiTokens;
using EssalOffice.Infrastructure;
using EssalOffice.WebApi;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Endpoints;
using EssalOffice.WebApi.Errors;
using EssalOffice.WebApi.Operations;

if (HealthCheckCommand.IsRequested(args)) return await HealthCheckCommand.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);
// The host logs a failed start with its stack trace and then rethrows: StartupChecks turns what it can into one
// line, and anything else still ends the process with the runtime's full report.
builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
if (StartupChecks.FindSettingProblem(builder.Configuration) is { } settingProblem) return StartupBanner.PrintFailure(settingProblem);

builder.Services.AddSingleton(new TokenLimits((builder.Configuration.GetSection(TokensOptions.Section).Get<TokensOptions>() ?? new()).MaxPerUser));
builder.Services.AddApplication();
builder.Services.AddInfrastructure();
builder.Services.AddHostedService<StartupBanner>();
builder.Services.AddEssalAuthentication(builder.Configuration);
var behindTrustedProxy = builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddCredentialRevocationLimit(builder.Configuration);

// Asked before the default writer: browsers get HTML error pages, /api/ keeps ProblemDetails.
builder.Services.AddSingleton<IProblemDetailsWriter, HtmlProblemDetailsWriter>();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
    context.ProblemDetails.Type ??= ProblemTypes.For(context.ProblemDetails.Status ?? context.HttpContext.Response.StatusCode));
builder.Services.AddSingleton<IProblemDetailsWriter, JsonProblemDetailsWriter>(); // asked last: answers any Accept
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddSingleton<CookieAntiforgeryFilter>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    // A misspelt field is an error, not a silently ignored one.
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    // {"name":"a","name":"b"} is ambiguous: refuse it rather than guess which one was meant.
    options.SerializerOptions.AllowDuplicateProperties = false;
    options.SerializerOptions.Converters.Add(new InstantJsonConverter());
});
builder.Services.AddHealthChecks().AddNpgSql(tags: [HealthEndpoints.ReadyTag]).WithOneLineFailures();
builder.AddEssalOperations();
builder.Services.AddRazorPages();

var app = builder.Build();

if (behindTrustedProxy) app.UseForwardedHeaders(); // first: everything after sees the client's address
app.UseRequestLogging();
app.UseExceptionHandler();
app.UseStatusCodePages(StatusCodeProblems.WriteAsync);
app.UseStaticFiles();
app.UseFailedCredentialLimits(); // before authentication: a blocked address gets 429 before any credential is checked
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapAuthApi();
app.MapProfileApi();
app.MapAdminApi();
app.MapCredentialApi();
app.MapPingApi();
app.MapHealth();
app.MapOperations();
app.MapRazorPages();

return await StartupChecks.RunAsync(app);

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
