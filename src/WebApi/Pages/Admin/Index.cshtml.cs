using EssalOffice.Application;
using EssalOffice.Application.ApiTokens.AdminRevoke;
using EssalOffice.Application.ApiTokens.ListAllTokens;
using EssalOffice.Application.Users;
using EssalOffice.Application.Users.CreateUser;
using EssalOffice.Application.Users.ListUsers;
using EssalOffice.Application.Users.UpdateUser;
using EssalOffice.WebApi.Authentication;
using EssalOffice.WebApi.Endpoints;
using Mediator;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages.Admin;

/// <summary>The admin panel: users (create, deactivate, admin rights) and every token, filterable by user and keyset-paged.</summary>
[Authorize(Policy = TokenAuthenticationDefaults.AdminPolicy)]
[ResponseCache(NoStore = true, Location = ResponseCacheLocation.None)]
public sealed class IndexModel(IMediator mediator) : PageModel
{
    public const int TokensPerPage = 25;

    public Page<UserView> Users { get; private set; } = new([], null);
    public Page<AdminTokenView> Tokens { get; private set; } = new([], null);

    /// <summary>Show only this user's tokens.</summary>
    [BindProperty(SupportsGet = true, Name = "user")]
    public Guid? UserFilter { get; set; }

    /// <summary>Keyset position in the token list: the nextCursor of the previous page.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    /// <summary>Keyset position in the user list.</summary>
    [BindProperty(SupportsGet = true, Name = "usersCursor")]
    public string? UsersCursor { get; set; }

    [BindProperty]
    public NewUserInput NewUser { get; set; } = new();

    public string? Error { get; private set; }

    [TempData]
    public string? Status { get; set; }

    public Guid CurrentUserId => User.UserId();

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        Error = await this.TryAsync(() => LoadAsync(cancellationToken));
        if (Error is not null)
        {
            // A stale or hand-edited cursor: show the first pages rather than nothing.
            (Cursor, UsersCursor) = (null, null);
            await LoadAsync(cancellationToken);
        }
        return Page();
    }

    public Task<IActionResult> OnPostCreateUserAsync(CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var user = await mediator.Send(new CreateUser(NewUser.Username, NewUser.Password, NewUser.IsAdmin), cancellationToken);
            return $"User “{user.Username}” created.";
        }, cancellationToken);

    public Task<IActionResult> OnPostSetActiveAsync(Guid id, bool active, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var user = await mediator.Send(new UpdateUser(CurrentUserId, id, active, null, HttpContext.ClientAddress()), cancellationToken);
            return active ? $"“{user.Username}” is active again." : $"“{user.Username}” is deactivated: their sessions and tokens no longer work.";
        }, cancellationToken);

    public Task<IActionResult> OnPostSetAdminAsync(Guid id, bool admin, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var user = await mediator.Send(new UpdateUser(CurrentUserId, id, null, admin, HttpContext.ClientAddress()), cancellationToken);
            return admin ? $"“{user.Username}” is now an administrator." : $"“{user.Username}” is no longer an administrator.";
        }, cancellationToken);

    public Task<IActionResult> OnPostRevokeTokenAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            await mediator.Send(new RevokeToken(CurrentUserId, id, HttpContext.ClientAddress()), cancellationToken);
            return "Token revoked: it no longer works. Its owner stays.";
        }, cancellationToken);

    public Task<IActionResult> OnPostRevokeAllAsync(Guid id, CancellationToken cancellationToken) =>
        RunAsync(async () =>
        {
            var count = await mediator.Send(new RevokeAllUserTokens(CurrentUserId, id, HttpContext.ClientAddress()), cancellationToken);
            return $"{count} token(s) revoked. The user stays and can still sign in.";
        }, cancellationToken);

    /// <summary>Post, then redirect so that a reload never repeats the change; on a failure stay and say why.</summary>
    private async Task<IActionResult> RunAsync(Func<Task<string>> change, CancellationToken cancellationToken)
    {
        string? status = null;
        Error = await this.TryAsync(async () => status = await change());
        if (Error is null)
        {
            Status = status;
            return RedirectToPage(new { user = UserFilter });
        }
        (Cursor, UsersCursor) = (null, null);
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Users = await mediator.Send(new ListUsers(UsersCursor, Paging.MaxLimit), cancellationToken);
        Tokens = await mediator.Send(new ListAllTokens(UserFilter, Cursor, TokensPerPage), cancellationToken);
    }

    public string? UsernameOf(Guid id) => Users.Items.FirstOrDefault(u => u.Id == id)?.Username;

    public sealed class NewUserInput
    {
        public string? Username { get; set; }
        public string? Password { get; set; }
        public bool IsAdmin { get; set; }
    }
}
