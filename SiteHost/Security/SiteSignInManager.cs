using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Comerix.SiteHost.Security;

/// <summary>
/// Signs in by email and password, doing the same work whatever the account: Identity answers an unknown email, and
/// a locked account, without hashing the password, about 20 times faster than a wrong password, which tells anyone
/// timing the sign-in form which emails have accounts (and which of them it has locked). Here every attempt costs
/// one password hash. What the requester is told is the login page's business: the same words for all three.
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
            HashAsAnyAttemptDoes(null, password);
            return SignInResult.Failed;
        }
        return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
    }

    /// <summary>
    /// A locked account (or one refused before its password is read) is refused as Identity refuses it, the right
    /// password included, but only after the hash every other attempt costs. The result is only compared, never
    /// acted on: a correct password must not unlock, reset the failure count or rehash.
    /// </summary>
    public override async Task<SignInResult> CheckPasswordSignInAsync(SiteUser user, string password, bool lockoutOnFailure)
    {
        if (await PreSignInCheck(user) is { } refused)
        {
            HashAsAnyAttemptDoes(user, password);
            return refused;
        }
        return await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
    }

    private void HashAsAnyAttemptDoes(SiteUser? user, string password)
    {
        if (user?.PasswordHash is { } hash)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(user, hash, password);
            return;
        }
        _nobodysHash ??= UserManager.PasswordHasher.HashPassword(Nobody, Guid.NewGuid().ToString());
        UserManager.PasswordHasher.VerifyHashedPassword(Nobody, _nobodysHash, password);
    }
}
