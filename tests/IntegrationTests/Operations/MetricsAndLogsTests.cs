using System.Net;
using System.Net.Http.Json;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting;

namespace EssalOffice.IntegrationTests.Operations;

[Collection(ApiCollection.Name)]
public sealed class MetricsAndLogsTests(ApiFixture fixture) : IAsyncLifetime
{
    private EssalApp App => fixture.App;

    public Task InitializeAsync() => fixture.ResetAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Metrics_WhenEnabled_ShowAuthenticationOutcomesValidationLatencyAndTokenEvents()
    {
        await using var app = new EssalApp(fixture.Database.ConnectionString, builder => builder.UseSetting("Metrics:Enabled", "true"));
        var token = (string)(await app.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "metrics"))["token"]!;
        using (var client = app.WithToken(token))
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        using (var client = app.WithToken(token[..^1] + (token[^1] == 'A' ? 'B' : 'A')))
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/profile")).StatusCode);

        using var scraper = app.Anonymous();
        var response = await scraper.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Matches("""essal_authentication_outcomes_total\{[^}]*outcome="success"[^}]*\} [1-9]""", text);
        Assert.Matches("""essal_authentication_outcomes_total\{[^}]*outcome="failure",reason="WrongChecksum"[^}]*\} [1-9]""", text);
        Assert.Contains("essal_token_validation_duration_seconds_bucket", text);
        Assert.Matches("""essal_token_events_total\{[^}]*event="generated"[^}]*\} [1-9]""", text);
        Assert.Contains("http_server_request_duration_seconds", text); // ASP.NET Core's own instruments
        Assert.DoesNotContain(token, text);
    }

    [Fact]
    public async Task Metrics_WhenDisabled_AreNotServed()
    {
        using var client = App.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Metrics_WhenRestrictedToAPort_AreNotServedOnAnotherPort()
    {
        await using var app = new EssalApp(fixture.Database.ConnectionString, builder =>
        {
            builder.UseSetting("Metrics:Enabled", "true");
            builder.UseSetting("Metrics:Port", "9464");
        });
        using var client = app.Anonymous();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task RequestLog_HasMethodPathStatusAndDuration_ButNeverTheTokenOrPassword()
    {
        var token = (string)(await App.IssueTokenAsync(EssalApp.AdminUsername, EssalApp.AdminPassword, "logs"))["token"]!;
        using var client = App.WithToken(token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profile")).StatusCode);
        await client.GetAsync($"/api/profile/{token}?token={token}"); // a token pasted where it does not belong

        var lines = App.Logs.Lines.Where(l => l.Contains("RequestLoggingMiddleware")).ToList();
        Assert.Contains(lines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"HTTP GET /api/profile responded 200 in \d+\.\d ms"));
        Assert.Contains(lines, l => l.Contains("HTTP POST /api/auth/token responded 201"));
        Assert.Contains(lines, l => l.Contains("/api/profile/essal_***"));
        Assert.DoesNotContain(token, App.Logs.All);
        Assert.DoesNotContain(token[6..], App.Logs.All);
        Assert.DoesNotContain(EssalApp.AdminPassword, App.Logs.All);
    }

    [Fact]
    public async Task RequestLog_ShowsTheStatusTheClientGot_ForProblems()
    {
        using var client = App.Anonymous();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { username = "nobody", password = "wrong password here" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(App.Logs.Lines, l => l.Contains("HTTP POST /api/auth/token responded 401"));
        Assert.DoesNotContain("wrong password here", App.Logs.All);
    }
}
