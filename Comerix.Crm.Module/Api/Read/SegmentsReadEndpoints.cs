using Comerix.Crm.Contacts.Directory;
using Comerix.Crm.Contacts.Segments;
using Comerix.Crm.Tenancy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Comerix.Crm.Api.Read;

/// <summary>The team's segments by API: their definitions, and each one's members as the contacts list pages them.</summary>
internal static class SegmentsReadEndpoints
{
    public static async Task<Ok<SegmentListJson>> ListAsync(ContactSegments segments, ICrmTenantAccessor tenant, CancellationToken cancellationToken)
    {
        var all = await segments.ListAsync(tenant.CurrentTenantId, cancellationToken);
        return TypedResults.Ok(new SegmentListJson(all.Select(s => new SegmentJson(
            s.Id, s.Name, s.Match, SegmentCondition.FromJson(s.ConditionsJson), s.UpdatedAt)).ToList()));
    }

    /// <summary>Every member, whether identified or not: the segment's own conditions decide (it may test "identified").</summary>
    public static async Task<Results<Ok<ContactListJson>, ProblemHttpResult>> ContactsAsync(
        long id, string? page, HttpRequest request, ContactDirectory directory, ContactTagger tagger, ContactSegments segments, ICrmTenantAccessor tenant, CancellationToken cancellationToken)
    {
        if (await segments.FindAsync(tenant.CurrentTenantId, id, cancellationToken) is null)
        {
            return ApiProblems.NotFound($"There is no segment {id}.");
        }
        var query = new ContactListQuery(Audiences.All, Segment: id.ToString(System.Globalization.CultureInfo.InvariantCulture))
        {
            Me = ContactsReadEndpoints.SignedInUser(request.HttpContext.User),
        };
        return await ContactsReadEndpoints.PageAsync(query, page, directory, tagger, segments, tenant.CurrentTenantId, cancellationToken);
    }
}

internal sealed record SegmentListJson(IReadOnlyList<SegmentJson> Segments);

/// <param name="Match">"all" (every condition holds) or "any".</param>
internal sealed record SegmentJson(long Id, string Name, string Match, IReadOnlyList<SegmentCondition> Conditions, DateTime UpdatedAt);
