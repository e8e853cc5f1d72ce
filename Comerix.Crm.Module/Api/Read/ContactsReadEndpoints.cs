using System.Globalization;
using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Data;
using Comerix.Crm.Data.Sql;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Comerix.Crm.Api.Read;

/// <summary>
/// The headless read API, over the same directory and detail readers as the admin pages. Every query is scoped
/// to the current tenant, so another tenant's id is simply not found (404).
/// </summary>
internal static class ContactsReadEndpoints
{
    public const int ActivityPageSize = 100;

    public static async Task<Results<Ok<ContactListJson>, ProblemHttpResult>> ListAsync(
        [AsParameters] ContactListParameters filters, HttpRequest request,
        ContactDirectory directory, ContactTagger tagger, Contacts.Segments.ContactSegments segments, ICrmTenantAccessor tenant, CancellationToken cancellationToken)
    {
        // A filter given twice arrives here joined ("a,b"): refused by name, like the export, rather than searched for.
        var query = new ContactListQuery(filters.Audience, filters.Q, filters.Source, 1, filters.Tag, filters.Seen, filters.Contactable, filters.Stage, filters.Owner, filters.Segment)
        {
            Me = SignedInUser(request.HttpContext.User),
        }.WithoutRepeated(name => request.Query[name]);
        return await PageAsync(query, filters.Page, directory, tagger, segments, tenant.CurrentTenantId, cancellationToken);
    }

    /// <summary>The signed-in site user "owner=me" stands for; null for an API key, which is nobody's "me".</summary>
    internal static string? SignedInUser(System.Security.Claims.ClaimsPrincipal user) =>
        user.Identities.Any(i => i.AuthenticationType == Security.CrmApiAuthentication.ApiKeyScheme) ? null : user.Identity?.Name;

    /// <summary>A page of the list the query asks for, its segment (if any) read first; a 400 naming every problem.</summary>
    internal static async Task<Results<Ok<ContactListJson>, ProblemHttpResult>> PageAsync(
        ContactListQuery query, string? page, ContactDirectory directory, ContactTagger tagger, Contacts.Segments.ContactSegments segments,
        string tenantId, CancellationToken cancellationToken)
    {
        if (query.EffectiveSegment is { } segmentId && query.Repeated.Count == 0)
        {
            var (rule, problem) = await segments.ResolveAsync(tenantId, segmentId, cancellationToken);
            query = query with { SegmentRule = rule, SegmentProblem = problem };
        }
        var errors = query.Problems().ToList();
        var pageNumber = ParsePage(page, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-query", "The query is not valid", string.Join("; ", errors), errors);
        }
        var result = await directory.ListAsync(tenantId, query with { Page = pageNumber }, cancellationToken);
        var tags = await tagger.LabelsOfAsync(tenantId, result.Rows.Select(r => r.Id).ToList(), cancellationToken);
        return TypedResults.Ok(new ContactListJson(result.Page, ContactListQuery.PageSize, result.PageCount, result.TotalMatches,
            result.Rows.Select(r => ContactsApiMapping.ToJson(r, tags.GetValueOrDefault(r.Id) ?? [])).ToList()));
    }

    /// <summary>A merged-away id answers with its survivor (whose id differs), so old ids held by clients keep working.</summary>
    public static async Task<Results<Ok<ContactDetailsJson>, ProblemHttpResult>> GetAsync(
        long id, ContactDetailsReader reader, ContactTagger tagger, DoNotContactList doNotContact, Contacts.Fields.ContactFieldEditor fields,
        CrmDbContext db, ICrmTenantAccessor tenant, CancellationToken cancellationToken)
    {
        var contact = await FindLiveAsync(reader, tenant.CurrentTenantId, id, cancellationToken);
        if (contact is null)
        {
            return ApiProblems.NotFound($"There is no contact {id}.");
        }
        var details = await reader.ReadAsync(contact, cancellationToken: cancellationToken);
        return TypedResults.Ok(ContactsApiMapping.ToJson(details, await tagger.ForContactAsync(tenant.CurrentTenantId, contact.Id, cancellationToken),
            await doNotContact.ForContactAsync(tenant.CurrentTenantId, contact.Id, cancellationToken),
            await fields.ForContactAsync(tenant.CurrentTenantId, contact.Id, cancellationToken),
            await db.InTenant(tenant.CurrentTenantId).WorkOfAsync(contact.Id, cancellationToken)));
    }

    public static async Task<Results<Ok<ActivityPageJson>, ProblemHttpResult>> ActivitiesAsync(
        long id, string? page, ContactDetailsReader reader, CrmDbContext db, ICrmTenantAccessor tenant, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        var pageNumber = ParsePage(page, errors);
        if (errors.Count > 0)
        {
            return ApiProblems.Create(StatusCodes.Status400BadRequest, "invalid-query", "The query is not valid", errors[0], errors);
        }
        var contact = await FindLiveAsync(reader, tenant.CurrentTenantId, id, cancellationToken);
        if (contact is null)
        {
            return ApiProblems.NotFound($"There is no contact {id}.");
        }
        var rows = await db.InTenant(contact.TenantId).Activities.AsNoTracking()
            .Where(a => a.ContactId == contact.Id)
            .OrderByDescending(a => a.OccurredAt).ThenByDescending(a => a.Id)
            .Skip((pageNumber - 1) * ActivityPageSize).Take(ActivityPageSize + 1)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new ActivityPageJson(contact.Id, pageNumber, ActivityPageSize, rows.Count > ActivityPageSize,
            rows.Take(ActivityPageSize).Select(ActivityJson.From).ToList()));
    }

    private static async Task<Contact?> FindLiveAsync(ContactDetailsReader reader, string tenantId, long id, CancellationToken cancellationToken)
    {
        var lookup = await reader.FindAsync(tenantId, id, cancellationToken);
        if (lookup?.SurvivorId is { } survivor)
        {
            lookup = await reader.FindAsync(tenantId, survivor, cancellationToken);
        }
        return lookup?.Live;
    }

    internal static int ParsePage(string? page, List<string> errors)
    {
        if (page is null)
        {
            return 1;
        }
        if (!int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1 || number > 100_000)
        {
            errors.Add($"page '{page}' is not a page number (1, 2, …)");
            return 1;
        }
        return number;
    }
}

/// <summary>
/// The list's query string: <c>q</c> (name, email, phone), <c>source</c>, <c>audience</c>, <c>tag</c>, <c>seen</c>,
/// <c>contactable</c> and <c>page</c>, each as sent (checked by <see cref="ContactListQuery"/>, so a wrong value is a
/// 400 that names it rather than a binding failure).
/// </summary>
internal sealed record ContactListParameters(
    [FromQuery(Name = "q")] string? Q,
    [FromQuery(Name = "source")] string? Source,
    [FromQuery(Name = "audience")] string? Audience,
    [FromQuery(Name = "page")] string? Page,
    [FromQuery(Name = "tag")] string? Tag,
    [FromQuery(Name = "seen")] string? Seen,
    [FromQuery(Name = "contactable")] string? Contactable,
    [FromQuery(Name = "stage")] string? Stage,
    [FromQuery(Name = "owner")] string? Owner,
    [FromQuery(Name = "segment")] string? Segment);
