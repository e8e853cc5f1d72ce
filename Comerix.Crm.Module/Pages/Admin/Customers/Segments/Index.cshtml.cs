using Comerix.Crm.Contacts;
using Comerix.Crm.Contacts.Segments;
using Comerix.Crm.Security;
using Microsoft.AspNetCore.Authorization;

namespace Comerix.Crm.Pages.Admin.Customers.Segments;

/// <summary>The team's segments, each with its conditions in words and a link to its members on the Contacts list.</summary>
[Authorize(Policy = CrmPermissions.ViewName)]
internal sealed class IndexModel(ContactSegments segments) : CrmAdminPageModel
{
    public IReadOnlyList<Segment> Segments { get; private set; } = [];

    public IReadOnlyList<SegmentSubject> Subjects { get; private set; } = [];

    private static readonly System.Text.Json.JsonSerializerOptions RecipeJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Segments = await segments.ListAsync(TenantId, cancellationToken);
        Subjects = await segments.SubjectsAsync(TenantId, cancellationToken);
    }

    /// <summary>The segments as a recipe (the <c>segments</c> step) that makes the same ones on another site.</summary>
    public async Task<Microsoft.AspNetCore.Mvc.IActionResult> OnGetExportAsync(CancellationToken cancellationToken)
    {
        var recipe = new { name = "segments", steps = new[] { SegmentsStep.Export(await segments.ListAsync(TenantId, cancellationToken)) } };
        return File(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(recipe, RecipeJson), "application/json", "segments.recipe.json");
    }

    /// <summary>The segment's conditions in words ("Lifecycle stage is customer, and Activity did conversion ≥ 2 times in 90 days").</summary>
    public string Describe(Segment segment) => SegmentWords.Describe(segment.Match, SegmentCondition.FromJson(segment.ConditionsJson), Subjects);

    /// <summary>The Contacts list showing the segment's members, identified or not: the conditions decide.</summary>
    public static Dictionary<string, string?> MembersRoute(long id) => new() { ["segment"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["audience"] = "all" };
}
