using System.Text.Json;
using Comerix.Crm.Audit;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Erasure;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Privacy;

/// <summary>
/// Privacy requests over the API (a key with the privacy scope): <c>POST /api/crm/erasure</c> runs the admin's
/// Delete &amp; forget, <c>GET /api/crm/erasure/{id}</c> tells how far it got, and
/// <c>GET /api/crm/contacts/{id}/export</c> hands over everything held about one person.
/// </summary>
internal static class PrivacyEndpoints
{
    private static readonly string[] Fields = ["type", "value", "contactId", "suppress"];

    public static async Task<Results<Ok<ErasureStatusJson>, Accepted<ErasureStatusJson>, ProblemHttpResult>> EraseAsync(
        HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution, CrmDbContext db, ContactDetailsReader contacts,
        ContactErasureService erasure, SuppressionList suppressions, AuditLog audit, IEnumerable<IPersonalDataEraser> erasers, ICrmTenantAccessor tenant)
    {
        var (document, problem) = await JsonRequestBody.ReadAsync(http.Request, options);
        if (problem is not null)
        {
            return problem;
        }
        var cancellationToken = http.RequestAborted;
        var tenantId = tenant.CurrentTenantId;
        var actor = http.User.Identity?.Name ?? "api";
        long contactId;
        bool suppress;
        using (document)
        {
            var (request, errors) = Read(document!.RootElement);
            var key = default(NormalizedClaim);
            if (request is { Type: { } type, Value: { } value }
                && !new IdentifierNormalizer(resolution.DefaultPhoneRegion, resolution.ExtraJunkValues)
                    .TryNormalize(new IdentityClaim(type, value), out key, out var dropped))
            {
                errors.Add($"value is not a usable {type}: {dropped!.Detail}");
            }
            if (request is null || errors.Count > 0)
            {
                return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid; nothing was erased",
                    errors.Count == 1 ? errors[0] : $"{errors.Count} problems; see errors.", errors);
            }
            suppress = request.Suppress == true;
            if (request.ContactId is { } id)
            {
                // A merged-away id is the same person as its survivor: the survivor is who is forgotten.
                contactId = (await contacts.FindLiveAsync(tenantId, id, cancellationToken))?.Id ?? id;
            }
            else if (await db.Identifiers.AsNoTracking()
                .Where(i => i.Type == key.Type && i.Value == key.Value)
                .Select(i => (long?)i.ContactId).FirstOrDefaultAsync(cancellationToken) is { } holder)
            {
                contactId = holder;
            }
            else if (suppress)
            {
                // Nobody holds it, but the person asked never to be stored: the identifier goes on the list all the same
                // (a keyed hash, not the value), so an event carrying it later creates nobody.
                await suppressions.AddAsync(db, tenantId, [(key.Type, key.Value)], cancellationToken);
                await audit.AppendAsync(tenantId, actor, AuditActions.IdentifierSuppressed, new { type = key.Type, suppressed = 1 }, cancellationToken);
                return NotHeld($"No contact holds this {key.Type}: nothing was held, so nothing was erased. It is now on the suppression " +
                    "list: events carrying it will not create anyone.", suppressed: true);
            }
            else
            {
                return NotHeld($"No contact holds this {key.Type}: nothing was held, so nothing was erased. Send \"suppress\": true " +
                    "to keep anyone from being created with it later.", suppressed: false);
            }
        }

