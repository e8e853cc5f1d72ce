using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Erasure;
using Comerix.Crm.Identity;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Demo;

/// <summary>
/// The demo chat and form stores hold names, emails and phone numbers, so Delete &amp; forget reaches them: every
/// record linked to the contact, and every record carrying one of the contact's emails or phones.
/// <para>
/// It reads and erases in the subject's tenant through a context of its own scoped to that tenant, not the scope's
/// <see cref="CurrentTenant"/>: the erasure retry runs in the background, where no request named the tenant and the
/// scope's context would read the default tenant's records.
/// </para>
/// </summary>
internal sealed class DemoDataEraser(DbContextOptions<SiteDbContext> options) : IPersonalDataEraser, IPersonalDataExporter
{
    public async Task<IReadOnlyList<ErasedRecords>> EraseAsync(PersonalDataSubject subject, CancellationToken cancellationToken)
    {
        await using var db = ContextFor(subject);
        var conversations = await Conversations(db, subject).ExecuteDeleteAsync(cancellationToken);
        var submissions = await Submissions(db, subject).ExecuteDeleteAsync(cancellationToken);
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
        await using var db = ContextFor(subject);
        var conversations = await Conversations(db, subject).AsNoTracking().OrderBy(c => c.StartedAt).ToListAsync(cancellationToken);
        var submissions = await Submissions(db, subject).AsNoTracking().OrderBy(f => f.SubmittedAt).ToListAsync(cancellationToken);
        return
        [
            ExportedRecords.Of("conversations", conversations.Select(c => new { c.Id, c.VisitorName, c.Email, c.Phone, c.StartedAt, c.Transcript })),
            ExportedRecords.Of("form submissions", submissions.Select(f => new { f.Id, f.FormName, f.Name, f.Email, f.Phone, f.Company, f.Message, f.SubmittedAt })),
        ];
    }

    /// <summary>A context whose query filter reads the subject's tenant.</summary>
    private SiteDbContext ContextFor(PersonalDataSubject subject)
    {
        var tenant = new CurrentTenant();
        tenant.Set(new SiteTenant { Name = subject.TenantId });
        return new SiteDbContext(options, tenant);
    }

    /// <summary>Every conversation of the context's tenant linked to the contact, or carrying one of its emails.</summary>
    private static IQueryable<DemoConversation> Conversations(SiteDbContext db, PersonalDataSubject subject)
    {
        var ids = Linked(subject, RecordKinds.Conversation);
        var emails = Emails(subject);
        return db.DemoConversations.Where(c => ids.Contains(c.Id) || (c.Email != null && emails.Contains(c.Email.ToLower())));
    }

    /// <summary>Every form submission of the context's tenant linked to the contact, or carrying one of its emails.</summary>
    private static IQueryable<DemoFormSubmission> Submissions(SiteDbContext db, PersonalDataSubject subject)
    {
        var ids = Linked(subject, RecordKinds.Form);
        var emails = Emails(subject);
        return db.DemoFormSubmissions.Where(f => ids.Contains(f.Id) || (f.Email != null && emails.Contains(f.Email.ToLower())));
    }

    private static List<string> Linked(PersonalDataSubject subject, string kind) =>
        subject.Records.Where(r => r.Kind == kind).Select(r => r.Id).ToList();

    private static List<string> Emails(PersonalDataSubject subject) =>
        subject.Identifiers.Where(i => i.Type == IdentifierTypes.Email).Select(i => i.Value).ToList();
}
