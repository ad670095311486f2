using System.Net;
using EssalOffice.BrowserTests.Fixtures;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace EssalOffice.BrowserTests;

/// <summary>Profile > API Token in Chromium, step by step as the help page tells it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProfileTokenPageTests(BrowserFixture fixture, ITestOutputHelper output) : IAsyncLifetime
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
    public async Task GenerateCallDelete_InThePage_TokenWorksUntilDeletedThenGets401()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.OpenApiTokenPageAsync(Username);
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
        await Expect(page.GetByText("Authorization: Token <token>", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator("#api-base-url")).ToHaveTextAsync($"{fixture.BaseAddress}api/");
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "profile-before-generation")}");

        var token = await page.GenerateTokenAsync("Office scanner", expiry: "In 30 days");
        await Expect(page.GetByText("It will not be shown again")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Office scanner" })).ToContainTextAsync(token[..10] + "…");
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "profile-after-generation")}");

        Assert.Equal(HttpStatusCode.OK, await fixture.ProfileStatusAsync(token));

        await page.ConfirmRowActionAsync("Office scanner", "Delete", "Yes, delete");
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("deleted");
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.ProfileStatusAsync(token));
        Assert.DoesNotContain(token, fixture.App.Logs.All);
        Assert.DoesNotContain(Password, fixture.App.Logs.All);
    }

    [Fact]
    public async Task Generate_WithACustomDate_ExpiresAtTheEndOfThatDay()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");
        var day = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10);

        await page.GetByLabel("Name").FillAsync("quarterly audit");
        await page.GetByLabel("Expiry date").FillAsync(day.ToString("yyyy-MM-dd"));
        await Expect(page.GetByLabel("On a date:")).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate token" }).ClickAsync();
        var token = await page.RevealedTokenAsync();

        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "quarterly audit" }))
            .ToContainTextAsync($"{day.AddDays(1):yyyy-MM-dd} 00:00 UTC");
        Assert.Equal(HttpStatusCode.OK, await fixture.ProfileStatusAsync(token));
    }

    [Fact]
    public async Task Reload_AfterGeneration_HidesTheTokenForGoodAndGeneratesNothing()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");
        await page.GetByLabel("Name").FillAsync("ERP");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Generate token" }).ClickAsync(),
            response => response.Request.Method == "POST");
        var token = await page.RevealedTokenAsync();
        Assert.Contains("no-store", await answer.HeaderValueAsync("cache-control"));

        var reloaded = await page.ReloadAsync();
        Assert.Equal(200, reloaded!.Status);
        Assert.Equal("GET", reloaded.Request.Method);
        await Expect(page.GetByLabel("Token", new() { Exact = true })).ToHaveCountAsync(0);
        Assert.DoesNotContain(token, await page.ContentAsync());
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "ERP" })).ToHaveCountAsync(1);

        await page.GotoAsync("/logout"); // somewhere else, which changes nothing on a GET
        await page.GoBackAsync();
        Assert.DoesNotContain(token, await page.ContentAsync());
    }

    [Fact]
    public async Task Generate_WithOnADateButNoDate_SaysWhyAndGeneratesNothing()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");

        await page.GetByLabel("On a date:").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate token" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Choose the date on which the token should expire.");
        await Expect(page.GetByLabel("Token", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task CopyButton_CopiesExactlyTheToken()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");
        var token = await page.GenerateTokenAsync("clipboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).First.ClickAsync();

        await Expect(page.GetByText("Copied.")).ToBeVisibleAsync();
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
    }

    [Fact]
    public async Task Rotate_InThePage_ShowsTheNewTokenOnceAndTheOldOneGets401()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");
        var old = await page.GenerateTokenAsync("nightly script");
        await page.ReloadAsync();

        await page.ConfirmRowActionAsync("nightly script", "Rotate", "Yes, rotate");
        var rotated = await page.RevealedTokenAsync();

        Assert.NotEqual(old, rotated);
        await Expect(page.GetByText("The previous token has stopped working.")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, await fixture.ProfileStatusAsync(old));
        Assert.Equal(HttpStatusCode.OK, await fixture.ProfileStatusAsync(rotated));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "nightly script" })).ToContainTextAsync(rotated[..10] + "…");
    }

    [Fact]
    public async Task GenerateCopyDelete_WithTheKeyboardOnly_Works()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");

        await page.GetByLabel("Name").FocusAsync();
        await page.Keyboard.TypeAsync("keyboard");
        await page.Keyboard.PressAsync("Enter");
        var token = await page.RevealedTokenAsync();
        await page.GetByLabel("Token", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Copy" }).First).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal(token, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "keyboard" });
        await row.GetByText("Delete", new() { Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Tab");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("You have no API tokens yet.")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SignIn_WithAWrongPassword_SaysSoWithoutRevealingWhetherTheUserExists()
    {
        var page = await fixture.NewPageAsync();

        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync(Username);
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var wrongPassword = await page.GetByRole(AriaRole.Alert).TextContentAsync();

        await page.GetByLabel("Username").FillAsync("nobody.at.all");
        await page.GetByLabel("Password").FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var unknownUser = await page.GetByRole(AriaRole.Alert).TextContentAsync();

        Assert.Equal("Wrong username or password.", wrongPassword);
        Assert.Equal(wrongPassword, unknownUser);
    }

    [Fact]
    public async Task SignOut_EndsTheSession_AndPagesSendYouToSignIn()
    {
        var page = await fixture.NewPageAsync();
        await page.SignInAsync(Username, Password);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await page.GotoAsync("/profile/api-token");

        Assert.Contains("/login?ReturnUrl=%2Fprofile%2Fapi-token", page.Url);
        await page.SignInAsync(Username, Password);
        Assert.EndsWith("/profile/api-token", page.Url);
    }

    [Fact]
    public async Task Pages_At375PixelsWide_HaveNoHorizontalScrolling()
    {
        var page = await fixture.NewPageAsync(width: 375);
        await page.SignInAsync(Username, Password);
        await page.GotoAsync("/profile/api-token");
        await page.GenerateTokenAsync("a rather long token name for a narrow screen");

        Assert.True(await FitsAsync(page), "Profile > API Token scrolls sideways at 375 px.");
        output.WriteLine($"Screenshot: {await page.ScreenshotAsync(fixture, "profile-375px")}");
    }

    private static Task<bool> FitsAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");
}
