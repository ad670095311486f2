using System.Net;
using System.Net.Http.Json;
using EssalOffice.Domain.ApiTokens;
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
    public async Task RequestLog_MasksTheTokenPrefixInAnyCase_AndASecretWithoutIt()
    {
        var secret = ApiTokenFormat.Generate()[ApiTokenFormat.Prefix.Length..]; // 38 base62 characters
        using var client = App.Anonymous();
        await client.GetAsync($"/api/Essal_{secret}");
        await client.GetAsync($"/api/{secret}");
        await client.GetAsync($"/api/profile/tokens/{secret}/rotate");
        await client.SendAsync(new HttpRequestMessage(new HttpMethod("eSSAL_" + secret), "/api/profile")); // in the method, too

        var lines = App.Logs.Lines.Where(l => l.Contains("RequestLoggingMiddleware")).ToList();
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/Essal_*** responded"));
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/*** responded"));
        Assert.Contains(lines, l => l.Contains("HTTP GET /api/profile/tokens/***/rotate responded"));
        Assert.Contains(lines, l => l.Contains("HTTP eSSAL_*** /api/profile responded"));
        Assert.DoesNotContain(secret, App.Logs.All);
    }

    [Fact]
    public async Task RequestLog_EscapesControlCharactersInThePath_SoARequestCannotForgeLogLines()
    {
        using var client = App.Anonymous();
        await client.GetAsync("/api/x%0d%0ainfo:%20Fake.Logger[1]%0a%20%20%20%20%20%20HTTP%20GET%20/admin%09responded%20200%07%E2%80%A8");

        var line = Assert.Single(App.Logs.Lines, l => l.Contains("RequestLoggingMiddleware") && l.Contains("Fake.Logger"));
        Assert.Contains(@"HTTP GET /api/x\r\ninfo: Fake.Logger[1]\n      HTTP GET /admin\tresponded 200\u0007\u2028 responded ", line);
        Assert.DoesNotContain(line, c => char.IsControl(c) || c is '\u2028' or '\u2029');
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
