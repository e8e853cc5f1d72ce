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
internal sealed class DemoDataEraser(SiteDbContext db) : IPersonalDataEraser, IPersonalDataExporter
{
    public async Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var conversations = await Conversations(subject).ExecuteDeleteAsync(cancellationToken);
        var submissions = await Submissions(subject).ExecuteDeleteAsync(cancellationToken);
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

    /// <summary>The records the erasure would delete, as stored (the tenant id aside).</summary>
    public async Task<IReadOnlyList<ExportedRecords>> ExportAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        var conversations = await Conversations(subject).AsNoTracking().OrderBy(c => c.StartedAt).ToListAsync(cancellationToken);
        var submissions = await Submissions(subject).AsNoTracking().OrderBy(f => f.SubmittedAt).ToListAsync(cancellationToken);
        return
        [
            ExportedRecords.Of("conversations", conversations.Select(c => new { c.Id, c.VisitorName, c.Email, c.Phone, c.StartedAt, c.Transcript })),
            ExportedRecords.Of("form submissions", submissions.Select(f => new { f.Id, f.FormName, f.Name, f.Email, f.Phone, f.Company, f.Message, f.SubmittedAt })),
        ];
    }

    /// <summary>Every conversation linked to the contact, or carrying one of its emails.</summary>
    private IQueryable<DemoConversation> Conversations(PersonalDataSubject subject)
    {
        var ids = Linked(subject, RecordKinds.Conversation);
        var emails = Emails(subject);
        return db.DemoConversations.Where(c => c.TenantId == subject.TenantId
            && (ids.Contains(c.Id) || (c.Email != null && emails.Contains(c.Email.ToLower()))));
    }

    /// <summary>Every form submission linked to the contact, or carrying one of its emails.</summary>
    private IQueryable<DemoFormSubmission> Submissions(PersonalDataSubject subject)
    {
        var ids = Linked(subject, RecordKinds.Form);
        var emails = Emails(subject);
        return db.DemoFormSubmissions.Where(f => f.TenantId == subject.TenantId
            && (ids.Contains(f.Id) || (f.Email != null && emails.Contains(f.Email.ToLower()))));
    }

    private static List<string> Linked(PersonalDataSubject subject, string kind) =>
        subject.Records.Where(r => r.Kind == kind).Select(r => r.Id).ToList();

    private static List<string> Emails(PersonalDataSubject subject) =>
        subject.Identifiers.Where(i => i.Type == IdentifierTypes.Email).Select(i => i.Value).ToList();
}
