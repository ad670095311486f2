using EssalOffice.Application.ApiTokens;
using EssalOffice.Application.ApiTokens.DeleteToken;
using EssalOffice.Application.ApiTokens.GenerateToken;
using EssalOffice.Application.ApiTokens.ListOwnTokens;
using EssalOffice.Application.ApiTokens.RotateToken;
using EssalOffice.WebApi.Endpoints;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages.Profile;

/// <summary>
/// Profile > API Token. A generated or rotated token is rendered only in the answer to the POST that made it
/// (never stored, never in a URL or cookie) and the page is not cached, so a reload cannot show it again.
/// </summary>
[Authorize]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class ApiTokenModel(IMediator mediator, TimeProvider clock) : PageModel
{
    public IReadOnlyList<TokenSummary> Tokens { get; private set; } = [];

    /// <summary>The token just generated or rotated: shown in this one response only.</summary>
    public GeneratedToken? Revealed { get; private set; }

    public bool RevealedByRotation { get; private set; }

    public string? Error { get; private set; }

    [TempData]
    public string? Status { get; set; }

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string Expiry { get; set; } = ExpiryChoice.Never;

    [BindProperty]
    public DateOnly? CustomDate { get; set; }

    public string ApiBaseUrl => $"{Request.Scheme}://{Request.Host}{Request.PathBase}/api/";

    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostGenerateAsync(CancellationToken cancellationToken)
    {
        if (!ExpiryChoice.TryResolve(Expiry, CustomDate, clock.GetUtcNow(), out var expiresAt, out var problem))
        {
            Error = problem;
            Response.StatusCode = StatusCodes.Status400BadRequest;
        }
        else
        {
            Error = await this.TryAsync(async () =>
                Revealed = await mediator.Send(new GenerateToken(User.UserId(), Name, expiresAt, HttpContext.ClientAddress()), cancellationToken));
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostRotateAsync(Guid id, CancellationToken cancellationToken)
    {
        Error = await this.TryAsync(async () =>
            Revealed = await mediator.Send(new RotateToken(User.UserId(), id, HttpContext.ClientAddress()), cancellationToken));
        RevealedByRotation = Revealed is not null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, string? tokenName, CancellationToken cancellationToken)
    {
        Error = await this.TryAsync(async () => await mediator.Send(new DeleteToken(User.UserId(), id, HttpContext.ClientAddress()), cancellationToken));
        if (Error is null)
        {
            Status = $"Token “{tokenName}” deleted: it no longer works.";
            return RedirectToPage();
        }
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken) =>
        Tokens = await mediator.Send(new ListOwnTokens(User.UserId()), cancellationToken);
}

/// <summary>The expiry presets of the generate form, turned into the instant the use case expects.</summary>
public static class ExpiryChoice
{
    public const string Never = "never";
    public const string Days30 = "30d";
    public const string Days90 = "90d";
    public const string Year = "1y";
    public const string Custom = "custom";

    public static bool TryResolve(string? choice, DateOnly? customDate, DateTimeOffset now, out DateTimeOffset? expiresAt, out string? problem)
    {
        problem = null;
        expiresAt = choice switch
        {
            Days30 => now.AddDays(30),
            Days90 => now.AddDays(90),
            Year => now.AddYears(1),
            // A custom date means "usable through that whole day", in UTC.
            Custom when customDate is { } date => new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero),
            _ => null,
        };
        if (choice == Custom && customDate is null) problem = "Choose the date on which the token should expire.";
        else if (expiresAt <= now) problem = "Choose an expiry date in the future.";
        else if (choice is not (Never or Days30 or Days90 or Year or Custom)) problem = "Choose one of the expiry options.";
        return problem is null;
    }
}
