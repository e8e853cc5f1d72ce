using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Erasure;

/// <summary>
/// Access and portability: everything held about one person, in one JSON document. A merged-away id answers with
/// its survivor (the same person); an erased person is <see cref="PersonalDataExportOutcome.Erased"/>. Each export
/// writes an audit entry naming who exported whom, with counts only (never the content).
/// </summary>
internal sealed class PersonalDataExport(
    CrmDbContext db, ContactDetailsReader contacts, ContactFootprintReader footprints, ContactTagger tagger, DoNotContactList doNotContact,
    Contacts.Fields.ContactFieldEditor fields, IEnumerable<IPersonalDataEraser> erasers, IEnumerable<IPersonalDataExporter> exporters, AuditLog audit, TimeProvider time)
{
    public const string Format = "comerix.crm.personal-data/1";

    public async Task<PersonalDataExportResult> ExportAsync(string tenantId, long id, string actor, CancellationToken cancellationToken = default)
    {
        var contact = await contacts.FindLiveAsync(tenantId, id, cancellationToken);
        if (contact is null)
        {
            var erased = await db.InTenant(tenantId).ErasureRequests.AsNoTracking().AnyAsync(
                r => r.ContactId == id && r.Status == ErasureStatus.Completed, cancellationToken);
            return new PersonalDataExportResult(erased ? PersonalDataExportOutcome.Erased : PersonalDataExportOutcome.NotFound);
        }
        var footprint = await footprints.ReadAsync(contact, cancellationToken);
        var activities = await db.InTenant(tenantId).Activities.AsNoTracking()
            .Where(a => a.ContactId == contact.Id)
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id)
            .ToListAsync(cancellationToken);
        var mergedIds = await db.Contacts.AsNoTracking()
            .Where(c => c.MergedIntoId == contact.Id)
            .OrderBy(c => c.Id).Select(c => c.Id).ToListAsync(cancellationToken);
        var tags = await tagger.ForContactAsync(tenantId, contact.Id, cancellationToken);
        var mark = await doNotContact.ForContactAsync(tenantId, contact.Id, cancellationToken);
        var fieldValues = Contacts.Fields.ContactFieldShown.Json(await fields.ForContactAsync(tenantId, contact.Id, cancellationToken));

        // The linked records other stores hold, asked of every exporter once (an eraser that is also one, or on its own).
        var subject = await PersonalDataSubjects.ReadAsync(db, footprint, cancellationToken);
        var linked = new List<LinkedRecordsJson>();
        foreach (var exporter in erasers.OfType<IPersonalDataExporter>().Concat(exporters).Distinct())
        {
            var source = exporter.GetType().Name;
            linked.AddRange((await exporter.ExportAsync(subject, cancellationToken))
                .Select(records => new LinkedRecordsJson(source, records.What, records.Records)));
        }

        var document = new PersonalDataExportJson(
            Format, time.GetUtcNow().UtcDateTime, contact.Id, id == contact.Id ? null : id, mergedIds,
            new PersonalProfileJson(contact.Id, ContactNames.Display(contact), contact.DisplayName, contact.Email, contact.Phone, contact.Company,
                contact.Source, contact.IsIdentified, Utc(contact.FirstSeen), Utc(contact.LastSeen), Utc(contact.CreatedAt), Utc(contact.UpdatedAt)),
            footprint.Identifiers.Select(i => new IdentifierJson(i.Type, i.DisplayValue, i.Verified, Utc(i.FirstSeen))).ToList(),
            Resolution.ContactProfile.ReadTraits(contact.TraitsJson),
            tags.Select(t => t.Label).ToList(),
            activities.Where(a => a.Type == ActivityTypes.Note).Select(Note).ToList(),
            mark is null ? null : new DoNotContactJson(mark.Reason, Utc(mark.CreatedAt)),
            fieldValues,
            activities.Select(ActivityJson.From).ToList(),
            linked);

        await audit.AppendAsync(tenantId, actor, AuditActions.ContactDataExported, new
        {
            contactId = contact.Id,
            requestedId = id == contact.Id ? (long?)null : id,
            identifiers = document.Identifiers.Count,
            activities = document.Timeline.Count,
            linkedRecords = linked.Sum(l => l.Records.Count),
        }, cancellationToken);
        return new PersonalDataExportResult(PersonalDataExportOutcome.Exported, document);
    }

    private static NoteJson Note(ContactActivity note)
    {
        string? text = null, by = null;
        if (note.PayloadJson is { } json)
        {
            var payload = Text.StorableJson.Readable(json);
            text = Field(payload, "text");
            by = Field(payload, "by");
        }
        return new NoteJson(Utc(note.OccurredAt), text, by);
    }

    private static string? Field(JsonElement payload, string name) =>
        payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString() : null;

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}

internal enum PersonalDataExportOutcome
{
    Exported,
    NotFound,
    /// <summary>The person was forgotten (Delete &amp; forget): nothing is held about them any more.</summary>
    Erased,
}

internal sealed record PersonalDataExportResult(PersonalDataExportOutcome Outcome, PersonalDataExportJson? Document = null);

/// <summary>
/// Everything held about one person. <see cref="Timeline"/> holds every event with its payload, oldest first;
/// <see cref="LinkedRecords"/> what other stores hold about them (chat transcripts, form submissions, import rows).
/// </summary>
/// <param name="Format">The document's format and version: comerix.crm.personal-data/1.</param>
/// <param name="ContactId">The person's contact id (the survivor, when a merged-away id was asked for).</param>
/// <param name="RequestedId">The merged-away id that was asked for, when it was one; otherwise absent (null).</param>
/// <param name="MergedIds">Contacts merged into this one: the same person, known by those ids before.</param>
/// <param name="Fields">The team's own contact fields that hold a value for them, by key.</param>
internal sealed record PersonalDataExportJson(
    string Format, DateTime ExportedAt, long ContactId, long? RequestedId, IReadOnlyList<long> MergedIds,
    PersonalProfileJson Profile, IReadOnlyList<IdentifierJson> Identifiers, IReadOnlyDictionary<string, string> Traits,
    IReadOnlyList<string> Tags, IReadOnlyList<NoteJson> Notes, DoNotContactJson? DoNotContact,
    IReadOnlyDictionary<string, System.Text.Json.JsonElement> Fields, IReadOnlyList<ActivityJson> Timeline, IReadOnlyList<LinkedRecordsJson> LinkedRecords);

internal sealed record PersonalProfileJson(
    long Id, string Name, string? DisplayName, string? Email, string? Phone, string? Company, string Source, bool Identified,
    DateTime FirstSeen, DateTime LastSeen, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>A note on the person's timeline: its text and who wrote it.</summary>
internal sealed record NoteJson(DateTime At, string? Text, string? By);

/// <param name="Source">The store that holds them (its exporter's name).</param>
/// <param name="What">What they are: conversations, form submissions, import report rows.</param>
internal sealed record LinkedRecordsJson(string Source, string What, IReadOnlyList<JsonElement> Records);
