using System.Text.Json;
using Comerix.Crm.Api.Read;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Identity;
using Comerix.Crm.Identity.Normalization;
using Comerix.Crm.Identity.Resolution;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Native;

/// <summary>The person a do-not-contact request names: an identifier they hold (an email, a phone, a customer id…).</summary>
/// <param name="Reason">For marking: unsubscribed, asked, bounced, complaint or other.</param>
/// <param name="Why">For lifting: in words, kept on the person's timeline.</param>
public sealed record DoNotContactRequestJson(string Type, string Value, string? Reason, string? Why);

/// <param name="Changed">False when the contact already was as asked (a repeated webhook changes nothing).</param>
public sealed record DoNotContactResponseJson(long ContactId, bool Changed, DoNotContactJson? DoNotContact);

/// <summary>
/// <c>POST /api/crm/do-not-contact</c> and <c>…/lift</c>: what a mailing tool's unsubscribe, bounce or complaint
/// webhook calls. The person is named by an identifier, since the sender knows their email, not our id.
/// </summary>
internal static class DoNotContactEndpoints
{
    public static Task<IResult> MarkAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
        CrmDbContext db, DoNotContactList list, ICrmTenantAccessor tenant) =>
        HandleAsync(http, options, resolution, db, list, tenant, lift: false);

    public static Task<IResult> LiftAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
        CrmDbContext db, DoNotContactList list, ICrmTenantAccessor tenant) =>
        HandleAsync(http, options, resolution, db, list, tenant, lift: true);

    private static async Task<IResult> HandleAsync(HttpContext http, CrmApiOptions options, IdentityResolutionOptions resolution,
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
            if (request is null)
            {
                return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid; nothing changed",
                    string.Join("; ", errors), errors);
            }
            var normalizer = new IdentifierNormalizer(resolution.DefaultPhoneRegion, resolution.ExtraJunkValues);
            if (!normalizer.TryNormalize(new IdentityClaim(request.Type, request.Value), out var key, out var dropped))
            {
                return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid; nothing changed",
                    $"value is not a usable {request.Type}: {dropped!.Detail}");
            }
            var tenantId = tenant.CurrentTenantId;
            var contactId = await db.Identifiers.AsNoTracking()
                .Where(i => i.TenantId == tenantId && i.Type == key.Type && i.Value == key.Value)
                .Select(i => (long?)i.ContactId).FirstOrDefaultAsync(http.RequestAborted);
            if (contactId is not { } id)
            {
                return ApiProblems.NotFound($"No contact holds this {request.Type}; nothing changed.");
            }
            var actor = http.User.Identity?.Name ?? "api";
            var before = await list.ForContactAsync(tenantId, id, http.RequestAborted);
            if (lift ? before is null : before is not null)
            {
                return Results.Ok(Response(id, changed: false, before));
            }
            var refused = lift
                ? await list.AllowAsync(tenantId, id, request.Why, actor, http.RequestAborted)
                : await list.MarkAsync(tenantId, id, request.Reason, actor, http.RequestAborted);
            if (refused is not null)
            {
                return ApiProblems.Create(StatusCodes.Status409Conflict, "conflict", "Changed by someone else at the same moment; nothing changed", refused);
            }
            return Results.Ok(Response(id, changed: true, await list.ForContactAsync(tenantId, id, http.RequestAborted)));
        }
    }

    private static DoNotContactResponseJson Response(long contactId, bool changed, DoNotContact? mark) =>
        new(contactId, changed, mark is null ? null : new DoNotContactJson(mark.Reason, DateTime.SpecifyKind(mark.CreatedAt, DateTimeKind.Utc)));

    /// <summary>The request, or every problem with it (all at once, so a client fixes them in one go).</summary>
    private static (DoNotContactRequestJson? Request, List<string> Errors) Read(JsonElement body, bool lift)
    {
        var errors = new List<string>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            return (null, ["the body must be a JSON object: { \"type\": \"email\", \"value\": \"…\", " + (lift ? "\"why\": \"…\" }" : "\"reason\": \"unsubscribed\" }")]);
        }
        var type = Text(body, "type");
        var value = Text(body, "value");
        var reason = Text(body, "reason");
        var why = Text(body, "why");
        if (type is null || !IdentifierTypes.All.Contains(type))
        {
            errors.Add($"type {(type is null ? "is missing" : $"'{type}' is unknown")}; expected one of {string.Join(", ", IdentifierTypes.All)}");
        }
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add("value is missing: the identifier's value, e.g. the email address");
        }
        if (!lift && DoNotContactReasons.Canonical(reason) is null)
        {
            errors.Add($"reason {(reason is null ? "is missing" : $"'{reason}' is unknown")}; expected one of {string.Join(", ", DoNotContactReasons.All.Select(r => r.Code))}");
        }
        if (lift && string.IsNullOrWhiteSpace(why))
        {
            errors.Add("why is missing: say in words why this person may be contacted again (it goes on their timeline)");
        }
        if (lift && why is { Length: > DoNotContactList.MaxWhyLength })
        {
            errors.Add($"why holds at most {DoNotContactList.MaxWhyLength:N0} characters");
        }
        return errors.Count > 0 ? (null, errors) : (new DoNotContactRequestJson(type!, value!, reason, why), errors);
    }

    private static string? Text(JsonElement body, string name) =>
        body.TryGetProperty(name, out var property) && property.ValueKind == JsonValueKind.String ? property.GetString() : null;
}
