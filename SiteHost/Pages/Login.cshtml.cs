using System.ComponentModel.DataAnnotations;
using Comerix.SiteHost.Security;
using Comerix.SiteHost.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Pages;

[AllowAnonymous]
public sealed class LoginModel(SignInManager<SiteUser> signIn, CurrentTenant tenant, IOptions<IdentityOptions> identity) : PageModel
{
    public sealed class LoginInput
    {
        [Required(ErrorMessage = "Enter your email.")]
        [EmailAddress(ErrorMessage = "Enter an email address like name@example.com.")]
        public string Email { get; set; } = "";

        [Required(ErrorMessage = "Enter your password.")]
        [DataType(DataType.Password)]
        public string Password { get; set; } = "";

        [Display(Name = "Keep me signed in")]
        public bool RememberMe { get; set; }
    }

    [BindProperty]
    public LoginInput Input { get; set; } = new();

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string TenantName => tenant.Name;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(Input.Email.Trim(), Input.Password, Input.RememberMe, lockoutOnFailure: true);
        if (result.Succeeded)
        {
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : Url.Content("~/admin/customers"));
        }
        // One answer for an unknown email, a wrong password and a locked account (even with the right password): a
        // "locked" message would tell whoever asks that the email has an account. The lock is named, as a rule.
        ModelState.AddModelError("", "That email and password do not match an account on this site. " +
            $"After {identity.Value.Lockout.MaxFailedAccessAttempts} failed attempts an account is locked for a few minutes.");
        return Page();
    }
}
