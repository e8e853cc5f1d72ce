using Comerix.Crm.Contacts;
using Microsoft.AspNetCore.Mvc;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// The profile page and the pages whose forms sit on it (tags, notes, contact preference). A form that needs fixing
/// shows the whole profile again, its error beside that form and what was typed kept, so nobody is sent to a bare
/// sub-page to fix one word (and no script is needed). Opening such a page directly shows the profile too.
/// </summary>
internal abstract class ProfilePageModel(ContactProfileReader profiles) : ContactPageModel(profiles.Contacts)
{
    public ContactProfileView Profile { get; private set; } = null!;

    /// <summary>What was typed into the profile's forms and why it was refused; empty on a plain visit.</summary>
    public ProfileFormState Forms { get; } = new();

    /// <summary>The merged-away contact whose old address brought the reader here, and when it was merged.</summary>
    public (long Id, DateTime At)? MergedAway { get; protected set; }

    protected ContactProfileReader Profiles => profiles;

    /// <summary>A GET on one of the profile's form pages: the profile itself, or its survivor's page for a merged-away id.</summary>
    protected async Task<IActionResult> ShowProfileAsync(long id, CancellationToken cancellationToken)
    {
        var opening = await OpenContactAsync(id, cancellationToken);
        return opening.Contact is { } contact ? await ShowProfileAsync(contact, null, cancellationToken) : opening.Instead;
    }

    protected async Task<IActionResult> ShowProfileAsync(Contact contact, DateTime? before, CancellationToken cancellationToken)
    {
        Profile = await profiles.ReadAsync(TenantId, contact, before, cancellationToken);
        return Page();
    }
}

/// <summary>The profile's forms as last submitted: the text kept and the problem named, per form.</summary>
internal sealed class ProfileFormState
{
    public string? TagLabel { get; set; }
    public string? TagError { get; set; }
    public string? NoteText { get; set; }
    public string? NoteError { get; set; }
    public string? ReachWhy { get; set; }
    public string? ReachError { get; set; }

    /// <summary>Why the stage or owner could not be set.</summary>
    public string? WorkError { get; set; }

    /// <summary>The custom field values as typed (by field key) when the Fields form was refused, and why per field.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string?>>? FieldInput { get; set; }
    public IReadOnlyDictionary<string, string> FieldErrors { get; set; } = new Dictionary<string, string>();

    public bool HasError => TagError is not null || NoteError is not null || ReachError is not null || FieldErrors.Count > 0 || WorkError is not null;
}
