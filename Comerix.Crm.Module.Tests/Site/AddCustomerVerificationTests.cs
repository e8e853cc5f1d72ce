using System.Net;

namespace Comerix.Crm.Tests.Site;

/// <summary>
/// Add customer stores typed emails and phones as unverified (an admin typing an address is not proof the person
/// owns it) unless the admin ticks that the person has shown they do.
/// </summary>
public sealed class AddCustomerVerificationTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private static async Task<List<string>> IdentifiersAsync(SiteClient client, HttpResponseMessage created)
    {
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var profile = await client.GetPageAsync(created.Headers.Location!.OriginalString);
        return profile.QuerySelectorAll(".identifiers li")
            .Select(li => li.QuerySelector(".id-type")!.TextContent + (li.QuerySelector(".badge-verified") is null ? "" : " verified")).Order().ToList();
    }

    [Fact]
    public async Task TypedValuesAreUnverifiedUnlessTheBoxIsTicked()
    {
        var word = "v" + Guid.NewGuid().ToString("N")[..7];
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);
        var form = await manager.GetPageAsync("/admin/customers/create");
        var box = form.QuerySelector("input[type=checkbox][name='Input.Verified']")!;
        Assert.False(box.HasAttribute("checked"));

        var typed = await manager.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = $"Told {word}", ["Input.Email"] = $"told.{word}@add.test", ["Input.Phone"] = "+1 415 555 0171" });
        Assert.Equal(["email", "phone"], await IdentifiersAsync(manager, typed));

        var checkedByHand = await manager.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = $"Shown {word}", ["Input.Email"] = $"shown.{word}@add.test", ["Input.Phone"] = "+1 415 555 0172", ["Input.Verified"] = "true" });
        Assert.Equal(["email verified", "phone verified"], await IdentifiersAsync(manager, checkedByHand));
    }

    [Fact]
    public async Task A_number_in_no_assigned_range_is_refused_with_the_reason()
    {
        using var manager = await site.SignInAsync(SiteFactory.ManagerEmail);

        // The right length for North America, but 555 is no area code: libphonenumber calls it possible, not valid.
        var refused = await manager.PostFormAsync("/admin/customers/create", "/admin/customers/create",
            new() { ["Input.Name"] = "Made Up", ["Input.Phone"] = "(555) 123-4567" });

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("numbering plan: check the digits", await refused.Content.ReadAsStringAsync());
    }
}
