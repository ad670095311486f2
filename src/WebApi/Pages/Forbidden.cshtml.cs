using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages;

/// <summary>Where the cookie scheme sends a signed-in person who may not see a page: a 403, in HTML.</summary>
[AllowAnonymous]
public sealed class ForbiddenModel : PageModel
{
    public void OnGet() => Response.StatusCode = StatusCodes.Status403Forbidden;
}
