using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages;

/// <summary>The home page is the profile's token page; signing in comes first.</summary>
[Authorize]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect(LoginModel.DefaultPage);
}
