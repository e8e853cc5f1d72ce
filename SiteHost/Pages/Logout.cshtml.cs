using Comerix.SiteHost.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Comerix.SiteHost.Pages;

/// <summary>Sign-out is a POST with an antiforgery token, so no link on another site can sign you out.</summary>
[Authorize]
public sealed class LogoutModel(SignInManager<SiteUser> signIn, UserManager<SiteUser> users) : PageModel
{
    public IActionResult OnGet() => Redirect("~/admin/customers");

    public async Task<IActionResult> OnPostAsync()
    {
        if (await users.GetUserAsync(User) is { } user)
        {
            // A new stamp refuses every copy of this user's cookie from now on (SessionStamp), not only this browser's.
            await users.UpdateSecurityStampAsync(user);
        }
        await signIn.SignOutAsync();
        return Redirect("~/login");
    }
}
