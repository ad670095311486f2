using System.Net;
using System.Net.Http.Json;
using EssalOffice.BrowserTests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EssalOffice.BrowserTests;

/// <summary>State changes need the page's antiforgery token; the session cookie alone, or another site, achieves nothing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FormSafetyTests(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Username = "scanner.owner";
    private const string Password = "correct horse battery";
    private const string EvilSite = "http://evil.example";

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.CreateUserAsync(Username, Password);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PostToAPageWithTheSessionCookieButNoAntiforgeryToken_Gets400AndChangesNothing()
    {
        using var client = fixture.NewHttpClient(new CookieContainer());
        using var login = await client.PostAsJsonAsync("/api/auth/login", new { username = Username, password = Password });
        Assert.Equal(HttpStatusCode.NoContent, login.StatusCode);

        using var forged = await client.PostAsync("/profile/api-token?handler=Generate",
            new FormUrlEncodedContent([new("Name", "forged"), new("Expiry", "never")]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal("[]", await client.GetStringAsync("/api/profile/tokens"));
    }

    [Fact]
    public async Task FormWithoutAntiforgeryToken_InTheBrowser_ShowsAnErrorPageAndGeneratesNothing()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");

        var response = await page.RunAndWaitForResponseAsync(() => page.EvaluateAsync("""
            () => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = "/profile/api-token?handler=Generate";
                form.innerHTML = '<input name="Name" value="forged">';
                document.body.append(form);
                form.submit();
            }
            """), response => response.Url.Contains("handler=Generate", StringComparison.Ordinal));

        Assert.Equal(400, response.Status);
        await Expect(page.GetByText("This form has expired or did not come from this site.")).ToBeVisibleAsync();
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "error-page-form-without-antiforgery")}");
        await page.GotoAsync("/profile/api-token");
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CrossSiteFormPost_WhileSignedIn_IsRefusedAndGeneratesNothing()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.Context.RouteAsync($"{EvilSite}/**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html",
            Body = $"""
                <form method="post" action="{fixture.BaseAddress}profile/api-token?handler=Generate">
                    <input name="Name" value="stolen">
                </form>
                <script>document.forms[0].submit()</script>
                """,
        }));

        var forged = await page.RunAndWaitForRequestFinishedAsync(
            () => page.GotoAsync($"{EvilSite}/"),
            new() { Predicate = request => request.Url.Contains("handler=Generate", StringComparison.Ordinal) });

        // The session cookie is SameSite=Lax, so the post arrives signed out and is sent to sign in; were the
        // cookie sent, the missing antiforgery token would still make it a 400.
        var answer = await forged.ResponseAsync();
        Assert.Contains(answer!.Status, new[] { 302, 400 });
        await page.GotoAsync(fixture.BaseAddress + "profile/api-token");
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SessionCookie_IsHttpOnlyAndSameSiteLax()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);

        var session = (await page.Context.CookiesAsync()).Single(cookie => cookie.Name == "essal_session");

        Assert.True(session.HttpOnly);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.Null(await page.EvaluateAsync<string?>("() => document.cookie.includes('essal_session') ? 'visible' : null"));
    }
}
