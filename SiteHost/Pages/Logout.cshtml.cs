using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Comerix.SiteHost.Pages;

/// <summary>Sign-out is a POST with an antiforgery token, so no link on another site can sign you out.</summary>
[Authorize]
public sealed class LogoutModel(SignInManager<SiteUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("~/admin/customers");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("~/login");
    }
}
