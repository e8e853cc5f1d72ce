using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Comerix.SiteHost.Pages;

/// <summary>The site root and /admin lead to the directory (which sends strangers to sign in).</summary>
[AllowAnonymous]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() => Redirect("~/admin/customers");
}
