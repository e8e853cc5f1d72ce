using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Identity;
using Comerix.SiteHost.Data;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Demo;

/// <summary>
/// The demo chat and form stores hold names, emails and phone numbers, so Delete &amp; forget reaches them: every
/// record linked to the contact, and every record carrying one of the contact's emails or phones.
/// </summary>
internal sealed class DemoDataEraser(SiteDbContext db) : IPersonalDataEraser
{
    public async Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var conversationIds = subject.Records.Where(r => r.Kind == RecordKinds.Conversation).Select(r => r.Id).ToList();
        var formIds = subject.Records.Where(r => r.Kind == RecordKinds.Form).Select(r => r.Id).ToList();
        var emails = subject.Identifiers.Where(i => i.Type == IdentifierTypes.Email).Select(i => i.Value).ToList();

        var conversations = await db.DemoConversations
            .Where(c => c.TenantId == subject.TenantId
                && (conversationIds.Contains(c.Id) || (c.Email != null && emails.Contains(c.Email.ToLower()))))
            .ExecuteDeleteAsync(cancellationToken);
        var submissions = await db.DemoFormSubmissions
            .Where(f => f.TenantId == subject.TenantId
                && (formIds.Contains(f.Id) || (f.Email != null && emails.Contains(f.Email.ToLower()))))
            .ExecuteDeleteAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // PostgreSQL keeps deleted tuples until vacuum; rewrite the two tables so the values leave the files. If an
            // older transaction pins them, fail: the erasure stays partial and this eraser runs again (deleting nothing new).
            await using var source = Npgsql.NpgsqlDataSource.Create(db.Database.GetConnectionString()!);
            if (!await Comerix.Crm.Data.CrmDatabase.VacuumFullAsync(source, ["site_demo_conversations", "site_demo_form_submissions"], cancellationToken))
            {
                throw new InvalidOperationException("The demo stores' deleted rows are still pinned by an older transaction.");
            }
        }
        return [new("conversations", conversations), new("form submissions", submissions)];
    }
}
