using Comerix.Crm.Contacts.Directory;

namespace Comerix.Crm.Pages.Admin.Customers;

/// <summary>
/// "What will move" before a merge: the contact merged away (its footprint) and the one that survives. The manual
/// merge and the review's Approve show it through the same partial, so both say the same before a merge.
/// </summary>
internal sealed record MergePreview(ContactFootprint Moving, ContactFootprint Survivor);
