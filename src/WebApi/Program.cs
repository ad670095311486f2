using System.Text.Json.Serialization;
using EssalOffice.Application;
using EssalOffice.Application.ApiTokens;
using EssalOffice.Infrastructure;
using EssalOffice.WebApi;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Endpoints;
using EssalOffice.WebApi.Errors;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton(new TokenLimits(builder.Configuration.GetValue("Tokens:MaxPerUser", TokenLimits.Default.MaxPerUser)));
builder.Services.AddApplication();
builder.Services.AddInfrastructure();
builder.Services.AddHostedService<StartupBanner>();
builder.Services.AddEssalAuthentication(builder.Configuration);
var behindTrustedProxy = builder.Services.AddTrustedProxies(builder.Configuration);
builder.Services.AddCredentialRevocationLimit(builder.Configuration);

builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
builder.Services.AddSingleton<CookieAntiforgeryFilter>();
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    // A misspelt field is an error, not a silently ignored one.
    options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
});
builder.Services.AddHealthChecks().AddNpgSql(tags: [HealthEndpoints.ReadyTag]);
builder.Services.AddOpenApi();

var app = builder.Build();

if (behindTrustedProxy) app.UseForwardedHeaders(); // first: everything after sees the client's address
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseFailedCredentialLimits(); // before authentication: a blocked address gets 429 before any credential is checked
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapAuthApi();
app.MapProfileApi();
app.MapAdminApi();
app.MapCredentialApi();
app.MapHealth();
app.MapOpenApi();
app.MapScalarApiReference();

app.Run();

/// <summary>Visible to the end-to-end tests' WebApplicationFactory.</summary>
public partial class Program;
