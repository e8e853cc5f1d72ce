using System.Net;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// A locked account, an email without an account and a wrong password look the same to whoever signs in: the same
/// status, the same words, and one password hash each (so about the same time). The lock itself still holds.
/// </summary>
/// <remarks>
/// Timing is asserted through the work done (the counting password hasher), not a stopwatch: the locked path was
/// fast because it skipped the hash, and a hash per attempt is what makes the three take comparable time.
/// </remarks>
public sealed class SignInLockoutTests(SignInTimingTests.CountingSite site) : IClassFixture<SignInTimingTests.CountingSite>
{
    [Fact]
    public async Task ALockedAccountAnUnknownEmailAndAWrongPasswordAreAnsweredAlike()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "lock-me@site.test", "Viewer");
        await site.CreateUserAsync("Default", "open@site.test", "Viewer");
        using var client = await site.SignInAsync(null);

        var wrongPassword = await AttemptAsync(client, "open@site.test", "Wrong-password-1");
        var unknownEmail = await AttemptAsync(client, "nobody-at-all@site.test", "Wrong-password-1");
        // Eight failures lock the account; the eighth, which locks it, says no more than the seven before it.
        var failures = await LockAsync(client, "lock-me@site.test");
        var lockedWrong = await AttemptAsync(client, "lock-me@site.test", "Wrong-password-9");
        var lockedRight = await AttemptAsync(client, "lock-me@site.test", SiteFactory.Password);

        Assert.Contains("That email and password do not match", wrongPassword.Message);
        foreach (var attempt in failures.Concat([unknownEmail, lockedWrong, lockedRight]))
        {
            Assert.Equal(wrongPassword.Status, attempt.Status);
            Assert.Equal(wrongPassword.Message, attempt.Message);
            Assert.DoesNotContain("Too many", attempt.Message);
            // One password hash per attempt, the locked account's too: no answer comes back faster than the others.
            Assert.Equal(1, attempt.Hashes);
        }
    }

    [Fact]
    public async Task ALockedAccountIsRefusedWithTheRightPassword()
    {
        await site.EnsureUsersAsync();
        await site.CreateUserAsync("Default", "still-locked@site.test", "Viewer");
        using var client = await site.SignInAsync(null);
        await LockAsync(client, "still-locked@site.test");

        var right = await AttemptAsync(client, "still-locked@site.test", SiteFactory.Password);
        Assert.Equal(HttpStatusCode.OK, right.Status);
        Assert.Contains("That email and password do not match", right.Message);
        // Not signed in: the admin still sends the client to the sign-in page.
        var admin = await client.GetAsync("/admin/customers");
        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Contains("/login", admin.Headers.Location!.ToString());
    }

    private sealed record Attempt(HttpStatusCode Status, string Message, int Hashes);

    /// <summary>The site's eight wrong passwords in a row (Identity's lockout).</summary>
    private async Task<List<Attempt>> LockAsync(SiteClient client, string email)
    {
        var attempts = new List<Attempt>();
        for (var i = 1; i <= 8; i++)
        {
            attempts.Add(await AttemptAsync(client, email, $"Wrong-password-{i}"));
        }
        return attempts;
    }

    private async Task<Attempt> AttemptAsync(SiteClient client, string email, string password)
    {
        var form = await SignInTimingTests.FormAsync(client, email, password);
        var before = site.Verifications;
        var response = await client.Http.PostAsync("/login", form);
        var hashes = site.Verifications - before;
        var alert = (await client.ReadAsync(response)).QuerySelector(".alert")?.TextContent.Trim() ?? "";
        return new Attempt(response.StatusCode, alert, hashes);
    }
}
