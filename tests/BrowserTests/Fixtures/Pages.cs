using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EssalOffice.BrowserTests.Fixtures;

/// <summary>The steps a person takes in the pages, named as the help page names them.</summary>
public static partial class Pages
{
    public static async Task SignInAsync(this IPage page, string username, string password)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
    }

    /// <summary>Profile > API Token, reached through the username in the header.</summary>
    public static async Task OpenApiTokenPageAsync(this IPage page, string username)
    {
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Account" }).GetByRole(AriaRole.Link, new() { Name = username }).ClickAsync();
        await page.WaitForURLAsync("**/profile/api-token");
    }

    /// <summary>Fills the generate form, submits it, and returns the token read from the once-only field.</summary>
    public static async Task<string> GenerateTokenAsync(this IPage page, string name, string expiry = "Never")
    {
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel(expiry, new() { Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Generate token" }).ClickAsync();
        return await page.RevealedTokenAsync();
    }

    public static async Task<string> RevealedTokenAsync(this IPage page)
    {
        var field = page.GetByLabel("Token", new() { Exact = true });
        await Assertions.Expect(field).ToBeVisibleAsync();
        var token = await field.InputValueAsync();
        Assert.Matches(TokenShape(), token);
        return token;
    }

    /// <summary>Opens a row's confirmation (Delete, Rotate, Revoke) and confirms it.</summary>
    public static async Task ConfirmRowActionAsync(this IPage page, string rowText, string action, string confirm)
    {
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = rowText });
        await row.GetByText(action, new() { Exact = true }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = confirm }).ClickAsync();
        await page.WaitForLoadStateAsync();
    }

    public static async Task<string> ScreenshotAsync(this IPage page, BrowserFixture fixture, string name)
    {
        var path = Path.Combine(fixture.ScreenshotDirectory, name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        return path;
    }

    [GeneratedRegex("^essal_[0-9A-Za-z]{38}$")]
    public static partial Regex TokenShape();
}
