using System.Net;
using System.Net.Http.Json;
using EssalOffice.BrowserTests.Fixtures;
using EssalOffice.IntegrationTests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EssalOffice.BrowserTests;

/// <summary>The admin panel in Chromium: users, every token, revocation that takes effect at once.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPanelTests(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
{
    private const string Username = "scanner.owner";
    private const string Password = "correct horse battery";

    public async Task InitializeAsync()
    {
        await fixture.ResetAsync();
        await fixture.CreateUserAsync(Username, Password);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AdminRevokesAnotherUsersToken_InThePanel_TheTokenGets401AtOnceAndTheUserStays()
    {
        var erp = await fixture.IssueTokenAsync(Username, Password, "ERP connector");
        var scanner = await fixture.IssueTokenAsync(Username, Password, "Office scanner");
        Assert.Equal(HttpStatusCode.OK, await fixture.ProfileStatusAsync(erp));
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);

        await page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true }).ClickAsync();
        await page.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = Username });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var tokens = page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "All tokens" }) });
        await Expect(tokens.GetByRole(AriaRole.Row)).ToHaveCountAsync(3); // header and two tokens, not the set-up tokens of admin
        await Expect(tokens).ToContainTextAsync(erp[..10] + "…");
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "admin-token-list")}");

        await page.ConfirmRowActionAsync("ERP connector", "Revoke", "Yes, revoke");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Token revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.ProfileStatusAsync(erp));
        Assert.Equal(HttpStatusCode.OK, await fixture.ProfileStatusAsync(scanner));
        await Expect(tokens.GetByRole(AriaRole.Row).Filter(new() { HasText = "ERP connector" })).ToHaveCountAsync(0);
        await page.Context.ClearCookiesAsync();
        await page.SignInAsync(Username, Password);
    }

    [Fact]
    public async Task AdminRevokesAllOfAUsersTokens_InThePanel_EveryOneGets401()
    {
        var first = await fixture.IssueTokenAsync(Username, Password, "first");
        var second = await fixture.IssueTokenAsync(Username, Password, "second");
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);
        await page.GotoAsync("/admin");

        await page.ConfirmRowActionAsync(Username, "Revoke all tokens", "Yes, revoke all");

        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("2 token(s) revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.ProfileStatusAsync(first));
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.ProfileStatusAsync(second));
    }

    [Fact]
    public async Task AdminCreatesDeactivatesAndPromotesAUser_InThePanel()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);
        await page.GotoAsync("/admin");

        await page.GetByLabel("Username").FillAsync("new.colleague");
        await page.GetByLabel("Password").FillAsync("a long enough password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("User “new.colleague” created.");
        var row = page.Locator("tr[data-user='new.colleague']");
        await Expect(row).ToContainTextAsync("Active");

        await row.GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Deactivated");
        using (var client = fixture.NewHttpClient())
        {
            var login = await client.PostAsJsonAsync("/api/auth/login", new { username = "new.colleague", password = "a long enough password" });
            Assert.Equal(HttpStatusCode.Unauthorized, login.StatusCode);
        }

        await row.GetByRole(AriaRole.Button, new() { Name = "Reactivate" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Make admin" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Administrator");
        await Expect(row).ToContainTextAsync("Active");
    }

    [Fact]
    public async Task AdminDeactivatesAUser_TheirOpenSessionEndsOnTheNextPage()
    {
        var user = await fixture.NewPageAsync();
        await user.SignInAsync(Username, Password);
        var admin = await fixture.NewPageAsync();
        await admin.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);
        await admin.GotoAsync("/admin");

        await admin.Locator($"tr[data-user='{Username}']").GetByRole(AriaRole.Button, new() { Name = "Deactivate" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("is deactivated");

        await user.ReloadAsync();
        Assert.Contains("/login", user.Url);
    }

    [Fact]
    public async Task AdminTokenList_IsPaged_NextPageShowsTheRest()
    {
        var token = await fixture.IssueTokenAsync(Username, Password, "token 0");
        using (var owner = fixture.WithToken(token))
            for (var i = 1; i <= 29; i++)
                Assert.Equal(HttpStatusCode.Created, (await owner.PostAsJsonAsync("/api/profile/tokens", new { name = $"token {i}" })).StatusCode);
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);
        await page.GotoAsync("/admin");
        await page.GetByLabel("Owner").SelectOptionAsync(new SelectOptionValue { Label = Username });
        await page.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        var rows = page.Locator("tr[data-token-id]");
        await Expect(rows).ToHaveCountAsync(25);
        var firstPage = await rows.AllInnerTextsAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();

        await Expect(rows).ToHaveCountAsync(5);
        var secondPage = await rows.AllInnerTextsAsync();
        Assert.Empty(firstPage.Intersect(secondPage));
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task NonAdmin_OpeningAdmin_Gets403Page()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Admin", Exact = true })).ToHaveCountAsync(0);

        var response = await page.GotoAsync("/admin");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not allowed" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task AdminPanel_At375PixelsWide_HasNoHorizontalScrolling()
    {
        await fixture.IssueTokenAsync(Username, Password, "ERP connector");
        var page = await fixture.NewPageAsync(width: 375);
        await page.SignInAsync(EssalApp.AdminUsername, EssalApp.AdminPassword);
        await page.GotoAsync("/admin");

        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "The admin panel scrolls sideways at 375 px.");
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "admin-375px")}");
    }
}
