using EssalOffice.WebApi.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace EssalOffice.WebApi.Pages;

/// <summary>Signing out changes state, so it is a POST (the header's button); a GET only shows the button.</summary>
public sealed class LogoutModel : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await HttpContext.SignOutAsync(TokenAuthenticationDefaults.CookieScheme);
        return Redirect("/login");
    }
}
