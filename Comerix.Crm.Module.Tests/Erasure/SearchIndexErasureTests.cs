using System.Globalization;
using System.Net;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.Crm.Tests.Site;

namespace Comerix.Crm.Tests.Erasure;

/// <summary>
/// The SQLite search index leaves a replaced name's terms under a delete marker (cheap writes, see the
/// SearchIndexLeanWrites migration); erasure must still take them out of the file. The names are made of letters
/// whose UTF-8 encodings start with different bytes, so the index stores each three-letter term in full (it
/// shares prefixes between neighbouring terms) and a scan of the raw file can find it.
/// </summary>
public sealed class SearchIndexErasureTests(SiteFactory site) : IClassFixture<SiteFactory>
{
    private const string OldName = "ωжֆשق";
    private const string NewName = "कა龍한";
    private const string Email = "trigram.person@erasure-unique.test";

    [Fact]
    public async Task TheTermsOfANameThePersonHadBeforeLeaveTheFileWithThem()
    {
        var created = await site.IngestAsync(new CrmEvent
        {
            Id = "trigram-1", Type = "form", OccurredAt = DateTimeOffset.Parse("2026-11-20T10:00:00Z", CultureInfo.InvariantCulture),
            Claims = [new IdentityClaim(IdentifierTypes.Email, Email)],
            Traits = new Dictionary<string, string> { ["name"] = OldName },
        });
        var contactId = created[0].ContactId!.Value;
        using var admin = await site.SignInAsync(SiteFactory.AdminEmail);
        var renamed = await admin.PostFormAsync($"/admin/customers/{contactId}/edit", $"/admin/customers/{contactId}/edit",
            new() { ["Input.Name"] = NewName });
        Assert.Equal(HttpStatusCode.Redirect, renamed.StatusCode);
        await site.CheckpointCrmDatabaseAsync();
        // The old name is no longer searchable, but its terms are still in the file: what the erasure must remove.
        Assert.Empty((await admin.GetPageAsync("/admin/customers?q=" + Uri.EscapeDataString(OldName[..3]))).QuerySelectorAll(".customer-name"));
        Assert.NotEmpty(RawBytes.Find(site.CrmDatabaseFiles(), Trigrams(OldName)));

        var erased = await admin.PostFormAsync($"/admin/customers/{contactId}/delete", $"/admin/customers/{contactId}/delete",
            new() { ["Confirmation"] = Email });
        Assert.Equal(HttpStatusCode.Redirect, erased.StatusCode);

        Assert.Empty(RawBytes.Find(site.CrmDatabaseFiles(), [.. Trigrams(OldName), .. Trigrams(NewName), OldName, NewName, Email]));
    }

    private static IEnumerable<string> Trigrams(string name) =>
        Enumerable.Range(0, name.Length - 2).Select(i => name.Substring(i, 3));
}
