using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Signs in by email and password, taking as long for an email with no account as for one with an account: Identity
/// answers an unknown email without hashing the password, about 20 times faster, which tells anyone timing the
/// sign-in form which emails have accounts. Here an unknown email costs one password hash too.
/// </summary>
public sealed class SiteSignInManager(
    UserManager<SiteUser> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<SiteUser> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<SiteUser>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<SiteUser> confirmation)
    : SignInManager<SiteUser>(users, context, claims, options, logger, schemes, confirmation)
{
    private static readonly SiteUser Nobody = new() { Id = "nobody", UserName = "nobody" };
    private static string? _nobodysHash;

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName);
        if (user is null)
        {
            // The same work as checking a real account's password; the answer is the same "no" either way.
            _nobodysHash ??= UserManager.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString());
            UserManager.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }
}
