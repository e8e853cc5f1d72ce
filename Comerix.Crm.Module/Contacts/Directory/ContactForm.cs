using System.ComponentModel.DataAnnotations;

namespace Comerix.Crm.Contacts.Directory;

/// <summary>The Add customer form. Email or phone is required: an added customer is identified at once.</summary>
internal sealed class NewContactForm
{
    [StringLength(200)]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [StringLength(254)]
    [Display(Name = "Email")]
    public string? Email { get; set; }

    [StringLength(40)]
    [Display(Name = "Phone")]
    public string? Phone { get; set; }

    [StringLength(200)]
    [Display(Name = "Company")]
    public string? Company { get; set; }

    /// <summary>
    /// Off unless the admin says so: typing an address is not proof the person owns it, and a verified value weighs
    /// more when the engine decides who is who.
    /// </summary>
    [Display(Name = "Verified: the person has proved the address and number above are theirs")]
    public bool Verified { get; set; }
}

/// <summary>The profile fields an admin may edit. Identifiers and activity are managed by the engine.</summary>
internal sealed class ContactProfileForm
{
    [StringLength(200)]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [StringLength(200)]
    [Display(Name = "Company")]
    public string? Company { get; set; }
}

internal sealed class ContactNoteForm
{
    public const int MaxLength = 4000;

    [Required(ErrorMessage = "Write the note first.")]
    [StringLength(MaxLength, ErrorMessage = "A note holds at most 4,000 characters; this one has more. Shorten it or split it in two.")]
    [Display(Name = "Note")]
    public string? Text { get; set; }
}

/// <summary>A problem with one field, named so the page can show it next to that field.</summary>
/// <param name="HolderId">For a value already taken: the contact holding it, so the page can link to them.</param>
internal sealed record FieldError(string Field, string Message, long? HolderId = null);
