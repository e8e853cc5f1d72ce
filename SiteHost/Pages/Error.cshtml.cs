using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Comerix.SiteHost.Pages;

/// <summary>Friendly pages for 403, 404 and 500; the status code the client gets is unchanged.</summary>
[AllowAnonymous]
// Re-executed for a failed POST too; ordered after the global AutoValidateAntiforgeryToken so this policy is the one that counts.
[IgnoreAntiforgeryToken(Order = 1001)]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; }

    public void OnGet(int code) => Show(code);

    public void OnPost(int code) => Show(code);

    /// <summary>Asked for directly (/error/404), the page still answers with the status it describes.</summary>
    private void Show(int code)
    {
        Code = code;
        if (code is >= 400 and <= 599)
        {
            Response.StatusCode = code;
        }
    }

    public (string Title, string Text) Message => Code switch
    {
        403 => ("You don't have access to this page", "Your role does not include the permission this page needs. Ask an administrator if you should have it."),
        404 => ("Page not found", "The page or contact you asked for does not exist. It may have been deleted."),
        400 => ("That request could not be processed", "The form may have expired. Go back, reload the page and try again."),
        _ => ("Something went wrong", "The error was logged. Try again in a moment."),
    };
}
