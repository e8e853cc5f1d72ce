using System.Text.Json;
using Comerix.Crm.Api.Read;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Resolution;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Native;

/// <summary>Marking: the person, named by an identifier they hold, and why they must not be contacted.</summary>
/// <param name="Type">An identifier type: email, phone, customer_id, external_ref, conversation_id, visitor_id.</param>
/// <param name="Value">Its value as the sender knows it (normalised as events are); a number is taken as its digits.</param>
/// <param name="Reason">unsubscribed, asked, bounced, complaint or other.</param>
internal sealed record DoNotContactMarkJson(string Type, string Value, string Reason);

/// <summary>Lifting: the person, and in words why they may be contacted again.</summary>
/// <param name="Why">At most 1,000 characters; it goes on the person's timeline.</param>
internal sealed record DoNotContactLiftJson(string Type, string Value, string Why);

/// <summary>A request as read, before its identifier is looked up.</summary>
internal sealed record DoNotContactRequest(string Type, string Value, string? Reason, string? Why);

/// <param name="Changed">False when the contact already was as asked (a repeated webhook changes nothing).</param>
internal sealed record DoNotContactResponseJson(long ContactId, bool Changed, DoNotContactJson? DoNotContact);

/// <summary>
/// <c>POST /api/crm/do-not-contact</c> and <c>…/lift</c>: what a mailing tool's unsubscribe, bounce or complaint
/// webhook calls. The person is named by an identifier, since the sender knows their email, not our id.
/// </summary>
internal static class DoNotContactEndpoints
{
    public static Task<Results<Ok<DoNotContactResponseJson>, ProblemHttpResult>> MarkAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
        CrmDbContext db, DoNotContactList list, ICrmTenantAccessor tenant) =>
        HandleAsync(http, options, resolution, db, list, tenant, lift: false);

    public static Task<Results<Ok<DoNotContactResponseJson>, ProblemHttpResult>> LiftAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
        CrmDbContext db, DoNotContactList list, ICrmTenantAccessor tenant) =>
        HandleAsync(http, options, resolution, db, list, tenant, lift: true);

    private static async Task<Results<Ok<DoNotContactResponseJson>, ProblemHttpResult>> HandleAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
        CrmDbContext db, DoNotContactList list, ICrmTenantAccessor tenant, bool lift)
    {
        var (document, problem) = await JsonRequestBody.ReadAsync(http.Request, options);
        if (problem is not null)
        {
            return problem;
        }
        using (document)
        {
            var (request, errors) = Read(document!.RootElement, lift);
            var key = default(NormalizedClaim);
            var normalizer = new IdentifierNormalizer(resolution.DefaultPhoneRegion, resolution.ExtraJunkValues);
            if (request is not null && !normalizer.TryNormalize(new IdentityClaim(request.Type, request.Value), out key, out var dropped))
            {
                errors.Add($"value is not a usable {request.Type}: {dropped!.Detail}");
            }
            if (request is null || errors.Count > 0)
            {
                return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid; nothing changed",
                    errors.Count == 1 ? errors[0] : $"{errors.Count} problems; see errors.", errors);
            }
            var tenantId = tenant.CurrentTenantId;
            var contactId = await db.Identifiers.AsNoTracking()
                .Where(i => i.Type == key.Type && i.Value == key.Value)
                .Select(i => (long?)i.ContactId).FirstOrDefaultAsync(http.RequestAborted);
            if (contactId is not { } id)
            {
                return ApiProblems.NotFound($"No contact holds this {request.Type}; nothing changed.");
            }
            var actor = http.User.Identity?.Name ?? "api";
            var before = await list.ForContactAsync(tenantId, id, http.RequestAborted);
            if (lift ? before is null : before is not null)
            {
                return TypedResults.Ok(Response(id, changed: false, before));
            }
            var refused = lift
                ? await list.AllowAsync(tenantId, id, request.Why, actor, http.RequestAborted)
                : await list.MarkAsync(tenantId, id, request.Reason, actor, http.RequestAborted);
            if (refused is not null)
            {
                return ApiProblems.Create(StatusCodes.Status409Conflict, "conflict", "Changed by someone else at the same moment; nothing changed", refused);
            }
            return TypedResults.Ok(Response(id, changed: true, await list.ForContactAsync(tenantId, id, http.RequestAborted)));
        }
    }

    private static DoNotContactResponseJson Response(long contactId, bool changed, DoNotContact? mark) =>
        new(contactId, changed, mark is null ? null : new DoNotContactJson(mark.Reason, DateTime.SpecifyKind(mark.CreatedAt, DateTimeKind.Utc)));

    /// <summary>
    /// The request, or every problem with it, all at once so a client fixes them in one go: missing or unknown fields,
    /// fields of the wrong JSON type, a field given twice. The value's own check (is it an email?) follows the lookup
    /// rules and is added by the caller.
    /// </summary>
    private static (DoNotContactRequest? Request, List<string> Errors) Read(JsonElement body, bool lift)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ["the body must be a JSON object: { \"type\": \"email\", \"value\": \"…\", " + (lift ? "\"why\": \"…\" }" : "\"reason\": \"unsubscribed\" }")]);
        }
        string[] fields = lift ? ["type", "value", "why"] : ["type", "value", "reason"];
        foreach (var property in body.EnumerateObject())
        {
            if (!fields.Contains(property.Name, StringComparer.Ordinal))
            {
                errors.Add($"field '{property.Name}' is unknown here; expected {string.Join(", ", fields)}");
            }
        }
        foreach (var twice in body.EnumerateObject().GroupBy(p => p.Name).Where(g => g.Count() > 1))
        {
            errors.Add($"field '{twice.Key}' is given more than once");
        }
        var type = Text(body, "type", errors);
        // Numeric customer ids are common in webhooks: a number is taken as its digits.
        var value = body.TryGetProperty("value", out var raw) && raw.ValueKind == JsonValueKind.Number ? raw.GetRawText() : Text(body, "value", errors);
        if (!Has(body, "type"))
        {
            errors.Add($"type is missing; expected one of {string.Join(", ", IdentifierTypes.All)}");
        }
        else if (type is not null && !IdentifierTypes.All.Contains(type))
        {
            errors.Add($"type '{type}' is unknown; expected one of {string.Join(", ", IdentifierTypes.All)}");
        }
        if (!Has(body, "value") || value is not null && string.IsNullOrWhiteSpace(value))
        {
            errors.Add("value is missing: the identifier's value, e.g. the email address");
        }
        string? reason = null, why = null;
        if (!lift)
        {
            reason = Text(body, "reason", errors);
            var expected = $"expected one of {string.Join(", ", DoNotContactReasons.All.Select(r => r.Code))}";
            if (!Has(body, "reason"))
            {
                errors.Add($"reason is missing; {expected}");
            }
            else if (reason is not null && DoNotContactReasons.Canonical(reason) is null)
            {
                errors.Add($"reason '{reason}' is unknown; {expected}");
            }
        }
        else
        {
            why = Text(body, "why", errors);
            if (!Has(body, "why") || why is not null && string.IsNullOrWhiteSpace(why))
            {
                errors.Add("why is missing: say in words why this person may be contacted again (it goes on their timeline)");
            }
            else if (why is { Length: > DoNotContactList.MaxWhyLength })
            {
                errors.Add($"why holds at most {DoNotContactList.MaxWhyLength:N0} characters");
            }
        }
        return type is null || string.IsNullOrWhiteSpace(value)
            ? (null, errors)
            : (new DoNotContactRequest(type, value, reason, why), errors);
    }

    private static bool Has(JsonElement body, string name) =>
        body.TryGetProperty(name, out var property) && property.ValueKind != JsonValueKind.Null;

    /// <summary>A string field; null when absent or of another JSON type (which is then an error).</summary>
    private static string? Text(JsonElement body, string name, List<string> errors)
    {
        if (!body.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (property.ValueKind != JsonValueKind.String)
        {
            errors.Add($"{name} must be a string, not {property.ValueKind.ToString().ToLowerInvariant()}");
            return null;
        }
        return property.GetString();
    }
}