        // The API call is the confirmation the admin page asks for: only a key with the privacy scope gets here.
        var result = await erasure.EraseAsync(tenantId, contactId, ErasureConfirmation.Word, actor, suppress, cancellationToken);
        if (result.Outcome == ErasureOutcome.NotFound)
        {
            return ApiProblems.NotFound($"There is no contact {contactId}; nothing was erased.");
        }
        var status = await StatusAsync(db, erasers, tenantId, contactId, cancellationToken);
        if (status is null)
        {
            throw new InvalidOperationException($"Erasure of contact {contactId} answered {result.Outcome} without a request.");
        }
        return status.Status == ErasureStatus.Completed.ToCode()
            ? TypedResults.Ok(status)
            : TypedResults.Accepted($"{http.Request.PathBase}/api/crm/erasure/{contactId}", status);
    }

    public static async Task<Results<Ok<ErasureStatusJson>, ProblemHttpResult>> StatusAsync(
        long id, CrmDbContext db, IEnumerable<IPersonalDataEraser> erasers, ICrmTenantAccessor tenant, CancellationToken cancellationToken) =>
        await StatusAsync(db, erasers, tenant.CurrentTenantId, id, cancellationToken) is { } status
            ? TypedResults.Ok(status)
            : ApiProblems.NotFound($"There is no erasure request {id}.");

    public static async Task<Results<Ok<PersonalDataExportJson>, ProblemHttpResult>> ExportAsync(long id, HttpContext http, PersonalDataExport export, ICrmTenantAccessor tenant)
    {
        var result = await export.ExportAsync(tenant.CurrentTenantId, id, http.User.Identity?.Name ?? "api", http.RequestAborted);
        switch (result.Outcome)
        {
            case PersonalDataExportOutcome.NotFound:
                return ApiProblems.NotFound($"There is no contact {id}.");
            case PersonalDataExportOutcome.Erased:
                return ApiProblems.Create(StatusCodes.Status410Gone, "erased", "This person was erased",
                    $"Contact {id} was erased (Delete & forget): nothing is held about them any more.");
        }
        var document = result.Document!;
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"contact-{document.ContactId}-personal-data.json\"";
        return TypedResults.Ok(document);
    }

    private static async Task<ErasureStatusJson?> StatusAsync(
        CrmDbContext db, IEnumerable<IPersonalDataEraser> erasers, string tenantId, long id, CancellationToken cancellationToken)
    {
        var request = await db.InTenant(tenantId).ErasureRequests.AsNoTracking().SingleOrDefaultAsync(r => r.ContactId == id, cancellationToken);
        if (request is null)
        {
            return null;
        }
        var pending = new List<string>();
        if (request.Status != ErasureStatus.Completed)
        {
            var done = request.ErasersDone.Split(',', StringSplitOptions.RemoveEmptyEntries);
            pending.AddRange(erasers.Select(e => e.GetType().FullName!).Where(n => !done.Contains(n, StringComparer.Ordinal))
                .Select(n => n[(n.LastIndexOf('.') + 1)..]));
            if (pending.Count == 0)
            {
                pending.Add("database scrub");
            }
        }
        return new ErasureStatusJson(request.ContactId, request.ContactId, request.Status.ToCode(), request.Suppress,
            Utc(request.RequestedAt), request.CompletedAt is { } at ? Utc(at) : null, request.Attempts,
            JsonSerializer.Deserialize<Dictionary<string, int>>(request.CountsJson) ?? [], pending);
    }

    /// <summary>The request, or every problem with it at once: unknown or repeated fields, wrong JSON types, both or neither way of naming the person.</summary>
    private static (ErasureRequestJson? Request, List<string> Errors) Read(JsonElement body)
    {
        var errors = new List<string>();
        const string Shape = "{ \"type\": \"email\", \"value\": \"…\", \"suppress\": true } or { \"contactId\": 123 }";
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, [$"the body must be a JSON object: {Shape}"]);
        }
        errors.AddRange(body.EnumerateObject().Select(p => p.Name).Where(n => !Fields.Contains(n, StringComparer.Ordinal)).Distinct()
            .Select(n => $"field '{n}' is unknown here; expected {string.Join(", ", Fields)}"));
        errors.AddRange(body.EnumerateObject().GroupBy(p => p.Name).Where(g => g.Count() > 1).Select(g => $"field '{g.Key}' is given more than once"));
        var type = Field(body, "type", JsonValueKind.String, "a string", errors)?.GetString();
        var raw = Field(body, "value", null, null, errors);
        var value = raw switch
        {
            null => null,
            { ValueKind: JsonValueKind.String } text => text.GetString(),
            // Numeric customer ids are common: a number is taken as its digits.
            { ValueKind: JsonValueKind.Number } digits => digits.GetRawText(),
            _ => Wrong("value", "a string", raw.Value, errors),
        };
        var contact = Field(body, "contactId", JsonValueKind.Number, "a number", errors);
        long? contactId = null;
        if (contact is { } number)
        {
            if (number.TryGetInt64(out var id) && id > 0)
            {
                contactId = id;
            }
            else
            {
                errors.Add($"contactId {number.GetRawText()} is not a contact id (a whole number above 0)");
            }
        }
        bool? suppress = null;
        if (Field(body, "suppress", null, null, errors) is { } flag)
        {
            if (flag.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                suppress = flag.GetBoolean();
            }
            else
            {
                Wrong("suppress", "true or false", flag, errors);
            }
        }
        var byIdentifier = type is not null || value is not null;
        if (byIdentifier && contact is not null)
        {
            errors.Add("name the person once: by type and value, or by contactId, not both");
        }
        else if (contact is null)
        {
            if (type is null)
            {
                errors.Add($"type is missing; expected one of {string.Join(", ", IdentifierTypes.All)} (or send contactId instead)");
            }
            else if (!IdentifierTypes.All.Contains(type))
            {
                errors.Add($"type '{type}' is unknown; expected one of {string.Join(", ", IdentifierTypes.All)}");
            }
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add("value is missing: the identifier's value, e.g. the email address");
            }
        }
        return errors.Count > 0 ? (null, errors) : (new ErasureRequestJson(type, value, contactId, suppress), errors);
    }

    /// <summary>A field, or null when absent or JSON null; of the wrong kind (when <paramref name="kind"/> is given) it is an error.</summary>
    private static JsonElement? Field(JsonElement body, string name, JsonValueKind? kind, string? expected, List<string> errors)
    {
        if (!body.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (kind is { } wanted && property.ValueKind != wanted)
        {
            Wrong(name, expected!, property, errors);
            return null;
        }
        return property;
    }

    private static string? Wrong(string name, string expected, JsonElement found, List<string> errors)
    {
        errors.Add($"{name} must be {expected}, not {found.ValueKind.ToString().ToLowerInvariant()}");
        return null;
    }

    /// <summary>404 for an identifier nobody holds; <c>suppressed</c> says whether it went on the suppression list.</summary>
    private static ProblemHttpResult NotHeld(string detail, bool suppressed) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status404NotFound, title: "No contact holds that identifier",
            type: ApiProblems.TypeBase + "not-found", extensions: new Dictionary<string, object?> { ["suppressed"] = suppressed });

    private static DateTime Utc(DateTime time) => DateTime.SpecifyKind(time, DateTimeKind.Utc);
}
