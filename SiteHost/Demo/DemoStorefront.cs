using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Comerix.Crm.Activity;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Identity;
using Comerix.Crm.Ingestion;
using Comerix.SiteHost.Data;
using Comerix.SiteHost.Tenancy;
using Microsoft.EntityFrameworkCore;

namespace Comerix.SiteHost.Demo;

/// <summary>
/// The demo storefront's chat widget, contact form and checkout. Each stores its own record (the chat and form
/// stores hold PII and have an eraser) and raises an event through the CRM's sink, the way any module would:
/// the event carries the visitor id and the raw fields; the identity rules decide what the fields mean.
/// </summary>
public sealed class DemoStorefront(SiteDbContext db, ICrmEventSink sink, CurrentTenant tenant, TimeProvider time)
{
    public const decimal MugPrice = 24.00m;
    public const string Currency = "EUR";

    public async Task<(DemoConversation Conversation, IngestResult Result)> ChatAsync(
        string visitorId, string? conversationId, string message, string? name, string? email, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var conversation = conversationId is null ? null
            : await db.DemoConversations.FirstOrDefaultAsync(c => c.Id == conversationId, cancellationToken);
        var started = conversation is null;
        if (conversation is null)
        {
            conversation = new DemoConversation { TenantId = tenant.Name, Id = NewId("chat"), StartedAt = now, Transcript = "" };
            db.DemoConversations.Add(conversation);
        }
        conversation.VisitorName ??= Blank(name);
        conversation.Email ??= Blank(email);
        var line = $"visitor: {message.Trim()}";
        conversation.Transcript = conversation.Transcript.Length == 0 ? line : conversation.Transcript + "\n" + line;
        await db.SaveChangesAsync(cancellationToken);

        var result = await sink.SendAsync(new CrmEvent
        {
            Id = $"{conversation.Id}-{conversation.Transcript.Count(c => c == '\n') + 1}",
            Type = ActivityTypes.Conversation,
            Name = started ? "started" : "message",
            OccurredAt = now,
            Claims = [new IdentityClaim(IdentifierTypes.VisitorId, visitorId)],
            Record = new SourceRecordRef(RecordKinds.Conversation, conversation.Id),
            PayloadJson = Payload(new Dictionary<string, string?> { ["conversationId"] = conversation.Id, ["name"] = Blank(name), ["email"] = Blank(email) }),
        }, cancellationToken);
        return (conversation, result);
    }

    public async Task<IngestResult> SubmitFormAsync(string visitorId, string? name, string? email, string? phone, string? company, string? message,
        CancellationToken cancellationToken)
    {
        var submission = new DemoFormSubmission
        {
            TenantId = tenant.Name,
            Id = NewId("form"),
            FormName = "Contact us",
            Name = Blank(name),
            Email = Blank(email),
            Phone = Blank(phone),
            Company = Blank(company),
            Message = Blank(message),
            SubmittedAt = time.GetUtcNow().UtcDateTime,
        };
        db.DemoFormSubmissions.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        return await sink.SendAsync(new CrmEvent
        {
            Id = submission.Id,
            Type = ActivityTypes.Form,
            OccurredAt = submission.SubmittedAt,
            Claims = [new IdentityClaim(IdentifierTypes.VisitorId, visitorId)],
            Record = new SourceRecordRef(RecordKinds.Form, submission.Id),
            PayloadJson = Payload(new Dictionary<string, string?>
            {
                ["form"] = submission.FormName, ["name"] = submission.Name, ["email"] = submission.Email,
                ["phone"] = submission.Phone, ["company"] = submission.Company,
            }),
        }, cancellationToken);
    }

    public Task<IngestResult> PlaceOrderAsync(string visitorId, string? name, string email, int quantity, CancellationToken cancellationToken)
    {
        var orderId = NewId("order");
        var payload = JsonSerializer.Serialize(new
        {
            orderId,
            item = "Comerix mug",
            quantity,
            total = (MugPrice * quantity).ToString("0.00", CultureInfo.InvariantCulture),
            currency = Currency,
            email = email.Trim(),
            name = Blank(name),
        });
        return sink.SendAsync(new CrmEvent
        {
            Id = orderId,
            Type = ActivityTypes.Conversion,
            OccurredAt = time.GetUtcNow(),
            Claims = [new IdentityClaim(IdentifierTypes.VisitorId, visitorId)],
            PayloadJson = payload,
        }, cancellationToken);
    }

    private static string NewId(string kind) => $"{kind}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>Only the fields that were filled in: a rule that finds no field adds nothing.</summary>
    private static string Payload(Dictionary<string, string?> fields) =>
        JsonSerializer.Serialize(fields.Where(f => f.Value is not null).ToDictionary(f => f.Key, f => f.Value));
}
